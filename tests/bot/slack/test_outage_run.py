"""Slack down for minutes under a running `policywatch run`: digests wait, none is lost.

The real process polls feeds that keep gaining items and queues a digest every minute,
while the fake Web API first refuses connections, then answers 503, then 429 with a
``Retry-After``, for two minutes in all. Polling goes on throughout; the digests that
came due meanwhile are posted once each, in the order queued, once Slack is back.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime

from support.fakeslack import FakeSlack
from support.growing import GrowingFeeds
from support.running import wait_for
from support.slackrun import (
    delivery_problems,
    item_links,
    run_store,
    slack_config,
    start_slack_run,
)
from watchers.storage import OutboxEntry, Store

# The outage's three phases, in seconds: refused, 503, 429.
REFUSED, UNAVAILABLE, LIMITED = 50, 50, 30


def posted(fake: FakeSlack) -> int:
    return sum(1 for call in fake.calls("chat.postMessage") if call.status == 200)


def refused(store: Store, since: datetime) -> list[OutboxEntry]:
    """Digests queued after ``since`` that are waiting after a failed try."""
    return [
        e
        for e in store.outbox("pending")
        if e.created_at.replace(tzinfo=UTC) > since and e.attempts >= 1
    ]


def digested(store: Store) -> bool:
    """Every alert stored is in a queued digest, and no digest is waiting."""
    cursor, _ = store.route_cursor("desk")
    return cursor == store.last_alert_id() and not store.outbox("pending")


def test_digests_queued_while_slack_is_down_arrive_once_each_in_order(
    fake_slack: FakeSlack, tmp_path
) -> None:
    feeds = GrowingFeeds(hosts=2, per_host=2, every=4.0)
    config = slack_config(tmp_path / "config", feeds.urls)
    workdir = tmp_path / "run"
    run = start_slack_run(config, workdir, fake_slack)
    try:
        wait_for(lambda: posted(fake_slack), "the first digest", 90)
        store = run_store(workdir)
        # Down from just before the next digest is due, so that it waits out all of it.
        _, last = store.route_cursor("desk")
        assert last is not None
        time.sleep(max(0.0, (last.replace(tzinfo=UTC) - datetime.now(UTC)).total_seconds() + 55))
        down = time.monotonic()
        down_at = datetime.now(UTC)
        fake_slack.go_down()
        time.sleep(REFUSED)
        fake_slack.fail_all(status=503)
        fake_slack.come_back()
        time.sleep(UNAVAILABLE)
        fake_slack.fail_all(status=429, retry_after=5)
        time.sleep(LIMITED)
        # Two digests at least come due during the outage, each tried and refused.
        wait_for(lambda: len(refused(store, down_at)) >= 2, "two digests refused", 90)
        queued_meanwhile = refused(store, down_at)
        during = {f: [t for t in times if t > down] for f, times in feeds.asked.items()}
        fake_slack.stop_failing()
        up = time.monotonic()
        wait_for(lambda: not store.outbox("pending"), "the queued digests to go out", 90)
        feeds.settle(store, since=up)
        wait_for(lambda: digested(store), "a digest of the last items", 150)
    finally:
        code = run.stop()
    assert code == 0, run.stderr[-3000:]
    # Digests kept coming due and were queued while Slack was down...
    assert len(queued_meanwhile) >= 2, queued_meanwhile
    failed = [c.status for c in fake_slack.calls("chat.postMessage") if c.status != 200]
    assert {503, 429} <= set(failed)
    # ...and feeds kept being polled, none left waiting a minute.
    assert all(len(times) >= 5 for times in during.values()), during
    assert feeds.longest_wait() < 60
    assert feeds.problems(store) == []
    # Each digest posted once, whole, in order; each item in exactly one of them.
    assert delivery_problems(fake_slack, store) == []
    served = {f"https://news.example/{guid}" for _, guid in feeds.served}
    links = item_links(store.outbox())
    assert set(links) == served and set(links.values()) == {1}
    store.close()
    feeds.close()
