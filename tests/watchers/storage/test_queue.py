"""The due-queue: claiming due feeds under leases, renewing them, and fencing a poll's
writes with its lease, on SQLite and PostgreSQL."""

import threading
from datetime import UTC, datetime, timedelta

import pytest

from watchers.decide import PollOutcome
from watchers.errors import LeaseLost
from watchers.model import FeedSpec, FeedState
from watchers.storage.queue import QueuedFeed

NOW = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)
LEASE = timedelta(seconds=30)
IDS = [f"f{n}" for n in range(6)]


def everything(queued: list[QueuedFeed]) -> list[str]:
    return [q.feed_id for q in queued]


@pytest.fixture
def queue(store):
    store.sync_feeds(FeedSpec(i, f"https://example.org/{i}.xml") for i in IDS)
    # f0 is never polled; the others fell due 1 to 5 minutes ago, f5 first.
    for n, feed_id in enumerate(IDS[1:], start=1):
        store.save_feed_state(FeedState(feed_id, next_check=NOW - timedelta(minutes=n)))
    return store


def test_due_feeds_come_most_overdue_first_never_polled_ones_before_all(queue):
    seen = []

    def choose(queued):
        seen.extend(q.feed_id for q in queued)
        return [q.feed_id for q in queued[:3]]

    claimed = queue.claim_due("a", NOW, LEASE, IDS, choose, scan=10)
    assert seen == ["f0", "f5", "f4", "f3", "f2", "f1"]
    assert [q.feed_id for q in claimed] == ["f0", "f5", "f4"]
    # The rest are still due; the claimed ones are a's until the lease runs out.
    rest = queue.claim_due("b", NOW, LEASE, IDS, everything, scan=10)
    assert [q.feed_id for q in rest] == ["f3", "f2", "f1"]
    assert queue.claim_due("b", NOW + LEASE / 2, LEASE, IDS, everything, scan=10) == []


def test_only_eligible_unmuted_due_feeds_are_candidates(queue):
    queue.save_feed_state(FeedState("f1", next_check=NOW + timedelta(seconds=1)))
    queue.set_feed_muted("f2", True)
    claimed = queue.claim_due("a", NOW, LEASE, ["f1", "f2", "f3"], everything, scan=10)
    assert [q.feed_id for q in claimed] == ["f3"]
    assert queue.claim_due("a", NOW, LEASE, [], everything, scan=10) == []


def test_an_expired_lease_is_taken_over_and_says_who_left_it(queue):
    (first,) = queue.claim_due("a", NOW, LEASE, ["f3"], everything, scan=10)
    assert first.left_by == ""
    assert queue.claim_due("b", NOW + LEASE, LEASE, ["f3"], everything, scan=10) == []
    later = NOW + LEASE + timedelta(seconds=1)
    (taken,) = queue.claim_due("b", later, LEASE, ["f3"], everything, scan=10)
    assert taken.left_by == "a"
    assert queue.feed_leases()["f3"].owner == "b"


def test_renewing_keeps_a_lease_and_says_which_were_lost(queue):
    queue.claim_due("a", NOW, LEASE, ["f1", "f2"], everything, scan=10)
    # a stalls past its lease; b takes f2 over.
    later = NOW + LEASE + timedelta(seconds=1)
    queue.claim_due("b", later, LEASE, ["f2"], everything, scan=10)
    assert queue.renew_leases("a", {"f1", "f2"}, later + LEASE) == {"f1"}
    assert queue.feed_leases()["f1"].until == later + LEASE
    assert queue.claim_due("b", later, LEASE, ["f1"], everything, scan=10) == []
    queue.release_leases("a", {"f1", "f2"})
    leases = queue.feed_leases()
    assert "f1" not in leases and leases["f2"].owner == "b"


def test_claims_at_the_same_moment_never_share_a_feed(queue):
    """b claims while a is between reading its candidates and taking them: on PostgreSQL
    b skips the rows a has locked, on SQLite a's compare-and-set loses what b took."""
    b_done = threading.Event()
    results = {}

    def b_claims():
        results["b"] = queue.claim_due("b", NOW, LEASE, IDS, everything, scan=10)
        b_done.set()

    def a_chooses(queued):
        threading.Thread(target=b_claims).start()
        b_done.wait(30)
        return [q.feed_id for q in queued]

    results["a"] = queue.claim_due("a", NOW, LEASE, IDS, a_chooses, scan=10)
    a = {q.feed_id for q in results["a"]}
    b = {q.feed_id for q in results["b"]}
    assert a.isdisjoint(b) and a | b == set(IDS)
    leases = queue.feed_leases()
    assert all(leases[i].owner == "a" for i in a) and all(leases[i].owner == "b" for i in b)


def test_a_poll_stores_only_while_its_lease_holds_and_releases_it(queue):
    queue.claim_due("a", NOW, LEASE, ["f1"], everything, scan=10)
    polled = FeedState("f1", last_checked=NOW, next_check=NOW + timedelta(minutes=5))
    queue.apply_poll(PollOutcome(polled), NOW, lease_owner="a")
    assert queue.feed_state("f1") == polled
    assert "f1" not in queue.feed_leases()
    # a's lease ran out and b holds the feed: a's late outcome is refused whole.
    queue.save_feed_state(FeedState("f2", next_check=NOW))
    queue.claim_due("a", NOW, LEASE, ["f2"], everything, scan=10)
    later = NOW + LEASE + timedelta(seconds=1)
    queue.claim_due("b", later, LEASE, ["f2"], everything, scan=10)
    with pytest.raises(LeaseLost):
        queue.apply_poll(PollOutcome(FeedState("f2", last_checked=NOW)), NOW, lease_owner="a")
    with pytest.raises(LeaseLost):
        queue.save_feed_state(FeedState("f2", error_count=1), lease_owner="a")
    assert queue.feed_state("f2") == FeedState("f2", next_check=NOW)
    assert queue.feed_leases()["f2"].owner == "b"
