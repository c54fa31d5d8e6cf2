"""Taking digests to send: one destination's in the order queued, under short leases."""

from datetime import UTC, datetime, timedelta

from watchers.storage import Store

NOW = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)
LEASE = timedelta(seconds=30)


def queue(store: Store, destination: str, n: int) -> int:
    entry = store.enqueue_digest(
        f"r-{destination}-{n}",
        destination,
        {"n": n},
        expected_cursor=0,
        new_cursor=1,
        txn_id=f"t-{destination}-{n}",
        now=NOW,
    )
    assert entry is not None
    return entry


def ids(store: Store, owner: str, at: datetime = NOW) -> list[int]:
    return [e.id for e in store.due_outbox(at, owner, LEASE)]


def test_a_due_digest_brings_the_older_ones_waiting_for_a_retry(store: Store) -> None:
    old, middle = queue(store, "slack:#a", 1), queue(store, "slack:#a", 2)
    other = queue(store, "slack:#b", 1)
    store.mark_failed(old, "down", NOW + timedelta(minutes=20))
    store.mark_failed(middle, "down", NOW + timedelta(minutes=20))
    store.mark_failed(other, "down", NOW + timedelta(minutes=20))
    assert ids(store, "x") == []  # nothing of either destination is due
    new = queue(store, "slack:#a", 3)
    assert ids(store, "x") == [old, middle, new]  # oldest first; #b still waits


def test_nothing_of_a_destination_is_taken_while_its_oldest_is_leased(store: Store) -> None:
    first, second = queue(store, "slack:#a", 1), queue(store, "slack:#a", 2)
    assert ids(store, "a") == [first, second]
    store.release_outbox("a", [second])  # "a" goes on with the first only
    assert ids(store, "b") == []
    assert ids(store, "b", NOW + LEASE + timedelta(seconds=1)) == [first, second]


def test_a_renewed_lease_keeps_the_digest_and_a_released_one_waits_as_told(
    store: Store,
) -> None:
    first, second = queue(store, "slack:#a", 1), queue(store, "slack:#a", 2)
    assert ids(store, "a") == [first, second]
    later = NOW + LEASE + timedelta(seconds=5)
    assert store.renew_outbox_leases("a", {first, second}, later + LEASE) == {first, second}
    assert store.renew_outbox_leases("b", {first}, later + LEASE) == set()
    assert ids(store, "b", later) == []
    retry = NOW + timedelta(minutes=3)
    store.mark_failed(first, "down", retry)
    store.release_outbox("a", [second], retry, "waiting for digest 1")
    waiting = store.outbox("pending")[1]
    assert (waiting.attempts, waiting.last_error) == (0, "waiting for digest 1")
    assert ids(store, "b", retry - timedelta(seconds=1)) == []
    assert ids(store, "b", retry) == [first, second]
