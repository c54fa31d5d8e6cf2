"""Polite fetching of feed documents over HTTP(S) and from local files.

This is the I/O edge of a poll. It asks only for what changed (conditional GET),
bounds every wait and every body, and turns all network and HTTP trouble into
one ``FetchError`` that says what went wrong.
"""

from __future__ import annotations

import time
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import formatdate, parsedate_to_datetime
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

import httpx

from watchers.errors import FetchError
from watchers.model import FeedState, FetchResult

_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/feed+json, application/rdf+xml,"
    " application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, */*;q=0.5"
)
_CHUNK = 64 * 1024
_GZIP_MAGIC = b"\x1f\x8b"
# Retry-After values beyond this are clamped before any arithmetic can overflow.
_LONGEST_RETRY_AFTER = timedelta(days=3650)


@dataclass(frozen=True)
class FetchPolicy:
    """How to fetch: timeouts in seconds, the body limit in bytes, and how we introduce ourselves.

    ``max_bytes`` bounds the decompressed body. ``total_timeout`` bounds the
    whole exchange, so a server dripping a byte at a time cannot hold a poll.
    """

    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    max_bytes: int = 10 * 1024 * 1024
    user_agent: str = "policywatch/0.1 (feed watcher)"
    max_redirects: int = 5
    total_timeout: float = 120.0


def fetch(
    url: str,
    state: FeedState,
    settings: FetchPolicy,
    *,
    client: httpx.Client | None = None,
) -> FetchResult:
    """Fetch ``url``, conditionally on the validators stored in ``state``.

    Returns a ``FetchResult`` with status 304 (empty body, validators kept) when
    nothing changed, else the 2xx status, the decompressed body, lower-cased
    headers and the new validators. ``result.url`` is the URL the body came
    from, after redirects. ``file://`` URLs read a local file whose mtime is its
    Last-Modified. Raises ``FetchError`` (and nothing else) on timeouts,
    connection failures, HTTP errors (with ``status`` and, for 429/503,
    ``retry_after``), bodies over ``settings.max_bytes``, too many redirects and
    unsupported URLs. ``client`` is used when given (and left open); redirects
    and timeouts follow ``settings`` either way.
    """
    scheme = urlsplit(url).scheme.lower()
    if scheme == "file":
        return _fetch_file(url, state, settings)
    if scheme not in ("http", "https"):
        raise FetchError(url, f"unsupported URL scheme {scheme!r}")
    if client is not None:
        return _fetch_http(url, state, settings, client)
    with httpx.Client() as own_client:
        return _fetch_http(url, state, settings, own_client)


def parse_retry_after(value: str, now: datetime) -> timedelta | None:
    """Read a Retry-After header: delay-seconds or an HTTP-date (RFC 9110 section 10.2.3).

    Returns how long to wait from ``now`` (zero for a date in the past), or
    None when the value is neither form.
    """
    value = value.strip()
    if value.isdigit():
        return min(timedelta(seconds=min(int(value), 10**10)), _LONGEST_RETRY_AFTER)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return min(max(when - now, timedelta(0)), _LONGEST_RETRY_AFTER)


# --- HTTP ------------------------------------------------------------------------------------


def _request_headers(state: FeedState, policy: FetchPolicy) -> dict[bytes, bytes]:
    headers = {
        "User-Agent": policy.user_agent,
        "Accept": _ACCEPT,
        "Accept-Encoding": "gzip, deflate",
        "If-None-Match": state.etag,
        "If-Modified-Since": state.last_modified,
    }
    return {name.encode(): _header_value(value) for name, value in headers.items() if value}


def _header_value(value: str) -> bytes:
    # Stored validators come from servers; one that sent a non-ASCII ETag must not
    # make every later request fail to encode (httpx encodes str values as ASCII).
    return value.replace("\r", "").replace("\n", "").encode("utf-8")


