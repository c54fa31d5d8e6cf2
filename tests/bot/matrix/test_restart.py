"""Restarts: the bot resumes where it stopped and never answers a command twice."""

from __future__ import annotations

import httpx
import pytest

from bot.matrix.session import SESSION_FILE, load_session
from bot.matrix.syncer import token_key
from support.synapse import Homeserver
from watchers.storage import Store
from watchers.storage.chatstate import get_value, set_value

pytestmark = pytest.mark.matrix


def replies_to(rooms, person, room: str, sender: str, event_id: str) -> list[dict]:
    return [
        e
        for e in rooms.notices_from(person, room, sender)
        if e["content"]["m.relates_to"]["m.in_reply_to"]["event_id"] == event_id
    ]


def test_a_replayed_sync_after_a_restart_answers_no_command_twice(
    synapse: Homeserver, bot_factory, person_factory, rooms
) -> None:
    alice = person_factory(synapse, "alice")
    user = bot_factory.register(synapse)
    bot = bot_factory.start(synapse, user)
    room = alice.create_room(invite=[user.user_id])
    rooms.wait_until(lambda: rooms.joined(alice, room, user.user_id))
    rooms.wait_until(lambda: get_value(bot.store, token_key(user.user_id)))
    before_command = get_value(bot.store, token_key(user.user_id))

    first = alice.send_text(room, "!policywatch status")
    rooms.wait_until(lambda: replies_to(rooms, alice, room, user.user_id, first))
    bot.stop()
    # As if the process died before saving its position: the next run replays the command.
    store = Store.open(f"sqlite:///{bot_factory.tmp_path / 'bot' / 'db.sqlite3'}")
    set_value(store, token_key(user.user_id), before_command or "")
    store.close()

    bot_factory.start(synapse, user)
    second = alice.send_text(room, "!policywatch list")
    rooms.wait_until(lambda: replies_to(rooms, alice, room, user.user_id, second))

    assert len(replies_to(rooms, alice, room, user.user_id, first)) == 1
    assert len(replies_to(rooms, alice, room, user.user_id, second)) == 1


def test_commands_sent_before_the_first_start_are_history(
    synapse: Homeserver, bot_factory, person_factory, rooms
) -> None:
    alice = person_factory(synapse, "alice")
    user = bot_factory.register(synapse)
    room = alice.create_room(invite=[user.user_id])
    httpx.post(
        f"{synapse.url}/_matrix/client/v3/join/{room}",
        json={},
        headers={"Authorization": f"Bearer {user.access_token}"},
        trust_env=False,
    ).raise_for_status()
    old = alice.send_text(room, "!policywatch status")

    bot_factory.start(synapse, user)
    new = alice.send_text(room, "!policywatch status")
    rooms.wait_until(lambda: replies_to(rooms, alice, room, user.user_id, new))

    assert replies_to(rooms, alice, room, user.user_id, old) == []


def test_a_password_login_happens_once_and_its_device_is_kept(
    synapse: Homeserver, bot_factory
) -> None:
    user = bot_factory.register(synapse)
    bot = bot_factory.start(synapse, user, password_login=True)
    saved = bot_factory.tmp_path / "bot" / "matrix" / SESSION_FILE
    first = load_session(saved)
    bot.stop()

    bot_factory.start(synapse, user, password_login=True)

    assert first is not None and first.device_id != user.device_id
    assert load_session(saved) == first
    assert saved.stat().st_mode & 0o777 == 0o600
    devices = httpx.get(
        f"{synapse.url}/_matrix/client/v3/devices",
        headers={"Authorization": f"Bearer {user.access_token}"},
        trust_env=False,
    ).json()["devices"]
    assert sorted(d["device_id"] for d in devices) == sorted([user.device_id, first.device_id])
