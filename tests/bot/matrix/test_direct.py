"""Personal digests reach a subscriber in an encrypted direct room opened by the bot."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest

from bot.commands.subscriptions import PersonalDigests
from bot.matrix.direct import direct_key
from support.service import rss
from support.synapse import Homeserver
from watchers.storage.chatstate import get_value

pytestmark = pytest.mark.matrix

ITEMS = rss(
    ("g1", "Data Security Law anniversary", "The Data Security Law took effect on June 1, 2021."),
)


def test_a_subscriber_gets_a_personal_digest_once_they_join_the_direct_room(
    synapse: Homeserver, shared_loop, bot_factory, person_factory, crypto_person, rooms, feed_server
) -> None:
    run = shared_loop.run
    alice_plain = person_factory(synapse, "alice")
    user = bot_factory.register(synapse)
    room = alice_plain.create_room(invite=[user.user_id])
    bot = bot_factory.start(
        synapse, user, feeds={"wire": feed_server.serve("/wire.xml", ITEMS)}, loop=shared_loop
    )
    rooms.wait_until(lambda: rooms.joined(alice_plain, room, user.user_id))
    alice_plain.send_text(room, "!policywatch subscribe data_security_law")
    alice_plain.wait_for_text(room, "Subscribed", timeout=15)
    bot.service.poll_due()
    bot.advance(timedelta(hours=1))  # personal digests go out hourly

    assert PersonalDigests(bot.service).run_due() == 1
    [waiting] = bot.store.outbox("pending")
    assert "waiting for" in waiting.last_error
    direct = get_value(bot.store, direct_key(user.user_id, alice_plain.user_id))
    assert direct is not None

    alice = crypto_person(synapse, alice_plain.user)
    run(alice.join(direct), 30)
    for _ in range(40):
        bot.advance(timedelta(minutes=2))
        if bot.service.deliver():
            break
        time.sleep(0.25)
    body = run(alice.wait_for_text(direct, "policywatch digest", timeout=10), 30)
    assert "Data Security Law anniversary" in body

    # The direct room gives its subscriber no power over the config.
    run(alice.send_text(direct, "!policywatch feed add https://feeds.example/x.xml"), 30)
    run(alice.wait_for_text(direct, "only policywatch admins", timeout=15), 30)
    assert [e.id for e in bot.store.outbox("sent")] == [waiting.id]
