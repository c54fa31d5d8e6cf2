"""``policywatch run`` with Matrix configured: built from the environment, beside Slack."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bot.app import build_app
from bot.matrix.adapter import MatrixAdapter
from support.fakeslack import FakeSlack
from support.service import rss, write_config
from support.synapse import Homeserver

pytestmark = pytest.mark.matrix

REPO = Path(__file__).resolve().parents[3]
ITEMS = rss(
    ("g1", "Data Security Law anniversary", "The Data Security Law took effect on June 1, 2021."),
)


def config_with_routes(tmp_path: Path, feed_url: str, *destinations: str) -> Path:
    config = write_config(tmp_path / "config", {"wire": feed_url})
    lines = [
        f"  - {{id: route{n}, destination: '{d}', schedule: 1h}}"
        for n, d in enumerate(destinations)
    ]
    (config / "routes.yaml").write_text("routes:\n" + "\n".join(lines) + "\n", encoding="utf-8")
    return config


def polled(alice, room: str) -> bool:
    """Ask for the status and say whether the bot has stored the feed's item yet."""
    asked = alice.send_text(room, "!policywatch status")
    for _ in range(50):
        answers = [
            m.body
            for m in alice.texts(room)
            if m.event_id != asked and m.body.startswith("Feeds:") and m.sender != alice.user_id
        ]
        if answers and "Items stored: 1" in answers[-1]:
            return True
        time.sleep(0.1)
    return False


def test_one_app_delivers_to_slack_and_matrix_and_answers_matrix_commands(
    synapse: Homeserver,
    fake_slack: FakeSlack,
    bot_factory,
    person_factory,
    rooms,
    feed_server,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    alice = person_factory(synapse, "alice")
    bot = bot_factory.register(synapse)
    room = alice.create_room(invite=[bot.user_id])
    alias = rooms.add_alias(synapse, alice.user, room)
    url = feed_server.serve("/wire.xml", ITEMS)
    config = config_with_routes(tmp_path, url, "slack:#policy-digest", f"matrix:{alias}")
    for name in ("POLICYWATCH_DATABASE_URL", "POLICYWATCH_CONFIG", "MATRIX_PASSWORD"):
        monkeypatch.delenv(name, raising=False)
    for name, value in {
        "POLICYWATCH_DATA_DIR": str(tmp_path / "data"),
        "POLICYWATCH_STANCE_MODEL": "none",
        "SLACK_BOT_TOKEN": fake_slack.token,
        "SLACK_SIGNING_SECRET": fake_slack.signing_secret,
        "POLICYWATCH_SLACK_MODE": "http",
        "POLICYWATCH_HTTP_PORT": "0",
        "MATRIX_HOMESERVER": synapse.url,
        "MATRIX_USER_ID": bot.user_id,
        "MATRIX_ACCESS_TOKEN": bot.access_token,
    }.items():
        monkeypatch.setenv(name, value)

    app = build_app(config)
    try:
        assert {"slack", "matrix"} <= set(app.service.deliverer.sinks)
        app.service.run_once()
        matrix = next(a for a in app.adapters if isinstance(a, MatrixAdapter))
        matrix.start()
        rooms.wait_until(lambda: rooms.joined(alice, room, bot.user_id))
        alice.send_text(room, "!policywatch status")
        alice.wait_for_text(room, "Feeds:", timeout=15)
        matrix.stop()
    finally:
        app.close()

    assert [e.destination for e in app.store.outbox("sent")] == [
        "slack:#policy-digest",
        f"matrix:{alias}",
    ]
    assert [m for m in fake_slack.messages("#policy-digest") if m.bot_id]
    assert len([m for m in alice.texts(room) if "policywatch digest" in m.body]) == 1


def test_policywatch_run_serves_matrix_until_sigterm(
    synapse: Homeserver, bot_factory, person_factory, rooms, feed_server, tmp_path: Path
) -> None:
    alice = person_factory(synapse, "alice")
    bot = bot_factory.register(synapse)
    room = alice.create_room(invite=[bot.user_id])
    alias = rooms.add_alias(synapse, alice.user, room)
    config = config_with_routes(tmp_path, feed_server.serve("/w.xml", ITEMS), f"matrix:{alias}")
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("MATRIX_", "POLICYWATCH_"))},
        "POLICYWATCH_DATA_DIR": str(tmp_path / "data"),
        "POLICYWATCH_CONFIG": str(config),
        "POLICYWATCH_STANCE_MODEL": "none",
        "MATRIX_HOMESERVER": synapse.url,
        "MATRIX_USER_ID": bot.user_id,
        "MATRIX_ACCESS_TOKEN": bot.access_token,
        "PYTHONPATH": str(REPO),
    }
    command = [sys.executable, "-m", "bot.cli", "run"]
    with subprocess.Popen(command, env=env, cwd=REPO, stderr=subprocess.PIPE, text=True) as run:
        try:
            rooms.wait_until(lambda: rooms.joined(alice, room, bot.user_id), timeout=30)
            rooms.wait_until(lambda: polled(alice, room), timeout=30, what="the first poll")
            alice.send_text(room, "!policywatch digest now")
            alice.wait_for_text(room, "policywatch digest", timeout=30)
        finally:
            run.send_signal(signal.SIGTERM)
            _, errors = run.communicate(timeout=30)
    assert run.returncode == 0, errors
    assert "Traceback" not in errors and "not delivered" not in errors, errors
