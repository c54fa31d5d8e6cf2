"""A real service on SQLite (small config, settable clock) with the command router on it."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.commands.base import Caller, Reply
from bot.commands.router import CommandRouter
from support.service import Harness, make_service, write_config

ADMIN = Caller("slack", "U0ADMIN", room="C0DESK", is_admin=True, room_names=("#desk",))
MEMBER = Caller("slack", "U0MEMBER", room="C0DESK", room_names=("#desk",))


@dataclass
class Commands:
    harness: Harness
    router: CommandRouter

    @property
    def service(self):
        return self.harness.service

    def run(self, text: str, caller: Caller = MEMBER) -> Reply:
        return self.router.dispatch(text, caller)

    def text(self, text: str, caller: Caller = MEMBER) -> str:
        return self.run(text, caller).text


@pytest.fixture
def commands_factory(tmp_path: Path) -> Iterator[object]:
    made: list[Harness] = []

    def factory(feeds: dict[str, str] | None = None, routes: str = "") -> Commands:
        config = write_config(tmp_path / "config", feeds or {})
        if routes:
            (config / "routes.yaml").write_text(routes, encoding="utf-8")
        harness = make_service(config, tmp_path / "db.sqlite3")
        made.append(harness)
        return Commands(harness, CommandRouter(harness.service))

    yield factory
    for harness in made:
        harness.store.close()


@pytest.fixture
def commands(commands_factory) -> Commands:
    return commands_factory()
