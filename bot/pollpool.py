"""Polls run side by side: a bounded pool, and a limit per host so no site is hammered.

Polling one feed after another lets one slow or trickling server hold up every feed
after it for as long as the fetch time limit. Here each feed is handed to a free
worker as soon as its host has a free slot, in the order given (most overdue first),
so a slow host only ever occupies its own slots.
"""

from __future__ import annotations

from collections import Counter, defaultdict, deque
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from typing import TypeVar
from urllib.parse import urlsplit

from bot.malloc import limit_arenas
from watchers.model import FeedSpec

R = TypeVar("R")

WORKERS = 16
"""Polls in flight at once."""
PER_HOST = 2
"""Polls of one host in flight at once."""
_FILES = "file://"
# Local files are read one at a time, in the order given: there is no server to
# wait for, and feeds that correct each other (the bundled demo) stay in order.


def host_of(spec: FeedSpec) -> str:
    """What the per-host limit counts by: scheme, host and port (all files count as one)."""
    parts = urlsplit(spec.url)
    return f"{parts.scheme}://{parts.netloc.lower()}"


def poll_all(
    specs: Sequence[FeedSpec],
    poll: Callable[[FeedSpec], R],
    *,
    workers: int = WORKERS,
    per_host: int = PER_HOST,
) -> list[R]:
    """``poll`` of every spec, at most ``workers`` at once and ``per_host`` per host.

    Results come in the order of ``specs``. ``poll`` must contain its own failures
    (as :func:`watchers.refresh.refresh_feed` does); an exception it raises anyway
    is raised here once the polls already started have finished.
    """
    limit_arenas()  # before the pool's threads: see bot.malloc
    queues: dict[str, deque[tuple[int, FeedSpec]]] = defaultdict(deque)
    for index, spec in enumerate(specs):
        queues[host_of(spec)].append((index, spec))
    busy: Counter[str] = Counter()
    running: dict[Future[R], tuple[int, str]] = {}
    results: dict[int, R] = {}
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="poll") as pool:
        while running or any(queues.values()):
            while len(running) < workers:
                host = _next_host(queues, busy, per_host)
                if host is None:
                    break
                index, spec = queues[host].popleft()
                busy[host] += 1
                running[pool.submit(poll, spec)] = (index, host)
            finished, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in finished:
                index, host = running.pop(future)
                busy[host] -= 1
                results[index] = future.result()
    return [results[index] for index in range(len(specs))]


def _next_host(
    queues: dict[str, deque[tuple[int, FeedSpec]]], busy: Counter[str], per_host: int
) -> str | None:
    """The host with room whose first waiting feed comes earliest; None when none has."""
    heads = [
        (q[0][0], host)
        for host, q in queues.items()
        if q and busy[host] < (1 if host == _FILES else per_host)
    ]
    return min(heads)[1] if heads else None
