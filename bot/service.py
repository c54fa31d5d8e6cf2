"""The running service: polls due feeds, builds digests on each route's schedule, delivers them.

``Service`` holds no schedule of its own: ``run_once`` does one round of each
job, and ``bot.scheduler`` calls the same methods from APScheduler jobs.
"""

from __future__ import annotations

import logging
import os
import random
import socket
import threading
import uuid
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta

from bot.delivery import Deliverer, platform_of
from bot.digest import build_digest, digest_to_dict
from bot.ops.logs import log_fields
from bot.ops.metrics import Metrics
from watchers import cadence
from watchers.config.schema import RouteSpec
from watchers.fetch.fetcher import FetchPolicy
from watchers.model import FeedSpec, FeedState
from watchers.refresh import RefreshReport, refresh_feed
from watchers.storage import Store
from watchers.storage.adminlog import muted_items
from watchers.watch import Watch

log = logging.getLogger(__name__)

POLL_LEASE = timedelta(minutes=10)


def utcnow() -> datetime:
    return datetime.now(UTC)


def instance_name() -> str:
    """Names this process in leases shared with other instances."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


class Service:
    def __init__(
        self,
        watch: Watch,
        store: Store,
        deliverer: Deliverer,
        *,
        clock: Callable[[], datetime] = utcnow,
        rng: random.Random | None = None,
    ) -> None:
        self._watch = watch
        self._lock = threading.Lock()
        self.store = store
        self.deliverer = deliverer
        self.clock = clock
        self.rng = rng or random.Random()
        self.owner = deliverer.owner
        self.metrics: Metrics = deliverer.metrics
        self.on_config_change: list[Callable[[], None]] = []
        # Routes that are not in the config (personal subscriptions), asked for each time.
        self.route_sources: list[Callable[[], Sequence[RouteSpec]]] = []
        store.sync_feeds(watch.config.feeds)

    @property
    def watch(self) -> Watch:
        with self._lock:
            return self._watch

    def replace_watch(self, watch: Watch) -> None:
        """Switch to a new validated config; jobs already running finish on the old one."""
        self.store.sync_feeds(watch.config.feeds)
        self.store.sync_routes(r.id for r in watch.config.routes)
        with self._lock:
            self._watch = watch
        for callback in self.on_config_change:
            callback()

    def policy(self) -> FetchPolicy:
        return fetch_policy(self.watch)

    # Polling ---------------------------------------------------------------

    def poll_feed(self, spec: FeedSpec) -> RefreshReport | None:
        """Poll one feed if this instance gets its lease and the feed is still due then.

        None when another instance holds the lease, or polled the feed between this
        instance's look at its state and taking the lease.
        """
        now = self.clock()
        left_by = self.store.expired_feed_lease(spec.id, now)
        if not self.store.acquire_feed(spec.id, self.owner, now, POLL_LEASE):
            return None
        if left_by and left_by != self.owner:
            self.metrics.lease_taken_over("feed")
        try:
            state = self.store.feed_state(spec.id)
            if not cadence.is_due(state, now):
                return None
            with log_fields(feed=spec.id):
                report = refresh_feed(
                    spec,
                    watch=self.watch,
                    store=self.store,
                    policy=self.policy(),
                    now=now,
                    rng=self.rng,
                )
        finally:
            self.store.release_feed(spec.id, self.owner)
        self.metrics.polled(report, now - state.next_check if state.next_check else None)
        log.info(
            "polled %s: %s, %d new, %d edited, %d alerts%s",
            spec.id,
            report.status,
            report.new,
            report.edited,
            report.alerts,
            f" ({report.error})" if report.error else "",
            extra={"feed": spec.id},
        )
        return report

    def poll_if_due(self, spec: FeedSpec) -> RefreshReport | None:
        """Poll a feed when its next check has come and it is not muted."""
        muted = self.store.muted_feeds()
        return self._poll_if_due(spec, muted, self.store.feed_state(spec.id))

    def poll_due(self) -> list[RefreshReport]:
        """Poll every feed that is due and not muted, one after another."""
        muted = self.store.muted_feeds()
        states = {s.feed_id: s for s in self.store.feed_states()}
        reports = []
        for spec in self.watch.config.feeds:
            state = states.get(spec.id, FeedState(spec.id))
            report = self._poll_if_due(spec, muted, state)
            if report is not None:
                reports.append(report)
        return reports

    def _poll_if_due(
        self, spec: FeedSpec, muted: set[str], state: FeedState
    ) -> RefreshReport | None:
        if spec.id in muted or not cadence.is_due(state, self.clock()):
            return None
        return self.poll_feed(spec)

    # Digests ---------------------------------------------------------------

    def build_digest(self, route: RouteSpec) -> int | None:
        """Queue the route's digest of everything new since its last one; the outbox id."""
        now = self.clock()
        cursor, _ = self.store.route_cursor(route.id)
        alerts = self.store.alerts_after(cursor)
        if not alerts:
            return None
        digest = build_digest(
            route.id,
            alerts,
            self.watch,
            now=now,
            entities=route.entities,
            feeds=route.feeds,
            labels=route.labels,
            muted_feeds=self.store.muted_feeds(),
            muted_items=muted_items(self.store),
        )
        entry = self.store.enqueue_digest(
            route.id,
            route.destination,
            digest_to_dict(digest) if digest else None,
            expected_cursor=cursor,
            new_cursor=alerts[-1].id,
            txn_id=uuid.uuid4().hex,
            now=now,
        )
        if entry is not None:
            self.metrics.digest("queued", platform_of(route.destination))
            log.info("digest %s queued", entry, extra={"route": route.id, "digest": entry})
        return entry

    def routes(self) -> list[RouteSpec]:
        """The config's routes, then those of every route source."""
        extra = [route for source in self.route_sources for route in source()]
        return [*self.watch.config.routes, *extra]

    def build_digests(self, routes: Sequence[RouteSpec] | None = None) -> list[int]:
        queued = []
        for route in self.routes() if routes is None else routes:
            entry = self.build_digest(route)
            if entry is not None:
                queued.append(entry)
        return queued

    def deliver(self) -> int:
        return self.deliverer.deliver_due(self.clock())

    def run_once(self) -> list[RefreshReport]:
        """Poll what is due, build every route's digest, deliver: one full round."""
        reports = self.poll_due()
        self.build_digests()
        self.deliver()
        return reports


def fetch_policy(watch: Watch) -> FetchPolicy:
    fetch = watch.config.settings.fetch
    return FetchPolicy(
        connect_timeout=fetch.timeout.total_seconds(),
        read_timeout=fetch.timeout.total_seconds(),
        max_bytes=fetch.max_bytes,
        user_agent=fetch.user_agent,
    )
