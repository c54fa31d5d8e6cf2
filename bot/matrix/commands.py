"""Answering ``!policywatch …`` commands: each event answered once, in its thread.

An event is claimed in ``handled_events`` before its command runs, so neither a restart
nor a sync replayed from an older token answers it again; commands sent before the bot's
first sync, or more than a day before the bot saw them, are history and not answered.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime, timedelta
from typing import Any

from nio import AsyncClient, MatrixRoom, MegolmEvent
from nio.exceptions import EncryptionError, LocalProtocolError

from bot.commands.base import Caller, Reply
from bot.delivery import DeliveryError
from bot.matrix.connection import MatrixConnection
from bot.matrix.errors import NOT_SENT
from bot.matrix.events import command_text, event_time_ms, is_admin, reply_content, reply_txn_id
from bot.matrix.rooms import power_of
from bot.matrix.sending import send_event
from watchers.config.schema import Settings
from watchers.storage import Store
from watchers.storage.chatstate import claim_event

log = logging.getLogger(__name__)

Dispatch = Callable[[str, Caller], Reply]
# How long an event that cannot be decrypted yet waits for its room key.
KEY_WAIT_SECONDS = 300.0
# Commands older than this when first seen (after a long outage) are not run any more:
# the asker has moved on, and an edit arriving a day late would surprise.
MAX_COMMAND_AGE = timedelta(hours=24)
REPLY_ATTEMPTS = 3


class CommandHandler:
    """Turns the timeline events of synced rooms into dispatched commands and replies."""

    def __init__(
        self,
        connection: MatrixConnection,
        store: Store,
        dispatch: Dispatch,
        settings: Callable[[], Settings],
        clock: Callable[[], datetime],
        destinations: Callable[[], Iterable[str]] = tuple,
    ) -> None:
        """``destinations`` lists the routes' destinations, so that a command knows the
        aliases its room goes by in the config."""
        self._connection = connection
        self._store = store
        self._destinations = destinations
        self._dispatch = dispatch
        self._settings = settings
        self._clock = clock
        self._bot = connection.user_id
        self.since_ms = 0  # commands sent before this time are history
        self._waiting: dict[str, tuple[MegolmEvent, float]] = {}
        self._unreadable_rooms: set[str] = set()

    async def handle_rooms(self, client: AsyncClient, joined: Mapping[str, Any]) -> None:
        """Handle the timelines of one sync's joined rooms, then events whose keys came."""
        for room_id, info in joined.items():
            for event in info.timeline.events:
                await self.handle_event(client, room_id, event)
        await self._retry_waiting(client)

    async def handle_event(self, client: AsyncClient, room_id: str, event: Any) -> None:
        """Answer ``event`` if it is a new command; keep it for later if it is undecryptable."""
        if isinstance(event, MegolmEvent):
            if client.olm is None:
                self._cannot_decrypt(room_id)
                return
            event.room_id = room_id
            self._waiting.setdefault(event.event_id, (event, time.monotonic()))
            return
        source: Mapping[str, Any] = getattr(event, "source", {})
        text = command_text(source, self._settings().matrix.command_prefix, self._bot)
        if text is None or event_time_ms(source) < self._oldest_ms():
            return
        event_id = str(source.get("event_id", ""))
        if not await asyncio.to_thread(claim_event, self._store, event_id, self._clock()):
            return
        caller = await self._caller(client.rooms.get(room_id), room_id, source)
        reply = await asyncio.to_thread(self._dispatch, text, caller)
        await self._reply(client, room_id, source, reply)

    def _oldest_ms(self) -> int:
        """Commands sent before this time (ms) are not answered."""
        recent = int((self._clock() - MAX_COMMAND_AGE).timestamp() * 1000)
        return max(self.since_ms, recent)

    async def _caller(
        self, room: MatrixRoom | None, room_id: str, event: Mapping[str, Any]
    ) -> Caller:
        sender = str(event.get("sender", ""))
        level = power_of(room, sender, self._connection.creators.get(room_id))
        return Caller(
            platform="matrix",
            user_id=sender,
            room=room_id,
            is_admin=is_admin(sender, level, self._settings()),
            event_id=str(event.get("event_id", "")),
            room_names=await self._aliases_of(room, room_id),
        )

    async def _aliases_of(self, room: MatrixRoom | None, room_id: str) -> tuple[str, ...]:
        """The room's canonical alias, and configured destination aliases that lead to it."""
        names = [room.canonical_alias] if room is not None and room.canonical_alias else []
        for destination in self._destinations():
            platform, _, address = destination.partition(":")
            if platform != "matrix" or not address.startswith("#") or address in names:
                continue
            try:
                if await self._connection.resolve_alias(address) == room_id:
                    names.append(address)
            except NOT_SENT as error:
                log.info("Matrix: %s not resolved: %s", address, error)
        return tuple(names)

    async def _reply(
        self, client: AsyncClient, room_id: str, asking: Mapping[str, Any], reply: Reply
    ) -> None:
        content = reply_content(reply.text, asking, preformatted=reply.preformatted)
        txn_id = reply_txn_id(str(asking.get("event_id", "")))
        for attempt in range(1, REPLY_ATTEMPTS + 1):
            try:
                await send_event(client, room_id, content, txn_id)
                return
            except DeliveryError as error:
                wait = error.retry_after.total_seconds() if error.retry_after else 2.0 * attempt
                log.warning("Matrix: reply in %s failed (%s); attempt %d", room_id, error, attempt)
                if attempt < REPLY_ATTEMPTS:
                    await asyncio.sleep(wait)
        log.error("Matrix: gave up replying to %s in %s", asking.get("event_id"), room_id)

    def _cannot_decrypt(self, room_id: str) -> None:
        if room_id not in self._unreadable_rooms:
            self._unreadable_rooms.add(room_id)
            log.warning("Matrix: %s is encrypted; install policywatch[e2e] to read it", room_id)

    async def _retry_waiting(self, client: AsyncClient) -> None:
        for event_id, (event, since) in list(self._waiting.items()):
            try:
                decrypted = client.decrypt_event(event)
            except (EncryptionError, LocalProtocolError) as error:
                if time.monotonic() - since > KEY_WAIT_SECONDS:
                    del self._waiting[event_id]
                    log.warning(
                        "Matrix: cannot decrypt %s in %s: %s", event_id, event.room_id, error
                    )
                continue
            del self._waiting[event_id]
            await self.handle_event(client, event.room_id, decrypted)
