"""`policywatch run` killed (SIGKILL) at random moments while it polls growing feeds and
posts digests to Slack, and started again on the same data each time.

Half the kills land during a delivery: Slack answers posts late, and the process is
killed after Slack took a part and before it heard so, or between two parts. At the end
every item served is stored once, every digest is posted whole and once, in order, each
item in exactly one digest, and no feed waited a minute for a poll, restarts included.
"""

from __future__ import annotations

import random
import signal
import time

from support.fakeslack import FakeSlack
from support.faultrun import deliver_everything, fault_config, item_problems, run_store
from support.growing import GrowingFeeds
from support.running import Running, wait_for
from support.slackrun import SLACK_ROUTE, delivery_problems, start_slack_run

KILLS = 6
ANSWER_LATE = 2.0  # seconds between Slack posting a part and the process hearing so
# How long after a digest's first post each kill during delivery comes: while Slack's
# answer to it is on its way, then about the second part, then anywhere in between.
DURING_DELIVERY = ((0.1, 1.0), (ANSWER_LATE, 2 * ANSWER_LATE), (0.0, 2 * ANSWER_LATE))


def posts(fake: FakeSlack) -> int:
    return len(fake.calls("chat.postMessage"))


def next_post(fake: FakeSlack) -> None:
    """Wait until the fake receives another chat.postMessage."""
    before = posts(fake)
    wait_for(lambda: posts(fake) > before, "a digest going out", 150)


def kill(run: Running) -> None:
    run.signal(signal.SIGKILL)
    run.process.wait()


def test_killed_at_random_moments_it_stores_and_posts_everything_once(
    live_slack: FakeSlack, tmp_path
) -> None:
    rng = random.Random(5)
    feeds = GrowingFeeds(hosts=2, per_host=2, every=2.0)
    config = fault_config(tmp_path / "config", feeds.urls, SLACK_ROUTE)
    workdir = tmp_path / "run"
    live_slack.answer_late(ANSWER_LATE)
    run = start_slack_run(config, workdir, live_slack)
    try:
        for n in range(KILLS):
            if n % 2:
                next_post(live_slack)
                time.sleep(rng.uniform(*DURING_DELIVERY[n // 2]))
            else:
                time.sleep(rng.uniform(2.0, 10.0))
            kill(run)
            run = start_slack_run(config, workdir, live_slack)
        store = run_store(workdir)
        deliver_everything(feeds, store)
    finally:
        code = run.stop()
    assert code == 0, run.stderr[-3000:]
    # A kill came after Slack took a part and before the process heard so: the restart
    # looked in the channel for it rather than posting it again.
    assert live_slack.calls("conversations.history")
    assert feeds.longest_wait() < 60
    assert item_problems(feeds, store) == []
    assert delivery_problems(live_slack, store) == []
    store.close()
    feeds.close()
