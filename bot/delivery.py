"""Delivering stored digests: the outbox drained through one sink per platform.

A digest is in the outbox before any send is tried and leaves it only when the
platform confirms it; a failure keeps it pending with a later retry time, so
an outage delays digests and drops none.

A digest being sent is leased to this instance for :data:`LEASE`, renewed while the
send goes on (:class:`bot.leases.Heartbeat`): the digest of an instance killed mid-send
is sent by another, or by the same one restarted, within that. A destination's digests
go out in the order they were queued (see ``Store.due_outbox``): the later ones wait
behind the oldest, through its retries, so an outage reorders none; a new digest is a
reason to try the oldest again before its own retry time, and once it goes through the
rest follow in the same round. One the platform keeps refusing holds the rest of its
destination until it is set aside (``give_up_after``) or an admin drops it
(``digest drop``).
"""

from __future__ import annotations

import logging
import random
import sys
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Protocol, TextIO

from bot.digest import digest_from_dict
from bot.leases import Heartbeat
from bot.ops.logs import log_fields
from bot.ops.metrics import Metrics
from bot.render.text import render_text
from watchers.errors import PolicywatchError
from watchers.storage import OutboxEntry, Store

log = logging.getLogger(__name__)

MAX_BACKOFF = timedelta(minutes=30)
LEASE = timedelta(seconds=30)
"""How long a digest taken for sending is this instance's, renewed every third of it."""


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


@dataclass(frozen=True)
class Retry:
    """A digest left pending: when it is tried again, and why."""

    at: datetime
    why: str


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
        entries = self.store.due_outbox(now, self.owner, lease=LEASE)
        held = _Held({e.id for e in entries})
        started = time.monotonic()
        heartbeat: Heartbeat[int] = Heartbeat(
            lambda ids, until: self.store.renew_outbox_leases(self.owner, ids, until),
            lambda ids: self.store.release_outbox(self.owner, ids),
            held=held.ids,
            lost=held.lost,
            lease=lambda: LEASE,
            clock=lambda: now + timedelta(seconds=time.monotonic() - started),
            what="digest",
        )
        heartbeat.start()
        waiting: dict[str, Retry] = {}  # destination → when its oldest is tried again
        try:
            for entry in entries:
                behind = waiting.get(entry.destination)
                if behind is not None:
                    # Behind an older one that could not go: it waits for that one.
                    self.store.release_outbox(self.owner, [entry.id], behind.at, behind.why)
                    held.done(entry.id)
                    continue
                if left.get(entry.id, self.owner) != self.owner:
                    self.metrics.lease_taken_over("digest")
                with log_fields(route=entry.route_id, digest=entry.id):
                    outcome = self._send(entry, now)
                held.done(entry.id)
                sent += outcome is True
                if isinstance(outcome, Retry):
                    why = f"waiting for digest {entry.id}, not delivered ({outcome.why})"
                    waiting[entry.destination] = Retry(outcome.at, why)
        finally:
            heartbeat.stop()
        return sent

    def _send(self, entry: OutboxEntry, now: datetime) -> bool | Retry:
        """True when the platform confirmed the digest, False when it was set aside,
        else when and why it is tried again."""
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
                return False
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
            return Retry(retry, str(error))
        self.store.mark_sent(entry.id, remote_id, now)
        self.metrics.digest("sent", platform)
        return True

    def _next_attempt(
        self, attempts: int, retry_after: timedelta | None, now: datetime
    ) -> datetime:
        backoff = min(MAX_BACKOFF, timedelta(seconds=2 ** min(attempts, 12)))
        wait = timedelta(seconds=self.rng.uniform(0, backoff.total_seconds()))
        if retry_after is not None:
            wait = max(wait, retry_after)
        return now + wait


class _Held:
    """The digests a round has taken and not yet settled, for its heartbeat's thread."""

    def __init__(self, ids: set[int]) -> None:
        self._lock = threading.Lock()
        self._ids = ids

    def ids(self) -> set[int]:
        with self._lock:
            return set(self._ids)

    def done(self, entry_id: int) -> None:
        with self._lock:
            self._ids.discard(entry_id)

    def lost(self, ids: set[int]) -> None:
        with self._lock:
            still = sorted(ids & self._ids)
        if still:
            log.warning(
                "digests %s: lease lost while sending (the database was unreachable "
                "for longer than %s); another instance may send them too",
                still,
                LEASE,
            )
