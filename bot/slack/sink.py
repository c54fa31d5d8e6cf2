"""Posting stored digests to Slack, part by part, resuming where a failure stopped.

A digest renders to one message or several (see :mod:`bot.render.slack`); the first
goes to the channel and the rest into its thread. After each part Slack confirms
(``ok`` with a ``ts``), the part is recorded in ``kv`` under the outbox entry's
transaction id, so a retry after a partial failure continues with the next part
instead of posting the first again. The entry is marked sent by the deliverer only
when every part went through.

Every part carries message metadata (``policywatch_digest`` with the transaction id and
the part number), and before each post the record says a post is under way. If the
process dies after Slack took a part but before its ``ts`` was recorded, or the answer
is lost on the way back, the next attempt finds that mark and looks in the channel
(``conversations.history`` since the digest was stored, then ``conversations.replies``
in its thread) for the parts already there, records them, and posts only the rest.
Without history access (a missing scope, a channel the bot cannot read) it logs that
and posts again.

Failures become :class:`DeliveryError`: a 429 carries Slack's ``Retry-After``; a 5xx,
a network error or a refusal (``not_in_channel``…) is retried with backoff. The entry
stays pending meanwhile, so an outage delays digests and loses none.
"""

from __future__ import annotations

import json
import logging
import re
import socket
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, replace
from datetime import timedelta
from http.client import HTTPException
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.web import SlackResponse

from bot.delivery import DeliveryError
from bot.digest import digest_from_dict
from bot.render.slack import SlackMessage, render_slack
from watchers.storage import OutboxEntry, Store
from watchers.storage.adminlog import forget_progress_of_sent
from watchers.storage.chatstate import get_value, set_value

log = logging.getLogger(__name__)

PROGRESS_PREFIX = "slack-progress:"
EVENT_TYPE = "policywatch_digest"
# Slack's clock and ours may differ a little: look back this far before the digest was stored.
CLOCK_MARGIN = timedelta(minutes=5)
PAGE_SIZE = 200  # Slack advises at most 200 per page for conversations.* methods
MAX_PAGES = 5  # so a lookup reads at most 1,000 messages of a busy channel

_CHANNEL_ID = re.compile(r"[CGD][A-Z0-9]{2,}")
_USER_ID = re.compile(r"[UW][A-Z0-9]{2,}")

_HINTS = {
    "not_in_channel": "invite the bot to the channel (/invite @policywatch)",
    "channel_not_found": "check the route's destination; private channels need the bot invited",
    "invalid_auth": "SLACK_BOT_TOKEN is not valid",
    "not_authed": "SLACK_BOT_TOKEN is missing",
    "is_archived": "the channel is archived",
}


@dataclass(frozen=True)
class Progress:
    """How far a digest's delivery got: the channel (Slack's id once a part is posted,
    the route's address before), the ts of each posted part, and whether a post was
    under way (sent, its answer not recorded) when the record was last written."""

    channel: str = ""
    parts: tuple[str, ...] = ()
    in_flight: bool = False

    @property
    def thread(self) -> str | None:
        return self.parts[0] if self.parts else None

    def to_json(self) -> str:
        data = {"channel": self.channel, "parts": list(self.parts), "in_flight": self.in_flight}
        return json.dumps(data)

    @classmethod
    def from_json(cls, text: str | None) -> Progress:
        if not text:
            return cls()
        data = json.loads(text)
        parts = tuple(str(p) for p in data["parts"])
        return cls(str(data["channel"]), parts, bool(data.get("in_flight", False)))


class AnswerLost(DeliveryError):
    """The post may have reached Slack, but no answer came back (timeout, reset)."""


class _Unreadable(Exception):
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


