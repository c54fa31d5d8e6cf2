"""A programmable HTTP server on 127.0.0.1 for feed tests.

Start one with ``FeedServer()`` (or the ``feed_server`` pytest fixture), give
paths their responses, point the code under test at ``server.url(path)``, and
read back what it asked for::

    url = feed_server.serve("/feed.xml", RSS_BYTES, headers={"ETag": '"v1"'})
    fetch(url, ...)
    assert feed_server.requests_for("/feed.xml")[0].headers["user-agent"]

A route is a ``Response`` (the same answer every time), a list of them (one per
request, the last repeating), or a function from the ``RecordedRequest`` to a
``Response``. Responses can be delayed, gzipped, or streamed chunk by chunk
from a generator (for bodies too large to hold). ``conditional(...)`` answers
304 when the request's validators match, as a real feed server does.
"""

from __future__ import annotations

import gzip
import socket
import threading
import time
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType


@dataclass(frozen=True)
class Response:
    """One answer. ``stream`` (called afresh per request) sends a chunked body instead of ``body``.

    ``delay`` waits before the status line (for read timeouts); ``chunk_delay``
    waits between streamed chunks. ``gzip`` compresses ``body`` and adds
    ``Content-Encoding: gzip``.
    """

    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    gzip: bool = False
    stream: Callable[[], Iterable[bytes]] | None = None
    chunk_delay: float = 0.0


@dataclass
class RecordedRequest:
    """A request the server received. ``headers`` has lower-cased names.

    ``body_bytes_sent`` and ``finished`` are filled in when the server is done
    answering (see ``FeedServer.wait_idle``); a client that hung up early shows
    ``body_bytes_sent`` smaller than the full body. ``client_port`` tells one
    connection from another.
    """

    method: str
    path: str
    headers: dict[str, str]
    client_port: int = 0
    body_bytes_sent: int = 0
    finished: bool = False


Route = Response | Sequence[Response] | Callable[[RecordedRequest], Response]


def conditional(
    body: bytes,
    *,
    etag: str = "",
    last_modified: str = "",
    headers: dict[str, str] | None = None,
) -> Callable[[RecordedRequest], Response]:
    """A route that serves ``body`` with validators and answers 304 when they match."""
    validators = {"ETag": etag, "Last-Modified": last_modified}
    sent = {name: value for name, value in validators.items() if value} | (headers or {})

    def answer(request: RecordedRequest) -> Response:
        if etag and request.headers.get("if-none-match") == etag:
            return Response(status=304, headers=sent)
        if not etag and last_modified and request.headers.get("if-modified-since") == last_modified:
            return Response(status=304, headers=sent)
        return Response(body=body, headers=sent)

    return answer