def _fetch_http(
    url: str, state: FeedState, policy: FetchPolicy, client: httpx.Client
) -> FetchResult:
    # Redirects are followed here rather than by httpx so that the limit holds
    # for a caller's client too and a redirect can never lead to a file:// URL.
    deadline = time.monotonic() + policy.total_timeout
    timeout = httpx.Timeout(
        connect=policy.connect_timeout,
        read=policy.read_timeout,
        write=policy.read_timeout,
        pool=policy.connect_timeout,
    )
    headers = _request_headers(state, policy)
    try:
        target = httpx.URL(url)
        for _ in range(policy.max_redirects + 1):
            with client.stream(
                "GET", target, headers=headers, timeout=timeout, follow_redirects=False
            ) as response:
                if not response.has_redirect_location:
                    return _read_response(url, state, policy, response, deadline)
                target = _redirect_target(url, response)
    except httpx.TimeoutException as exc:
        raise FetchError(url, _timeout_message(exc, policy)) from None
    except (httpx.HTTPError, httpx.InvalidURL, httpx.StreamError, OSError) as exc:
        raise FetchError(url, f"request failed: {exc or type(exc).__name__}") from None
    raise FetchError(url, f"more than {policy.max_redirects} redirects")


def _redirect_target(url: str, response: httpx.Response) -> httpx.URL:
    target = response.url.join(response.headers["location"])
    if target.scheme not in ("http", "https"):
        raise FetchError(url, f"redirect to unsupported URL {target}", status=response.status_code)
    return target


def _timeout_message(exc: httpx.TimeoutException, policy: FetchPolicy) -> str:
    if isinstance(exc, httpx.ConnectTimeout | httpx.PoolTimeout):
        return f"connect timeout after {policy.connect_timeout:g}s"
    if isinstance(exc, httpx.ReadTimeout):
        return f"read timeout after {policy.read_timeout:g}s"
    return f"write timeout after {policy.read_timeout:g}s"


def _read_response(
    url: str,
    state: FeedState,
    policy: FetchPolicy,
    response: httpx.Response,
    deadline: float,
) -> FetchResult:
    headers = {name.lower(): value for name, value in response.headers.items()}
    status = response.status_code
    retry_after = _retry_after(headers)
    if status == 304:
        # RFC 9110 section 15.4.5: a 304 may carry fresher validators; otherwise keep ours.
        return FetchResult(
            url=str(response.url),
            status=304,
            headers=headers,
            etag=headers.get("etag", state.etag),
            last_modified=headers.get("last-modified", state.last_modified),
            retry_after=retry_after,
        )
    if not 200 <= status < 300:
        reason = f"HTTP {status} {response.reason_phrase}".rstrip()
        asked = retry_after if status in (429, 503) else None
        raise FetchError(url, reason, status=status, retry_after=asked)
    body = _read_body(url, response.iter_raw(), headers, policy, deadline)
    return FetchResult(
        url=str(response.url),
        status=status,
        body=body,
        headers=headers,
        etag=headers.get("etag", ""),
        last_modified=headers.get("last-modified", ""),
        retry_after=retry_after,
    )


def _retry_after(headers: dict[str, str]) -> timedelta | None:
    value = headers.get("retry-after")
    return parse_retry_after(value, datetime.now(UTC)) if value else None


def _read_body(
    url: str,
    chunks: Iterable[bytes],
    headers: dict[str, str],
    policy: FetchPolicy,
    deadline: float,
) -> bytes:
    """Read and decompress the body chunk by chunk, stopping at the first byte too many."""
    body = _BoundedBody(url, headers.get("content-encoding", ""), policy.max_bytes)
    for chunk in chunks:
        body.add(chunk)
        if time.monotonic() > deadline:
            raise FetchError(url, f"timeout: body not complete after {policy.total_timeout:g}s")
    return body.finish()


