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

from bot.delivery import Deliverer
from bot.digest import build_digest, digest_to_dict
from watchers import cadence
from watchers.config.schema import RouteSpec
from watchers.destinations import parse_destination
from watchers.fetch.fetcher import FetchPolicy
from watchers.model import FeedSpec, FeedState
from watchers.refresh import RefreshReport, refresh_feed
from watchers.schedules import next_digest
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
        self.on_config_change: list[Callable[[], None]] = []
        # Routes that are not in the config (personal subscriptions), asked for each time.
        self.route_sources: list[Callable[[], Sequence[RouteSpec]]] = []
        # Platform → how its chat connection stands, for ``status``.
        self.connections: dict[str, Callable[[], str]] = {}
        # Platform → why a destination on it could not take digests (None: it can).
        self.destination_checks: dict[str, Callable[[str], str | None]] = {}
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
        if not self.store.acquire_feed(spec.id, self.owner, now, POLL_LEASE):
            return None
        try:
            if not cadence.is_due(self.store.feed_state(spec.id), now):
                return None
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
        log.info("polled %s: %s", spec.id, report)
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

    def build_digest(self, route: RouteSpec, at: datetime | None = None) -> int | None:
        """Queue the route's digest of everything new since its last one; the outbox id.

        ``at`` is the round's time (now by default). It is stored as the route's last
        digest time, which its next digest counts from, also when nothing is new.
        """
        now = at or self.clock()
        cursor, _ = self.store.route_cursor(route.id)
        alerts = self.store.alerts_after(cursor)
        if not alerts:
            self.store.enqueue_digest(
                route.id,
                route.destination,
                None,
                expected_cursor=cursor,
                new_cursor=cursor,
                txn_id="",
                now=now,
            )
            return None
        digest = build_digest(
            route.id,
            alerts,
            self.watch,
            now=now,
            items=self.store.items_by_id(a.alert.item_id for a in alerts if a.alert.item_id),
            entities=route.entities,
            feeds=route.feeds,
            labels=route.labels,
            muted_feeds=self.store.muted_feeds(),
            muted_items=muted_items(self.store),
            min_relevance=route.min_relevance,
            mentions=route.mentions,
            feed_titles=self.store.feed_titles(),
        )
        # A digest whose every line fell below the route's floor is kept, unsent, for
        # ``digest more``.
        return self.store.enqueue_digest(
            route.id,
            route.destination,
            digest_to_dict(digest) if digest else None,
            expected_cursor=cursor,
            new_cursor=alerts[-1].id,
            txn_id=uuid.uuid4().hex,
            now=now,
            status="pending" if digest is None or digest.lines else "held",
        )

    def next_digest_at(self, route: RouteSpec) -> datetime:
        """When the route's next digest is due (at or before now: due now)."""
        _, last = self.store.route_cursor(route.id)
        return next_digest(route.schedule, last, self.clock())

    def build_due_digests(self) -> list[int]:
        """Queue the digest of every config route whose time has come; the outbox ids.

        Due times come from each route's stored last digest time, so restarts, config
        edits and other instances never move them.
        """
        now = self.clock()
        queued = []
        for route in self.watch.config.routes:
            due = self.next_digest_at(route)
            if due > now:
                continue
            # A round on time counts from when it was due, so that checking every few
            # seconds adds no drift; one missed while the service was down, from now.
            every = route.schedule.every
            entry = self.build_digest(route, due if every and now - due < every else now)
            if entry is not None:
                queued.append(entry)
        return queued

    def check_destination(self, destination: str) -> str | None:
        """Why ``destination`` could not take digests, asked of its platform; None if it
        can, when the platform is not connected (digests then go to the console), or when
        it is not a destination at all (validating the config says so)."""
        try:
            parse_destination(destination)
        except ValueError:
            return None
        platform, _, target = destination.partition(":")
        check = self.destination_checks.get(platform)
        return check(target) if check else None

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
        # The limit follows config edits: it is read at each round.
        self.deliverer.give_up_after = self.watch.config.settings.delivery.give_up_after
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
