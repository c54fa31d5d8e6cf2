"""Feed rows: each feed's cadence, health, poll lease and mute."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, fields
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import (
    Connection,
    Engine,
    insert,
    or_,
    select,
    update,
)

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
                        .values(url=s.url, etag="", last_modified="", body_hash="", next_check=None)
                    )

    def feed_titles(self) -> dict[str, str]:
        """Feed id → the title the feed gives itself, for feeds that gave one."""
        with self.engine.connect() as c:
            rows = c.execute(select(t.feeds.c.feed_id, t.feeds.c.title)).all()
        return {r.feed_id: r.title for r in rows if r.title}

    def feed_state(self, feed_id: str) -> FeedState:
        with self.engine.connect() as c:
            row = c.execute(select(t.feeds).where(t.feeds.c.feed_id == feed_id)).first()
        return _feed_state(row) if row else FeedState(feed_id)

    def feed_states(self) -> list[FeedState]:
        with self.engine.connect() as c:
            rows = c.execute(select(t.feeds).order_by(t.feeds.c.feed_id)).all()
        return [_feed_state(r) for r in rows]

    def save_feed_state(self, state: FeedState) -> None:
        with self.engine.begin() as c:
            write_feed_state(c, state)

    def acquire_feed(self, feed_id: str, owner: str, now: datetime, lease: timedelta) -> bool:
        """Take the poll lease on a feed; False when another instance holds it."""
        with self.engine.begin() as c:
            result = c.execute(
                update(t.feeds)
                .where(
                    t.feeds.c.feed_id == feed_id,
                    or_(
                        t.feeds.c.lease_until.is_(None),
                        t.feeds.c.lease_until < now,
                        t.feeds.c.lease_owner == owner,
                    ),
                )
                .values(lease_owner=owner, lease_until=now + lease)
            )
        return result.rowcount == 1

    def release_feed(self, feed_id: str, owner: str) -> None:
        with self.engine.begin() as c:
            c.execute(
                update(t.feeds)
                .where(t.feeds.c.feed_id == feed_id, t.feeds.c.lease_owner == owner)
                .values(lease_owner="", lease_until=None)
            )

    def set_feed_muted(self, feed_id: str, muted: bool) -> bool:
        with self.engine.begin() as c:
            r = c.execute(update(t.feeds).where(t.feeds.c.feed_id == feed_id).values(muted=muted))
        return r.rowcount == 1

    def muted_feeds(self) -> set[str]:
        with self.engine.connect() as c:
            rows = c.execute(select(t.feeds.c.feed_id).where(t.feeds.c.muted.is_(True)))
            return {r.feed_id for r in rows}


def _feed_state(r: Any) -> FeedState:
    # FeedState's fields are the feed row's columns of the same names.
    return FeedState(**{f.name: getattr(r, f.name) for f in fields(FeedState)})


def write_feed_title(c: Connection, feed_id: str, title: str) -> None:
    """Keep the title the feed gives itself, for naming it where the config does not."""
    c.execute(
        update(t.feeds)
        .where(t.feeds.c.feed_id == feed_id, t.feeds.c.title != title)
        .values(title=title)
    )


def write_feed_state(c: Connection, state: FeedState) -> None:
    values = asdict(state)
    feed_id = values.pop("feed_id")
    c.execute(update(t.feeds).where(t.feeds.c.feed_id == feed_id).values(**values))
