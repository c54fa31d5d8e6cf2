"""Whether a route's Slack destination can take digests, asked when the route is added.

A channel must exist for the bot and not be archived; the bot must be in it, or it must
be public (the app's ``chat:write.public`` scope posts there without joining). Anything
else is refused with the reason, before the route is kept.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError

from bot.slack.failures import error_code

_CHANNEL_ID = re.compile(r"[CGD][A-Z0-9]{2,}")
PAGES, PAGE_SIZE = 20, 200


def destination_check(client: WebClient) -> Callable[[str], str | None]:
    """A check of ``slack:…`` destinations: the reason one cannot take digests, or None."""

    def check(target: str) -> str | None:
        try:
            return _problem(client, target)
        except SlackApiError as error:
            return f"Slack would not say whether {target} exists ({error_code(error.response)})"
        except (SlackClientError, OSError) as error:
            return f"Slack could not be reached to check {target} ({error}); try again"

    return check


def _problem(client: WebClient, target: str) -> str | None:
    channel = find_channel(client, target)
    if channel is None:
        return (
            f"the bot sees no channel {target}; for a private channel, invite the bot"
            " (/invite @policywatch) first"
        )
    name = f"#{channel.get('name') or target}"
    if channel.get("is_archived"):
        return f"{name} is archived"
    if channel.get("is_member") or not channel.get("is_private"):
        return None
    return f"the bot is not in the private channel {name}; invite it (/invite @policywatch) first"


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
