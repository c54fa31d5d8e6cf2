"""Delivering stored digests: the outbox drained through one sink per platform.

A digest is in the outbox before any send is tried and leaves it only when the
platform confirms it; a failure keeps it pending with a later retry time, so
an outage delays digests and drops none.
"""

from __future__ import annotations

import logging
import random
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Protocol, TextIO

from bot.digest import digest_from_dict
from bot.ops.logs import log_fields
from bot.ops.metrics import Metrics
from bot.render.text import render_text
from watchers.errors import PolicywatchError
from watchers.storage import OutboxEntry, Store

log = logging.getLogger(__name__)

MAX_BACKOFF = timedelta(minutes=30)


class DeliveryError(PolicywatchError):
    """A send failed; ``retry_after`` is what the platform asked for, if anything."""

    def __init__(self, message: str, retry_after: timedelta | None = None) -> None:
        self.retry_after = retry_after
        super().__init__(message)


class Sink(Protocol):
    """Sends one stored digest to its destination and returns the platform's message id."""

    def send(self, entry: OutboxEntry) -> str: ...


class ConsoleSink:
    """Prints digests: the destination when no chat credentials are configured."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream

    def send(self, entry: OutboxEntry) -> str:
        stream = self.stream or sys.stdout
        if entry.destination != "console":
            stream.write(f"(for {entry.destination}; no credentials configured for it)\n")
        stream.write(render_text(digest_from_dict(entry.payload)))
        stream.write("\n")
        stream.flush()
        return f"console:{entry.id}"


def platform_of(destination: str) -> str:
    """ "slack:#policy" → "slack"; "console" → "console"."""
    return destination.split(":", 1)[0]


@dataclass
class Deliverer:
    store: Store
    sinks: Mapping[str, Sink]  # platform → sink; "console" is the fallback
    owner: str
    rng: random.Random
    # A digest still undelivered this long after it was queued is set aside as failed.
    give_up_after: timedelta = timedelta(days=1)
    metrics: Metrics = field(default_factory=Metrics)

    def deliver_due(self, now: datetime) -> int:
        """Send every due digest once; returns how many were confirmed."""
        sent = 0
        left = self.store.expired_outbox_leases(now)
        for entry in self.store.due_outbox(now, self.owner, lease=timedelta(minutes=5)):
            if left.get(entry.id, self.owner) != self.owner:
                self.metrics.lease_taken_over("digest")
            with log_fields(route=entry.route_id, digest=entry.id):
                sent += self._send(entry, now)
        return sent

    def _send(self, entry: OutboxEntry, now: datetime) -> int:
        """1 when the platform confirmed the digest, 0 when it stays pending or is set aside."""
        platform = platform_of(entry.destination)
        sink = self.sinks.get(platform) or self.sinks["console"]
        try:
            remote_id = sink.send(entry)
        except DeliveryError as error:
            if now - entry.created_at >= self.give_up_after:
                log.warning(
                    "digest %s for %s set aside as failed after %s: %s",
                    entry.id,
                    entry.destination,
                    now - entry.created_at,
                    error,
                )
                self.store.set_aside(entry.id, str(error))
                self.metrics.digest("set_aside", platform)
                return 0
            retry = self._next_attempt(entry.attempts, error.retry_after, now)
            log.warning(
                "digest %s for %s not delivered (%s); next try at %s",
                entry.id,
                entry.destination,
                error,
                retry.isoformat(),
            )
            self.store.mark_failed(entry.id, str(error), retry)
            self.metrics.digest("failed", platform)
            return 0
        self.store.mark_sent(entry.id, remote_id, now)
        self.metrics.digest("sent", platform)
        return 1

    def _next_attempt(
        self, attempts: int, retry_after: timedelta | None, now: datetime
    ) -> datetime:
        backoff = min(MAX_BACKOFF, timedelta(seconds=2 ** min(attempts, 12)))
        wait = timedelta(seconds=self.rng.uniform(0, backoff.total_seconds()))
        if retry_after is not None:
            wait = max(wait, retry_after)
        return now + wait
