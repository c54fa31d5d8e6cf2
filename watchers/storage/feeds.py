"""Feed rows: each feed's cadence, health, poll lease and mute (claiming due feeds is
:mod:`watchers.storage.queue`'s)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, fields
from typing import Any

from sqlalchemy import (
    Connection,
    Engine,
    insert,
    select,
    update,
)

from watchers.errors import LeaseLost
from watchers.model import (
    FeedSpec,
    FeedState,
)
from watchers.storage import tables as t


class FeedRows:
    engine: Engine

    def sync_feeds(self, specs: Iterable[FeedSpec]) -> None:
        """Make sure every configured feed has a row; keep stored state for known ones."""
        with self.engine.begin() as c:
            have = {r.feed_id: r.url for r in c.execute(select(t.feeds.c.feed_id, t.feeds.c.url))}
            for s in specs:
                if s.id not in have:
                    c.execute(insert(t.feeds).values(feed_id=s.id, url=s.url, title=s.title))
                elif have[s.id] != s.url:
                    # A new URL is a new resource: its validators no longer apply.
                    c.execute(
                        update(t.feeds)
                        .where(t.feeds.c.feed_id == s.id)
                        .values(
                            url=s.url,
                            etag="",
                            last_modified="",
                            body_hash="",
                            entry_digests="",
                            next_check=None,
                        )
                    )

    def feed_titles(self) -> dict[str, str]:
        """Feed id → the title the feed gives itself, for feeds that gave one."""
        with self.engine.connect() as c:
            rows = c.execute(select(t.feeds.c.feed_id, t.feeds.c.title)).all()
        return {r.feed_id: r.title for r in rows if r.title}

    def feed_state(self, feed_id: str) -> FeedState:
        with self.engine.connect() as c:
            row = c.execute(select(t.feeds).where(t.feeds.c.feed_id == feed_id)).first()
        return feed_state_of(row) if row else FeedState(feed_id)

    def feed_states(self) -> list[FeedState]:
        with self.engine.connect() as c:
            rows = c.execute(select(t.feeds).order_by(t.feeds.c.feed_id)).all()
        return [feed_state_of(r) for r in rows]

    def save_feed_state(self, state: FeedState, *, lease_owner: str = "") -> None:
        """Store a feed's state; with ``lease_owner``, only while it holds the feed's poll
        lease, which the same write releases (else :class:`LeaseLost`)."""
        with self.engine.begin() as c:
            if lease_owner:
                hold_lease(c, state.feed_id, lease_owner)
            write_feed_state(c, state, release=bool(lease_owner))

    def set_feed_muted(self, feed_id: str, muted: bool) -> bool:
        with self.engine.begin() as c:
            r = c.execute(update(t.feeds).where(t.feeds.c.feed_id == feed_id).values(muted=muted))
        return r.rowcount == 1

    def muted_feeds(self) -> set[str]:
        with self.engine.connect() as c:
            rows = c.execute(select(t.feeds.c.feed_id).where(t.feeds.c.muted.is_(True)))
            return {r.feed_id for r in rows}


def feed_state_of(r: Any) -> FeedState:
    """The state in a feed row."""
    # FeedState's fields are the feed row's columns of the same names.
    return FeedState(**{f.name: getattr(r, f.name) for f in fields(FeedState)})


def write_feed_title(c: Connection, feed_id: str, title: str) -> None:
    """Keep the title the feed gives itself, for naming it where the config does not."""
    c.execute(
        update(t.feeds)
        .where(t.feeds.c.feed_id == feed_id, t.feeds.c.title != title)
        .values(title=title)
    )


def write_feed_state(c: Connection, state: FeedState, *, release: bool = False) -> None:
    """Write the state to the feed's row; ``release`` also gives its poll lease back."""
    values: dict[str, Any] = asdict(state)
    feed_id = values.pop("feed_id")
    if release:
        values.update(lease_owner="", lease_until=None)
    c.execute(update(t.feeds).where(t.feeds.c.feed_id == feed_id).values(**values))


def hold_lease(c: Connection, feed_id: str, owner: str) -> None:
    """Check, inside a poll's transaction, that ``owner`` still holds the feed's lease.

    The write locks the row (PostgreSQL) or the database (SQLite) until the
    transaction ends, so no other instance claims the feed meanwhile. Raises
    :class:`LeaseLost` when another instance holds it.
    """
    f = t.feeds.c
    held = c.execute(
        update(t.feeds)
        .where(f.feed_id == feed_id, f.lease_owner == owner)
        .values(lease_owner=owner)
    )
    if held.rowcount != 1:
        raise LeaseLost(feed_id)
