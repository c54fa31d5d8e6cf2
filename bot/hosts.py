"""Per-host limits on polling: which host a feed is on, how much room each host has, and
which of the due feeds to take. Pure: the engine passes in what it has in flight.

Local files count as one host with room for one, so that they are read one at a time
in the order given (feeds that correct each other, like the bundled demo, stay in order).
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from datetime import UTC, datetime
from urllib.parse import urlsplit

from watchers.model import FeedSpec
from watchers.storage.queue import QueuedFeed

FILES = "file://"
_NEVER = datetime.min.replace(tzinfo=UTC)


def host_of(spec: FeedSpec) -> str:
    """What the per-host limit counts by: scheme, host and port (all files count as one)."""
    return _host(spec.url)


# Asked of every configured feed at each claim: splitting a thousand URLs each time was a
# tenth of a cold round's work.
@functools.lru_cache(maxsize=1 << 16)
def _host(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc.lower()}"


def room(
    specs: Sequence[FeedSpec], busy: Counter[str], per_host: int, skip: Collection[str]
) -> dict[str, int]:
    """Host → how many more of its feeds may be fetched now, for hosts with room and a
    feed not in ``skip``; ``busy`` counts the fetches in flight per host."""
    out = {}
    for spec in specs:
        host = host_of(spec)
        left = (1 if host == FILES else per_host) - busy[host]
        if left > 0 and spec.id not in skip:
            out[host] = left
    return out


def choose(
    queued: Sequence[QueuedFeed],
    specs: Mapping[str, FeedSpec],
    order: Mapping[str, int],
    room: Mapping[str, int],
    limit: int,
) -> list[str]:
    """Up to ``limit`` of the due feeds, most overdue first (feeds never polled first, in
    the config's ``order``), no more per host than its ``room``."""
    ranked = sorted(queued, key=lambda q: (q.state.next_check or _NEVER, order[q.feed_id]))
    left = Counter(room)
    chosen: list[str] = []
    for q in ranked:
        host = host_of(specs[q.feed_id])
        if len(chosen) < limit and left[host] > 0:
            left[host] -= 1
            chosen.append(q.feed_id)
    return chosen
