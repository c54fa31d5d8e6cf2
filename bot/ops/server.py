"""The ops endpoint: ``/healthz``, ``/readyz`` and ``/metrics`` on one small HTTP server,
and the pages given to it (the claims page, :mod:`bot.claimspage`).

``POLICYWATCH_OPS_ADDR`` is ``host:port`` (default 127.0.0.1:9464, Prometheus'
customary range for exporters) or ``off``. It binds to loopback unless told
otherwise: the metrics name feeds and routes.
"""

from __future__ import annotations

import logging
import socket
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from prometheus_client import CONTENT_TYPE_LATEST

from bot.ops.readiness import Readiness
from watchers.errors import ConfigError

log = logging.getLogger(__name__)

DEFAULT_ADDR = "127.0.0.1:9464"
_VAR = "POLICYWATCH_OPS_ADDR"


def ops_address(env: Mapping[str, str]) -> tuple[str, int] | None:
    """The (host, port) to serve on, or None for ``off``."""
    value = env.get(_VAR, "").strip() or DEFAULT_ADDR
    if value.lower() == "off":
        return None
    host, sep, port = value.rpartition(":")
    host = host.strip("[]")
    if not sep or not host or not port.isdigit() or not 0 <= int(port) < 65536:
        raise ConfigError(
            "environment", _VAR, f"expected host:port (e.g. {DEFAULT_ADDR}) or off, got {value!r}"
        )
    return host, int(port)


@dataclass(frozen=True)
class Answer:
    """A page's answer to one GET."""

    status: int
    body: bytes
    content_type: str = "text/plain; charset=utf-8"
    headers: tuple[tuple[str, str], ...] = ()


# A page: (path, query string, client address) → its answer, or None for paths not its own.
Pages = Callable[[str, str, str], Answer | None]


@dataclass(frozen=True)
class Sources:
    """Where the answers come from: readiness checks, the metrics exposition, and pages."""

    ready: Callable[[], Readiness]
    metrics: Callable[[], bytes]
    pages: Pages | None = None


class OpsServer:
    """Serves the three endpoints from a background thread until ``stop``."""

    def __init__(
        self,
        address: tuple[str, int],
        ready: Callable[[], Readiness],
        metrics: Callable[[], bytes],
        pages: Pages | None = None,
    ) -> None:
        self._server = _Server(address, Sources(ready, metrics, pages))
        self._thread: threading.Thread | None = None

    @property
    def address(self) -> tuple[str, int]:
        """Where it listens (the real port when 0 was asked for)."""
        host, port = self._server.server_address[:2]
        return str(host), int(port)

    def start(self) -> None:
        self._thread = threading.Thread(
            target=self._server.serve_forever, name="ops-http", daemon=True
        )
        self._thread.start()

    def stop(self) -> None:
        if self._thread is not None:
            self._server.shutdown()
            self._thread.join()
            self._thread = None
        self._server.server_close()


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address: tuple[str, int], sources: Sources) -> None:
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        self.sources = sources
        super().__init__(address, _Handler)


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def do_GET(self) -> None:
        path, _, query = self.path.partition("?")
        sources = self.server.sources
        if path == "/healthz":
            self._answer(Answer(200, b"ok\n"))
        elif path == "/readyz":
            readiness = sources.ready()
            body = ("\n".join(readiness.lines) + "\n").encode()
            self._answer(Answer(200 if readiness.ok else 503, body))
        elif path == "/metrics":
            self._answer(Answer(200, sources.metrics(), CONTENT_TYPE_LATEST))
        else:
            page = sources.pages(path, query, self.client_address[0]) if sources.pages else None
            self._answer(page or Answer(404, b"not found: try /healthz, /readyz or /metrics\n"))

    def _answer(self, answer: Answer) -> None:
        self.send_response(answer.status)
        self.send_header("Content-Type", answer.content_type)
        self.send_header("Content-Length", str(len(answer.body)))
        for name, value in answer.headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(answer.body)

    def log_message(self, format: str, *args: object) -> None:
        log.debug("ops endpoint: " + format, *args)
