"""A Matrix destination is checked before a route to it is kept: the alias must resolve and
the bot be in the room or able to join it."""

from __future__ import annotations

import pytest

from support.synapse import Homeserver

from .conftest import unique

pytestmark = pytest.mark.matrix


def test_rooms_the_bot_cannot_reach_are_refused_with_the_reason(
    synapse: Homeserver, bot_factory, person_factory, rooms
) -> None:
    alice = person_factory(synapse, "alice")
    bot = bot_factory.start(synapse, bot_factory.register(synapse))
    missing = f"#{unique('nowhere')}:{synapse.server_name}"
    assert "cannot resolve" in (bot.sink.check(missing) or "")
    closed = alice.create_room()
    alias = rooms.add_alias(synapse, alice.user, closed)
    assert "not in the room and cannot join" in (bot.sink.check(alias) or "")
    assert "not a Matrix room" in (bot.sink.check("room-without-sigil") or "")


def test_a_room_the_bot_may_join_is_accepted_and_joined(
    synapse: Homeserver, bot_factory, person_factory, rooms
) -> None:
    alice = person_factory(synapse, "alice")
    user = bot_factory.register(synapse)
    bot = bot_factory.start(synapse, user)
    room = alice.create_room()
    alice.invite(room, user.user_id)
    alias = rooms.add_alias(synapse, alice.user, room)
    assert bot.sink.check(alias) is None
    rooms.wait_until(lambda: rooms.joined(alice, room, user.user_id))


def test_the_adapter_says_how_the_connection_stands(synapse: Homeserver, bot_factory) -> None:
    user = bot_factory.register(synapse)
    bot = bot_factory.start(synapse, user)
    assert bot.adapter.state().words == f"connected as {user.user_id}"
    bot.adapter.stop()
    assert bot.adapter.state().words == f"not running ({user.user_id})"
