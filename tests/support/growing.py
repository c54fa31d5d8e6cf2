"""Feeds that keep gaining items while a test disturbs the service polling them.

Each feed, served by a :class:`FeedServer` on loopback, gains an item every ``every``
seconds until :meth:`GrowingFeeds.freeze`, and answers after a random delay so that
polls are in flight at any moment. It remembers every item it ever put in an answer
(what the service must end up storing, once each) and when each feed was asked for.
"""

from __future__ import annotations

import random
import threading
import time
from collections import Counter
from collections.abc import Callable
from itertools import pairwise

from sqlalchemy import func, select

from support.feedserver import FeedServer, RecordedRequest, Response
from support.running import wait_for
from support.service import rss
from watchers.model import AlertKind
from watchers.storage import Store
from watchers.storage import tables as t

CLAIM_TEXT = "The Data Security Law took effect on June 1, 2021."


class GrowingFeeds:
    def __init__(
        self,
        hosts: int,
        per_host: int,
        *,
        every: float = 1.0,
        delay: tuple[float, float] = (0.1, 0.6),
        seed: int = 0,
    ) -> None:
        self._lock = threading.Lock()
        self._rng = random.Random(seed)
        self._delay = delay
        self._every = every
        self._started = time.monotonic()
        self._frozen_at: float | None = None
        self.servers = [FeedServer() for _ in range(hosts)]
        self.served: set[tuple[str, str]] = set()
        self.asked: dict[str, list[float]] = {}
        self.urls: dict[str, str] = {}
        for h, server in enumerate(self.servers):
            for n in range(per_host):
                feed_id = f"h{h}n{n}"
                self.asked[feed_id] = []
                self.urls[feed_id] = server.route(f"/{n}.xml", self._route(feed_id))

    def freeze(self) -> None:
        """No new items from now on."""
        with self._lock:
            self._frozen_at = time.monotonic()

    def settle(self, store: Store, since: float) -> None:
        """Wait until every feed was asked for after ``since`` (a restart, say); then stop
        the feeds growing and wait until each was asked for again and ``store`` holds as
        many items as were served."""
        wait_for(lambda: self.asked_after(since) == set(self.urls), "a poll of each feed")
        self.freeze()
        frozen = time.monotonic()
        wait_for(lambda: self.asked_after(frozen) == set(self.urls), "a poll of each, grown")
        wait_for(lambda: len(stored_items(store)) == len(self.served), "every item stored", 60)

    def asked_after(self, moment: float) -> set[str]:
        """The feeds asked for after ``moment`` (a ``time.monotonic()`` reading)."""
        with self._lock:
            return {
                feed_id for feed_id, times in self.asked.items() if any(t > moment for t in times)
            }

    def asks_after(self, moment: float) -> dict[str, int]:
        """How many times each feed was asked for after ``moment`` (``time.monotonic()``)."""
        with self._lock:
            return {f: sum(t > moment for t in times) for f, times in self.asked.items()}

    def longest_wait(self) -> float:
        """The longest time any feed went without being asked for, in seconds."""
        with self._lock:
            gaps = [b - a for times in self.asked.values() for a, b in pairwise(times)]
        return max(gaps, default=0.0)

    def problems(self, store: Store) -> list[str]:
        """What ``store`` does wrong with the items served: missing, unknown or stored
        twice, and items with other than one verdict alert (each states one wrong
        date for the claim). Empty when all is well."""
        rows = stored_items(store)
        stored = {(feed, guid) for feed, guid, _ in rows}
        alerts = store.alerts_after(0, limit=1_000_000)
        per_item = Counter(a.alert.item_id for a in alerts if a.alert.kind is AlertKind.VERDICT)
        out = [f"missing {key}" for key in sorted(self.served - stored)]
        out += [f"never served {key}" for key in sorted(stored - self.served)]
        out += [f"stored {n} times: {feed} {guid}" for feed, guid, n in rows if n != 1]
        out += [f"item {i}: {n} verdicts" for i, n in per_item.items() if n != 1]
        if len(per_item) != len(rows):
            out.append(f"{len(rows)} items, {len(per_item)} with a verdict")
        return out

    def close(self) -> None:
        for server in self.servers:
            server.close()

    def _route(self, feed_id: str) -> Callable[[RecordedRequest], Response]:
        def answer(request: RecordedRequest) -> Response:
            with self._lock:
                now = time.monotonic()
                self.asked[feed_id].append(now)
                grown = (self._frozen_at or now) - self._started
                count = 1 + int(grown / self._every)
                items = [(f"{feed_id}-{i}", f"网信办 notice {feed_id} {i}") for i in range(count)]
                self.served.update((feed_id, guid) for guid, _ in items)
                delay = self._rng.uniform(*self._delay)
            body = rss(*[(guid, title, CLAIM_TEXT) for guid, title in items])
            return Response(body=body, headers={"Content-Type": "application/rss+xml"}, delay=delay)

        return answer


def stored_items(store: Store) -> list[tuple[str, str, int]]:
    """(feed, guid, how many rows) of every item in ``store``: what to hold against
    :attr:`GrowingFeeds.served`."""
    items = t.items.c
    with store.engine.connect() as c:
        rows = c.execute(
            select(items.feed_id, items.guid, func.count()).group_by(items.feed_id, items.guid)
        ).all()
    return [(r[0], r[1], r[2]) for r in rows]
