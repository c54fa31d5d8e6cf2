"""The one HTTP client every poll shares, with the address guard where sockets are opened.

Building an ``httpx.Client`` loads the CA bundle into a TLS context, which costs
tens of milliseconds: far more than a small feed takes to fetch. One
:class:`FetchClient` holds a connection pool and one TLS context for all polls.

The guard sits in the network backend, the only place that sees the address a
socket is opened to: every connection, whichever redirect or retry asked for it,
resolves the host once, checks each address with :class:`AddressGuard` and
connects to that very address. A DNS answer that changes between a check and the
connection (rebinding) is never consulted twice. The same backend holds each
exchange to its deadline, so a server that drips its headers a byte at a time is
cut off as surely as one that drips its body.
"""

from __future__ import annotations

import math
import socket
import ssl
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from types import TracebackType
from typing import Any

import httpcore
import httpx

from watchers.fetch.guard import AddressGuard

_deadline: ContextVar[float] = ContextVar("fetch_deadline", default=math.inf)
"""When the exchange under way must be over (``time.monotonic``), for this thread."""

_Options = Iterable[
    tuple[int, int, int] | tuple[int, int, bytes | bytearray] | tuple[int, int, None, int]
]


def _remaining(timeout: float | None, what: str) -> float:
    """``timeout`` shortened to what is left of the exchange; raises once nothing is."""
    left = _deadline.get() - time.monotonic()
    if left <= 0:
        raise httpcore.ReadTimeout(f"exchange time limit reached while {what}")
    return left if timeout is None else min(timeout, left)


class _DeadlineStream(httpcore.NetworkStream):
    """A socket stream whose every wait also ends at the exchange deadline."""

    def __init__(self, inner: httpcore.NetworkStream) -> None:
        self._inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, _remaining(timeout, "reading"))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, _remaining(timeout, "writing"))

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        limit = _remaining(timeout, "starting TLS")
        return _DeadlineStream(self._inner.start_tls(ssl_context, server_hostname, limit))

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class _GuardedBackend(httpcore.SyncBackend):
    """Resolves, checks and connects to the checked address, never to a name."""

    def __init__(self, guard: AddressGuard) -> None:
        self._guard = guard

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: _Options | None = None,
    ) -> httpcore.NetworkStream:
        limit = _remaining(timeout, "connecting")
        try:
            answers = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except OSError as exc:  # socket.gaierror: no such host
            raise httpcore.ConnectError(f"cannot resolve {host!r}: {exc}") from exc
        # Every answer is checked before any is tried: refusing the whole host when
        # one address is guarded keeps round-robin DNS from being a way around it.
        addresses = dict.fromkeys(str(self._guard.check(host, str(a[4][0]))) for a in answers)
        failure: httpcore.ConnectError | httpcore.ConnectTimeout | None = None
        for address in addresses:
            try:
                stream = super().connect_tcp(
                    address, port, limit, local_address, socket_options or ()
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                failure = exc
                continue
            return _DeadlineStream(stream)
        raise failure or httpcore.ConnectError(f"no address for {host!r}")


class FetchClient:
    """A pooled, guarded HTTP client for all polls; thread-safe, closed once at the end."""

    def __init__(self, guard: AddressGuard, *, max_connections: int = 100) -> None:
        self.guard = guard
        self.http = httpx.Client(
            transport=_GuardedTransport(guard, max_connections),
            trust_env=False,
            follow_redirects=False,
        )

    @contextmanager
    def deadline(self, at: float) -> Iterator[None]:
        """Every socket wait inside the block ends by ``at`` (``time.monotonic``)."""
        token = _deadline.set(at)
        try:
            yield
        finally:
            _deadline.reset(token)

    def close(self) -> None:
        self.http.close()

    def __enter__(self) -> FetchClient:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


class _GuardedTransport(httpx.HTTPTransport):
    def __init__(self, guard: AddressGuard, max_connections: int) -> None:
        context = httpx.create_ssl_context(trust_env=False)
        limits = httpx.Limits(max_connections=max_connections, max_keepalive_connections=20)
        super().__init__(verify=context, limits=limits, trust_env=False)
        # httpx has no parameter for the network backend: its pool is built again,
        # the same way, with ours. The guard tests fail should httpx stop using it.
        self._pool = httpcore.ConnectionPool(
            ssl_context=context,
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            network_backend=_GuardedBackend(guard),
        )
