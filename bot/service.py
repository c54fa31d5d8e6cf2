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
from bot.ops.readiness import ChatState
from bot.pollpool import poll_all
from watchers import cadence
from watchers.config.bundle import bundled_demo_dir
from watchers.config.schema import RouteSpec
from watchers.destinations import parse_destination
from watchers.fetch.fetcher import FetchClient, FetchPolicy
from watchers.fetch.guard import AddressGuard, IPNetwork
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
        self.metrics: Metrics = deliverer.metrics
        self.on_config_change: list[Callable[[], None]] = []
        # Routes that are not in the config (personal subscriptions), asked for each time.
        self.route_sources: list[Callable[[], Sequence[RouteSpec]]] = []
        # Platform → how its chat connection stands, for ``status`` and ``/readyz``.
        self.connections: dict[str, Callable[[], ChatState]] = {}
        # Platform → why a destination on it could not take digests (None: it can).
        self.destination_checks: dict[str, Callable[[str], str | None]] = {}
        # One pooled HTTP client per address allowlist; a config reload that changes
        # the list gets a new one, and polls already running finish on the old.
        self._clients: dict[tuple[IPNetwork, ...], FetchClient] = {}
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

    def fetch_client(self) -> FetchClient:
        """The HTTP client polls share, guarding the current config's ``allow_networks``."""
        allow = self.watch.config.settings.fetch.allow_networks
        with self._lock:
            client = self._clients.get(allow)
            if client is None:
                client = self._clients[allow] = FetchClient(AddressGuard(allow))
            return client

    def close(self) -> None:
        """Close the HTTP clients; the store is its owner's to close."""
        with self._lock:
            clients, self._clients = list(self._clients.values()), {}
        for client in clients:
            client.close()

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
                    client=self.fetch_client(),
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
        """Poll every feed that is due and not muted, most overdue first, side by side.

        :func:`bot.pollpool.poll_all` bounds the polls in flight, overall and per host,
        so one slow server delays only its own feeds.
        """
        muted = self.store.muted_feeds()
        states = {s.feed_id: s for s in self.store.feed_states()}
        now = self.clock()
        due = [
            spec
            for spec in self.watch.config.feeds
            if spec.id not in muted and cadence.is_due(states.get(spec.id, FeedState(spec.id)), now)
        ]
        due.sort(key=lambda spec: _due_since(states.get(spec.id)))
        return [report for report in poll_all(due, self.poll_feed) if report is not None]

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
        entry = self.store.enqueue_digest(
            route.id,
            route.destination,
            digest_to_dict(digest) if digest else None,
            expected_cursor=cursor,
            new_cursor=alerts[-1].id,
            txn_id=uuid.uuid4().hex,
            now=now,
            status="pending" if digest is None or digest.lines else "held",
        )
        if entry is not None:
            self.metrics.digest("queued", platform_of(route.destination))
            log.info("digest %s queued", entry, extra={"route": route.id, "digest": entry})
        return entry

    def next_digest_at(self, route: RouteSpec, now: datetime | None = None) -> datetime:
        """When the route's next digest is due (at or before ``now``, by default the clock's
        time: due now).

        Callers that compare the answer with a time of their own pass it: a route with no
        digest yet is due at ``now`` itself, which a later reading of a running clock
        would put after it, and so never due.
        """
        _, last = self.store.route_cursor(route.id)
        return next_digest(route.schedule, last, now or self.clock())

    def build_due_digests(self) -> list[int]:
        """Queue the digest of every config route whose time has come; the outbox ids.

        Due times come from each route's stored last digest time, so restarts, config
        edits and other instances never move them.
        """
        now = self.clock()
        queued = []
        for route in self.watch.config.routes:
            due = self.next_digest_at(route, now)
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


def _due_since(state: FeedState | None) -> datetime:
    """When a feed fell due; a feed never polled has waited longest."""
    if state is None or state.next_check is None:
        return datetime.min.replace(tzinfo=UTC)
    return state.next_check


def fetch_policy(watch: Watch) -> FetchPolicy:
    """The config's fetch settings; ``timeout`` bounds each wait and the whole exchange."""
    fetch = watch.config.settings.fetch
    seconds = fetch.timeout.total_seconds()
    return FetchPolicy(
        connect_timeout=seconds,
        read_timeout=seconds,
        total_timeout=seconds,
        max_bytes=fetch.max_bytes,
        user_agent=fetch.user_agent,
        allow_networks=fetch.allow_networks,
        file_roots=(bundled_demo_dir(), *fetch.allow_files),
    )
