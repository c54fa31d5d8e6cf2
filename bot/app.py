"""Wiring: config, store, model, sinks and service, built from the environment."""

from __future__ import annotations

import logging
import os
import random
import signal
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from bot.commands.editor import ConfigEditor, apply_stored_edits
from bot.commands.subscriptions import enable_personal_digests
from bot.credentials import CredentialCheck, CredentialsError, verify
from bot.delivery import ConsoleSink, Deliverer, Sink
from bot.ops.metrics import Metrics
from bot.ops.readiness import Check, database_check
from bot.service import Service, instance_name
from bot.slack.settings import SlackSettings, slack_settings
from watchers.config.file import config_fingerprint, load_config
from watchers.stance.base import StanceModel
from watchers.storage import Store
from watchers.storage.database import database_url
from watchers.watch import Watch

if TYPE_CHECKING:
    from bot.commands.router import CommandRouter
    from bot.matrix.connection import MatrixConnection
    from watchers.config.schema import Settings

log = logging.getLogger(__name__)


def load_model() -> StanceModel | None:
    """The shipped stance model, unless ``POLICYWATCH_STANCE_MODEL=none`` turns it off."""
    if os.environ.get("POLICYWATCH_STANCE_MODEL", "").lower() == "none":
        return None
    from watchers.stance.model import load_default_model

    return load_default_model()


class Adapter(Protocol):
    """A chat platform's connection: started beside the scheduler, stopped on exit."""

    def start(self) -> None: ...

    def stop(self) -> None: ...


@dataclass
class App:
    service: Service
    store: Store
    config_dir: Path
    adapters: list[Adapter] = field(default_factory=list)
    # Run by close(), after the adapters and the scheduler have stopped.
    on_close: list[Callable[[], None]] = field(default_factory=list)
    # Config edits go through it; the scheduler asks it for other instances' edits.
    editor: ConfigEditor | None = None
    # Each chat platform's credential check, run by verify_credentials() before serving.
    credentials: list[CredentialCheck] = field(default_factory=list)
    # What /readyz asks besides the config and the chat connections; and what the
    # start line names.
    checks: list[tuple[str, Check]] = field(default_factory=list)
    slack: SlackSettings | None = None
    matrix_user: str = ""

    def verify_credentials(self) -> None:
        """Stop (closing the app) when a platform refuses its credentials; wait out outages."""
        try:
            verify(self.credentials)
        except CredentialsError:
            self.close()
            raise

    def run_forever(self) -> None:
        """Run the scheduler and every chat adapter until SIGINT or SIGTERM.

        Polls and digests start at once; the chat adapters once every platform has
        accepted its credentials. A platform that cannot be reached at start (an outage)
        is asked again meanwhile, so feeds go on being polled and digests queued; one
        that refuses a credential stops the service with the message.
        """
        from bot.ops.endpoint import announce, start_ops
        from bot.scheduler import start_scheduler

        stop = threading.Event()
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, lambda *_: stop.set())
        # Not in the handler itself: a reload takes locks the interrupted code may hold.
        signal.signal(signal.SIGHUP, lambda *_: threading.Thread(target=self.reload).start())
        # /healthz answers while credentials wait out an outage; /readyz says not ready.
        ops = start_ops(self)
        announce(self, ops)
        scheduler = start_scheduler(self.service, self.editor)
        started: list[Adapter] = []
        try:
            verify(self.credentials, sleep=_pause_until(stop))
            for adapter in self.adapters:
                adapter.start()
                started.append(adapter)
            stop.wait()
        except _Stopped:
            pass  # asked to stop while a platform was still being waited for
        finally:
            for adapter in reversed(started):
                adapter.stop()
            scheduler.shutdown(wait=True)
            if ops is not None:
                ops.stop()
            self.close()

    def reload(self) -> bool:
        """Re-read the config files (SIGHUP; the scheduler also does when they change); see
        ``ConfigEditor.reload_files``."""
        editor = self.editor or ConfigEditor(self.service)
        return editor.reload_files(self.service.clock())

    def close(self) -> None:
        for closer in self.on_close:
            closer()
        self.service.close()
        self.store.close()


