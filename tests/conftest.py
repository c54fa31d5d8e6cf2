"""Fixtures shared across the test suite."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from support.fakeslack import FakeSlack
from support.feedserver import FeedServer
from support.postgres import fresh_schema
from support.synapse import Homeserver, HomeserverFactory, start_homeserver
from support.synapse_config import RateLimit
from watchers.storage import Store


@pytest.fixture(scope="session")
def synapse(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Homeserver]:
    """One real Synapse on 127.0.0.1 for the whole test session, rate limits relaxed.

    Shared by every test that asks for it: register fresh usernames, and never stop it.
    Tests using it carry ``pytest.mark.matrix``. Synapse is installed on first use.
    """
    server = start_homeserver(tmp_path_factory.mktemp("synapse"))
    yield server
    server.stop()


@pytest.fixture
def synapse_factory(tmp_path: Path) -> Iterator[HomeserverFactory]:
    """Start extra homeservers of the test's own, e.g. with a strict ``message_limit``.

    Each may be stopped and started again; all still running are stopped after the test.
    """
    started: list[Homeserver] = []

    def start(*, message_limit: RateLimit | None = None) -> Homeserver:
        data_dir = tmp_path / f"synapse-{len(started)}"
        server = start_homeserver(data_dir, message_limit=message_limit)
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()


@pytest.fixture
def feed_server() -> Iterator[FeedServer]:
    """A fresh programmable HTTP server on 127.0.0.1 (see ``support.feedserver``), closed after."""
    with FeedServer() as server:
        yield server


@pytest.fixture
def fake_slack(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeSlack]:
    """A fake Slack Web API on 127.0.0.1 (see ``support.fakeslack``), stopped after the test.

    ``POLICYWATCH_SLACK_API_URL`` points at it for the duration of the test.
    """
    with FakeSlack() as fake:
        monkeypatch.setenv("POLICYWATCH_SLACK_API_URL", fake.url)
        yield fake


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """A migrated store on a SQLite file, then on a fresh PostgreSQL schema."""
    if request.param == "sqlite":
        opened = Store.open(f"sqlite:///{tmp_path / 'db.sqlite3'}")
        yield opened
        opened.close()
        return
    with fresh_schema() as url:
        opened = Store.open(url)
        yield opened
        opened.close()
