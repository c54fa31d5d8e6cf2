"""A fetched body read chunk by chunk: decompressed, bounded in size and in time.

Both HTTP responses and local files go through :func:`read_body`, so a feed is held to
the same limits however it arrives.
"""

from __future__ import annotations

import time
import zlib
from collections.abc import Iterable

from watchers.errors import FetchError
from watchers.fetch.policy import FetchPolicy

_GZIP_MAGIC = b"\x1f\x8b"


def read_body(
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
            raise FetchError(
                url, f"timeout: no complete answer within {policy.total_timeout:g}s", kind="timeout"
            )
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
            raise FetchError(url, f"unsupported Content-Encoding {content_encoding!r}", kind="body")

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
                raise FetchError(
                    self.url, f"corrupt compressed body ({exc})", kind="body"
                ) from None
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
            raise FetchError(self.url, f"corrupt compressed body ({exc})", kind="body") from None

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
            raise FetchError(self.url, f"response larger than {self.limit} bytes", kind="too_large")


def _has_zlib_header(data: bytes) -> bool:
    """RFC 1950: compression method 8 and a header that is a multiple of 31."""
    return len(data) > 1 and data[0] & 0x0F == 8 and (data[0] << 8 | data[1]) % 31 == 0
