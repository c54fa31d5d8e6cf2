"""The deliverer sends one destination's digests in the order queued, and keeps its
lease on a digest for as long as the send takes."""

from __future__ import annotations

import random
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

import bot.delivery
from bot.delivery import ConsoleSink, Deliverer, DeliveryError
from watchers.storage import OutboxEntry, Store

NOW = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)


class Platform:
    """A sink that is down until ``up`` and records what it took, in order."""

    def __init__(self) -> None:
        self.up = False
        self.took: list[int] = []
        self.tries = 0

    def send(self, entry: OutboxEntry) -> str:
        self.tries += 1
        if not self.up:
            raise DeliveryError("unreachable")
        self.took.append(entry.id)
        return f"msg-{entry.id}"


@pytest.fixture
def store(tmp_path: Path):
    opened = Store.open(f"sqlite:///{tmp_path / 'db.sqlite3'}")
    yield opened
    opened.close()


def queue(store: Store, n: int, at: datetime) -> int:
    entry = store.enqueue_digest(
        f"r{n}", "slack:#a", {"n": n}, expected_cursor=0, new_cursor=1, txn_id=f"t{n}", now=at
    )
    assert entry is not None
    return entry


def deliverer(store: Store, sink: object, owner: str = "me") -> Deliverer:
    sinks = {"slack": sink, "console": ConsoleSink()}
    return Deliverer(store, sinks, owner, random.Random(0))  # type: ignore[arg-type]


def test_later_digests_wait_behind_the_oldest_and_then_follow_it_in_order(store) -> None:
    platform = Platform()
    send = deliverer(store, platform)
    first, second = queue(store, 1, NOW), queue(store, 2, NOW)
    assert send.deliver_due(NOW) == 0
    assert platform.tries == 1  # the second was not tried against a platform that is down
    failed, waiting = store.outbox("pending")
    assert (failed.attempts, waiting.attempts) == (1, 0)
    assert waiting.last_error == f"waiting for digest {first}, not delivered (unreachable)"
    platform.up = True
    # A new digest tries the oldest again before its retry time; all go, oldest first.
    later = NOW + timedelta(milliseconds=1)
    third = queue(store, 3, later)
    assert send.deliver_due(later) == 3
    assert platform.took == [first, second, third]


def test_a_digest_is_kept_leased_while_its_send_goes_on(store, monkeypatch) -> None:
    monkeypatch.setattr(bot.delivery, "LEASE", timedelta(seconds=1.5))
    seen: list[list[OutboxEntry]] = []

    class Slow:
        def send(self, entry: OutboxEntry) -> str:
            time.sleep(3.0)  # twice the lease; renewed every half second meanwhile
            seen.append(store.due_outbox(NOW + timedelta(seconds=2.5), "other", bot.delivery.LEASE))
            return "done"

    queue(store, 1, NOW)
    assert deliverer(store, Slow()).deliver_due(NOW) == 1
    assert seen == [[]]  # another instance could not take it meanwhile
