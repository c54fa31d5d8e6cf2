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
from support.slackrun import digested, run_problems, run_store, slack_config, start_slack_run
from watchers.storage import OutboxEntry, Store

# The outage's first two phases, in seconds: connections refused, then 503; then 429
# until two digests came due.
REFUSED, UNAVAILABLE = 45, 45


def posted(fake: FakeSlack) -> int:
    return sum(1 for call in fake.calls("chat.postMessage") if call.status == 200)


def queued_since(store: Store, since: datetime) -> list[OutboxEntry]:
    """Digests queued after ``since`` and still waiting."""
    return [e for e in store.outbox("pending") if e.created_at > since]


def test_digests_queued_while_slack_is_down_arrive_once_each_in_order(
    live_slack: FakeSlack, tmp_path
) -> None:
    feeds = GrowingFeeds(hosts=2, per_host=2, every=4.0)
    config = slack_config(tmp_path / "config", feeds.urls)
    workdir = tmp_path / "run"
    run = start_slack_run(config, workdir, live_slack)
    try:
        wait_for(lambda: posted(live_slack), "the first digest", 90)
        store = run_store(workdir)
        down = time.monotonic()
        down_at = datetime.now(UTC)
        live_slack.go_down()
        time.sleep(REFUSED)
        live_slack.fail_all(status=503)
        live_slack.come_back()
        time.sleep(UNAVAILABLE)
        live_slack.fail_all(status=429, retry_after=5)
        # Until two digests came due meanwhile (one a minute).
        wait_for(lambda: len(queued_since(store, down_at)) >= 2, "two digests queued", 90)
        queued_meanwhile = queued_since(store, down_at)
        during = {f: [t for t in times if t > down] for f, times in feeds.asked.items()}
        live_slack.stop_failing()
        feeds.settle(store, since=time.monotonic())
        # The next digest takes the last items; the queued ones go out before it.
        wait_for(lambda: digested(store), "every item in a digest sent", 150)
    finally:
        code = run.stop()
    assert code == 0, run.stderr[-3000:]
    # Digests kept coming due and were queued while Slack was down...
    assert len(queued_meanwhile) >= 2, queued_meanwhile
    failed = [c.status for c in live_slack.calls("chat.postMessage") if c.status != 200]
    assert {503, 429} <= set(failed)
    # ...and feeds kept being polled, none left waiting a minute.
    assert all(len(times) >= 5 for times in during.values()), during
    assert feeds.longest_wait() < 60
    # Each item stored once and in one digest; each digest posted once, whole, in order.
    assert run_problems(feeds, live_slack, store) == []
    store.close()
    feeds.close()
