"""The Synapse test harness against a real homeserver on 127.0.0.1."""

from __future__ import annotations

import asyncio
import subprocess
from pathlib import Path

import httpx
import pytest

from support.matrix_person import MatrixRequestError, Person
from support.nio_person import CryptoPerson
from support.synapse import Homeserver, HomeserverFactory
from support.synapse_config import RateLimit
from support.synapse_install import SYNAPSE_VERSION, ensure_synapse, venv_python
from support.synapse_register import RegistrationError

pytestmark = pytest.mark.matrix

# The installed distribution's version; ``synapse.__version__`` appends git details of the cwd.
_PRINT_SYNAPSE_VERSION = "import importlib.metadata as m; print(m.version('matrix-synapse'))"


def test_install_is_done_once_and_holds_the_pinned_version() -> None:
    venv = ensure_synapse()

    assert ensure_synapse() == venv
    version = subprocess.run(
        [venv_python(venv), "-c", _PRINT_SYNAPSE_VERSION],
        capture_output=True,
        text=True,
        check=True,
    )
    assert version.stdout.strip() == SYNAPSE_VERSION


def test_two_people_create_a_room_and_read_each_others_messages(synapse: Homeserver) -> None:
    alice = synapse.register("alice-roundtrip", "alice-password")
    bob = synapse.register("bob-roundtrip", "bob-password")
    assert alice.user_id == f"@alice-roundtrip:{synapse.server_name}"

    with Person(synapse.url, alice) as alice_client, Person(synapse.url, bob) as bob_client:
        room_id = alice_client.create_room(name="roundtrip")
        alice_client.invite(room_id, bob.user_id)
        bob_client.join(room_id)
        event_id = alice_client.send_text(room_id, "网络安全法 amended, hello Bob")
        bob_client.send_text(room_id, "hello Alice")

        assert room_id in bob_client.joined_rooms()
        assert bob_client.wait_for_text(room_id, "网络安全法").event_id == event_id
        seen = [(m.sender, m.body) for m in alice_client.texts(room_id)]
    assert seen == [
        (alice.user_id, "网络安全法 amended, hello Bob"),
        (bob.user_id, "hello Alice"),
    ]


def test_registering_a_taken_username_says_so(synapse: Homeserver) -> None:
    synapse.register("carol-taken", "first-password")

    with pytest.raises(RegistrationError, match="M_USER_IN_USE"):
        synapse.register("carol-taken", "second-password")


def test_strict_message_limit_makes_the_homeserver_refuse_a_burst(
    synapse_factory: HomeserverFactory,
) -> None:
    server = synapse_factory(message_limit=RateLimit(per_second=0.05, burst_count=2))
    user = server.register("dave-burst", "dave-password")

    with Person(server.url, user) as client:
        room_id = client.create_room()
        # Room creation itself may take a token from the bucket, so the exact message that
        # is refused is not pinned: only that a burst beyond the limit meets a refusal.
        with pytest.raises(MatrixRequestError) as refused:
            for number in range(5):
                client.send_text(room_id, f"message {number}")
    assert refused.value.status == 429
    assert refused.value.errcode == "M_LIMIT_EXCEEDED"
    assert refused.value.body["retry_after_ms"] > 0


def test_homeserver_comes_back_after_an_outage_with_its_data(
    synapse_factory: HomeserverFactory,
) -> None:
    server = synapse_factory()
    user = server.register("erin-outage", "erin-password")
    with Person(server.url, user) as client:
        room_id = client.create_room()
        client.send_text(room_id, "before the outage")
    url = server.url

    server.stop()
    assert not server.running
    with pytest.raises(httpx.ConnectError):
        httpx.get(url + "/_matrix/client/versions", trust_env=False)
    server.start()

    assert server.url == url
    with Person(server.url, user) as client:
        client.send_text(room_id, "after the outage")
        assert [m.body for m in client.texts(room_id)] == ["before the outage", "after the outage"]


def test_encrypted_room_is_readable_by_members_and_ciphertext_on_the_wire(
    synapse: Homeserver, tmp_path: Path
) -> None:
    alice = synapse.register("alice-e2e", "alice-password")
    bob = synapse.register("bob-e2e", "bob-password")

    async def exchange() -> tuple[str, str]:
        sender = await CryptoPerson.login(synapse.url, alice, tmp_path / "alice")
        reader = await CryptoPerson.login(synapse.url, bob, tmp_path / "bob")
        try:
            room_id = await sender.create_room(invite=[bob.user_id])
            await reader.join(room_id)
            await sender.send_text(room_id, "secret: 数据安全法 draft")
            return room_id, await reader.wait_for_text(room_id, "secret")
        finally:
            await sender.close()
            await reader.close()

    room_id, body = asyncio.run(exchange())

    assert body == "secret: 数据安全法 draft"
    with Person(synapse.url, bob) as plain:
        last = plain.events(room_id)[-1]
        assert last["type"] == "m.room.encrypted"
        assert plain.texts(room_id) == []
