"""More feeds than the engine can poll on time: every one is still polled, in turn, and
digests go out meanwhile. (APScheduler jobs per feed used to be dropped as "missed" here,
and those feeds were never polled again.)"""

import threading
import time
from collections import Counter

from bot.scheduler import start_scheduler
from bot.service import utcnow
from support.feedserver import FeedServer, RecordedRequest, Response
from support.running import wait_for
from support.service import make_service, rss, write_config

HOSTS, PER_HOST, DELAY = 4, 5, 1.0
INTERVAL = 2  # seconds; a round of 20 feeds at 2 per host takes 2.5 s
SETTINGS = "settings:\n  polling: {workers: 8, per_host: 2, lease: 5s, min_interval: 1s}\n"


class Polls:
    """Which feed was asked for when, as its server saw it."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.log: list[tuple[float, str]] = []

    def route(self, feed_id: str, body: bytes):
        def answer(request: RecordedRequest) -> Response:
            with self.lock:
                self.log.append((time.monotonic(), feed_id))
            return Response(body=body, headers={"Content-Type": "application/rss+xml"}, delay=DELAY)

        return answer

    def counts(self) -> Counter[str]:
        with self.lock:
            return Counter(feed_id for _, feed_id in self.log)


def test_slow_feeds_at_short_intervals_are_all_polled_in_turn(tmp_path) -> None:
    polls = Polls()
    servers = [FeedServer() for _ in range(HOSTS)]
    feeds = {}
    for h, server in enumerate(servers):
        for n in range(PER_HOST):
            feed_id = f"h{h}n{n}"
            body = rss(
                (
                    feed_id,
                    f"网信办 notice {feed_id}",
                    "The Data Security Law took effect on June 1, 2021.",
                )
            )
            feeds[feed_id] = server.route(f"/{n}.xml", polls.route(feed_id, body))
    config = write_config(tmp_path / "c", feeds, SETTINGS, interval=f"{INTERVAL}s")
    harness = make_service(config, tmp_path / "db.sqlite3")
    service, store = harness.service, harness.store
    service.clock = utcnow
    running = start_scheduler(service)
    try:
        # The first digest is due at once and goes out from its own job while polls go on.
        wait_for(lambda: store.outbox("sent"), "the first digest", limit=60)
        sent_at = time.monotonic()
        wait_for(lambda: min(polls.counts()[f] for f in feeds) >= 6, "six polls of each feed")
    finally:
        running.shutdown()
        service.close()
    counts = polls.counts()
    # Every feed polled, none left behind: most overdue first means in turn.
    assert set(counts) == set(feeds)
    assert max(counts.values()) - min(counts.values()) <= 2
    assert store.item_count() == len(feeds)
    assert any(at > sent_at for at, _ in polls.log) and any(at < sent_at for at, _ in polls.log)
    # Each poll began within one round at capacity (20 feeds, 8 at once, 1 s each) plus
    # one interval of its due time.
    round_time = len(feeds) * DELAY / (HOSTS * 2)
    lags = [s.poll_lag for s in store.feed_states()]
    assert all(lag is not None and lag < round_time + INTERVAL for lag in lags), lags
    store.close()
    for server in servers:
        server.close()
