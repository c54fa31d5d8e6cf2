"""The bot's one Matrix client: logged in once, living on its own event loop thread.

The sink (called from scheduler threads) and the sync loop share it. Everything it keeps
between runs sits in one state directory: ``session.json`` (device and token of a password
login) and, with the ``e2e`` extra installed, ``store/`` (the device's encryption keys).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import logging
import threading
import time
from collections.abc import Coroutine
from pathlib import Path
from typing import Any, TypeVar

from nio import AsyncClient, AsyncClientConfig, RoomResolveAliasResponse, SyncResponse
from nio.crypto import ENCRYPTION_ENABLED

from bot.credentials import CredentialCheck, CredentialsError, NotReached
from bot.matrix.errors import TRANSIENT, LoginError, Unavailable
from bot.matrix.keys import upkeep
from bot.matrix.loop import LoopStopped, LoopThread
from bot.matrix.rooms import RoomCreators
from bot.matrix.session import SESSION_FILE, Session, log_in
from bot.matrix.settings import MatrixEnv
from watchers.storage.database import data_dir
from watchers.storage.private import private_dir, private_tree

log = logging.getLogger(__name__)

_T = TypeVar("_T")
REQUEST_TIMEOUT = 30.0
ALIAS_TTL_SECONDS = 3600.0
# Room state without history: what sending needs (members, encryption) and no more.
STATE_ONLY = {"room": {"timeline": {"limit": 0}}}


def default_state_dir() -> Path:
    """``<data dir>/matrix``: where the Matrix session and keys are kept."""
    return data_dir() / "matrix"


class ConnectionClosed(Unavailable):
    """The connection was closed (the service is stopping); nothing more is sent."""


class MatrixConnection:
    """A lazily started, logged-in ``AsyncClient``. ``close`` ends it for good."""

    def __init__(
        self, env: MatrixEnv, state_dir: Path | None = None, *, loop: LoopThread | None = None
    ) -> None:
        """``loop`` shares an existing loop thread (its owner stops it); by default the
        connection starts its own on first use.

        nio's encryption store binds its tables process-wide for the length of each call,
        so every encrypting client of a process must run on one thread: pass that
        thread's loop here when another one exists.
        """
        self.env = env
        self.state_dir = state_dir or default_state_dir()
        self.rooms_loaded = False
        self.creators = RoomCreators()
        self._thread: LoopThread | None = loop
        self._owns_thread = loop is None
        self._thread_lock = threading.Lock()
        self._closed = False
        self._client: AsyncClient | None = None
        self._session: Session | None = None
        self._locks: dict[str, asyncio.Lock] = {}
        self._aliases: dict[str, tuple[str, float]] = {}

    @property
    def encryption(self) -> bool:
        """Whether end-to-end encryption is available (the ``e2e`` extra is installed)."""
        return bool(ENCRYPTION_ENABLED)

    @property
    def user_id(self) -> str:
        """The bot's Matrix user id."""
        return self.env.user_id

    def run(self, coro: Coroutine[Any, Any, _T], timeout: float) -> _T:
        """Run ``coro`` on the connection's loop from another thread and return its result.

        Raises:
            TimeoutError: it took longer than ``timeout`` seconds (and was cancelled).
            ConnectionClosed: the connection is closed.
        """
        return self._loop(coro).run(coro, timeout)

    def submit(self, coro: Coroutine[Any, Any, _T]) -> concurrent.futures.Future[_T]:
        """Start ``coro`` on the connection's loop; the future holds its outcome."""
        return self._loop(coro).submit(coro)

    def _loop(self, coro: Coroutine[Any, Any, Any]) -> LoopThread:
        with self._thread_lock:
            if self._closed:
                coro.close()
                raise ConnectionClosed(f"the Matrix connection of {self.user_id} is closed")
            if self._thread is None:
                self._thread = LoopThread(f"matrix {self.user_id}")
            return self._thread

    async def client(self) -> AsyncClient:
        """The client, logged in (on first use; the session is reused across runs).

        Raises:
            LoginError: the credentials were refused.
            Unavailable (or an aiohttp or timeout error): the homeserver is unreachable.
        """
        async with self._lock("login"):
            if self._client is None:
                self._client = self._new_client()
            if self._session is None:
                self._session = await log_in(self._client, self.env, self.state_dir / SESSION_FILE)
                private_tree(self.state_dir)  # the key store nio just opened, the session
                log.info("Matrix: %s on device %s", self.user_id, self._session.device_id)
                await self.maintain_keys()
        return self._client

    def _new_client(self) -> AsyncClient:
        # The device's keys are secrets: the store is the service user's alone.
        private_dir(self.state_dir)
        store = private_dir(self.state_dir / "store")
        config = AsyncClientConfig(
            encryption_enabled=self.encryption,
            store_sync_tokens=False,
            # Errors come back at once: the sink and the sync loop decide how to wait.
            max_limit_exceeded=0,
            max_timeouts=0,
            request_timeout=REQUEST_TIMEOUT,
        )
        return AsyncClient(
            self.env.homeserver, self.env.user_id, store_path=str(store), config=config
        )

    async def resolve_alias(self, alias: str) -> str:
        """The room id ``#alias:server`` points to, looked up at most once an hour.

        Raises:
            Unavailable: the homeserver does not know the alias or could not be asked.
        """
        known = self._aliases.get(alias)
        if known is not None and time.monotonic() - known[1] < ALIAS_TTL_SECONDS:
            return known[0]
        client = await self.client()
        answer: Any = await client.room_resolve_alias(alias)
        if not isinstance(answer, RoomResolveAliasResponse):
            raise Unavailable(f"cannot resolve {alias}: {answer}")
        self._aliases[alias] = (str(answer.room_id), time.monotonic())
        return str(answer.room_id)

    def forget_session(self) -> None:
        """Log in afresh on next use: the homeserver no longer accepts the token."""
        self._session = None

    async def load_rooms(self) -> None:
        """Learn the joined rooms' state with one sync, unless a sync already did.

        nio keeps room state in memory only, so each run needs this once before it can
        tell power levels, members or encryption from incremental syncs.

        Raises:
            Unavailable, aiohttp.ClientError, TimeoutError: the sync failed.
        """
        client = await self.client()
        async with self._lock("rooms"):
            if self.rooms_loaded:
                return
            answer = await asyncio.wait_for(
                client.sync(timeout=0, sync_filter=STATE_ONLY, full_state=True),
                2 * REQUEST_TIMEOUT,
            )
            if not isinstance(answer, SyncResponse):
                raise Unavailable(f"could not load the rooms of {self.user_id}: {answer}")
            self.creators.note(answer.rooms.join)
            self.rooms_loaded = True
        await self.maintain_keys()

    async def reload_rooms(self) -> None:
        """Learn the joined rooms' state afresh, after joining or opening a room.

        Raises:
            Unavailable, aiohttp.ClientError, TimeoutError: the sync failed.
        """
        self.rooms_loaded = False
        await self.load_rooms()

    async def maintain_keys(self) -> None:
        """Do the encryption upkeep that is due (see ``bot.matrix.keys``), one at a time."""
        if self._client is not None:
            async with self._lock("keys"):
                await upkeep(self._client)

    def _lock(self, name: str) -> asyncio.Lock:
        return self._locks.setdefault(name, asyncio.Lock())

    def close(self, timeout: float = 10.0) -> None:
        """Close the HTTP session and stop the loop thread; later calls raise ConnectionClosed."""
        with self._thread_lock:
            self._closed, thread = True, self._thread
        if thread is None or not thread.alive:
            return
        if self._client is not None:
            try:
                thread.run(self._client.close(), timeout)
            except (TimeoutError, OSError, LoopStopped) as error:
                log.warning("Matrix: closing the client of %s failed: %s", self.user_id, error)
        if self._owns_thread:
            thread.stop(timeout)


LOGIN_TIMEOUT = 60.0
_NOT_REACHED: tuple[type[BaseException], ...] = (*TRANSIENT, TimeoutError)


def credential_check(connection: MatrixConnection) -> CredentialCheck:
    """Log in: refused names ``MATRIX_ACCESS_TOKEN`` or ``MATRIX_PASSWORD``; unreachable
    retries."""
    env = connection.env
    variable = "MATRIX_ACCESS_TOKEN" if env.access_token else "MATRIX_PASSWORD"

    def check() -> None:
        try:
            connection.run(connection.client(), LOGIN_TIMEOUT)
        except LoginError as error:
            raise CredentialsError(
                f"Matrix refused {variable} for {env.user_id} ({error}): fix {variable}"
            ) from None
        except _NOT_REACHED as error:
            raise NotReached(str(error) or type(error).__name__) from None

    return CredentialCheck("Matrix", check)