class SlackSink:
    """The ``slack`` platform's sink for the deliverer."""

    def __init__(self, client: WebClient, store: Store) -> None:
        self.client = client
        self.store = store

    def send(self, entry: OutboxEntry) -> str:
        """Post every part not posted yet; returns ``channel:ts`` of the first part.

        Parts that may have gone out unrecorded (see :func:`needs_lookup`) are looked for
        in the channel first and, when found, recorded instead of posted again.
        """
        forget_progress_of_sent(self.store, PROGRESS_PREFIX)
        messages = render_slack(digest_from_dict(entry.payload))
        key = PROGRESS_PREFIX + entry.txn_id
        stored = get_value(self.store, key)
        progress = Progress.from_json(stored)
        if len(progress.parts) < len(messages) and needs_lookup(
            progress, stored is not None, entry.attempts
        ):
            progress = self._recover(entry, progress, len(messages))
            set_value(self.store, key, progress.to_json())
        progress = Progress(progress.channel or entry.destination.partition(":")[2], progress.parts)
        for n, message in enumerate(messages[len(progress.parts) :], start=len(progress.parts) + 1):
            progress = self._post_part(key, progress, message, part_metadata(entry.txn_id, n))
        if len(messages) > 1:
            log.info(
                "digest %s posted in %d parts (thread %s)",
                entry.id,
                len(messages),
                progress.parts[0],
            )
        return f"{progress.channel}:{progress.parts[0]}"

    def _post_part(
        self, key: str, progress: Progress, message: SlackMessage, metadata: dict[str, Any]
    ) -> Progress:
        """Post one part: marked under way before, recorded with its ts after."""
        set_value(self.store, key, replace(progress, in_flight=True).to_json())
        try:
            channel, ts = self._post(progress.channel, message, progress.thread, metadata)
        except AnswerLost:
            raise  # the mark stays: the next attempt looks in Slack before posting
        except DeliveryError:
            set_value(self.store, key, progress.to_json())  # Slack answered: not posted
            raise
        done = Progress(channel, (*progress.parts, ts))
        set_value(self.store, key, done.to_json())
        return done

    def _post(
        self,
        channel: str,
        message: SlackMessage,
        thread_ts: str | None,
        metadata: dict[str, Any],
    ) -> tuple[str, str]:
        try:
            response = self.client.chat_postMessage(
                channel=channel,
                text=message.text,
                blocks=list(message.blocks),
                thread_ts=thread_ts,
                unfurl_links=False,
                unfurl_media=False,
                metadata=metadata,
            )
        except SlackApiError as error:
            raise delivery_error(error.response) from None
        except (OSError, HTTPException, ValueError) as error:
            if _never_sent(error):
                raise DeliveryError(f"Slack unreachable: {error}") from None
            raise AnswerLost(f"no answer from Slack: {error}") from None
        ts, posted_in = response.get("ts"), response.get("channel")
        if not isinstance(ts, str) or not isinstance(posted_in, str):
            raise DeliveryError("Slack did not confirm the message (no ts in its answer)")
        return posted_in, ts

    def _recover(self, entry: OutboxEntry, progress: Progress, total: int) -> Progress:
        """``progress`` with the parts that Slack already holds, found by their metadata."""
        target = progress.channel or entry.destination.partition(":")[2]
        try:
            channel = self._channel_id(target)
            parts = list(progress.parts)
            if not parts:
                first = self._find_first(channel, entry)
                parts = [first] if first else []
            if parts:
                found = self._find_in_thread(channel, parts[0], entry.txn_id)
                while len(parts) < total and len(parts) + 1 in found:
                    parts.append(found[len(parts) + 1])
        except _Unreadable as error:
            log.warning(
                "digest %s: cannot look in %s for parts already posted (%s); "
                "a part that went out unrecorded will be posted again",
                entry.id,
                target,
                error,
            )
            return Progress(progress.channel, progress.parts)
        if len(parts) > len(progress.parts):
            log.info(
                "digest %s: parts %d to %d were already in Slack; not posting them again",
                entry.id,
                len(progress.parts) + 1,
                len(parts),
            )
        return Progress(channel, tuple(parts))

    def _find_first(self, channel: str, entry: OutboxEntry) -> str | None:
        oldest = f"{(entry.created_at - CLOCK_MARGIN).timestamp():.6f}"
        history = self._messages(self.client.conversations_history, channel=channel, oldest=oldest)
        return next((str(m["ts"]) for m in history if part_of(m, entry.txn_id) == 1), None)

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
        name, cursor = target.removeprefix("#"), None
        for _ in range(MAX_PAGES):
            page = self._read(
                self.client.conversations_list,
                types="public_channel,private_channel",
                exclude_archived=True,
                limit=PAGE_SIZE,
                cursor=cursor,
            )
            for channel in page.get("channels") or []:
                if channel.get("name") == name:
                    return str(channel["id"])
            cursor = _next_cursor(page)
            if not cursor:
                break
        raise _Unreadable(f"no channel named {name!r} among those the bot can see")

    def _read(self, method: Callable[..., SlackResponse], **query: Any) -> SlackResponse:
        """One read call: a refusal is ``_Unreadable``; a rate limit, 5xx or network error
        is a :class:`DeliveryError`, so the lookup is tried again later."""
        try:
            return method(**query)
        except SlackApiError as error:
            response = error.response
            if response.status_code == 429 or response.status_code >= 500:
                raise delivery_error(response) from None
            raise _Unreadable(_error_code(response) or f"HTTP {response.status_code}") from None
        except (OSError, HTTPException, ValueError) as error:
            raise DeliveryError(f"Slack unreachable: {error}") from None


def _next_cursor(page: SlackResponse) -> str:
    metadata = page.get("response_metadata") or {}
    return str(metadata.get("next_cursor") or "") if isinstance(metadata, dict) else ""


def _never_sent(error: Exception) -> bool:
    """Whether a network error happened before the request could reach Slack."""
    reason = getattr(error, "reason", error)
    return isinstance(reason, ConnectionRefusedError | socket.gaierror)


def _error_code(response: SlackResponse) -> str:
    return str(response.get("error") or "") if isinstance(response.data, dict) else ""


def delivery_error(response: SlackResponse) -> DeliveryError:
    """What a failed Web API call means for the outbox."""
    status = response.status_code
    code = _error_code(response)
    if status == 429:
        wait = _retry_after(response.headers)
        return DeliveryError(f"Slack rate limit; retry after {wait.total_seconds():g}s", wait)
    if status >= 500:
        return DeliveryError(f"Slack answered HTTP {status} ({code or 'no error code'})")
    hint = f"; {_HINTS[code]}" if code in _HINTS else ""
    return DeliveryError(f"Slack refused the digest: {code or f'HTTP {status}'}{hint}")


def _retry_after(headers: Any) -> timedelta:
    for name, value in dict(headers or {}).items():
        if str(name).lower() == "retry-after":
            text = str(value[0] if isinstance(value, list) else value).strip()
            if text.isdigit():
                return timedelta(seconds=int(text))
    return timedelta(seconds=30)
