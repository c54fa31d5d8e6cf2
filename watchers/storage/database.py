"""Engines, the data directory and schema migrations."""

from __future__ import annotations

import os
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine.interfaces import DBAPIConnection
from sqlalchemy.pool import ConnectionPoolEntry

from watchers.storage.private import private_file

MIGRATIONS = Path(__file__).with_name("migrations")


def data_dir() -> Path:
    """``POLICYWATCH_DATA_DIR``, else ``$XDG_DATA_HOME/policywatch``, else ``~/.local/share``."""
    explicit = os.environ.get("POLICYWATCH_DATA_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "policywatch"


def database_url(directory: Path | None = None) -> str:
    """``POLICYWATCH_DATABASE_URL`` when set, else a SQLite file in the data directory.

    The directory is made 0700 and the file 0600 (see :mod:`watchers.storage.private`).
    """
    explicit = os.environ.get("POLICYWATCH_DATABASE_URL")
    if explicit:
        return explicit
    path = private_file((directory or data_dir()) / "policywatch.sqlite3")
    return f"sqlite:///{path}"


def _sqlite_pragmas(dbapi_connection: DBAPIConnection, record: ConnectionPoolEntry) -> None:
    cursor = dbapi_connection.cursor()
    # WAL lets the scheduler's threads read while one writes; the busy timeout
    # makes a second writer wait instead of failing with "database is locked".
    cursor.execute("PRAGMA journal_mode=WAL")
    # In WAL mode NORMAL syncs at checkpoints, not at every commit: a power cut may lose
    # the last polls (polled again next round) but never corrupts the file. Each poll
    # commits once, so FULL made every poll wait for the disk.
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def make_engine(url: str) -> Engine:
    """An engine for ``url``; SQLite gets WAL, synchronous=NORMAL, a busy timeout and
    foreign keys."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    return create_engine(url, pool_pre_ping=True)


def upgrade(engine: Engine) -> None:
    """Bring the schema to the newest migration (idempotent)."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, "head")
