"""/metrics over loopback after polling rounds over feeds served on 127.0.0.1."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

from bot.ops.metrics import Metrics
from bot.ops.readiness import Readiness
from bot.ops.server import OpsServer
from support.scrape import Samples, scrape, value
from support.service import make_service, rss, write_config
from watchers.config.schema import PollingSettings

GOOD = rss(
    ("g1", "网信办 issues new rules", "The Data Security Law took effect on June 1, 2021."),
    (
        "g2",
        "Data Security Law anniversary",
        "The Data Security Law took effect on September 1, 2021.",
    ),
)
EDITED = rss(
    (
        "g1",
        "网信办 issues new rules (updated)",
        "The Data Security Law took effect on June 1, 2021.",
    ),
    (
        "g2",
        "Data Security Law anniversary",
        "The Data Security Law took effect on September 1, 2021.",
    ),
)


@contextmanager
def serving(metrics: Metrics) -> Iterator[str]:
    server = OpsServer(("127.0.0.1", 0), lambda: Readiness(True, ()), metrics.exposition)
    server.start()
    try:
        host, port = server.address
        yield f"http://{host}:{port}"
    finally:
        server.stop()


def moved(before: Samples, after: Samples, name: str, **labels: str) -> float:
    return value(after, name, **labels) - value(before, name, **labels)


def test_a_round_moves_the_poll_item_label_and_digest_counters(feed_server, harness_factory):
    h = harness_factory(
        {
            "good": feed_server.serve("/good.xml", GOOD),
            "missing": feed_server.serve("/missing.xml", b"gone", status=404),
            "html": feed_server.serve(
                "/html.xml", b"<html><body>Down</body></html>", content_type="text/html"
            ),
        }
    )
    with serving(h.service.metrics) as url:
        before = scrape(url)
        h.service.run_once()
        after = scrape(url)
    assert moved(before, after, "policywatch_polls_total", outcome="updated") == 1
    assert moved(before, after, "policywatch_polls_total", outcome="failed") == 2
    assert moved(before, after, "policywatch_fetch_errors_total", kind="http") == 1
    assert moved(before, after, "policywatch_fetch_errors_total", kind="parse") == 1
    assert moved(before, after, "policywatch_items_total", change="new") == 2
    assert moved(before, after, "policywatch_labels_total", stance="contradicts") == 1
    assert moved(before, after, "policywatch_labels_total", stance="corroborates") == 1
    assert moved(before, after, "policywatch_alerts_total") == len(h.store.alerts_after(0))
    assert (
        moved(before, after, "policywatch_digests_total", event="queued", platform="console") == 1
    )
    assert moved(before, after, "policywatch_digests_total", event="sent", platform="console") == 1
    # Feeds never polled before have no due time to be late for.
    assert moved(before, after, "policywatch_poll_lag_seconds_count") == 0


def test_edits_and_poll_lag_are_counted(feed_server, harness_factory):
    h = harness_factory({"good": feed_server.serve("/good.xml", GOOD)})
    h.service.poll_due()
    feed_server.serve("/good.xml", EDITED)
    h.advance(timedelta(minutes=25))  # due after 5 minutes: polled 20 minutes late
    with serving(h.service.metrics) as base:
        before = scrape(base)
        h.service.poll_due()
        after = scrape(base)
    assert moved(before, after, "policywatch_items_total", change="edited") == 1
    assert moved(before, after, "policywatch_items_total", change="new") == 0
    assert moved(before, after, "policywatch_poll_lag_seconds_count") == 1
    assert moved(before, after, "policywatch_poll_lag_seconds_sum") == 20 * 60
    assert moved(before, after, "policywatch_poll_lag_seconds_bucket", le="600.0") == 0
    assert moved(before, after, "policywatch_poll_lag_seconds_bucket", le="1800.0") == 1


def test_outbox_depth_and_age_are_read_at_scrape_time(feed_server, harness_factory):
    h = harness_factory({"good": feed_server.serve("/good.xml", GOOD)})
    h.service.metrics.watch_backlog(h.store.backlog, h.service.clock)
    h.service.poll_due()
    h.service.build_digests()
    h.advance(timedelta(minutes=10))
    with serving(h.service.metrics) as base:
        pending = scrape(base)
        h.service.deliver()
        drained = scrape(base)
    assert value(pending, "policywatch_outbox_pending") == 1
    assert value(pending, "policywatch_outbox_oldest_pending_age_seconds") == 600
    assert value(drained, "policywatch_outbox_pending") == 0
    assert value(drained, "policywatch_outbox_oldest_pending_age_seconds") == 0


def test_leases_left_by_a_stopped_instance_are_counted_when_taken_over(feed_server, tmp_path):
    config = write_config(tmp_path / "config", {"good": feed_server.serve("/good.xml", GOOD)})
    first = make_service(config, tmp_path / "db.sqlite3", owner="first")
    second = make_service(config, tmp_path / "db.sqlite3", owner="second")
    # The first instance claims the feed and stops before polling it.
    lease = PollingSettings().lease
    everything = lambda queued: [q.feed_id for q in queued]  # noqa: E731
    assert first.store.claim_due("first", first.now[0], lease, ["good"], everything, scan=1)
    assert second.service.poll_due() == []
    second.advance(lease + timedelta(seconds=1))
    with serving(second.service.metrics) as base:
        (report,) = second.service.poll_due()
        second.service.build_digests()
        # The first instance leases the digest for delivery and stops before sending it.
        (leased,) = first.store.due_outbox(second.now[0], "first", timedelta(minutes=5))
        second.advance(timedelta(minutes=6))
        assert second.service.deliver() == 1
        samples = scrape(base)
    assert report.status == "updated"
    assert value(samples, "policywatch_lease_takeovers_total", lease="feed") == 1
    assert value(samples, "policywatch_lease_takeovers_total", lease="digest") == 1
    assert second.store.outbox("sent")[0].id == leased.id
    first.store.close()
    second.store.close()
