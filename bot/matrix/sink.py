"""Posting outbox digests to Matrix rooms, exactly once.

Each part of a digest goes out with a transaction id derived from the outbox entry's, so
a resend (after a timeout, a crash between sending and marking sent, or an outage) is
recognised by the homeserver and not posted again.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from nio import AsyncClient, JoinResponse

from bot.delivery import DeliveryError
from bot.digest import digest_from_dict
from bot.matrix.connection import MatrixConnection
from bot.matrix.direct import DirectRooms
from bot.matrix.errors import NOT_SENT
from bot.matrix.sending import MAX_INLINE_WAIT, send_event
from bot.render.matrix import MAX_PART_BYTES, render_matrix_parts
from watchers.storage import OutboxEntry, Store

SEND_TIMEOUT = 120.0
_CANNOT_REACH: tuple[type[BaseException], ...] = (DeliveryError, *NOT_SENT)


def room_address(destination: str) -> str:
    """``matrix:!abc:example.org`` → ``!abc:example.org``: a room id, a ``#alias:server``,
    or a ``@user:server`` (whose direct room is meant).

    Raises:
        DeliveryError: the destination is not a Matrix room or user.
    """
    platform, _, address = destination.partition(":")
    if platform != "matrix" or not address.startswith(("!", "#", "@")):
        raise DeliveryError(f"not a Matrix room or user: {destination!r}")
    return address


def part_txn_id(txn_id: str, index: int) -> str:
    """The transaction id of a digest's part ``index`` (0-based); part 0 keeps the entry's."""
    return txn_id if index == 0 else f"{txn_id}.{index}"


class MatrixSink:
    """The ``Sink`` for ``matrix:`` destinations (see ``bot.delivery``).

    ``store`` keeps the direct rooms of personal digests; without it only rooms work.
    """

    def __init__(
        self,
        connection: MatrixConnection,
        *,
        store: Store | None = None,
        part_bytes: int = MAX_PART_BYTES,
        timeout: float = SEND_TIMEOUT,
        max_inline_wait: timedelta = MAX_INLINE_WAIT,
    ) -> None:
        self._connection = connection
        self._part_bytes = part_bytes
        self._timeout = timeout
        self._max_inline_wait = max_inline_wait
        self._direct = DirectRooms(connection, store)

    def send(self, entry: OutboxEntry) -> str:
        """Post the entry's digest (in parts if it is long); return the first part's event id.

        Raises:
            DeliveryError: nothing or not everything was confirmed; sending again later is
                safe, as confirmed parts are not posted twice.
        """
        address = room_address(entry.destination)
        # Rendering is pure and the part size fixed, so every attempt splits the same way
        # and each part keeps its transaction id.
        parts = render_matrix_parts(digest_from_dict(entry.payload), self._part_bytes)
        try:
            return self._connection.run(self._send(address, parts, entry.txn_id), self._timeout)
        except TimeoutError:
            raise DeliveryError(f"{entry.destination}: no answer in {self._timeout:g}s") from None
        except NOT_SENT as error:
            raise DeliveryError(f"{entry.destination}: {error}") from error

    def check(self, address: str) -> str | None:
        """Why a route to ``address`` (a room id, ``#alias:server`` or user) could not take
        digests: the alias does not resolve, or the bot is not in the room and cannot join.
        None when it can; the bot joins the room if it was not in it yet."""
        if not address.startswith(("!", "#", "@")):
            return f"not a Matrix room, alias or user: {address!r}"
        if address.startswith("@"):
            return None  # a direct room is opened with the first digest
        try:
            self._connection.run(self._reach(address), self._timeout)
        except TimeoutError:
            return f"the homeserver did not answer about {address} in {self._timeout:g}s"
        except _CANNOT_REACH as error:
            return str(error)
        return None

    async def _reach(self, address: str) -> None:
        client = await self._connection.client()
        await self._connection.load_rooms()
        await self._enter(client, await self._room_id(client, address))

    async def _send(self, address: str, parts: list[dict[str, Any]], txn_id: str) -> str:
        client = await self._connection.client()
        await self._connection.load_rooms()
        room_id = await self._room_id(client, address)
        await self._enter(client, room_id)
        event_ids = []
        for index, content in enumerate(parts):
            txn = part_txn_id(txn_id, index)
            wait = self._max_inline_wait
            event_ids.append(await send_event(client, room_id, content, txn, max_inline_wait=wait))
        return event_ids[0]

    async def _room_id(self, client: AsyncClient, address: str) -> str:
        if address.startswith("!"):
            return address
        if address.startswith("@"):
            return await self._direct.room_for(client, address)
        return await self._connection.resolve_alias(address)

    async def _enter(self, client: AsyncClient, room_id: str) -> None:
        """Make sure the bot is in the room and can post there as the room requires."""
        if room_id not in client.rooms:
            # A configured destination: joining works if the bot was invited or it is public.
            answer: Any = await client.join(room_id)
            if not isinstance(answer, JoinResponse):
                raise DeliveryError(
                    f"{room_id}: the bot is not in the room and cannot join: {answer}"
                )
            await self._connection.reload_rooms()
        room = client.rooms.get(room_id)
        if room is not None and room.encrypted and client.olm is None:
            raise DeliveryError(
                f"{room_id} is end-to-end encrypted; install policywatch[e2e] to post there"
            )
