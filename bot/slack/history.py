"""Finding in a Slack channel the digest parts that went out without being recorded.

Every part is posted with message metadata (``policywatch_digest`` with the transaction
id and the part number, see :func:`part_metadata`). When a post may have reached Slack
unrecorded (:func:`needs_lookup`), :class:`SlackHistory` reads the channel
(``conversations.history`` since the digest was stored, then ``conversations.replies``
in its thread) for the parts already there. History that cannot be read is
:class:`Unreadable`; a rate limit, 5xx or network error is a :class:`DeliveryError`, so
the lookup is tried again later.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterator, Mapping
from datetime import datetime, timedelta
from http.client import HTTPException
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.web import SlackResponse

from bot.delivery import DeliveryError
from bot.slack.destinations import channel_named
from bot.slack.failures import delivery_error, error_code
from bot.slack.progress import Progress

log = logging.getLogger(__name__)

EVENT_TYPE = "policywatch_digest"
# Slack's clock and ours may differ a little: look back this far before the digest was stored.
CLOCK_MARGIN = timedelta(minutes=5)
PAGE_SIZE = 200  # Slack advises at most 200 per page for conversations.* methods
MAX_PAGES = 5  # so a lookup reads at most 1,000 messages of a busy channel

_CHANNEL_ID = re.compile(r"[CGD][A-Z0-9]{2,}")
_USER_ID = re.compile(r"[UW][A-Z0-9]{2,}")


class Unreadable(Exception):
    """The channel's history cannot be read (missing scope, not a member, unknown name)."""


def needs_lookup(progress: Progress, recorded: bool, attempts: int) -> bool:
    """Whether a part may be in Slack without being in ``progress``.

    True when a post was under way as the last attempt ended (the mark is written before
    every post, so a crash or a lost answer leaves it), or when an entry tried before has
    no record at all (the record was lost). A fresh entry, and a retry after Slack refused
    a post, post without looking.
    """
    return progress.in_flight or (not recorded and attempts > 0)


def part_metadata(txn_id: str, part: int) -> dict[str, Any]:
    """The message metadata that lets a later attempt recognise part ``part`` (from 1)."""
    return {"event_type": EVENT_TYPE, "event_payload": {"txn_id": txn_id, "part": part}}


def part_of(message: Mapping[str, Any], txn_id: str) -> int | None:
    """The part number a Slack message's metadata gives for digest ``txn_id``, if any."""
    metadata = message.get("metadata")
    if not isinstance(metadata, Mapping) or metadata.get("event_type") != EVENT_TYPE:
        return None
    payload = metadata.get("event_payload")
    if not isinstance(payload, Mapping) or payload.get("txn_id") != txn_id:
        return None
    part = payload.get("part")
    return int(part) if isinstance(part, int | str) and str(part).isdigit() else None


class SlackHistory:
    """Reads a channel's history through ``client`` to find a digest's parts."""

    def __init__(self, client: WebClient) -> None:
        self.client = client

    def posted_parts(
        self, target: str, known: tuple[str, ...], txn_id: str, stored_at: datetime, total: int
    ) -> tuple[str, tuple[str, ...]]:
        """The channel id for ``target`` and the ts of parts 1, 2… of digest ``txn_id``
        that Slack holds, continuing ``known`` and stopping at the first gap or ``total``.

        Without ``known`` parts, part 1 is looked for among the channel's messages since
        ``stored_at``. Raises :class:`Unreadable` or :class:`DeliveryError`.
        """
        channel = self._channel_id(target)
        parts = list(known)
        if not parts:
            first = self._find_first(channel, txn_id, stored_at)
            parts = [first] if first else []
        if parts:
            found = self._find_in_thread(channel, parts[0], txn_id)
            while len(parts) < total and len(parts) + 1 in found:
                parts.append(found[len(parts) + 1])
        return channel, tuple(parts)

    def _find_first(self, channel: str, txn_id: str, stored_at: datetime) -> str | None:
        oldest = f"{(stored_at - CLOCK_MARGIN).timestamp():.6f}"
        history = self._messages(self.client.conversations_history, channel=channel, oldest=oldest)
        return next((str(m["ts"]) for m in history if part_of(m, txn_id) == 1), None)

    def _find_in_thread(self, channel: str, thread_ts: str, txn_id: str) -> dict[int, str]:
        found: dict[int, str] = {}
        for message in self._messages(
            self.client.conversations_replies, channel=channel, ts=thread_ts
        ):
            part = part_of(message, txn_id)
            if part is not None:
                found.setdefault(part, str(message["ts"]))
        return found

    def _messages(
        self, method: Callable[..., SlackResponse], **query: Any
    ) -> Iterator[Mapping[str, Any]]:
        """Messages of a history method with their metadata, over at most MAX_PAGES pages."""
        cursor: str | None = None
        for _ in range(MAX_PAGES):
            page = self._read(
                method, include_all_metadata=True, limit=PAGE_SIZE, cursor=cursor, **query
            )
            yield from page.get("messages") or []
            cursor = _next_cursor(page)
            if not cursor:
                return
        log.warning("stopped looking after %d messages in %s", MAX_PAGES * PAGE_SIZE, query)

    def _channel_id(self, target: str) -> str:
        """The conversation id the history methods need, for a channel id, a user or a name."""
        if _CHANNEL_ID.fullmatch(target):
            return target
        if _USER_ID.fullmatch(target):
            opened = self._read(self.client.conversations_open, users=target)
            return str(opened["channel"]["id"])
        name = target.removeprefix("#")
        channel = channel_named(
            lambda **query: self._read(
                self.client.conversations_list, exclude_archived=True, **query
            ),
            name,
            MAX_PAGES,
        )
        if channel is not None:
            return str(channel["id"])
        raise Unreadable(f"no channel named {name!r} among those the bot can see")

    def _read(self, method: Callable[..., SlackResponse], **query: Any) -> SlackResponse:
        """One read call: a refusal is :class:`Unreadable`; a rate limit, 5xx or network error
        is a :class:`DeliveryError`, so the lookup is tried again later."""
        try:
            return method(**query)
        except SlackApiError as error:
            response = error.response
            if response.status_code == 429 or response.status_code >= 500:
                raise delivery_error(response) from None
            raise Unreadable(error_code(response) or f"HTTP {response.status_code}") from None
        except (OSError, HTTPException, ValueError) as error:
            raise DeliveryError(f"Slack unreachable: {error}") from None


def _next_cursor(page: SlackResponse) -> str:
    metadata = page.get("response_metadata") or {}
    return str(metadata.get("next_cursor") or "") if isinstance(metadata, dict) else ""
