"""PostgreSQL stopped and started again in the middle of a round: the service goes on,
catches up, and stores every item once."""

import time

from sqlalchemy import func, select

from bot.scheduler import start_scheduler
from bot.service import utcnow
from support.growing import GrowingFeeds
from support.pgcluster import private_cluster
from support.running import wait_for
from support.service import make_service, write_config
from watchers.model import AlertKind
from watchers.storage import Store
from watchers.storage import tables as t

SETTINGS = "settings:\n  polling: {workers: 6, per_host: 2, lease: 3s, min_interval: 1s}\n"


def stored_items(store: Store) -> list[tuple[str, str, int]]:
    """(feed, guid, how many rows) of every stored item."""
    items = t.items.c
    with store.engine.connect() as c:
        rows = c.execute(
            select(items.feed_id, items.guid, func.count()).group_by(items.feed_id, items.guid)
        ).all()
    return [(r[0], r[1], r[2]) for r in rows]


def test_the_service_rides_out_a_database_restart_mid_round(tmp_path) -> None:
    feeds = GrowingFeeds(hosts=3, per_host=3, every=1.0)
    config = write_config(tmp_path / "c", feeds.urls, SETTINGS, interval="2s")
    with private_cluster() as cluster:
        harness = make_service(config, cluster.url)
        service, store = harness.service, harness.store
        service.clock = utcnow
        running = start_scheduler(service)
        try:
            # Mid-round: every feed polled at least twice, polls in flight.
            wait_for(lambda: all(len(a) >= 2 for a in feeds.asked.values()), "two rounds")
            cluster.stop()
            time.sleep(4)  # longer than a lease, while the feeds keep growing
            cluster.start()
            restarted = time.monotonic()
            wait_for(lambda: feeds.asked_after(restarted) == set(feeds.urls), "a poll of each")
            feeds.freeze()
            frozen = time.monotonic()
            # Caught up: every item served so far is stored.
            wait_for(lambda: feeds.asked_after(frozen + 3) == set(feeds.urls), "catching up")
            wait_for(lambda: len(stored_items(store)) == len(feeds.served), "every item", 60)
        finally:
            running.shutdown()
            service.close()
            if not cluster.running:
                cluster.start()
        rows = stored_items(store)
        assert {(feed, guid) for feed, guid, _ in rows} == feeds.served
        assert all(count == 1 for _, _, count in rows)
        # One contradiction per item: no poll's alerts were stored twice.
        verdicts = [
            a for a in store.alerts_after(0, limit=100_000) if a.alert.kind is AlertKind.VERDICT
        ]
        assert len(verdicts) == len(feeds.served)
        assert len({a.alert.item_id for a in verdicts}) == len(verdicts)
        assert not store.feed_leases()
        store.close()
    feeds.close()