def repeated(piece: bytes, total: int) -> Iterator[bytes]:
    """``total`` bytes made of ``piece`` repeated, yielded in 64 KiB chunks, made lazily."""
    chunk = (piece * (65536 // max(len(piece), 1) + 1))[:65536]
    sent = 0
    while sent < total:
        part = chunk[: total - sent]
        sent += len(part)
        yield part


def gzip_stream(chunks: Iterable[bytes]) -> Iterator[bytes]:
    """Compress ``chunks`` lazily into one gzip stream (a gzip bomb when fed zeros)."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    for chunk in chunks:
        out = compressor.compress(chunk)
        if out:
            yield out
    yield compressor.flush()


class FeedServer:
    """An HTTP/1.1 server on loopback with an ephemeral port, serving from a thread.

    ``host`` is 127.0.0.1 unless another loopback address (``127.0.0.2``, ``::1``)
    is given.
    """

    def __init__(self, host: str = "127.0.0.1") -> None:
        self._routes: dict[str, Route] = {}
        self._served: dict[str, int] = {}
        self._requests: list[RecordedRequest] = []
        self._lock = threading.Lock()
        self._active = 0
        server_class = _IPv6Server if ":" in host else ThreadingHTTPServer
        self._httpd = server_class((host, 0), _handler_for(self))
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()

    @property
    def base_url(self) -> str:
        host, port = self._httpd.server_address[:2]
        shown = f"[{host!s}]" if ":" in str(host) else str(host)
        return f"http://{shown}:{port}"

    def url(self, path: str) -> str:
        return self.base_url + path

    def route(self, path: str, route: Route) -> str:
        """Answer requests for ``path`` (query string included, if any) with ``route``."""
        with self._lock:
            self._routes[path] = route
            self._served[path] = 0
        return self.url(path)

    def serve(
        self,
        path: str,
        body: bytes,
        *,
        status: int = 200,
        content_type: str = "application/rss+xml; charset=utf-8",
        headers: dict[str, str] | None = None,
        delay: float = 0.0,
        gzip: bool = False,
    ) -> str:
        """Shorthand for ``route(path, Response(...))`` with a Content-Type; returns the URL."""
        merged = {"Content-Type": content_type} | (headers or {})
        return self.route(path, Response(status, body, merged, delay=delay, gzip=gzip))

    @property
    def requests(self) -> list[RecordedRequest]:
        with self._lock:
            return list(self._requests)

    def requests_for(self, path: str) -> list[RecordedRequest]:
        return [r for r in self.requests if r.path == path]

    def wait_idle(self, timeout: float = 5.0) -> bool:
        """Wait until no request is being answered; True if that happened within ``timeout``."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            with self._lock:
                if self._active == 0:
                    return True
            time.sleep(0.01)
        return False

    def close(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> FeedServer:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def _begin(self, request: RecordedRequest) -> Response:
        with self._lock:
            self._requests.append(request)
            self._active += 1
            route = self._routes.get(request.path)
            count = self._served.get(request.path, 0)
            self._served[request.path] = count + 1
        if route is None:
            return Response(status=404, body=b"not found", headers={"Content-Type": "text/plain"})
        if isinstance(route, Response):
            return route
        if callable(route):
            return route(request)
        return route[min(count, len(route) - 1)]

    def _end(self, request: RecordedRequest) -> None:
        with self._lock:
            request.finished = True
            self._active -= 1


class _IPv6Server(ThreadingHTTPServer):
    address_family = socket.AF_INET6


def _handler_for(server: FeedServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        # Headers and body go out in separate writes; with Nagle on, a kept-alive
        # connection would wait for the delayed ACK (40 ms) before every body.
        disable_nagle_algorithm = True

        def do_GET(self) -> None:
            self._answer(send_body=True)

        def do_HEAD(self) -> None:
            self._answer(send_body=False)

        def log_message(self, format: str, *args: object) -> None:
            """Stay quiet: tests read ``server.requests`` instead."""

        def _answer(self, *, send_body: bool) -> None:
            headers = {name.lower(): value for name, value in self.headers.items()}
            request = RecordedRequest(self.command, self.path, headers, self.client_address[1])
            response = server._begin(request)
            try:
                time.sleep(response.delay)
                self._send(request, response, send_body)
            except (BrokenPipeError, ConnectionResetError):
                self.close_connection = True  # the client gave up; that is what some tests want
            finally:
                server._end(request)

        def _send(self, request: RecordedRequest, response: Response, send_body: bool) -> None:
            body = gzip.compress(response.body) if response.gzip else response.body
            self.send_response(response.status)
            for name, value in response.headers.items():
                self.send_header(name, value)
            if response.gzip:
                self.send_header("Content-Encoding", "gzip")
            if response.stream is not None:
                self.send_header("Transfer-Encoding", "chunked")
                self.end_headers()
                if send_body:
                    self._send_chunks(request, response.stream(), response.chunk_delay)
                return
            if response.status not in (204, 304):
                self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if send_body and response.status not in (204, 304):
                self.wfile.write(body)
                request.body_bytes_sent = len(body)

        def _send_chunks(
            self, request: RecordedRequest, chunks: Iterable[bytes], pause: float
        ) -> None:
            for chunk in chunks:
                if chunk:
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                    request.body_bytes_sent += len(chunk)
                    time.sleep(pause)
            self.wfile.write(b"0\r\n\r\n")

    return Handler
