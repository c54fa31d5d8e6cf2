"""Direct rooms for personal digests (``matrix:@user:server`` destinations).

The bot opens one direct room per subscriber, invites them, and remembers it in ``kv``.
An encrypted room's keys go only to members who have joined, so in an encrypted direct
room a digest waits (pending, retried) until the subscriber accepts the invite.
"""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

from nio import AsyncClient, RoomCreateResponse, RoomPreset

from bot.delivery import DeliveryError
from bot.matrix.connection import MatrixConnection
from watchers.storage import Store
from watchers.storage.chatstate import get_value, set_value

ENCRYPTION = {
    "type": "m.room.encryption",
    "state_key": "",
    "content": {"algorithm": "m.megolm.v1.aes-sha2"},
}
JOIN_WAIT = timedelta(minutes=1)


def direct_key(bot_user_id: str, user_id: str) -> str:
    """The ``kv`` key of the direct room between the bot and ``user_id``."""
    return f"matrix:{bot_user_id}:direct:{user_id}"


class DirectRooms:
    """Finds or opens the direct room with a user."""

    def __init__(self, connection: MatrixConnection, store: Store | None) -> None:
        self._connection = connection
        self._store = store
        self._lock = asyncio.Lock()

    async def room_for(self, client: AsyncClient, user_id: str) -> str:
        """The id of the direct room with ``user_id``, opened (and the user invited) if needed.

        Raises:
            DeliveryError: the room could not be made, or it is encrypted and the user has
                not joined yet (``retry_after`` says when to look again).
        """
        if self._store is None:
            raise DeliveryError(f"cannot send to {user_id}: direct rooms need the database")
        key = direct_key(self._connection.user_id, user_id)
        async with self._lock:
            room_id = await asyncio.to_thread(get_value, self._store, key)
            room = client.rooms.get(room_id) if room_id else None
            # nio counts invited members among ``users`` too.
            if room is None or user_id not in room.users:
                room_id = await self._open(client, user_id)
                await asyncio.to_thread(set_value, self._store, key, room_id)
                room = client.rooms.get(room_id)
        assert room_id is not None
        if room is not None and room.encrypted and user_id in room.invited_users:
            raise DeliveryError(f"waiting for {user_id} to join {room_id}", retry_after=JOIN_WAIT)
        return room_id

    async def _open(self, client: AsyncClient, user_id: str) -> str:
        answer: Any = await client.room_create(
            is_direct=True,
            # Not trusted_private_chat, which would give the subscriber power level 100
            # and with it the admin commands.
            preset=RoomPreset.private_chat,
            invite=[user_id],
            initial_state=[ENCRYPTION] if client.olm is not None else [],
        )
        if not isinstance(answer, RoomCreateResponse):
            raise DeliveryError(f"cannot open a direct room with {user_id}: {answer}")
        # The new room's state (members, encryption) comes with the next sync.
        await self._connection.reload_rooms()
        return str(answer.room_id)
