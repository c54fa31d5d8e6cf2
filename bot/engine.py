"""The polling engine: one loop claims due feeds from the database and polls them.

Feeds wait in a due-queue in the database (each feed's ``next_check``, indexed). The
loop claims the most overdue ones, as many as it has room for, under short leases
(:mod:`watchers.storage.queue`), so instances sharing a database share the feeds and
a feed is never polled by two at once. Nothing is scheduled per feed, so nothing can be
dropped: a feed that could not be polled on time is simply the most overdue one at the
next claim.

A poll runs in two pools (see :mod:`watchers.refresh`): fetches, at most
``settings.polling.workers`` at once and ``per_host`` per host, so a slow server holds
only its own slots; then parsing, labelling and storing in a small pool of their own,
so a heavy feed never holds up fetching; large documents are parsed in worker
processes (:mod:`bot.parsers`), so that parsing uses a core of its own. A fetch with
nothing to parse (a 304, a failure) is stored at once. At most two polls per fetch slot
are in hand at once, which bounds the memory and leases an instance holds. Local files
count as one host read one at a time (:mod:`bot.hosts`) and stay in their slot until
stored, so that feeds which correct each other (the bundled demo) are read in the config's order.

``poll_round`` polls what is due once and returns (``run --once`` and the tests);
``start`` runs the loop until ``stop``. Both renew the leases they hold
(:mod:`bot.leases`).
"""

from __future__ import annotations

import logging
import threading
from collections import Counter
from collections.abc import Callable, Collection
from concurrent.futures import ThreadPoolExecutor
from contextlib import suppress
from dataclasses import replace
from typing import TYPE_CHECKING

from sqlalchemy.exc import SQLAlchemyError

from bot.hosts import FILES, choose, host_of, room
from bot.leases import Heartbeat
from bot.malloc import limit_arenas
from bot.ops.logs import brief, log_fields
from bot.parsers import ParserPool
from watchers import cadence
from watchers.config.schema import PollingSettings
from watchers.errors import LeaseLost
from watchers.model import FeedSpec
from watchers.refresh import Fetched, RefreshReport, fetch_feed, refresh_feed
from watchers.storage.queue import QueuedFeed

if TYPE_CHECKING:
    from bot.service import Service

log = logging.getLogger(__name__)

PROCESSORS = 3
"""Polls parsed, labelled and stored at once (CPU and database work): while one waits
for a worker process to parse its document (:mod:`bot.parsers`), the others label and
store theirs."""
TICK = 0.5
"""Seconds between two looks at the due-queue when nothing finished meanwhile."""

Observer = Callable[[RefreshReport, float | None], None]


