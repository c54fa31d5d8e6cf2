"""Digests reach Matrix exactly once through outages and rate limits."""

from __future__ import annotations

import random
import time
import uuid
from datetime import UTC, datetime, timedelta

import pytest

from bot.delivery import Deliverer
from bot.digest import digest_to_dict
from bot.matrix.sink import MatrixSink
from support.service import rss
from support.synapse import HomeserverFactory, RateLimit
from watchers.model import Digest, DigestLine, Label

pytestmark = pytest.mark.matrix

ITEMS = rss(
    ("g1", "Data Security Law anniversary", "The Data Security Law took effect on June 1, 2021."),
)


def digest(title: str) -> Digest:
    line = DigestLine(Label.MENTIONS, title, link="https://news.example/x")
    return Digest("desk", datetime(2026, 11, 22, 9, tzinfo=UTC), (line,))


def enqueue(bot, destination: str, titles: list[str]) -> None:
    for number, title in enumerate(titles):
        bot.store.enqueue_digest(
            f"route{number}",
            destination,
            digest_to_dict(digest(title)),
            expected_cursor=0,
            new_cursor=1,
            txn_id=uuid.uuid4().hex,
            now=bot.now[0],
        )


def deliver_all(bot, deliverer: Deliverer | None = None, rounds: int = 40) -> None:
    """Deliver until the outbox is empty, moving the clock past each retry time."""
    deliverer = deliverer or bot.service.deliverer
    for _ in range(rounds):
        deliverer.deliver_due(bot.now[0])
        if not bot.store.outbox("pending"):
            return
        bot.advance(timedelta(minutes=31))
        time.sleep(0.5)
    raise AssertionError(f"still pending: {bot.store.outbox('pending')}")


def test_a_homeserver_outage_delays_the_digest_and_drops_nothing(
    synapse_factory: HomeserverFactory, bot_factory, person_factory, rooms, feed_server
) -> None:
    server = synapse_factory()
    alice = person_factory(server, "alice")
    user = bot_factory.register(server)
    room = alice.create_room(invite=[user.user_id])
    alias = rooms.add_alias(server, alice.user, room)
    url = feed_server.serve("/wire.xml", ITEMS)
    bot = bot_factory.start(server, user, room=alias, feeds={"wire": url})
    rooms.wait_until(lambda: rooms.joined(alice, room, user.user_id))
    bot.service.poll_due()
    bot.service.build_digests()

    server.stop()
    assert bot.service.deliver() == 0
    [waiting] = bot.store.outbox("pending")
    assert waiting.attempts == 1 and waiting.last_error
    server.start()
    deliver_all(bot)

    [sent] = bot.store.outbox("sent")
    assert sent.id == waiting.id
    digests = [m for m in alice.texts(room) if "policywatch digest" in m.body]
    assert [m.event_id for m in digests] == [sent.remote_id]


def test_rate_limited_digests_all_arrive_once_each(
    synapse_factory: HomeserverFactory, bot_factory, person_factory, rooms
) -> None:
    server = synapse_factory(message_limit=RateLimit(per_second=1.0, burst_count=2))
    alice = person_factory(server, "alice")
    user = bot_factory.register(server)
    room = alice.create_room(invite=[user.user_id])
    bot = bot_factory.start(server, user)
    rooms.wait_until(lambda: rooms.joined(alice, room, user.user_id))
    titles = [f"Data Security Law item {n}" for n in range(6)]
    enqueue(bot, f"matrix:{room}", titles)

    # A sink that never waits in place hands every refusal back to the outbox...
    impatient = MatrixSink(bot.connection, max_inline_wait=timedelta(0))
    deliverer = Deliverer(bot.store, {"matrix": impatient}, "impatient", random.Random(0))
    deliverer.deliver_due(bot.now[0])
    refused = bot.store.outbox("pending")
    assert refused and all("M_LIMIT_EXCEEDED" in e.last_error for e in refused)
    # ...and the default one waits out short limits itself.
    deliver_all(bot)

    bodies = [m.body for m in alice.texts(room) if "policywatch digest" in m.body]
    assert sorted(title for title in titles for body in bodies if title in body) == titles
    assert len(bodies) == len(titles)
