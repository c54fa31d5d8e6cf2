"""The real app in Slack HTTP mode, against the fake Web API, with a clock tests move.

``bot_factory(feeds)`` writes a small config whose route posts to ``#policy-digest``,
builds the app exactly as ``policywatch run`` does (``build_app`` from the environment),
starts its Slack adapter on 127.0.0.1 and returns a ``Bot`` to drive it: signed slash
commands and button clicks over HTTP, delivery rounds, and restarts on the same data.
"""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.app import App, build_app
from bot.slack.adapter import SlackAdapter
from support.fakeslack import FakeSlack, block_action_body, slash_command_body
from support.service import write_config

ADMIN = "U0EDITOR01"
ANALYST = "U0ANALYST1"
DIGEST_CHANNEL = "C0DIGEST01"
START = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)
ROUTES = "routes:\n  - {id: desk, destination: 'slack:#policy-digest', schedule: 1h}\n"
SETTINGS = "settings:\n  admins: {slack_users: [U0EDITOR01]}\n"


@dataclass
class Bot:
    """A running app and the fake Slack it talks to."""

    fake: FakeSlack
    config_dir: Path
    app: App
    now: list[datetime] = field(default_factory=lambda: [START])

    @property
    def service(self) -> Any:
        return self.app.service

    @property
    def slack(self) -> SlackAdapter:
        return next(a for a in self.app.adapters if isinstance(a, SlackAdapter))

    @property
    def events_url(self) -> str:
        return f"http://127.0.0.1:{self.slack.port}/slack/events"

    def advance(self, delta: timedelta) -> None:
        self.now[0] += delta

    def post(self, body: str, headers: dict[str, str]) -> tuple[int, bytes]:
        """POST ``body`` to the bot's /slack/events as Slack would; (status, body)."""
        request = urllib.request.Request(self.events_url, body.encode(), headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()

    def signed(self, body: str, *, age: int = 0) -> dict[str, str]:
        return self.fake.sign(body, int(time.time()) - age)

    def command(self, text: str, *, user: str = ANALYST, expect: int = 1) -> list[dict[str, Any]]:
        """Run ``/policywatch text`` and wait for ``expect`` answers on its response_url."""
        rid = self._next_response_id()
        body = slash_command_body(
            response_url=self.fake.response_url(rid),
            text=text,
            user_id=user,
            user_name="editor" if user == ADMIN else "analyst",
        )
        status, _ = self.post(body, self.signed(body))
        assert status == 200
        return self.wait_responses(rid, expect)

    def text_of(self, text: str, *, user: str = ANALYST) -> str:
        """The text of the one answer to ``/policywatch text``."""
        (answer,) = self.command(text, user=user)
        return str(answer["text"])

    def click(self, action: dict[str, Any], message: dict[str, Any], *, user: str = ANALYST) -> str:
        """Press an element of a posted digest message; the text of the ephemeral answer."""
        rid = self._next_response_id()
        body = block_action_body(
            response_url=self.fake.response_url(rid),
            action_id=action["action_id"],
            value=action.get("value", ""),
            block_id=action["block_id"],
            message=message,
            user_id=user,
        )
        if "selected_option" in action:
            body = _as_select(body, action["selected_option"])
        status, _ = self.post(body, self.signed(body))
        assert status == 200
        (answer,) = self.wait_responses(rid, 1)
        return str(answer["text"])

    def wait_responses(self, rid: str, expect: int, timeout: float = 10.0) -> list[dict[str, Any]]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            got = self.fake.responses(rid)
            if len(got) >= expect:
                time.sleep(0.05)  # anything more that was coming would be here now
                return self.fake.responses(rid)
            time.sleep(0.02)
        raise AssertionError(f"expected {expect} answers on {rid}, got {self.fake.responses(rid)}")

    def round(self) -> None:
        """One full round as the scheduler runs it: poll, build digests, deliver."""
        self.service.run_once()

    def digests(self, channel: str = DIGEST_CHANNEL) -> list[Any]:
        """Messages the bot posted in ``channel`` (thread replies included)."""
        return [m for m in self.fake.messages(channel) if m.bot_id]

    def _next_response_id(self) -> str:
        # Unique across restarts, which share the fake and its recorded responses.
        return uuid.uuid4().hex[:12]


def _as_select(body: str, option_value: str) -> str:
    """A click body turned into a static_select choice, as Slack sends one."""
    from urllib.parse import parse_qs, urlencode

    payload = json.loads(parse_qs(body)["payload"][0])
    action = payload["actions"][0]
    action.pop("value", None)
    action.pop("text", None)
    action["type"] = "static_select"
    action["selected_option"] = {
        "text": {"type": "plain_text", "text": option_value},
        "value": option_value,
    }
    return urlencode({"payload": json.dumps(payload, separators=(",", ":"))})


@pytest.fixture
def slack_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, fake_slack: FakeSlack) -> Path:
    """The environment of a Slack deployment in HTTP mode; returns the data directory."""
    data = tmp_path / "data"
    for name in (
        "POLICYWATCH_DATABASE_URL",
        "POLICYWATCH_CONFIG",
        "SLACK_APP_TOKEN",
        "MATRIX_HOMESERVER",
        "MATRIX_USER_ID",
        "MATRIX_ACCESS_TOKEN",
        "MATRIX_PASSWORD",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("POLICYWATCH_DATA_DIR", str(data))
    monkeypatch.setenv("POLICYWATCH_STANCE_MODEL", "none")
    monkeypatch.setenv("SLACK_BOT_TOKEN", fake_slack.token)
    monkeypatch.setenv("SLACK_SIGNING_SECRET", fake_slack.signing_secret)
    monkeypatch.setenv("POLICYWATCH_SLACK_MODE", "http")
    monkeypatch.setenv("POLICYWATCH_HTTP_PORT", "0")
    return data


@pytest.fixture
def bot_factory(slack_env: Path, fake_slack: FakeSlack, tmp_path: Path) -> Iterator[Any]:
    """Build (and later stop) bots; ``factory(feeds)`` for a new config, ``restart(bot)``."""
    running: list[Bot] = []

    def start(config_dir: Path, now: list[datetime]) -> Bot:
        app = build_app(config_dir)
        app.service.clock = lambda: now[0]
        bot = Bot(fake_slack, config_dir, app, now)
        bot.slack.start()
        running.append(bot)
        return bot

    def factory(
        feeds: dict[str, str] | None = None,
        *,
        settings: str = SETTINGS,
        routes: str = ROUTES,
        config: Path | None = None,
    ) -> Bot:
        """A bot on a small config with ``feeds``, or on the given ``config`` directory."""
        if config is None:
            config = write_config(tmp_path / "config", feeds or {}, settings)
            (config / "routes.yaml").write_text(routes, encoding="utf-8")
        return start(config, [START])

    def restart(bot: Bot) -> Bot:
        stop(bot)
        return start(bot.config_dir, bot.now)

    def stop(bot: Bot) -> None:
        if bot in running:
            running.remove(bot)
            bot.slack.stop()
            bot.app.close()

    factory.restart = restart  # type: ignore[attr-defined]
    yield factory
    for bot in list(running):
        stop(bot)


@pytest.fixture
def live_slack() -> Iterator[FakeSlack]:
    """A fake Web API whose message timestamps start at the current time, as Slack's
    do: for a real `policywatch run`, which after a crash looks for its digest's parts
    in the channel from shortly before the digest was queued."""
    with FakeSlack(first_ts=f"{time.time():.6f}") as fake:
        yield fake
