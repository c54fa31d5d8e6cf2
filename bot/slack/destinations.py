"""Whether the bot can post digests to a Slack channel: one answer for ``route add`` and
``policywatch doctor`` alike.

A channel must exist for the bot and not be archived. The bot may post there when it is a
member, or when the channel is public and its token has the ``chat:write.public`` scope
(deploy/slack/manifest.yaml asks for it): Slack then takes the post without the bot
joining. A private channel the bot is not in does not exist for it, so it can only be
refused. The token's scopes are those Slack names in the ``x-oauth-scopes`` header of
every answer, as of ``auth.test`` here.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError

from bot.slack.failures import error_code

_CHANNEL_ID = re.compile(r"[CGD][A-Z0-9]{2,}")
PAGES, PAGE_SIZE = 20, 200
PUBLIC_WRITE_SCOPE = "chat:write.public"
_INVITE = "type /invite @policywatch in it"


@dataclass(frozen=True)
class Access:
    """Whether the bot can post to a channel: ``problem`` is None when it can, and
    ``detail`` then says how; otherwise ``detail`` is the fix."""

    problem: str | None
    detail: str


def destination_check(client: WebClient) -> Callable[[str], str | None]:
    """A check of ``slack:…`` destinations for ``route add``: the reason one cannot take
    digests, with its fix, or None."""

    def check(target: str) -> str | None:
        try:
            access = channel_access(client, target, granted_scopes(client.auth_test()))
        except SlackApiError as error:
            return f"Slack would not say whether {target} exists ({error_code(error.response)})"
        except (SlackClientError, OSError) as error:
            return f"Slack could not be reached to check {target} ({error}); try again"
        return f"{access.problem}; {access.detail}" if access.problem else None

    return check


def granted_scopes(response: Any) -> frozenset[str]:
    """The token's scopes, from the ``x-oauth-scopes`` header of a Web API answer
    (none when the header is missing)."""
    for name, value in dict(getattr(response, "headers", None) or {}).items():
        if str(name).lower() == "x-oauth-scopes":
            text = ",".join(value) if isinstance(value, list) else str(value)
            return frozenset(s.strip() for s in text.split(",") if s.strip())
    return frozenset()


def channel_access(client: WebClient, target: str, scopes: frozenset[str]) -> Access:
    """Whether the bot, whose token has ``scopes``, can post to ``target`` (``#name`` or a
    channel id). Raises slack-sdk's errors when Slack cannot be asked."""
    channel = find_channel(client, target)
    if channel is None:
        return Access(
            f"the bot sees no channel {target}",
            f"create it, or for a private channel {_INVITE}; or correct the route's destination",
        )
    name = f"#{channel.get('name') or target}"
    if channel.get("is_archived"):
        return Access(f"{name} is archived", "unarchive it or point the route elsewhere")
    if channel.get("is_member"):
        return Access(None, f"the bot can post to {name}")
    if channel.get("is_private"):
        return Access(f"the bot is not in the private channel {name}", _INVITE)
    if PUBLIC_WRITE_SCOPE in scopes:
        return Access(None, f"the bot can post to {name}, a public channel, without joining it")
    return Access(
        f"the bot is not in {name} and its token lacks the {PUBLIC_WRITE_SCOPE} scope",
        f"{_INVITE}, or add the scope to the app (deploy/slack/manifest.yaml) and reinstall it",
    )


def find_channel(client: WebClient, target: str) -> Mapping[str, Any] | None:
    """The channel by id or ``#name``, as the bot sees it; None when it sees none."""
    if _CHANNEL_ID.fullmatch(target):
        try:
            return dict(client.conversations_info(channel=target)["channel"])
        except SlackApiError as error:
            if error_code(error.response) == "channel_not_found":
                return None
            raise
    return channel_named(client.conversations_list, target.removeprefix("#"))


def channel_named(
    list_page: Callable[..., Any], name: str, pages: int = PAGES
) -> Mapping[str, Any] | None:
    """The channel called ``name`` in the pages of ``conversations.list`` that ``list_page``
    reads (public and private ones the bot sees); None after ``pages`` pages without it."""
    cursor = None
    for _ in range(pages):
        page = list_page(types="public_channel,private_channel", limit=PAGE_SIZE, cursor=cursor)
        for channel in page.get("channels") or []:
            if channel.get("name") == name:
                return dict(channel)
        cursor = (page.get("response_metadata") or {}).get("next_cursor")
        if not cursor:
            break
    return None
