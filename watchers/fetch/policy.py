"""How a feed is fetched: the limits, the name every fetch works within, and where it may go."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from watchers.fetch.guard import IPNetwork


@dataclass(frozen=True)
class FetchPolicy:
    """How to fetch: timeouts in seconds, the body limit in bytes, and how we introduce ourselves.

    ``max_bytes`` bounds the decompressed body. ``total_timeout`` bounds the
    whole exchange, so a server dripping a byte at a time cannot hold a poll.
    ``allow_networks`` are the non-public addresses a fetch may connect to
    anyway (see :mod:`watchers.fetch.guard`); ``file_roots`` the directories (or
    single files) a ``file://`` feed may be read from. Both are empty by default:
    nothing but public addresses, no local files.
    """

    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    max_bytes: int = 10 * 1024 * 1024
    user_agent: str = "policywatch/0.1 (feed watcher)"
    max_redirects: int = 5
    total_timeout: float = 120.0
    allow_networks: tuple[IPNetwork, ...] = ()
    file_roots: tuple[Path, ...] = ()
