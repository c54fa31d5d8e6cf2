"""The bot in an end-to-end encrypted room: it reads commands and posts digests encrypted."""

from __future__ import annotations

import pytest

from support.service import rss
from support.synapse import Homeserver

pytestmark = pytest.mark.matrix

ITEMS = rss(
    ("g1", "Data Security Law anniversary", "The Data Security Law took effect on June 1, 2021."),
)


def test_commands_and_digests_in_an_encrypted_room(
    synapse: Homeserver, shared_loop, bot_factory, person_factory, crypto_person, rooms, feed_server
) -> None:
    run = shared_loop.run
    alice_plain = person_factory(synapse, "alice")
    alice = crypto_person(synapse, alice_plain.user)
    user = bot_factory.register(synapse)
    url = feed_server.serve("/wire.xml", ITEMS)
    room = run(alice.create_room(invite=[user.user_id], encrypted=True), 30)
    alias = rooms.add_alias(synapse, alice_plain.user, room)
    bot = bot_factory.start(synapse, user, room=alias, feeds={"wire": url}, loop=shared_loop)
    rooms.wait_until(lambda: rooms.joined(alice_plain, room, user.user_id))

    asked = run(alice.send_text(room, "!policywatch status"), 30)
    run(alice.wait_for_text(room, "Feeds:", timeout=20), 30)
    bot.service.poll_due()
    bot.service.build_digests()
    assert bot.service.deliver() == 1
    run(alice.wait_for_text(room, "policywatch digest", timeout=20), 30)

    reply = alice.content_of(room, "Feeds:")
    digest = alice.content_of(room, "policywatch digest")
    assert reply["m.relates_to"]["m.in_reply_to"] == {"event_id": asked}
    assert reply["m.relates_to"]["rel_type"] == "m.thread"
    assert digest["msgtype"] == "m.notice"
    assert "CONTRADICTS" in digest["formatted_body"]
    assert digest["m.mentions"] == {}
    on_the_wire = [e for e in alice_plain.events(room) if e["sender"] == user.user_id]
    assert "m.room.encrypted" in {e["type"] for e in on_the_wire}
    assert "m.room.message" not in {e["type"] for e in on_the_wire}


def test_after_a_restart_the_bot_still_reads_and_writes_the_encrypted_room(
    synapse: Homeserver, shared_loop, bot_factory, person_factory, crypto_person, rooms
) -> None:
    run = shared_loop.run
    alice_plain = person_factory(synapse, "alice")
    alice = crypto_person(synapse, alice_plain.user)
    user = bot_factory.register(synapse)
    room = run(alice.create_room(invite=[user.user_id], encrypted=True), 30)
    bot = bot_factory.start(synapse, user, loop=shared_loop)
    rooms.wait_until(lambda: rooms.joined(alice_plain, room, user.user_id))
    run(alice.send_text(room, "!policywatch status"), 30)
    run(alice.wait_for_text(room, "Feeds:", timeout=20), 30)
    bot.stop()

    bot_factory.start(synapse, user, loop=shared_loop)
    run(alice.send_text(room, "!policywatch list"), 30)
    answer = run(alice.wait_for_text(room, "entities,", timeout=20), 30)

    assert "2 entities" in answer
