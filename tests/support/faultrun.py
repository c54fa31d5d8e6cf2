"""`policywatch run` under faults (a chat outage, kills): a config for feeds that keep
growing, the run's store opened beside it, and what the run must have done with every
item served, whatever happened: stored once, in exactly one digest queued.

What each chat platform received is checked by the platform's own helpers
(:mod:`support.slackrun`, and the Matrix tests' own).
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from bot.digest import digest_from_dict
from support.growing import GrowingFeeds
from support.running import Running, start_run, wait_for
from support.service import write_config
from watchers.storage import OutboxEntry, Store

SETTINGS = "settings:\n  polling: {workers: 4, per_host: 2, lease: 3s, min_interval: 1s}\n"


def fault_config(directory: Path, feeds: Mapping[str, str], destination: str) -> Path:
    """A config polling ``feeds`` every 2 s under 3-second leases, with one route ``desk``
    sending a digest of everything to ``destination`` every minute (the shortest)."""
    config = write_config(directory, dict(feeds), SETTINGS, interval="2s")
    (config / "routes.yaml").write_text(
        f"routes:\n  - {{id: desk, destination: '{destination}', schedule: 1m}}\n",
        encoding="utf-8",
    )
    return config


@contextmanager
def fault_run(
    feeds: GrowingFeeds, directory: Path, destination: str, **env: str
) -> Iterator[Running]:
    """`policywatch run` on a :func:`fault_config` for ``feeds`` in ``directory``/config,
    its data in ``directory``/run, ``env`` added to its environment. Stopped after the
    block (SIGTERM), which it must survive with exit code 0."""
    config = fault_config(directory / "config", feeds.urls, destination)
    run = start_run(config, directory / "run", **env)
    try:
        yield run
    finally:
        code = run.stop()
    assert code == 0, run.stderr[-3000:]


def run_store(workdir: Path) -> Store:
    """The SQLite store of a run started in ``workdir`` (see ``support.running.start_run``),
    opened beside it."""
    return Store.open(f"sqlite:///{workdir / 'data' / 'policywatch.sqlite3'}")


def digested(store: Store, route_id: str = "desk") -> bool:
    """Every alert stored is in a digest the route queued, and no digest is waiting."""
    cursor, _ = store.route_cursor(route_id)
    return cursor == store.last_alert_id() and not store.outbox("pending")


def queued_since(store: Store, since: datetime) -> list[OutboxEntry]:
    """Digests queued after ``since`` and still waiting."""
    return [e for e in store.outbox("pending") if e.created_at > since]


def deliver_everything(feeds: GrowingFeeds, store: Store) -> None:
    """Stop the feeds growing once each was polled again, and wait until every item
    served is stored and in a digest that was sent."""
    feeds.settle(store, since=time.monotonic())
    wait_for(lambda: digested(store), "every item in a digest sent", 150)


class Outage:
    """A chat outage from its creation until two digests came due (one a minute): what
    was queued and polled meanwhile, for :meth:`problems`."""

    def __init__(self, feeds: GrowingFeeds, store: Store) -> None:
        self.feeds = feeds
        self.store = store
        self.began = time.monotonic()
        self.began_at = datetime.now(UTC)
        self.queued: list[OutboxEntry] = []
        self.polls: dict[str, int] = {}

    def last_until_two_digests(self, limit: float) -> None:
        """Wait until two digests were queued during the outage, and take stock."""
        two = lambda: len(queued_since(self.store, self.began_at)) >= 2  # noqa: E731
        wait_for(two, "two digests queued during the outage", limit)
        self.queued = queued_since(self.store, self.began_at)
        self.polls = self.feeds.asks_after(self.began)

    def problems(self) -> list[str]:
        """Digests not queued, or feeds polled fewer than five times, during it."""
        out = [f"{len(self.queued)} digests queued"] if len(self.queued) < 2 else []
        return out + [f"{f} polled {n} times" for f, n in self.polls.items() if n < 5]


def item_problems(feeds: GrowingFeeds, store: Store) -> list[str]:
    """What a run did wrong with what ``feeds`` served: an item not stored once (see
    :meth:`GrowingFeeds.problems`), or in no digest or in two. Empty when all is well."""
    served = {f"https://news.example/{guid}" for _, guid in feeds.served}
    links = item_links(store.outbox())
    out = feeds.problems(store)
    out += [f"{link} in no digest" for link in sorted(served - set(links))]
    out += [f"{link} in {n} digests" for link, n in links.items() if n != 1]
    return out


def item_links(entries: Iterable[OutboxEntry]) -> Counter[str]:
    """The links of the item lines (lines about one stored item) the digests hold."""
    found: Counter[str] = Counter()
    for entry in entries:
        digest = digest_from_dict(entry.payload)
        found.update(ln.link for ln in digest.lines if ln.item_id is not None and ln.link)
    return found
