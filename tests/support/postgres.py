"""The machine's PostgreSQL on 127.0.0.1:5432, one fresh schema per test."""

from __future__ import annotations

import glob
import os
import subprocess
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg

ADMIN_DSN = os.environ.get("POLICYWATCH_TEST_PG", "postgresql://postgres@127.0.0.1:5432/test")


def _start_server() -> None:
    versions = sorted(os.path.basename(p) for p in glob.glob("/etc/postgresql/*"))
    if versions:
        subprocess.run(
            ["pg_ctlcluster", "--skip-systemctl-redirect", versions[-1], "main", "start"],
            check=False,
            capture_output=True,
        )


def ensure_server(timeout: float = 30.0) -> None:
    """Connect, starting the local cluster once if it is down."""
    deadline = time.monotonic() + timeout
    started = False
    while True:
        try:
            with psycopg.connect(ADMIN_DSN, connect_timeout=3):
                return
        except psycopg.OperationalError:
            if time.monotonic() > deadline:
                raise
            if not started:
                _start_server()
                started = True
            time.sleep(0.5)


@contextmanager
def fresh_schema() -> Iterator[str]:
    """A SQLAlchemy URL whose connections live in a new, empty schema, dropped afterwards."""
    ensure_server()
    schema = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(ADMIN_DSN, autocommit=True) as c:
        c.execute(f'CREATE SCHEMA "{schema}"')
    try:
        base = ADMIN_DSN.replace("postgresql://", "postgresql+psycopg://", 1)
        yield f"{base}?options=-csearch_path%3D{schema}"
    finally:
        with psycopg.connect(ADMIN_DSN, autocommit=True) as c:
            c.execute(f'DROP SCHEMA "{schema}" CASCADE')
