"""The ops endpoint of a running app, and the line that announces what runs."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from typing import TYPE_CHECKING

from bot.ops.readiness import ChatState, Check, Readiness, evaluate
from bot.ops.server import OpsServer, ops_address
from bot.ops.startup import startup_line

if TYPE_CHECKING:
    from bot.app import App

log = logging.getLogger(__name__)


def start_ops(app: App) -> OpsServer | None:
    """Serve /healthz, /readyz, /metrics and the claims page (when the settings enable it)
    for ``app`` unless ``POLICYWATCH_OPS_ADDR=off``.

    Raises OSError when the address cannot be bound (another process has the port).
    """
    address = ops_address(os.environ)
    if address is None:
        return None
    from bot.claimspage.pages import claims_pages

    pages = claims_pages(app.service)
    server = OpsServer(address, lambda: readiness(app), app.service.metrics.exposition, pages)
    server.start()
    return server


def readiness(app: App) -> Readiness:
    """The database, the config, and every chat connection the app has."""
    chats = [
        (platform.lower(), _problem(state)) for platform, state in app.service.connections.items()
    ]
    return evaluate([("config", lambda: _config_loaded(app)), *app.checks, *chats])


def _problem(state: Callable[[], ChatState]) -> Check:
    return lambda: state().problem


def _config_loaded(app: App) -> str | None:
    config = app.service.watch.config
    return None if config.feeds or config.routes else "no feeds and no routes configured"


def announce(app: App, ops: OpsServer | None) -> None:
    watch = app.service.watch
    log.info(
        startup_line(
            feeds=watch.config.feeds,
            routes=app.service.routes(),
            slack=app.slack,
            matrix_user=app.matrix_user,
            database_url=app.store.engine.url.render_as_string(hide_password=True),
            ops=ops.address if ops else None,
        )
    )
