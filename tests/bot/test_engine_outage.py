"""PostgreSQL stopped and started again in the middle of a round: the service goes on,
catches up, and stores every item once."""

import time

from bot.scheduler import start_scheduler
from bot.service import utcnow
from support.growing import GrowingFeeds
from support.pgcluster import private_cluster
from support.running import wait_for
from support.service import make_service, write_config

SETTINGS = "settings:\n  polling: {workers: 6, per_host: 2, lease: 3s, min_interval: 1s}\n"


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
            feeds.settle(store, since=time.monotonic())
        finally:
            running.shutdown()
            service.close()
            if not cluster.running:
                cluster.start()
        assert feeds.problems(store) == []
        assert not store.feed_leases()
        store.close()
    feeds.close()