class _BoundedBody:
    """A response body being decompressed (gzip or deflate) as it arrives, within a limit.

    Decompression output is requested in slices no larger than the room left,
    so a gzip bomb costs at most ``limit`` bytes of memory before it is refused.
    A body without Content-Encoding that starts with the gzip magic number is
    decompressed too: some servers send gzipped feeds without saying so.
    """

    def __init__(self, url: str, content_encoding: str, limit: int) -> None:
        self.url = url
        self.coding = content_encoding.strip().lower()
        self.limit = limit
        self.data = bytearray()
        self._inflater: zlib._Decompress | None = None
        self._wbits = 0
        self._started = False
        if self.coding not in ("", "identity", "gzip", "x-gzip", "deflate"):
            raise FetchError(url, f"unsupported Content-Encoding {content_encoding!r}")

    def add(self, chunk: bytes) -> None:
        if not chunk:
            return
        if not self._started:
            self._start(chunk)
        if self._inflater is None:
            self._append(chunk)
        else:
            self._inflate(chunk)

    def finish(self) -> bytes:
        if self._inflater is not None:
            try:
                self._append(self._inflater.flush())
            except zlib.error as exc:
                raise FetchError(self.url, f"corrupt compressed body ({exc})") from None
        return bytes(self.data)

    def _start(self, first: bytes) -> None:
        self._started = True
        if self.coding in ("gzip", "x-gzip") or first.startswith(_GZIP_MAGIC):
            self._wbits = 16 + zlib.MAX_WBITS
        elif self.coding == "deflate":
            # RFC 9110 says zlib-wrapped; some servers send raw deflate.
            self._wbits = zlib.MAX_WBITS if _has_zlib_header(first) else -zlib.MAX_WBITS
        else:
            return
        self._inflater = zlib.decompressobj(self._wbits)

    def _inflate(self, data: bytes) -> None:
        try:
            while data and self._inflater is not None:
                room = self.limit + 1 - len(self.data)
                self._append(self._inflater.decompress(data, room))
                data = self._next_input()
        except zlib.error as exc:
            raise FetchError(self.url, f"corrupt compressed body ({exc})") from None

    def _next_input(self) -> bytes:
        """Input still to inflate: the rest of this member, or the next gzip member."""
        assert self._inflater is not None
        if not self._inflater.eof:
            return self._inflater.unconsumed_tail
        rest = self._inflater.unused_data
        if not rest.startswith(_GZIP_MAGIC):
            return b""  # trailing padding after the last member is ignored, as browsers do
        self._append(self._inflater.flush())
        self._inflater = zlib.decompressobj(self._wbits)
        return rest

    def _append(self, piece: bytes) -> None:
        self.data += piece
        if len(self.data) > self.limit:
            raise FetchError(self.url, f"response larger than {self.limit} bytes")


def _has_zlib_header(data: bytes) -> bool:
    """RFC 1950: compression method 8 and a header that is a multiple of 31."""
    return len(data) > 1 and data[0] & 0x0F == 8 and (data[0] << 8 | data[1]) % 31 == 0


# --- files -----------------------------------------------------------------------------------


def _fetch_file(url: str, state: FeedState, policy: FetchPolicy) -> FetchResult:
    """Read a local feed file; its mtime serves as Last-Modified and its mtime+size as ETag.

    A file URL with a host other than localhost is refused. ``file:relative/path``
    is read relative to the working directory.
    """
    parts = urlsplit(url)
    if parts.netloc not in ("", "localhost"):
        raise FetchError(url, f"file URL on another host {parts.netloc!r}")
    path = Path(url2pathname(parts.path))
    try:
        stat = path.stat()
        modified = formatdate(stat.st_mtime, usegmt=True)
        etag = f'"{stat.st_mtime_ns:x}-{stat.st_size:x}"'
        if state.last_modified == modified and state.etag in ("", etag):
            return FetchResult(url=url, status=304, etag=etag, last_modified=modified)
        with path.open("rb") as handle:
            chunks = iter(lambda: handle.read(_CHUNK), b"")
            deadline = time.monotonic() + policy.total_timeout
            body = _read_body(url, chunks, {}, policy, deadline)
    except (OSError, ValueError) as exc:  # ValueError: a NUL byte in the path
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise FetchError(url, f"cannot read file: {reason}") from None
    headers = {"last-modified": modified, "etag": etag, "content-length": str(len(body))}
    return FetchResult(
        url=url, status=200, body=body, headers=headers, etag=etag, last_modified=modified
    )
