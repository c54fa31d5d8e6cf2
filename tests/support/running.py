"""Running `policywatch run` as a child process in tests: a free port, a clean
environment, and waiting for what it serves."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import httpx
import pytest

T = TypeVar("T")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for(check: Callable[[], T], what: str, limit: float = 60.0) -> T:
    """Poll ``check`` until it returns something true; fail naming ``what`` after ``limit`` s."""
    deadline = time.monotonic() + limit
    while True:
        try:
            result = check()
        except httpx.TransportError:
            result = None  # type: ignore[assignment]
        if result:
            return result
        if time.monotonic() > deadline:
            pytest.fail(f"gave up waiting for {what}")
        time.sleep(0.2)


def run_env(tmp_path: Path, port: int, **extra: str) -> dict[str, str]:
    """This process's environment without chat credentials or a database URL: SQLite in
    ``tmp_path``, the ops endpoint on ``port``, no stance model."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "MATRIX_"))}
    env.pop("POLICYWATCH_DATABASE_URL", None)
    env.update(
        POLICYWATCH_DATA_DIR=str(tmp_path / "data"),
        POLICYWATCH_OPS_ADDR=f"127.0.0.1:{port}",
        POLICYWATCH_STANCE_MODEL="none",
        **extra,
    )
    return env


@dataclass
class Running:
    """A `policywatch run` child; ``stop`` sends SIGTERM and collects its standard error
    (from ``log`` when it was written to a file)."""

    process: subprocess.Popen[str]
    base_url: str  # of its ops endpoint
    stderr: str = ""
    log: Path | None = None

    def signal(self, sig: int) -> None:
        self.process.send_signal(sig)

    def up(self) -> bool:
        """Whether its ops endpoint answers /healthz (its database is open and migrated)."""
        try:
            return httpx.get(f"{self.base_url}/healthz", timeout=2).status_code == 200
        except httpx.TransportError:
            return False

    def stop(self) -> int:
        self.process.send_signal(signal.SIGTERM)
        _, err = self.process.communicate(timeout=60)
        self.stderr = self.log.read_text(encoding="utf-8") if self.log else err
        return self.process.returncode


def start_run(config: Path, workdir: Path, **env: str) -> Running:
    """`policywatch run --config config` with its data in ``workdir``, ``env`` added to
    its environment, and its standard error added to ``workdir``/run.log (a long run
    would fill a pipe nobody reads; a restart on the same data adds to the same log).
    The caller stops or kills it."""
    port = free_port()
    workdir.mkdir(parents=True, exist_ok=True)
    log = workdir / "run.log"
    with log.open("a", encoding="utf-8") as err:
        process = subprocess.Popen(
            [sys.executable, "-m", "bot.cli", "run", "--config", str(config)],
            env=run_env(workdir, port, **env),
            stdout=subprocess.DEVNULL,
            stderr=err,
            text=True,
        )
    return Running(process, f"http://127.0.0.1:{port}", log=log)


@contextmanager
def policywatch_run(config: Path, tmp_path: Path) -> Iterator[Running]:
    """`policywatch run --config config` on SQLite in ``tmp_path``; killed after the
    block if the test did not stop it."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "run", "--config", str(config)],
        env=run_env(tmp_path, port),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        yield Running(process, f"http://127.0.0.1:{port}")
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
