"""/readyz names each configured chat platform: Slack (fake Web API) and Matrix (Synapse)."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from bot.app import App, build_app
from bot.ops.endpoint import readiness
from support.fakeslack import FakeSlack
from support.service import write_config
from support.synapse import Homeserver


def app_with_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, **env: str) -> App:
    for name in ("POLICYWATCH_DATABASE_URL", "POLICYWATCH_CONFIG", "MATRIX_PASSWORD"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("POLICYWATCH_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("POLICYWATCH_STANCE_MODEL", "none")
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return build_app(write_config(tmp_path / "config", {}))


@contextmanager
def running(app: App) -> Iterator[App]:
    """The app's chat adapters started; stopped and the app closed after the block."""
    try:
        for adapter in app.adapters:
            adapter.start()
        yield app
    finally:
        for adapter in app.adapters:
            adapter.stop()
        app.close()


def ready_when(app: App, limit: float = 30.0) -> tuple[bool, tuple[str, ...]]:
    """Readiness once it is ok, or as it is after ``limit`` seconds."""
    deadline = time.monotonic() + limit
    while True:
        state = readiness(app)
        if state.ok or time.monotonic() > deadline:
            return state.ok, state.lines
        time.sleep(0.2)


def test_slack_http_mode_is_ready_once_its_server_listens(
    fake_slack: FakeSlack, tmp_path, monkeypatch
):
    app = app_with_env(
        tmp_path,
        monkeypatch,
        SLACK_BOT_TOKEN=fake_slack.token,
        SLACK_SIGNING_SECRET=fake_slack.signing_secret,
        POLICYWATCH_SLACK_MODE="http",
        POLICYWATCH_HTTP_PORT="0",
    )
    before = readiness(app)
    with running(app):
        after = readiness(app)
    assert not before.ok and "slack: the HTTP server is not running" in before.lines
    assert after.ok and "slack: ok" in after.lines


def test_slack_socket_mode_is_not_ready_while_it_cannot_connect(
    fake_slack: FakeSlack, tmp_path, monkeypatch
):
    # The fake Web API offers no Socket Mode connection: the adapter keeps retrying.
    app = app_with_env(
        tmp_path,
        monkeypatch,
        SLACK_BOT_TOKEN=fake_slack.token,
        SLACK_APP_TOKEN="xapp-1-A0POLICY01-1-0123456789abcdef",
    )
    with running(app):
        state = readiness(app)
    assert not state.ok and "slack: Socket Mode is not connected" in state.lines


@pytest.mark.matrix
def test_matrix_is_ready_once_synced(synapse: Homeserver, tmp_path, monkeypatch):
    bot = synapse.register(f"bot-{uuid.uuid4().hex[:8]}", "bot-password")
    app = app_with_env(
        tmp_path,
        monkeypatch,
        MATRIX_HOMESERVER=synapse.url,
        MATRIX_USER_ID=bot.user_id,
        MATRIX_ACCESS_TOKEN=bot.access_token,
    )
    before = readiness(app)
    with running(app):
        ok, lines = ready_when(app)
    assert "matrix: the sync loop is not running" in before.lines
    assert ok and "matrix: ok" in lines, lines
