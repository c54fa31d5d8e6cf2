"""Fetching a feed from a local ``file://`` URL, with the same limits as over HTTP.

Only files under the policy's ``file_roots`` are read: a feed URL must not be a
way to read ``/etc/passwd`` or the service's own secrets.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from email.utils import formatdate
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from watchers.errors import FetchError
from watchers.fetch.body import read_body
from watchers.fetch.policy import FetchPolicy
from watchers.model import FeedState, FetchResult

_CHUNK = 64 * 1024


def file_path(url: str) -> Path:
    """The local path a ``file:`` URL names."""
    return Path(url2pathname(urlsplit(url).path))


def file_allowed(path: Path, roots: Iterable[Path]) -> bool:
    """Whether ``path`` is one of ``roots`` or inside one, symbolic links resolved."""
    real = path.resolve()
    return any(real.is_relative_to(root.resolve()) for root in roots)


def fetch_file(url: str, state: FeedState, policy: FetchPolicy) -> FetchResult:
    """Read a local feed file; its mtime serves as Last-Modified and its mtime+size as ETag.

    A file URL with a host other than localhost is refused, and so is a file that
    is not, once symbolic links are resolved, under one of ``policy.file_roots``.
    ``file:relative/path`` is read relative to the working directory.
    """
    parts = urlsplit(url)
    if parts.netloc not in ("", "localhost"):
        raise FetchError(url, f"file URL on another host {parts.netloc!r}", kind="file")
    path = file_path(url)
    try:
        if not file_allowed(path, policy.file_roots):
            raise FetchError(url, "file is outside the directories feeds may be read from")
        stat = path.stat()
        modified = formatdate(stat.st_mtime, usegmt=True)
        etag = f'"{stat.st_mtime_ns:x}-{stat.st_size:x}"'
        if state.last_modified == modified and state.etag in ("", etag):
            return FetchResult(url=url, status=304, etag=etag, last_modified=modified)
        with path.open("rb") as handle:
            chunks = iter(lambda: handle.read(_CHUNK), b"")
            deadline = time.monotonic() + policy.total_timeout
            body = read_body(url, chunks, {}, policy, deadline)
    except (OSError, ValueError) as exc:  # ValueError: a NUL byte in the path
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise FetchError(url, f"cannot read file: {reason}", kind="file") from None
    headers = {"last-modified": modified, "etag": etag, "content-length": str(len(body))}
    return FetchResult(
        url=url, status=200, body=body, headers=headers, etag=etag, last_modified=modified
    )
