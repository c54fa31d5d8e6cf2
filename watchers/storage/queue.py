"""The due-queue: instances claim due feeds under short leases they renew while polling.

A feed is due when its ``next_check`` has come (or it was never polled). Claiming takes
the most overdue feeds whose lease is free or has run out, and leases them to one
instance. On PostgreSQL the candidates are read ``FOR UPDATE SKIP LOCKED``, so instances
claiming at the same moment take different feeds and never wait for each other; SQLite
has one writer at a time, and the lease is taken by a compare-and-set ``UPDATE`` that
only succeeds while the lease is still free, which is the same guarantee there.

The lease is also the poll's fence: the transaction that stores a poll's outcome first
checks that its instance still holds the feed (:func:`watchers.storage.feeds.hold_lease`)
and releases it with the same write, so a poll whose lease was taken over stores nothing.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, TypeVar

from sqlalchemy import (
    Column,
    ColumnElement,
    Engine,
    String,
    any_,
    bindparam,
    func,
    or_,
    select,
    update,
)
from sqlalchemy.dialects.postgresql import ARRAY

from watchers.model import FeedState
from watchers.storage import tables as t
from watchers.storage.feeds import feed_state_of

K = TypeVar("K")


@dataclass(frozen=True)
class QueuedFeed:
    """A due feed as the queue holds it: its state, URL, and who left its lease to expire."""

    state: FeedState
    url: str
    left_by: str = ""

    @property
    def feed_id(self) -> str:
        return self.state.feed_id


@dataclass(frozen=True)
class LeaseView:
    """Who holds a feed's lease, and until when, for ``status``."""

    owner: str
    until: datetime


Choose = Callable[[Sequence[QueuedFeed]], Collection[str]]


class QueueRows:
    engine: Engine

    def claim_due(
        self,
        owner: str,
        now: datetime,
        lease: timedelta,
        eligible: Collection[str],
        choose: Choose,
        scan: int,
    ) -> list[QueuedFeed]:
        """Lease to ``owner`` the due feeds ``choose`` picks among the ``scan`` most overdue.

        Only feeds in ``eligible`` (the configured ones this instance has room for)
        that are not muted and whose lease is free or has run out are candidates;
        ``choose`` gets them most overdue first (never polled before all) and returns
        the ids to take. Returns the feeds taken, in that order.
        """
        if not eligible:
            return []
        f = t.feeds.c
        candidates = (
            select(t.feeds)
            .where(
                _among(self.engine, f.feed_id, eligible),
                f.muted.is_(False),
                or_(f.next_check.is_(None), f.next_check <= now),
                _lease_free(now),
            )
            .order_by(f.next_check.asc().nulls_first(), f.feed_id)
            .limit(scan)
            .with_for_update(skip_locked=True)
        )
        with self.engine.begin() as c:
            rows = c.execute(candidates).all()
            queued = [QueuedFeed(feed_state_of(r), r.url, r.lease_owner) for r in rows]
            wanted = set(choose(queued))
            if not wanted:
                return []
            taken = c.execute(
                update(t.feeds)
                .where(f.feed_id.in_(wanted), _lease_free(now))
                .values(lease_owner=owner, lease_until=now + lease)
                .returning(f.feed_id)
            ).scalars()
            got = set(taken)
        return [q for q in queued if q.feed_id in got]

    def renew_leases(self, owner: str, feed_ids: Collection[str], until: datetime) -> set[str]:
        """Extend ``owner``'s leases on ``feed_ids`` to ``until``; the ids it still held."""
        return renew_held(self.engine, t.feeds.c.feed_id, owner, feed_ids, until)

    def release_leases(self, owner: str, feed_ids: Collection[str]) -> None:
        """Give back ``owner``'s leases on ``feed_ids`` without polling them."""
        if not feed_ids:
            return
        f = t.feeds.c
        with self.engine.begin() as c:
            c.execute(
                update(t.feeds)
                .where(f.feed_id.in_(list(feed_ids)), f.lease_owner == owner)
                .values(lease_owner="", lease_until=None)
            )

    def feed_leases(self) -> dict[str, LeaseView]:
        """Feed id → who holds its lease and until when, for every leased feed."""
        f = t.feeds.c
        with self.engine.connect() as c:
            rows = c.execute(
                select(f.feed_id, f.lease_owner, f.lease_until).where(
                    f.lease_owner != "", f.lease_until.is_not(None)
                )
            ).all()
        return {r.feed_id: LeaseView(r.lease_owner, r.lease_until) for r in rows}


def _among(engine: Engine, column: ColumnElement[str], ids: Collection[str]) -> ColumnElement[bool]:
    """``column`` is one of ``ids``, passed as one parameter however many they are.

    An IN list of one parameter per feed is another statement for each length, and
    every connection keeps its last statements prepared: with thousands of feeds that
    was tens of megabytes per connection, and building the list most of a claim's time.
    """
    if engine.dialect.name == "postgresql":
        return column == any_(bindparam("among", list(ids), type_=ARRAY(String)))
    values = func.json_each(json.dumps(list(ids))).table_valued("value")
    return column.in_(select(values.c.value))


def _lease_free(now: datetime) -> ColumnElement[bool]:
    f = t.feeds.c
    return or_(f.lease_until.is_(None), f.lease_until < now)


def renew_held(
    engine: Engine,
    key: Column[Any],
    owner: str,
    keys: Collection[K],
    until: datetime,
    *also: ColumnElement[bool],
) -> set[K]:
    """Extend ``owner``'s leases to ``until`` on the rows of ``key``'s table (one with
    ``lease_owner`` and ``lease_until``) whose ``key`` is in ``keys`` and that meet
    ``also``; the keys it still held."""
    if not keys:
        return set()
    table = key.table
    with engine.begin() as c:
        kept = c.execute(
            update(table)
            .where(key.in_(list(keys)), table.c.lease_owner == owner, *also)
            .values(lease_until=until)
            .returning(key)
        ).scalars()
        return set(kept)
