"""A real Synapse homeserver on 127.0.0.1, run as a subprocess for tests.

``Homeserver.create`` writes a fresh config, signing key and log config into a data dir;
``start`` and ``stop`` run and end the process and may be repeated on the same object, which
keeps its port and its SQLite database, so a test can take the homeserver down and bring it
back. Users are registered through the shared-secret admin API.
"""

from __future__ import annotations

import secrets
import subprocess
import time
from pathlib import Path
from typing import IO, Protocol

import httpx
import yaml

from support.synapse_config import HomeserverSettings, RateLimit, homeserver_config, log_config
from support.synapse_install import ensure_synapse, venv_python
from support.synapse_process import (
    MemoryUse,
    free_port,
    memory_of,
    port_in_use,
    spawn,
    terminate,
)
from support.synapse_register import RegisteredUser, register_user

__all__ = [
    "Homeserver",
    "HomeserverError",
    "HomeserverFactory",
    "MemoryUse",
    "RateLimit",
    "RegisteredUser",
    "start_homeserver",
]

_READY_PATH = "/_matrix/client/versions"


class HomeserverError(RuntimeError):
    """The homeserver failed to start or answer; the message says what and where."""


class Homeserver:
    """One Synapse process and its data dir. Not started until ``start`` is called."""

    def __init__(self, settings: HomeserverSettings, venv: Path) -> None:
        self.settings = settings
        self._venv = venv
        self._process: subprocess.Popen[bytes] | None = None
        self._output: IO[bytes] | None = None

    @classmethod
    def create(
        cls, data_dir: Path, *, message_limit: RateLimit | None = None, venv: Path | None = None
    ) -> Homeserver:
        """Install Synapse if needed and write a new homeserver's files into ``data_dir``.

        Raises:
            HomeserverError: ``data_dir`` already holds a homeserver, or key generation failed.
        """
        venv = ensure_synapse(venv)
        if (data_dir / "homeserver.yaml").exists():
            raise HomeserverError(f"{data_dir} already holds a homeserver config")
        data_dir.mkdir(parents=True, exist_ok=True)
        settings = HomeserverSettings(
            data_dir=data_dir,
            port=free_port(),
            registration_secret=secrets.token_urlsafe(32),
            macaroon_secret=secrets.token_urlsafe(32),
            form_secret=secrets.token_urlsafe(32),
            message_limit=message_limit,
        )
        server = cls(settings, venv)
        server._write_files()
        return server

    @property
    def url(self) -> str:
        """Base URL for Client-Server API requests, e.g. ``http://127.0.0.1:41234``."""
        return self.settings.base_url

    @property
    def server_name(self) -> str:
        """The domain part of this homeserver's user and room IDs."""
        return self.settings.server_name

    @property
    def log_path(self) -> Path:
        """Synapse's own log file."""
        return self.settings.data_dir / "homeserver.log"

    @property
    def running(self) -> bool:
        """Whether the Synapse process is alive."""
        return self._process is not None and self._process.poll() is None

    def start(self, timeout: float = 60.0) -> None:
        """Start Synapse and return once ``/_matrix/client/versions`` answers 200.

        Call it from a thread that outlives the server (normally the test's main thread):
        Synapse is told to end when the thread that started it ends.

        Raises:
            HomeserverError: already running, or Synapse exited or did not answer within
                ``timeout`` seconds; the message carries the tails of its output and log.
        """
        if self.running:
            raise HomeserverError(f"homeserver on {self.url} is already running")
        if port_in_use(self.settings.port):
            raise HomeserverError(f"port {self.settings.port} is taken; cannot start {self.url}")
        config_path = self.settings.data_dir / "homeserver.yaml"
        command = [str(venv_python(self._venv)), "-m", "synapse.app.homeserver", "-c"]
        self._output = (self.settings.data_dir / "stdout.log").open("ab")
        self._process = spawn([*command, str(config_path)], self.settings.data_dir, self._output)
        self._wait_until_ready(time.monotonic() + timeout)

    def stop(self, timeout: float = 15.0) -> None:
        """Stop Synapse: SIGTERM, then SIGKILL if it is still alive after ``timeout`` seconds.

        Does nothing if it is not running. The data dir and database are kept.
        """
        process, self._process = self._process, None
        if process is not None:
            terminate(process, timeout)
        if self._output is not None:
            self._output.close()
            self._output = None

    def memory(self) -> MemoryUse:
        """Return the running process's resident memory."""
        if self._process is None or not self.running:
            raise HomeserverError(f"homeserver on {self.url} is not running")
        return memory_of(self._process.pid)

    def register(self, username: str, password: str, *, admin: bool = False) -> RegisteredUser:
        """Create a user through the shared-secret admin API and return its credentials.

        Raises:
            RegistrationError: the homeserver refused; the message has its status and answer.
        """
        secret = self.settings.registration_secret
        return register_user(self.url, secret, username, password, admin=admin)

    def log_tail(self, lines: int = 40) -> str:
        """Return the last ``lines`` of the process output and of Synapse's log, for errors."""
        parts = []
        for path in (self.settings.data_dir / "stdout.log", self.log_path):
            if path.exists():
                tail = path.read_text(errors="replace").splitlines()[-lines:]
                parts.append(f"--- {path} ---\n" + "\n".join(tail))
        return "\n".join(parts)

    def _write_files(self) -> None:
        data = self.settings.data_dir
        config = homeserver_config(self.settings)
        (data / "homeserver.yaml").write_text(yaml.safe_dump(config, sort_keys=False))
        (data / "log.config.yaml").write_text(yaml.safe_dump(log_config(self.log_path)))
        keygen = self._venv / "bin" / "generate_signing_key"
        result = subprocess.run(
            [str(keygen), "-o", config["signing_key_path"]],
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            raise HomeserverError(f"{keygen} failed: {result.stdout}{result.stderr}")

    def _wait_until_ready(self, deadline: float) -> None:
        with httpx.Client(timeout=2.0, trust_env=False) as http:
            while time.monotonic() < deadline:
                if self._process is not None and self._process.poll() is not None:
                    code = self._process.returncode
                    self.stop()
                    raise HomeserverError(
                        f"Synapse for {self.url} exited with {code} while starting\n"
                        + self.log_tail()
                    )
                try:
                    if http.get(self.url + _READY_PATH).status_code == 200:
                        return
                except httpx.TransportError:
                    pass
                time.sleep(0.1)
        self.stop()
        raise HomeserverError(f"Synapse did not answer on {self.url} in time\n" + self.log_tail())


class HomeserverFactory(Protocol):
    """Starts an extra, independent homeserver (the ``synapse_factory`` fixture's value)."""

    def __call__(self, *, message_limit: RateLimit | None = None) -> Homeserver: ...


def start_homeserver(
    data_dir: Path, *, message_limit: RateLimit | None = None, venv: Path | None = None
) -> Homeserver:
    """Create a homeserver in ``data_dir`` and start it. The caller must ``stop`` it."""
    server = Homeserver.create(data_dir, message_limit=message_limit, venv=venv)
    server.start()
    return server
