"""HTTP mode: Slack's requests (commands, events, interactivity) served at ``/slack/events``.

Each request goes to the bolt app as it came, so bolt's own request verification
checks the signature and refuses a request signed more than five minutes ago (401).
"""

from __future__ import annotations

import logging
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

from slack_bolt import App, BoltRequest

log = logging.getLogger(__name__)

PATH = "/slack/events"
MAX_BODY = 1_000_000  # Slack's payloads are a few kilobytes; refuse anything absurd


class SlackHttpServer:
    """A threading HTTP server on ``host:port`` (port 0 picks a free one) for one bolt app."""

    def __init__(self, app: App, host: str, port: int) -> None:
        self.app = app
        self._httpd = _Server((host, port), _Handler, app)
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        return int(self._httpd.server_address[1])

    def start(self) -> None:
        self._thread = threading.Thread(
            target=self._httpd.serve_forever,
            kwargs={"poll_interval": 0.2},
            name="slack-http",
            daemon=True,
        )
        self._thread.start()
        log.info("Slack HTTP mode listening on %s:%d%s", *self._httpd.server_address[:2], PATH)

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=10)


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(
        self, address: tuple[str, int], handler: type[BaseHTTPRequestHandler], app: App
    ) -> None:
        self.app = app
        super().__init__(address, handler)


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def do_POST(self) -> None:
        url = urlsplit(self.path)
        if url.path != PATH:
            self._answer(404, b"not found")
            return
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY:
            self._answer(413, b"request too large")
            return
        try:
            body = self.rfile.read(length).decode("utf-8")
        except UnicodeDecodeError:
            self._answer(400, b"body is not UTF-8")
            return
        headers: dict[str, Any] = {k.lower(): v for k, v in self.headers.items()}
        response = self.server.app.dispatch(
            BoltRequest(body=body, query=url.query, headers=headers)
        )
        data = (response.body or "").encode("utf-8")
        self.send_response(response.status)
        for name, values in response.headers.items():
            for value in values:
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:
        self._answer(404, b"not found")

    def _answer(self, status: int, data: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: object) -> None:
        log.debug("slack http: " + format, *args)
