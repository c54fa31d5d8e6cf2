"""A person on an end-to-end-encryption-capable client (matrix-nio with vodozemac), for tests.

``Person`` in ``matrix_person`` cannot read encrypted rooms; this one can. It logs in with
the user's password as a new device, uploads that device's keys at once (so others can
share room keys with it), and decrypts what it syncs. Its methods are coroutines; a test
runs them with ``asyncio.run``.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Self

from nio import (
    AsyncClient,
    AsyncClientConfig,
    JoinResponse,
    LoginResponse,
    MegolmEvent,
    RoomCreateResponse,
    RoomMessageText,
    RoomSendResponse,
    SyncResponse,
)

from support.matrix_person import encryption_state
from support.synapse_register import RegisteredUser


class CryptoPersonError(RuntimeError):
    """A request of the encrypted client failed; the message has nio's error response."""


class CryptoPerson:
    """One user's encrypting client. Create with ``login``; ``close`` when done."""

    def __init__(self, client: AsyncClient) -> None:
        self._client = client
        self._texts: dict[str, list[str]] = {}
        self._undecrypted: dict[str, int] = {}

    @classmethod
    async def login(cls, homeserver_url: str, user: RegisteredUser, store_dir: Path) -> Self:
        """Log ``user`` in as a new device keeping its crypto store in ``store_dir``.

        Returns a ``CryptoPerson`` whose device keys are already on the homeserver.
        """
        store_dir.mkdir(parents=True, exist_ok=True)
        config = AsyncClientConfig(encryption_enabled=True, store_sync_tokens=False)
        client = AsyncClient(homeserver_url, user.user_id, store_path=str(store_dir), config=config)
        person = cls(client)
        _expect(await client.login(user.password, device_name="policywatch test"), LoginResponse)
        await person.sync()
        return person

    @property
    def user_id(self) -> str:
        """This person's Matrix ID."""
        user_id: str = self._client.user_id
        return user_id

    async def close(self) -> None:
        """Close the HTTP session."""
        await self._client.close()

    async def sync(self, timeout_ms: int = 0) -> None:
        """Sync once: key bookkeeping first, then decrypt and keep the rooms' new messages."""
        response = _expect(await self._client.sync(timeout=timeout_ms), SyncResponse)
        if self._client.should_upload_keys:
            await self._client.keys_upload()
        if self._client.should_query_keys:
            await self._client.keys_query()
        for room_id, room in response.rooms.join.items():
            self._keep(room_id, room.timeline.events)

    async def create_room(self, *, invite: Iterable[str] = (), encrypted: bool = True) -> str:
        """Create a private room, encrypted unless told otherwise; return its room ID."""
        state = [encryption_state()] if encrypted else []
        response = await self._client.room_create(invite=list(invite), initial_state=state)
        room_id: str = _expect(response, RoomCreateResponse).room_id
        await self.sync()
        return room_id

    async def join(self, room_id: str) -> None:
        """Join a room this person was invited to."""
        _expect(await self._client.join(room_id), JoinResponse)
        await self.sync()

    async def send_text(self, room_id: str, body: str) -> str:
        """Send a text message, encrypted if the room is; return its event ID."""
        await self.sync()
        content = {"msgtype": "m.text", "body": body}
        response = await self._client.room_send(
            room_id, "m.room.message", content, ignore_unverified_devices=True
        )
        event_id: str = _expect(response, RoomSendResponse).event_id
        return event_id

    async def wait_for_text(self, room_id: str, contains: str, timeout: float = 10.0) -> str:
        """Sync until a decrypted message whose body contains ``contains`` arrives; return it.

        Raises:
            TimeoutError: none arrived in ``timeout`` seconds; says what was seen instead.
        """
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = [body for body in self._texts.get(room_id, []) if contains in body]
            if found:
                return found[-1]
            await self.sync(timeout_ms=300)
        raise TimeoutError(
            f"no message containing {contains!r} in {room_id}: read "
            f"{self._texts.get(room_id, [])}, {self._undecrypted.get(room_id, 0)} undecryptable"
        )

    def _keep(self, room_id: str, events: Iterable[object]) -> None:
        for event in events:
            if isinstance(event, RoomMessageText):
                self._texts.setdefault(room_id, []).append(event.body)
            elif isinstance(event, MegolmEvent):
                self._undecrypted[room_id] = self._undecrypted.get(room_id, 0) + 1


def _expect(response: Any, kind: type) -> Any:
    """Return ``response`` if it is a ``kind``; otherwise raise with nio's error."""
    if not isinstance(response, kind):
        raise CryptoPersonError(f"expected {kind.__name__}, got {response!r}")
    return response
