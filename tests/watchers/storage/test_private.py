"""The data directory and the database are private whatever the umask."""

import os
import stat
from collections.abc import Iterator

import pytest

from watchers.storage import Store
from watchers.storage.database import database_url
from watchers.storage.private import private_tree


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.fixture
def open_umask() -> Iterator[None]:
    """Every file created readable and writable by all, unless the code says otherwise."""
    old = os.umask(0)
    try:
        yield
    finally:
        os.umask(old)


def test_data_dir_and_database_files_are_owner_only(tmp_path, monkeypatch, open_umask) -> None:
    monkeypatch.delenv("POLICYWATCH_DATABASE_URL", raising=False)
    data = tmp_path / "data"
    store = Store.open(database_url(data))
    store.sync_routes(["desk"])  # a write: SQLite now has its WAL and shared-memory files
    files = sorted(p.name for p in data.iterdir())
    assert files == ["policywatch.sqlite3", "policywatch.sqlite3-shm", "policywatch.sqlite3-wal"]
    assert mode(data) == 0o700
    assert {p.name: mode(p) for p in data.iterdir()} == {name: 0o600 for name in files}
    store.close()


def test_an_existing_open_data_dir_is_closed_again(tmp_path, monkeypatch, open_umask) -> None:
    monkeypatch.delenv("POLICYWATCH_DATABASE_URL", raising=False)
    data = tmp_path / "data"
    data.mkdir(mode=0o777)
    (data / "policywatch.sqlite3").touch(mode=0o666)
    database_url(data)
    assert (mode(data), mode(data / "policywatch.sqlite3")) == (0o700, 0o600)


def test_a_tree_made_by_a_library_is_made_private(tmp_path, open_umask) -> None:
    (tmp_path / "state" / "store").mkdir(parents=True, mode=0o777)
    (tmp_path / "state" / "store" / "keys.db").write_text("k")
    private_tree(tmp_path / "state")
    assert mode(tmp_path / "state") == mode(tmp_path / "state" / "store") == 0o700
    assert mode(tmp_path / "state" / "store" / "keys.db") == 0o600
