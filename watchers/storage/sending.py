"""Taking digests from the outbox to send them: short leases, one destination in order.

A digest being sent is leased to the instance sending it for a short while, renewed
as long as the send goes on (see :mod:`bot.delivery`), so that the digest of an
instance killed mid-send is taken up by another, or by the same one restarted, soon
after. A destination's digests are taken in the order they were queued, so that the
one queued first is posted first also after an outage, when each waited out retries
of its own.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Engine, Row, or_, select, update

from watchers.storage import tables as t
from watchers.storage.outbox import OutboxEntry, outbox_entry
from watchers.storage.queue import renew_held


class SendingRows:
    engine: Engine

    def due_outbox(
        self, now: datetime, owner: str, lease: timedelta, destinations: Sequence[str] = ()
    ) -> list[OutboxEntry]:
        """Pending digests whose time has come, leased to ``owner``, oldest first.

        A destination's digests are taken together, in the order queued, when one of
        them is due: after an outage a new digest brings the older ones that wait for a
        retry, and the oldest goes first, so none overtakes another. None is taken while
        the destination's oldest is leased (being sent, here or by another instance, or
        left by one that stopped, until its lease runs out).
        """
        o = t.outbox.c
        pending = [o.status == "pending"]
        if destinations:
            pending.append(o.destination.in_(list(destinations)))
        free = or_(o.lease_until.is_(None), o.lease_until < now)
        with self.engine.begin() as c:
            rows = c.execute(
                select(o.id, o.destination, o.next_attempt, o.lease_until)
                .where(*pending)
                .order_by(o.id)
            ).all()
            wanted = _in_order(rows, now)
            taken = []
            for i in wanted:
                r = c.execute(
                    update(t.outbox)
                    .where(o.id == i, free, *pending)
                    .values(lease_owner=owner, lease_until=now + lease)
                )
                if r.rowcount == 1:
                    taken.append(i)
            got = c.execute(select(t.outbox).where(o.id.in_(taken)).order_by(o.id)).all()
        return [outbox_entry(r) for r in got]

    def renew_outbox_leases(self, owner: str, ids: Collection[int], until: datetime) -> set[int]:
        """Extend ``owner``'s leases on the pending digests ``ids`` to ``until``; the ids
        it still held."""
        o = t.outbox.c
        return renew_held(self.engine, o.id, owner, ids, until, o.status == "pending")

    def release_outbox(
        self,
        owner: str,
        ids: Collection[int],
        next_attempt: datetime | None = None,
        reason: str = "",
    ) -> None:
        """Give back ``owner``'s leases on ``ids`` unsent, with no attempt counted; when
        ``next_attempt`` is given they are tried then, and ``reason`` says why."""
        if not ids:
            return
        o = t.outbox.c
        values: dict[str, Any] = {"lease_owner": "", "lease_until": None}
        if next_attempt is not None:
            values.update(next_attempt=next_attempt, last_error=reason[:2000])
        with self.engine.begin() as c:
            c.execute(
                update(t.outbox).where(o.id.in_(list(ids)), o.lease_owner == owner).values(**values)
            )


def _in_order(rows: Sequence[Row[Any, Any, Any, Any]], now: datetime) -> list[int]:
    """The ids to take of pending ``rows`` (oldest first): every free one of each
    destination whose oldest is free and which has one due."""
    free: dict[str, list[int]] = {}
    blocked: set[str] = set()  # destinations whose oldest is leased
    due: set[str] = set()
    for r in rows:
        if r.lease_until is not None and r.lease_until >= now:
            if r.destination not in free:
                blocked.add(r.destination)
            continue
        free.setdefault(r.destination, []).append(r.id)
        if r.next_attempt is None or r.next_attempt <= now:
            due.add(r.destination)
    go = due - blocked
    return sorted(i for destination in go for i in free[destination])