class PollEngine:
    """Claims due feeds for ``service`` and polls them side by side."""

    def __init__(self, service: Service) -> None:
        self.service = service
        self.on_polled: list[Observer] = []
        self._wake = threading.Condition()
        self._hosts: Counter[str] = Counter()  # fetches in flight (files: until stored)
        self._held: dict[str, FeedSpec] = {}  # leased to this instance, in any stage
        self._lost: set[str] = set()
        self._index: tuple[object, dict[str, FeedSpec], dict[str, int]] = (None, {}, {})
        limit_arenas()  # before the pools' threads: see bot.malloc
        self._fetchers = ThreadPoolExecutor(256, thread_name_prefix="fetch")
        self._processors = ThreadPoolExecutor(PROCESSORS, thread_name_prefix="process")
        self._parsers = ParserPool()
        store, owner = service.store, service.owner
        self._heartbeat: Heartbeat[str] = Heartbeat(
            lambda feeds, until: store.renew_leases(owner, feeds, until),
            lambda feeds: store.release_leases(owner, feeds),
            held=self._held_ids,
            lost=self._mark_lost,
            lease=lambda: self._settings().lease,
            clock=lambda: service.clock(),
        )
        self._stop = threading.Event()
        self._loop: threading.Thread | None = None
        self._round: list[RefreshReport] | None = None

    # Running -----------------------------------------------------------------

    def poll_round(self) -> list[RefreshReport]:
        """Poll every feed that is due and not muted once, most overdue first; the reports.

        Returns when nothing due is left to claim and every poll started has finished.
        Feeds another instance holds are left to it.
        """
        polled: set[str] = set()
        reports: list[RefreshReport] = []
        self._round = reports
        self._heartbeat.start()
        try:
            while True:
                claimed = self._claim(exclude=polled)
                polled.update(q.feed_id for q in claimed)
                with self._wake:
                    if not claimed and not self._held:
                        break
                    if not claimed:
                        self._wake.wait(TICK)
        finally:
            self._heartbeat.stop()
            self._round = None
        return reports

    def start(self) -> None:
        """Run the loop in a thread of its own until :meth:`stop`."""
        self._stop.clear()
        self._heartbeat.start()
        self._loop = threading.Thread(target=self._run, name="poll-engine", daemon=True)
        self._loop.start()

    def stop(self) -> None:
        """Stop claiming, let the polls in hand finish, and stop renewing leases."""
        self._stop.set()
        with self._wake:
            self._wake.notify_all()
        if self._loop is not None:
            self._loop.join()
            self._loop = None
        self._fetchers.shutdown(wait=True)
        self._processors.shutdown(wait=True)
        self._parsers.close()
        self._heartbeat.stop()
        # Hand back the leases of polls that could not be stored; else they run out.
        with suppress(SQLAlchemyError):
            self._heartbeat.beat()

    def close(self) -> None:
        """Stop if running, and end the pools' threads."""
        if self._loop is not None:
            self.stop()
        self._fetchers.shutdown(wait=True)
        self._processors.shutdown(wait=True)
        self._parsers.close()

    def _run(self) -> None:
        failing = False
        while not self._stop.is_set():
            try:
                claimed = self._claim()
            except SQLAlchemyError as error:
                if not failing:
                    log.warning("due feeds not claimed, will retry: %s", brief(error))
                failing, claimed = True, []
            else:
                if failing:
                    log.info("claiming due feeds again")
                failing = False
            if not claimed:
                with self._wake:
                    self._wake.wait(TICK)

    # Claiming ----------------------------------------------------------------

    def _claim(self, exclude: Collection[str] = ()) -> list[QueuedFeed]:
        """Claim as many due feeds as there is room for, and start fetching them."""
        settings = self._settings()
        specs = self.service.watch.config.feeds
        by_id, order = self._indexed(specs)
        with self._wake:
            free = room(specs, self._hosts, settings.per_host, {*self._held, *exclude})
            in_flight = sum(self._hosts.values())
            limit = min(settings.workers - in_flight, 2 * settings.workers - len(self._held))
        if limit <= 0 or not free:
            return []
        eligible = [s.id for s in specs if host_of(s) in free and s.id not in exclude]
        claimed = self.service.store.claim_due(
            self.service.owner,
            self.service.clock(),
            settings.lease,
            eligible,
            lambda queued: choose(queued, by_id, order, free, limit),
            scan=4 * limit + 16,
        )
        for queued in claimed:
            self._begin(by_id[queued.feed_id], queued)
        return claimed

    def _indexed(self, specs: tuple[FeedSpec, ...]) -> tuple[dict[str, FeedSpec], dict[str, int]]:
        """Feed id → spec and → place in the config, made once per config (a claim comes
        after every poll, and the config may hold thousands of feeds)."""
        with self._wake:
            if self._index[0] is not specs:
                by_id = {spec.id: spec for spec in specs}
                self._index = (specs, by_id, {spec.id: n for n, spec in enumerate(specs)})
            return self._index[1], self._index[2]

    def _begin(self, spec: FeedSpec, queued: QueuedFeed) -> None:
        if queued.left_by and queued.left_by != self.service.owner:
            self.service.metrics.lease_taken_over("feed")
            log.info("feed %s taken over from %s", spec.id, queued.left_by)
        with self._wake:
            self._held[spec.id] = spec
            self._lost.discard(spec.id)
            self._hosts[host_of(spec)] += 1
        self._fetchers.submit(self._fetch, spec, queued)

    # The two halves of a poll -------------------------------------------------

    def _fetch(self, spec: FeedSpec, queued: QueuedFeed) -> None:
        try:
            started = self.service.clock()
            state = replace(queued.state, poll_lag=cadence.poll_lag(queued.state, started))
            policy, client = self.service.policy(), self.service.fetch_client()
            fetched = fetch_feed(spec, state, policy, client, started)
        except Exception:  # a bug, not the feed's fault: the feed stays due
            log.exception("feed %s: fetch stage failed", spec.id)
            self._heartbeat.release_later(spec.id)
            with self._wake:
                self._held.pop(spec.id, None)
            self._free_host(spec)
            return
        if host_of(spec) != FILES:
            self._free_host(spec)
        if fetched.result is None or fetched.result.status == 304:
            # Nothing to parse: the feed's new state is stored from here rather than
            # queued behind feeds that are being parsed and labelled.
            self._process(fetched)
        else:
            self._processors.submit(self._process, fetched)

    def _process(self, fetched: Fetched) -> None:
        spec = fetched.spec
        try:
            report = self._store(fetched)
            # Reported before the feed is let go: a round ends once nothing is held.
            if report is not None:
                self._polled(report, fetched.state.poll_lag)
        finally:
            with self._wake:
                self._held.pop(spec.id, None)
                if host_of(spec) == FILES:
                    self._hosts[FILES] -= 1
                self._wake.notify_all()

    def _store(self, fetched: Fetched) -> RefreshReport | None:
        """Parse, label and store one fetch; None when it could not be stored."""
        spec, service = fetched.spec, self.service
        if spec.id in self._lost:
            log.info("feed %s: lease lost while fetching; another instance polls it", spec.id)
            return None
        try:
            with log_fields(feed=spec.id):
                return refresh_feed(
                    fetched,
                    watch=service.watch,
                    store=service.store,
                    rng=service.rng,
                    lease_owner=service.owner,
                    parse=self._parsers.parse_feed,
                )
        except LeaseLost as lost:
            log.info("%s", lost, extra={"feed": spec.id})
        except Exception as error:  # the database went away, or a bug: the feed stays due
            log.warning(
                "feed %s: poll not stored, it stays due: %s",
                spec.id,
                brief(error),
                extra={"feed": spec.id},
            )
            self._heartbeat.release_later(spec.id)
        return None

    def _polled(self, report: RefreshReport, lag: float | None) -> None:
        self.service.record_poll(report, lag)
        if self._round is not None:
            self._round.append(report)
        for observer in self.on_polled:
            observer(report, lag)

    # Book-keeping --------------------------------------------------------------

    def _settings(self) -> PollingSettings:
        return self.service.watch.config.settings.polling

    def _free_host(self, spec: FeedSpec) -> None:
        with self._wake:
            self._hosts[host_of(spec)] -= 1
            self._wake.notify_all()

    def _held_ids(self) -> set[str]:
        with self._wake:
            return set(self._held)

    def _mark_lost(self, feed_ids: set[str]) -> None:
        with self._wake:
            self._lost |= feed_ids & self._held.keys()