class _Stopped(Exception):
    """SIGINT or SIGTERM came while credentials were waiting for a platform."""


def _pause_until(stop: threading.Event) -> Callable[[float], None]:
    """A pause between credential checks that ends the wait when ``stop`` is set."""

    def pause(seconds: float) -> None:
        if stop.wait(seconds):
            raise _Stopped

    return pause


def build_app(config_dir: Path, *, with_chat: bool = True) -> App:
    """Load and validate the config first: a bad config stops here, before any I/O."""
    files = config_fingerprint(config_dir)  # before reading: a change from now on counts
    config = load_config(config_dir)
    model = load_model()
    store = Store.open(database_url())
    # Config edits made from chat are kept as operations and replayed over the files.
    config = apply_stored_edits(config, store, datetime.now(UTC))
    watch = Watch.build(config, model)
    sinks: dict[str, Sink] = {"console": ConsoleSink()}
    destination_checks: dict[str, Callable[[str], str | None]] = {}
    slack = slack_settings(os.environ) if with_chat else None
    if slack is not None:
        from bot.slack.adapter import slack_destination_check, slack_sink

        sinks["slack"] = slack_sink(slack, store)
        destination_checks["slack"] = slack_destination_check(slack)
    matrix = matrix_connection() if with_chat else None
    if matrix is not None:
        from bot.matrix.sink import MatrixSink

        sinks["matrix"] = matrix_sink = MatrixSink(matrix, store=store)
        destination_checks["matrix"] = matrix_sink.check
    metrics = Metrics()
    deliverer = Deliverer(store, sinks, instance_name(), random.Random(), metrics=metrics)
    service = Service(watch, store, deliverer)
    service.destination_checks.update(destination_checks)
    metrics.watch_backlog(store.backlog, service.clock)
    app = App(service, store, config_dir, editor=ConfigEditor(service, model), slack=slack)
    app.checks.append(("database", database_check(store)))
    app.matrix_user = matrix.user_id if matrix is not None else ""
    if matrix is not None or slack is not None:
        from bot.commands.router import CommandRouter

        # One router answers every platform, so config edits go through one editor.
        router = CommandRouter(service, model=model)
        app.editor = router.editor  # so that the reload check knows its edits as its own
        if matrix is not None:
            add_matrix(app, matrix, router)
        if slack is not None:
            add_slack(app, slack, router)
    if with_chat:
        app.adapters.append(enable_personal_digests(service))
    if app.editor is not None:
        app.editor.files_seen = files
    return app


def add_slack(app: App, settings: SlackSettings, router: CommandRouter) -> None:
    """Answer Slack commands and buttons through ``router`` while the app runs."""
    from bot.slack.adapter import SlackAdapter
    from bot.slack.client import credential_check

    app.credentials.append(credential_check(settings))
    adapter = SlackAdapter(settings, app.service, router)
    app.adapters.append(adapter)
    app.service.connections["Slack"] = adapter.state


def matrix_connection() -> MatrixConnection | None:
    """The Matrix connection when ``MATRIX_HOMESERVER`` is set (see docs/matrix.md)."""
    from bot.matrix.settings import matrix_env

    env = matrix_env(os.environ)
    if env is None:
        return None
    from bot.matrix.connection import MatrixConnection

    return MatrixConnection(env)


def add_matrix(app: App, connection: MatrixConnection, router: CommandRouter) -> None:
    """Answer Matrix commands through ``router`` while the app runs; close the connection
    with the app."""
    from bot.matrix.adapter import MatrixAdapter
    from bot.matrix.connection import credential_check

    app.credentials.append(credential_check(connection))
    service = app.service

    def settings() -> Settings:  # read at each use: config edits apply at once
        return service.watch.config.settings

    def destinations() -> list[str]:
        return [route.destination for route in service.routes()]

    adapter = MatrixAdapter(
        connection, app.store, router.dispatch, settings, destinations=destinations
    )
    app.adapters.append(adapter)
    app.service.connections["Matrix"] = adapter.state
    app.on_close.append(connection.close)
