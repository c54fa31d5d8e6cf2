"""The sync loop: follows the homeserver's event stream from where the last run stopped.

The position (``next_batch``) is saved in ``kv`` after each batch is handled, so a restart
resumes there and never sees old room history again. A crash before the save replays one
batch; its commands were claimed already and are not answered twice.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from nio import ErrorResponse, SyncResponse

from bot.matrix.commands import CommandHandler
from bot.matrix.connection import MatrixConnection
from bot.matrix.errors import REFUSED_CREDENTIALS, TRANSIENT, LoginError, Unavailable
from bot.matrix.invites import InviteHandler
from watchers.storage import Store
from watchers.storage.chatstate import forget_events_before, get_value, set_value

log = logging.getLogger(__name__)

SYNC_TIMEOUT_MS = 30_000
# Commands in a gap longer than this (a long outage) are not fetched; see docs/matrix.md.
SYNC_FILTER = {"room": {"timeline": {"limit": 50}}, "presence": {"types": []}}
MAX_PAUSE_SECONDS = 60.0
STOP_GRACE_SECONDS = 10.0
# Answered commands are remembered this long: far longer than a command is ever answered
# after it was sent (see ``commands.MAX_COMMAND_AGE``).
HANDLED_KEPT = timedelta(days=7)


def token_key(user_id: str) -> str:
    """The ``kv`` key of the saved sync position."""
    return f"matrix:{user_id}:next_batch"


def since_key(user_id: str) -> str:
    """The ``kv`` key of the first sync's time (ms): older commands are history."""
    return f"matrix:{user_id}:since_ms"


def pause_after(failures: int) -> float:
    """Seconds to wait after ``failures`` failed rounds in a row: 1, 2, 4 … up to a minute."""
    return min(MAX_PAUSE_SECONDS, 2.0 ** max(0, failures - 1))


class Syncer:
    """Runs sync rounds until cancelled, handing invites and timelines to their handlers."""

    def __init__(
        self,
        connection: MatrixConnection,
        store: Store,
        invites: InviteHandler,
        commands: CommandHandler,
        clock: Callable[[], datetime],
        *,
        timeout_ms: int = SYNC_TIMEOUT_MS,
    ) -> None:
        self._connection = connection
        self._store = store
        self._invites = invites
        self._commands = commands
        self._clock = clock
        self._timeout_ms = timeout_ms
        self._task: asyncio.Task[None] | None = None
        self._busy = False  # handling a batch, which a stop lets finish
        self._stopping = False
        self.synced = threading.Event()  # set after the first handled batch of this run
        # Failed rounds in a row, and why the last one failed ("" after one that succeeded).
        self.failures = 0
        self.trouble = ""

    async def run(self) -> None:
        """Sync until stopped; a failed round is logged and retried after a growing pause."""
        self._task = asyncio.current_task()
        token, self._commands.since_ms = await asyncio.to_thread(self._position)
        failures = self.failures = 0
        while not self._stopping:
            try:
                token = await self._round(token)
                failures = self.failures = 0
                self.trouble = ""
                continue
            except LoginError as error:
                log.error("Matrix: cannot log in: %s", error)
                self.trouble = f"cannot log in: {error}"
            except TRANSIENT as error:
                log.warning("Matrix: sync failed: %s: %s", type(error).__name__, error)
                self.trouble = f"sync failed: {type(error).__name__}: {error}"
            except Exception as error:
                # The loop must outlive any one bad batch; the next round starts after it.
                log.exception("Matrix: handling a sync batch failed")
                self.trouble = f"handling a sync batch failed: {error!r}"
            failures = self.failures = failures + 1
            await asyncio.sleep(pause_after(failures))

    async def stop(self, grace: float = STOP_GRACE_SECONDS) -> None:
        """End the loop (run this on the connection's loop) and wait until it has.

        A batch being handled gets up to ``grace`` seconds to finish, so that a command
        already running still gets its reply; waiting for news is cut short at once.
        """
        task = self._task
        if task is None or task.done():
            return
        self._stopping = True
        if not self._busy:
            task.cancel()
        done, _ = await asyncio.wait({task}, timeout=grace)
        if not done:
            task.cancel()
        await asyncio.gather(task, return_exceptions=True)

    async def _round(self, token: str | None) -> str:
        client = await self._connection.client()
        if token:
            # Resuming: incremental syncs carry state changes only, not the state itself.
            await self._connection.load_rooms()
        # A fresh start asks for the current state at once instead of waiting for news.
        timeout = self._timeout_ms if token else 1
        answer: Any = await asyncio.wait_for(
            client.sync(timeout=timeout, since=token, sync_filter=SYNC_FILTER),
            timeout / 1000 + 30,
        )
        if not isinstance(answer, SyncResponse):
            self._refused(answer)
            raise Unavailable(f"sync refused: {answer}")
        self._busy = True
        try:
            await self._handle(client, answer)
        finally:
            self._busy = False
        self.synced.set()
        return str(answer.next_batch)

    async def _handle(self, client: Any, answer: SyncResponse) -> None:
        """Hand one batch to the handlers, then save the position after it."""
        self._connection.rooms_loaded = True
        self._connection.creators.note(answer.rooms.join)
        await self._connection.maintain_keys()
        await self._invites.handle(client, answer.rooms.invite)
        await self._commands.handle_rooms(client, answer.rooms.join)
        user = self._connection.user_id
        await asyncio.to_thread(set_value, self._store, token_key(user), answer.next_batch)

    def _refused(self, answer: Any) -> None:
        if isinstance(answer, ErrorResponse) and answer.status_code in REFUSED_CREDENTIALS:
            self._connection.forget_session()

    def _position(self) -> tuple[str | None, int]:
        """The saved sync token, and the time before which commands are history.

        Forgets the answered Matrix commands (event ids start with ``$``) of long ago.
        """
        user = self._connection.user_id
        forget_events_before(self._store, self._clock() - HANDLED_KEPT, prefix="$")
        token = get_value(self._store, token_key(user))
        since = get_value(self._store, since_key(user))
        if since is None:
            since = str(int(self._clock().timestamp() * 1000))
            set_value(self._store, since_key(user), since)
        return token, int(since)
