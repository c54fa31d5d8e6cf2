"""Posting stored digests to Slack, part by part, resuming where a failure stopped.

A digest renders to one message or several (see :mod:`bot.render.slack`); the first
goes to the channel and the rest into its thread. After each part Slack confirms
(``ok`` with a ``ts``), the part is recorded in ``kv`` under the outbox entry's
transaction id, so a retry after a partial failure continues with the next part
instead of posting the first again. The entry is marked sent by the deliverer only
when every part went through.

Every part carries message metadata, and before each post the record
(:mod:`bot.slack.progress`) says a post is under way. If the process dies after Slack
took a part but before its ``ts`` was recorded, or the answer is lost on the way back,
the next attempt finds that mark, looks in the channel for the parts already there
(:mod:`bot.slack.history`), records them, and posts only the rest. Without history
access (a missing scope, a channel the bot cannot read) it logs that and posts again.

Failures become :class:`DeliveryError` (:mod:`bot.slack.failures`): a 429 carries
Slack's ``Retry-After``; a 5xx, a network error or a refusal (``not_in_channel``…) is
retried with backoff. The entry stays pending meanwhile, so an outage delays digests
and loses none.
"""

from __future__ import annotations

import logging
import socket
from dataclasses import replace
from http.client import HTTPException
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.delivery import DeliveryError
from bot.digest import digest_from_dict
from bot.render.slack import SlackMessage, render_slack
from bot.slack.failures import delivery_error
from bot.slack.history import (
    CLOCK_MARGIN,
    EVENT_TYPE,
    MAX_PAGES,
    PAGE_SIZE,
    SlackHistory,
    Unreadable,
    needs_lookup,
    part_metadata,
    part_of,
)
from bot.slack.progress import PROGRESS_PREFIX, Progress
from watchers.storage import OutboxEntry, Store
from watchers.storage.adminlog import forget_progress_of_sent
from watchers.storage.chatstate import get_value, set_value

__all__ = [
    "CLOCK_MARGIN",
    "EVENT_TYPE",
    "MAX_PAGES",
    "PAGE_SIZE",
    "PROGRESS_PREFIX",
    "AnswerLost",
    "Progress",
    "SlackSink",
    "delivery_error",
    "needs_lookup",
    "part_metadata",
    "part_of",
]

log = logging.getLogger(__name__)


class AnswerLost(DeliveryError):
    """The post may have reached Slack, but no answer came back (timeout, reset)."""


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
        history = SlackHistory(self.client)
        try:
            channel, parts = history.posted_parts(
                target, progress.parts, entry.txn_id, entry.created_at, total
            )
        except Unreadable as error:
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
        return Progress(channel, parts)


def _never_sent(error: Exception) -> bool:
    """Whether a network error happened before the request could reach Slack."""
    reason = getattr(error, "reason", error)
    return isinstance(reason, ConnectionRefusedError | socket.gaierror)
