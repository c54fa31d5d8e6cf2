"""Slack down for minutes under a running `policywatch run`: digests wait, none is lost.

The real process polls feeds that keep gaining items and queues a digest every minute,
while the fake Web API first refuses connections, then answers 503, then 429 with a
``Retry-After``, for two minutes in all. Polling goes on throughout; the digests that
came due meanwhile are posted once each, in the order queued, once Slack is back.
"""

from __future__ import annotations

import time

from support.fakeslack import FakeSlack
from support.faultrun import Outage, deliver_everything, fault_run, item_problems, run_store
from support.growing import GrowingFeeds
from support.running import wait_for
from support.slackrun import SLACK_ROUTE, delivery_problems, slack_env

# The outage's first two phases, in seconds: connections refused, then 503; then 429
# until two digests came due.
REFUSED, UNAVAILABLE = 45, 45


def posted(fake: FakeSlack) -> int:
    return sum(1 for call in fake.calls("chat.postMessage") if call.status == 200)


def test_digests_queued_while_slack_is_down_arrive_once_each_in_order(
    live_slack: FakeSlack, tmp_path
) -> None:
    feeds = GrowingFeeds(hosts=2, per_host=2, every=4.0)
    with fault_run(feeds, tmp_path, SLACK_ROUTE, **slack_env(live_slack)):
        wait_for(lambda: posted(live_slack), "the first digest", 90)
        store = run_store(tmp_path / "run")
        outage = Outage(feeds, store)
        live_slack.go_down()
        time.sleep(REFUSED)
        live_slack.fail_all(status=503)
        live_slack.come_back()
        time.sleep(UNAVAILABLE)
        live_slack.fail_all(status=429, retry_after=5)
        outage.last_until_two_digests(90)
        live_slack.stop_failing()
        # The next digest takes the last items; the queued ones go out before it.
        deliver_everything(feeds, store)
    # Digests kept coming due and were queued while Slack failed, feeds kept being
    # polled, none left waiting a minute.
    assert outage.problems() == []
    failed = [c.status for c in live_slack.calls("chat.postMessage") if c.status != 200]
    assert {503, 429} <= set(failed)
    assert feeds.longest_wait() < 60
    # Each item stored once and in one digest; each digest posted once, whole, in order.
    assert item_problems(feeds, store) == []
    assert delivery_problems(live_slack, store) == []
    store.close()
    feeds.close()


def test_started_while_slack_is_down_it_polls_and_queues_then_delivers(
    live_slack: FakeSlack, tmp_path
) -> None:
    feeds = GrowingFeeds(hosts=1, per_host=2, every=2.0)
    live_slack.go_down()
    started = time.monotonic()
    with fault_run(feeds, tmp_path, SLACK_ROUTE, **slack_env(live_slack)) as run:
        wait_for(run.up, "the service to start")
        store = run_store(tmp_path / "run")
        # Slack's credentials cannot be checked, yet feeds are polled and a digest queued.
        wait_for(lambda: min(feeds.asks_after(started).values()) >= 3, "polls", 60)
        wait_for(lambda: store.outbox("pending"), "a digest queued", 60)
        live_slack.come_back()
        deliver_everything(feeds, store)
    assert "Slack not reached" in run.stderr
    assert item_problems(feeds, store) == []
    assert delivery_problems(live_slack, store) == []
    store.close()
    feeds.close()


def test_a_stop_while_slack_is_still_down_is_clean(live_slack: FakeSlack, tmp_path) -> None:
    feeds = GrowingFeeds(hosts=1, per_host=1)
    live_slack.go_down()
    with fault_run(feeds, tmp_path, SLACK_ROUTE, **slack_env(live_slack)) as run:
        wait_for(lambda: min(feeds.asks_after(0).values()), "a poll")
    assert "Traceback" not in run.stderr
    feeds.close()
