"""Posting stored digests to Slack, part by part, resuming where a failure stopped.

A digest renders to one message or several (see :mod:`bot.render.slack`); the first
goes to the channel and the rest into its thread. After each part Slack confirms
(``ok`` with a ``ts``), the part is recorded in ``kv`` under the outbox entry's
transaction id, so a retry after a partial failure continues with the next part
instead of posting the first again. The entry is marked sent by the deliverer only
when every part went through.

Failures become :class:`DeliveryError`: a 429 carries Slack's ``Retry-After``; a 5xx,
a network error or a refusal (``not_in_channel``…) is retried with backoff. The entry
stays pending meanwhile, so an outage delays digests and loses none.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
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

_HINTS = {
    "not_in_channel": "invite the bot to the channel (/invite @policywatch)",
    "channel_not_found": "check the route's destination; private channels need the bot invited",
    "invalid_auth": "SLACK_BOT_TOKEN is not valid",
    "not_authed": "SLACK_BOT_TOKEN is missing",
    "is_archived": "the channel is archived",
}


@dataclass(frozen=True)
class Progress:
    """How far a digest's delivery got: the channel id and the ts of each posted part."""

    channel: str = ""
    parts: tuple[str, ...] = ()

    def to_json(self) -> str:
        return json.dumps({"channel": self.channel, "parts": list(self.parts)})

    @classmethod
    def from_json(cls, text: str | None) -> Progress:
        if not text:
            return cls()
        data = json.loads(text)
        return cls(str(data["channel"]), tuple(str(p) for p in data["parts"]))


class SlackSink:
    """The ``slack`` platform's sink for the deliverer."""

    def __init__(self, client: WebClient, store: Store) -> None:
        self.client = client
        self.store = store

    def send(self, entry: OutboxEntry) -> str:
        """Post every part not posted yet; returns ``channel:ts`` of the first part."""
        forget_progress_of_sent(self.store, PROGRESS_PREFIX)
        messages = render_slack(digest_from_dict(entry.payload))
        key = PROGRESS_PREFIX + entry.txn_id
        progress = Progress.from_json(get_value(self.store, key))
        target = progress.channel or entry.destination.partition(":")[2]
        for message in messages[len(progress.parts) :]:
            thread = progress.parts[0] if progress.parts else None
            channel, ts = self._post(target, message, thread)
            progress = Progress(channel, (*progress.parts, ts))
            set_value(self.store, key, progress.to_json())
            target = channel
        if len(messages) > 1:
            log.info(
                "digest %s posted in %d parts (thread %s)",
                entry.id,
                len(messages),
                progress.parts[0],
            )
        return f"{progress.channel}:{progress.parts[0]}"

    def _post(self, channel: str, message: SlackMessage, thread_ts: str | None) -> tuple[str, str]:
        try:
            response = self.client.chat_postMessage(
                channel=channel,
                text=message.text,
                blocks=list(message.blocks),
                thread_ts=thread_ts,
                unfurl_links=False,
                unfurl_media=False,
            )
        except SlackApiError as error:
            raise delivery_error(error.response) from None
        except (OSError, HTTPException, ValueError) as error:
            raise DeliveryError(f"Slack unreachable: {error}") from None
        ts, posted_in = response.get("ts"), response.get("channel")
        if not isinstance(ts, str) or not isinstance(posted_in, str):
            raise DeliveryError("Slack did not confirm the message (no ts in its answer)")
        return posted_in, ts


def delivery_error(response: SlackResponse) -> DeliveryError:
    """What a failed Web API call means for the outbox."""
    status = response.status_code
    code = str(response.get("error") or "") if isinstance(response.data, dict) else ""
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
