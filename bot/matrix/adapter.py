"""The Matrix chat adapter: started and stopped with the service, beside the scheduler."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from concurrent.futures import Future
from datetime import datetime

from bot.matrix.commands import CommandHandler, Dispatch
from bot.matrix.connection import ConnectionClosed, MatrixConnection
from bot.matrix.invites import InviteHandler
from bot.matrix.loop import LoopStopped
from bot.matrix.settings import InviterRules, default_inviters
from bot.matrix.syncer import STOP_GRACE_SECONDS, SYNC_TIMEOUT_MS, Syncer
from bot.ops.readiness import ChatState
from bot.service import utcnow
from watchers.config.schema import Settings
from watchers.storage import Store

log = logging.getLogger(__name__)


class MatrixAdapter:
    """Syncs with the homeserver, joins rooms on allowed invites, answers commands.

    ``settings`` is read on each use, so config changes (admins, prefix) apply at once;
    ``destinations`` (the routes' destinations) lets commands know a room by its aliases.
    """

    def __init__(
        self,
        connection: MatrixConnection,
        store: Store,
        dispatch: Dispatch,
        settings: Callable[[], Settings],
        *,
        clock: Callable[[], datetime] = utcnow,
        destinations: Callable[[], Iterable[str]] = tuple,
        sync_timeout_ms: int = SYNC_TIMEOUT_MS,
    ) -> None:
        self._connection = connection
        self._settings = settings
        user = connection.user_id
        commands = CommandHandler(connection, store, dispatch, settings, clock, destinations)
        invites = InviteHandler(user, self.inviter_rules)
        self.syncer = Syncer(
            connection, store, invites, commands, clock, timeout_ms=sync_timeout_ms
        )
        self._running: Future[None] | None = None

    def inviter_rules(self) -> InviterRules:
        """Whose invites are accepted: the environment's list, else admins and own server."""
        explicit = self._connection.env.allowed_inviters
        if explicit is not None:
            return explicit
        admins = self._settings().admins.matrix_users
        return default_inviters(admins, self._connection.user_id)

    def start(self) -> None:
        """Start the sync loop on the connection's thread; returns at once."""
        if self._running is None:
            self._running = self._connection.submit(self.syncer.run())
            self._running.add_done_callback(_report_end)

    def state(self) -> ChatState:
        """How the connection stands: ready only while syncing with the homeserver."""
        user = self._connection.user_id
        if self._running is None or self._running.done():
            return ChatState(f"not running ({user})", "the sync loop is not running")
        if self.syncer.failures:
            n = self.syncer.failures
            words = f"reconnecting as {user} ({n} failed sync{'s' * (n != 1)} in a row)"
            return ChatState(words, self.syncer.trouble)
        if not self.syncer.synced.is_set():
            return ChatState(f"connecting as {user}", "not synced with the homeserver yet")
        return ChatState(f"connected as {user}")

    def wait_synced(self, timeout: float) -> bool:
        """Wait until the first batch of this run was handled; False on timeout."""
        return self.syncer.synced.wait(timeout)

    def stop(self, timeout: float = STOP_GRACE_SECONDS + 5) -> None:
        """Stop the sync loop and wait for it (a command being answered may finish first);
        the connection stays open for the sink."""
        if self._running is None:
            return
        self._running = None
        try:
            self._connection.run(self.syncer.stop(), timeout)
        except (ConnectionClosed, LoopStopped, TimeoutError) as error:
            log.warning("Matrix: stopping the sync loop: %s", error)


def _report_end(done: Future[None]) -> None:
    """Log why the sync loop ended, when it was not stopped on purpose."""
    if not done.cancelled() and done.exception() is not None:
        log.error("Matrix: the sync loop ended", exc_info=done.exception())
