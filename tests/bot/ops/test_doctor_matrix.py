"""`policywatch doctor` against a real Synapse on 127.0.0.1: login, key store, rooms."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest

from bot.cli import main
from support.matrix_person import Person
from support.service import write_config
from support.synapse import Homeserver

pytestmark = pytest.mark.matrix


def matrix_config(tmp_path: Path, *destinations: str) -> Path:
    config = write_config(tmp_path / "config", {})
    lines = [
        f"  - {{id: r{n}, destination: '{d}', schedule: 1h}}" for n, d in enumerate(destinations)
    ]
    (config / "routes.yaml").write_text("routes:\n" + "\n".join(lines) + "\n", encoding="utf-8")
    return config


@pytest.fixture
def matrix_env(synapse: Homeserver, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    bot = synapse.register(f"bot-{uuid.uuid4().hex[:8]}", "bot-password")
    for name in ("POLICYWATCH_DATABASE_URL", "SLACK_BOT_TOKEN", "MATRIX_PASSWORD"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("POLICYWATCH_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("MATRIX_HOMESERVER", synapse.url)
    monkeypatch.setenv("MATRIX_USER_ID", bot.user_id)
    monkeypatch.setenv("MATRIX_ACCESS_TOKEN", bot.access_token)
    return bot


def test_a_refused_token_is_named(synapse, matrix_env, monkeypatch, tmp_path, capsys):
    monkeypatch.setenv("MATRIX_ACCESS_TOKEN", "syt_not_a_real_token")
    code = main(["doctor", "--config", str(matrix_config(tmp_path, "matrix:!x:localhost"))])
    out = capsys.readouterr().out
    assert code == 1
    assert "FAIL  matrix: login failed: " in out and "refused MATRIX_ACCESS_TOKEN" in out
    assert "skip  route r0: matrix:!x:localhost not checked: matrix login failed" in out


def test_rooms_and_the_key_store_are_checked(synapse, matrix_env, tmp_path, capsys):
    with Person(synapse.url, matrix_env) as bot, Person(synapse.url, _other(synapse)) as alice:
        joined = bot.create_room(name="desk")
        elsewhere = alice.create_room(name="private")
    missing = f"#nowhere-{uuid.uuid4().hex[:6]}:{synapse.server_name}"
    config = matrix_config(tmp_path, f"matrix:{joined}", f"matrix:{elsewhere}", f"matrix:{missing}")
    code = main(["doctor", "--config", str(config)])
    out = capsys.readouterr().out
    assert code == 1
    assert (
        f"ok    matrix: logged in as {matrix_env.user_id} on device {matrix_env.device_id}" in out
    )
    assert "ok    matrix key store: " in out and "(mode 700)" in out
    assert f"ok    route r0: the bot is in {joined}" in out
    assert f"FAIL  route r1: the bot is not in {elsewhere}" in out
    assert f"invite {matrix_env.user_id} to {elsewhere}" in out
    assert f"FAIL  route r2: {missing} does not resolve" in out

    store = tmp_path / "data" / "matrix" / "store"
    store.chmod(0o755)
    main(["doctor", "--config", str(config)])
    again = capsys.readouterr().out
    assert f"FAIL  matrix key store: {store} is open to other users (mode 755)" in again
    assert f"fix: chmod -R go-rwx {store}" in again


def _other(synapse: Homeserver):
    return synapse.register(f"alice-{uuid.uuid4().hex[:8]}", "alice-password")
