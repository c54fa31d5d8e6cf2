"""Alerts, route cursors and the outbox of digests."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields
from datetime import datetime
from typing import Any

from sqlalchemy import (
    Connection,
    Engine,
    func,
    insert,
    select,
    text,
    update,
)
from sqlalchemy.exc import IntegrityError

from watchers.model import (
    Alert,
    AlertKind,
    Stance,
)
from watchers.storage import tables as t


@dataclass(frozen=True)
class StoredAlert:
    id: int
    created_at: datetime
    alert: Alert


@dataclass(frozen=True)
class OutboxEntry:
    id: int
    route_id: str
    destination: str
    created_at: datetime
    txn_id: str
    payload: dict[str, Any]
    attempts: int
    status: str
    last_error: str
    remote_id: str


class OutboxRows:
    engine: Engine

    def alerts_after(self, last_id: int, limit: int = 1000) -> list[StoredAlert]:
        """Alerts with ids above ``last_id``, oldest first, with no gaps left to fill.

        On PostgreSQL an id can become visible after a higher one (ids are taken
        at insert, rows appear at commit), and a cursor moved past the gap would
        skip that alert for good. Reading under a SHARE lock waits for every
        transaction still inserting alerts, so what is read is complete up to
        its highest id. SQLite commits writers one at a time, in id order.
        """
        with self.engine.begin() as c:
            if c.dialect.name == "postgresql":
                c.execute(text("LOCK TABLE alerts IN SHARE MODE"))
            rows = c.execute(
                select(t.alerts).where(t.alerts.c.id > last_id).order_by(t.alerts.c.id).limit(limit)
            ).all()
        return [_stored_alert(r) for r in rows]

    def last_alert_id(self) -> int:
        with self.engine.connect() as c:
            return int(c.execute(select(func.coalesce(func.max(t.alerts.c.id), 0))).scalar_one())

    def sync_routes(self, route_ids: Iterable[str]) -> None:
        """Give every route a cursor row, so that moving it is a plain compare-and-set."""
        for route_id in route_ids:
            try:
                with self.engine.begin() as c:
                    exists = c.execute(
                        select(t.route_cursors.c.route_id).where(
                            t.route_cursors.c.route_id == route_id
                        )
                    ).first()
                    if not exists:
                        c.execute(
                            insert(t.route_cursors).values(route_id=route_id, last_alert_id=0)
                        )
            except IntegrityError:
                pass  # another instance created it first

    def route_cursor(self, route_id: str) -> tuple[int, datetime | None]:
        with self.engine.connect() as c:
            row = c.execute(
                select(t.route_cursors).where(t.route_cursors.c.route_id == route_id)
            ).first()
        return (row.last_alert_id, row.last_digest_at) if row else (0, None)

    def enqueue_digest(
        self,
        route_id: str,
        destination: str,
        payload: dict[str, Any] | None,
        *,
        expected_cursor: int,
        new_cursor: int,
        txn_id: str,
        now: datetime,
        status: str = "pending",
    ) -> int | None:
        """Store a digest in the outbox and move the route's cursor, in one transaction.

        The cursor moves only from ``expected_cursor``: when another instance got
        there first nothing is written and None is returned. A None ``payload``
        moves the cursor without queueing anything (nothing matched the route).
        A digest stored as ``held`` is kept for reading and never sent.
        """
        self.sync_routes([route_id])
        with self.engine.begin() as c:
            if not _move_cursor(c, route_id, expected_cursor, new_cursor, now):
                return None
            if payload is None:
                return None
            r = c.execute(
                insert(t.outbox).values(
                    route_id=route_id,
                    destination=destination,
                    created_at=now,
                    txn_id=txn_id,
                    payload=payload,
                    status=status,
                    next_attempt=now,
                )
            )
            key = r.inserted_primary_key
            assert key is not None
            return int(key[0])

    def outbox(self, status: str | None = None) -> list[OutboxEntry]:
        stmt = select(t.outbox).order_by(t.outbox.c.id)
        if status:
            stmt = stmt.where(t.outbox.c.status == status)
        with self.engine.connect() as c:
            return [outbox_entry(r) for r in c.execute(stmt)]

    def mark_sent(self, entry_id: int, remote_id: str, now: datetime) -> None:
        self._attempted(entry_id, status="sent", sent_at=now, remote_id=remote_id)

    def set_aside(self, entry_id: int, error: str) -> None:
        """Stop trying a digest: it is kept as ``failed`` with its reason, for an admin."""
        self._attempted(entry_id, status="failed", last_error=error[:2000])

    def requeue(self, entry_id: int, now: datetime) -> bool:
        """Try a failed digest again from ``now``; False when there is no such failed digest."""
        with self.engine.begin() as c:
            r = c.execute(
                update(t.outbox)
                .where(t.outbox.c.id == entry_id, t.outbox.c.status == "failed")
                .values(status="pending", next_attempt=now, created_at=now)
            )
        return r.rowcount == 1

    def drop_digest(self, entry_id: int) -> bool:
        """Give up a waiting or failed digest for good; False when there is no such digest."""
        with self.engine.begin() as c:
            r = c.execute(
                update(t.outbox)
                .where(t.outbox.c.id == entry_id, t.outbox.c.status.in_(["pending", "failed"]))
                .values(status="dropped", lease_owner="", lease_until=None)
            )
        return r.rowcount == 1

    def mark_failed(self, entry_id: int, error: str, next_attempt: datetime) -> None:
        """Keep the digest pending and try again at ``next_attempt``: nothing is dropped."""
        self._attempted(entry_id, last_error=error[:2000], next_attempt=next_attempt)

    def _attempted(self, entry_id: int, **values: object) -> None:
        """Record one more attempt at sending a digest, and release its lease."""
        with self.engine.begin() as c:
            c.execute(
                update(t.outbox)
                .where(t.outbox.c.id == entry_id)
                .values(attempts=t.outbox.c.attempts + 1, lease_owner="", lease_until=None)
                .values(**values)
            )


def insert_alert(c: Connection, a: Alert, now: datetime) -> int:
    return insert_alerts(c, [a], now)[0]


def insert_alerts(c: Connection, alerts: Sequence[Alert], now: datetime) -> list[int]:
    """Insert ``alerts`` in one statement; their ids, in order."""
    if not alerts:
        return []
    rows = [
        {
            "created_at": now,
            "kind": a.kind.value,
            "entity_id": a.entity_id,
            "feed_id": a.feed_id,
            "item_id": a.item_id,
            "title": a.title,
            "link": a.link,
            "claim_id": a.claim_id,
            "stance": a.stance.value if a.stance else "",
            "score": a.score,
            "evidence": a.evidence,
            "reason": a.reason,
            "alias": a.alias,
            "detail": a.detail,
        }
        for a in alerts
    ]
    stmt = insert(t.alerts).returning(t.alerts.c.id, sort_by_parameter_order=True)
    return [int(r.id) for r in c.execute(stmt, rows)]


def _stored_alert(r: Any) -> StoredAlert:
    alert = Alert(
        kind=AlertKind(r.kind),
        entity_id=r.entity_id,
        feed_id=r.feed_id,
        item_id=r.item_id,
        title=r.title,
        link=r.link,
        claim_id=r.claim_id,
        stance=Stance(r.stance) if r.stance else None,
        score=r.score,
        evidence=r.evidence,
        reason=r.reason,
        alias=r.alias,
        detail=r.detail,
    )
    return StoredAlert(r.id, r.created_at, alert)


def _move_cursor(c: Connection, route_id: str, expected: int, new: int, now: datetime) -> bool:
    r = c.execute(
        update(t.route_cursors)
        .where(t.route_cursors.c.route_id == route_id, t.route_cursors.c.last_alert_id == expected)
        .values(last_alert_id=new, last_digest_at=now)
    )
    return r.rowcount == 1


def outbox_entry(r: Any) -> OutboxEntry:
    # OutboxEntry's fields are outbox columns of the same names.
    values = {f.name: getattr(r, f.name) for f in fields(OutboxEntry)}
    return OutboxEntry(**{**values, "payload": dict(r.payload)})
