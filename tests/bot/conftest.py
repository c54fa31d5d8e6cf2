"""Fixtures for the service tests."""

from __future__ import annotations

import pytest

from support.service import Harness, make_service, write_config


@pytest.fixture
def harness_factory(tmp_path):
    made: list[Harness] = []

    def factory(feeds: dict[str, str], settings: str = "") -> Harness:
        config = write_config(tmp_path / "config", feeds, settings)
        h = make_service(config, tmp_path / "db.sqlite3")
        made.append(h)
        return h

    yield factory
    for h in made:
        h.store.close()
