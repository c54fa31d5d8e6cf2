"""A PostgreSQL cluster of a test's own on 127.0.0.1, which the test may stop and start.

Outage tests stop the database under a running service. Stopping the machine's shared
cluster would break every other test using it at that moment, so such a test gets a
cluster of its own: the machine's PostgreSQL binaries, ``initdb`` into a temporary
directory, a free loopback port, trust authentication. Run as root (in the test
container), the server runs as the ``postgres`` user, as PostgreSQL requires.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from support.running import free_port


def _bindir() -> Path:
    found = subprocess.run(["pg_config", "--bindir"], capture_output=True, text=True, check=True)
    return Path(found.stdout.strip())


class Cluster:
    """A private cluster; ``url`` is its SQLAlchemy URL (database ``postgres``)."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.data = directory / "data"
        self.port = free_port()
        self.url = f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"
        self.running = False
        self._bin = _bindir()

    def _run(self, tool: str, *args: str) -> None:
        command = [str(self._bin / tool), *args]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, capture_output=True, text=True, timeout=120)

    def create(self) -> None:
        if os.geteuid() == 0:
            shutil.chown(self.directory, "postgres", "postgres")
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8")

    def start(self) -> None:
        options = (
            f"-c listen_addresses=127.0.0.1 -p {self.port} "
            f"-c unix_socket_directories={self.directory} -c fsync=off"
        )
        log = str(self.directory / "server.log")
        self._run("pg_ctl", "-D", str(self.data), "-o", options, "-l", log, "-w", "start")
        self.running = True

    def stop(self) -> None:
        """Stop as ``pg_ctlcluster … stop`` does: fast mode, open sessions cut off."""
        self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")
        self.running = False


@contextmanager
def private_cluster() -> Iterator[Cluster]:
    """A started cluster, stopped and deleted after the block whatever happened in it."""
    directory = Path(tempfile.mkdtemp(prefix="policywatch-pg-"))
    cluster = Cluster(directory)
    try:
        cluster.create()
        cluster.start()
        yield cluster
    finally:
        if cluster.running:
            cluster.stop()
        shutil.rmtree(directory, ignore_errors=True)
