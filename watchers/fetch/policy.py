"""How a feed is fetched: the limits and the name every fetch works within."""

from __future__ import annotations

from dataclasses import dataclass


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
