"""Reading and applying what the core decided. The store never re-decides."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Engine,
    and_,
    func,
    insert,
    or_,
    select,
    text,
    update,
)
from sqlalchemy.exc import IntegrityError

from watchers import standing
from watchers.decide import Analysed, PollOutcome
from watchers.dedupe import Change, KnownItem, link_key
from watchers.model import (
    Alert,
    AlertKind,
    FeedSpec,
    FeedState,
    Item,
    Stance,
    Standing,
    Tally,
)
from watchers.storage import tables as t
from watchers.storage.database import make_engine, upgrade


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


@dataclass(frozen=True)
class ClaimRecord:
    claim_id: str
    tally: Tally
    standing: Standing


class Store:
    """All database access. Each method is one transaction."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    @classmethod
    def open(cls, url: str) -> Store:
        """Connect to ``url`` and migrate the schema to the newest version."""
        engine = make_engine(url)
        upgrade(engine)
        return cls(engine)

    def close(self) -> None:
        self.engine.dispose()

    # Feeds -----------------------------------------------------------------

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
                        .values(url=s.url, etag="", last_modified="", next_check=None)
                    )

    def feed_state(self, feed_id: str) -> FeedState:
        with self.engine.connect() as c:
            row = c.execute(select(t.feeds).where(t.feeds.c.feed_id == feed_id)).first()
        return _feed_state(row) if row else FeedState(feed_id)

    def feed_states(self) -> list[FeedState]:
        with self.engine.connect() as c:
            rows = c.execute(select(t.feeds).order_by(t.feeds.c.feed_id)).all()
        return [_feed_state(r) for r in rows]

    def save_feed_state(self, state: FeedState, c: Connection | None = None) -> None:
        values = {
            "etag": state.etag,
            "last_modified": state.last_modified,
            "error_count": state.error_count,
            "last_error": state.last_error,
            "last_checked": state.last_checked,
            "last_success": state.last_success,
            "next_check": state.next_check,
        }
        stmt = update(t.feeds).where(t.feeds.c.feed_id == state.feed_id).values(**values)
        if c is not None:
            c.execute(stmt)
            return
        with self.engine.begin() as conn:
            conn.execute(stmt)

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

    # Items -----------------------------------------------------------------

    def known_items(self, items: Sequence[Item]) -> list[KnownItem]:
        """Stored items that share a guid (same feed), link or content with ``items``."""
        guids = [(i.feed_id, i.guid) for i in items if i.guid]
        links = [k for i in items if (k := link_key(i.link))]
        hashes = [i.content_hash for i in items]
        clauses: list[ColumnElement[bool]] = [t.items.c.content_hash.in_(hashes)]
        if links:
            clauses.append(t.items.c.link_key.in_(links))
        for feed_id in {f for f, _ in guids}:
            feed_guids = [g for f, g in guids if f == feed_id]
            clauses.append(and_(t.items.c.feed_id == feed_id, t.items.c.guid.in_(feed_guids)))
        with self.engine.connect() as c:
            rows = c.execute(select(t.items).where(or_(*clauses))).all()
        return [
            KnownItem(
                r.id, r.feed_id, r.guid, r.link_key, r.content_hash, r.title, r.text, r.version
            )
            for r in rows
        ]

    def current_verdicts(self, item_ids: Iterable[int]) -> dict[int, dict[str, Stance]]:
        """For each item, each claim's stance on the item's current version."""
        ids = list(item_ids)
        if not ids:
            return {}
        with self.engine.connect() as c:
            rows = c.execute(
                select(t.verdicts.c.item_id, t.verdicts.c.claim_id, t.verdicts.c.stance)
                .join(t.items, t.items.c.id == t.verdicts.c.item_id)
                .where(t.verdicts.c.item_id.in_(ids), t.verdicts.c.version == t.items.c.version)
            ).all()
        out: dict[int, dict[str, Stance]] = {}
        for r in rows:
            out.setdefault(r.item_id, {})[r.claim_id] = Stance(r.stance)
        return out

    def item(self, item_id: int) -> Mapping[str, Any] | None:
        with self.engine.connect() as c:
            row = c.execute(select(t.items).where(t.items.c.id == item_id)).first()
        return row._asdict() if row else None

    def set_item_muted(self, item_id: int, muted: bool) -> bool:
        with self.engine.begin() as c:
            r = c.execute(update(t.items).where(t.items.c.id == item_id).values(muted=muted))
        return r.rowcount == 1

    def item_count(self) -> int:
        with self.engine.connect() as c:
            return int(c.execute(select(func.count()).select_from(t.items)).scalar_one())

    # Claims ----------------------------------------------------------------

    def tallies(self, claim_ids: Iterable[str] | None = None) -> dict[str, Tally]:
        stmt = select(t.claim_standing)
        if claim_ids is not None:
            stmt = stmt.where(t.claim_standing.c.claim_id.in_(list(claim_ids)))
        with self.engine.connect() as c:
            rows = c.execute(stmt).all()
        return {r.claim_id: Tally(r.corroborates, r.contradicts, r.mentions) for r in rows}

    def claim_records(self) -> list[ClaimRecord]:
        with self.engine.connect() as c:
            rows = c.execute(select(t.claim_standing).order_by(t.claim_standing.c.claim_id)).all()
        return [
            ClaimRecord(
                r.claim_id, Tally(r.corroborates, r.contradicts, r.mentions), Standing(r.standing)
            )
            for r in rows
        ]

    def evidence(self, claim_id: str, limit: int = 20) -> list[dict[str, Any]]:
        """The newest verdicts on a claim with their items and any feedback."""
        stmt = (
            select(
                t.verdicts.c.stance,
                t.verdicts.c.score,
                t.verdicts.c.evidence,
                t.verdicts.c.reason,
                t.verdicts.c.created_at,
                t.items.c.id.label("item_id"),
                t.items.c.title,
                t.items.c.link,
                t.items.c.feed_id,
            )
            .join(t.items, t.items.c.id == t.verdicts.c.item_id)
            .where(t.verdicts.c.claim_id == claim_id, t.verdicts.c.version == t.items.c.version)
            .order_by(t.verdicts.c.id.desc())
            .limit(limit)
        )
        with self.engine.connect() as c:
            rows = [r._asdict() for r in c.execute(stmt)]
            for r in rows:
                fb = c.execute(
                    select(t.feedback.c.correct_label, t.feedback.c.actor)
                    .where(t.feedback.c.item_id == r["item_id"], t.feedback.c.claim_id == claim_id)
                    .order_by(t.feedback.c.id)
                ).all()
                r["feedback"] = [f._asdict() for f in fb]
        return rows

    # Applying a poll -------------------------------------------------------

    def apply_poll(self, outcome: PollOutcome, now: datetime) -> list[int]:
        """Store the writes, alerts, tallies and feed state of one poll, atomically.

        Returns the ids of the alerts written.
        """
        with self.engine.begin() as c:
            item_ids = [_write_item(c, w, now) for w in outcome.writes]
            alert_ids = []
            for pending in outcome.alerts:
                alert = pending.alert
                if pending.write is not None:
                    alert = replace(alert, item_id=item_ids[pending.write])
                alert_ids.append(_insert_alert(c, alert, now))
            for claim_id, tally in (outcome.tallies or {}).items():
                _save_tally(c, claim_id, tally, now)
            self.save_feed_state(outcome.feed_state, c)
        return alert_ids

    def add_alert(self, alert: Alert, now: datetime) -> int:
        with self.engine.begin() as c:
            return _insert_alert(c, alert, now)

    # Routes and the outbox -------------------------------------------------

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
    ) -> int | None:
        """Store a digest in the outbox and move the route's cursor, in one transaction.

        The cursor moves only from ``expected_cursor``: when another instance got
        there first nothing is written and None is returned. A None ``payload``
        moves the cursor without queueing anything (nothing matched the route).
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
                    status="pending",
                    next_attempt=now,
                )
            )
            key = r.inserted_primary_key
            assert key is not None
            return int(key[0])

    def due_outbox(
        self, now: datetime, owner: str, lease: timedelta, destinations: Sequence[str] = ()
    ) -> list[OutboxEntry]:
        """Pending digests whose time has come, leased to ``owner``, oldest first."""
        cond = [
            t.outbox.c.status == "pending",
            or_(t.outbox.c.next_attempt.is_(None), t.outbox.c.next_attempt <= now),
            or_(t.outbox.c.lease_until.is_(None), t.outbox.c.lease_until < now),
        ]
        if destinations:
            cond.append(t.outbox.c.destination.in_(list(destinations)))
        with self.engine.begin() as c:
            ids = [r.id for r in c.execute(select(t.outbox.c.id).where(*cond).order_by("id"))]
            taken = []
            for i in ids:
                r = c.execute(
                    update(t.outbox)
                    .where(t.outbox.c.id == i, *cond)
                    .values(lease_owner=owner, lease_until=now + lease)
                )
                if r.rowcount == 1:
                    taken.append(i)
            rows = c.execute(select(t.outbox).where(t.outbox.c.id.in_(taken)).order_by("id")).all()
        return [_outbox_entry(r) for r in rows]

    def outbox(self, status: str | None = None) -> list[OutboxEntry]:
        stmt = select(t.outbox).order_by(t.outbox.c.id)
        if status:
            stmt = stmt.where(t.outbox.c.status == status)
        with self.engine.connect() as c:
            return [_outbox_entry(r) for r in c.execute(stmt)]

    def mark_sent(self, entry_id: int, remote_id: str, now: datetime) -> None:
        with self.engine.begin() as c:
            c.execute(
                update(t.outbox)
                .where(t.outbox.c.id == entry_id)
                .values(
                    status="sent",
                    sent_at=now,
                    remote_id=remote_id,
                    attempts=t.outbox.c.attempts + 1,
                    lease_owner="",
                    lease_until=None,
                )
            )

    def mark_failed(self, entry_id: int, error: str, next_attempt: datetime) -> None:
        """Keep the digest pending and try again at ``next_attempt``: nothing is dropped."""
        with self.engine.begin() as c:
            c.execute(
                update(t.outbox)
                .where(t.outbox.c.id == entry_id)
                .values(
                    last_error=error[:2000],
                    next_attempt=next_attempt,
                    attempts=t.outbox.c.attempts + 1,
                    lease_owner="",
                    lease_until=None,
                )
            )


def _feed_state(r: Any) -> FeedState:
    return FeedState(
        feed_id=r.feed_id,
        etag=r.etag,
        last_modified=r.last_modified,
        error_count=r.error_count,
        last_error=r.last_error,
        last_checked=r.last_checked,
        last_success=r.last_success,
        next_check=r.next_check,
    )


def _write_item(c: Connection, w: Analysed, now: datetime) -> int:
    item, known = w.item, w.classified.known
    values = {
        "title": item.title,
        "text": item.text,
        "content_hash": item.content_hash,
        "link": item.link,
        "link_key": link_key(item.link),
        "published": item.published,
        "updated": item.updated,
        "language": item.language,
        "last_changed": now,
    }
    if w.classified.change is Change.EDITED and known is not None:
        version = known.version + 1
        c.execute(update(t.items).where(t.items.c.id == known.id).values(version=version, **values))
        c.execute(
            insert(t.item_edits).values(
                item_id=known.id,
                seen_at=now,
                version=version,
                old_title=known.title,
                old_text=known.text,
                new_title=item.title,
                new_text=item.text,
            )
        )
        item_id = known.id
    else:
        version = 1
        r = c.execute(
            insert(t.items).values(
                feed_id=item.feed_id, guid=item.guid, first_seen=now, version=1, **values
            )
        )
        key = r.inserted_primary_key
        assert key is not None
        item_id = int(key[0])
    for m in w.mentions:
        c.execute(
            insert(t.mentions).values(
                item_id=item_id,
                version=version,
                entity_id=m.entity_id,
                alias=m.alias,
                field=m.field,
                start=m.start,
                end=m.end,
            )
        )
    for v in w.verdicts:
        c.execute(
            insert(t.verdicts).values(
                item_id=item_id,
                version=version,
                claim_id=v.claim_id,
                stance=v.stance.value,
                score=v.score,
                evidence=v.evidence,
                reason=v.reason,
                created_at=now,
            )
        )
    return item_id


def _insert_alert(c: Connection, a: Alert, now: datetime) -> int:
    r = c.execute(
        insert(t.alerts).values(
            created_at=now,
            kind=a.kind.value,
            entity_id=a.entity_id,
            feed_id=a.feed_id,
            item_id=a.item_id,
            title=a.title,
            link=a.link,
            claim_id=a.claim_id,
            stance=a.stance.value if a.stance else "",
            score=a.score,
            evidence=a.evidence,
            reason=a.reason,
            alias=a.alias,
            detail=a.detail,
        )
    )
    key = r.inserted_primary_key
    assert key is not None
    return int(key[0])


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


def _save_tally(c: Connection, claim_id: str, tally: Tally, now: datetime) -> None:
    values = {
        "corroborates": tally.corroborates,
        "contradicts": tally.contradicts,
        "mentions": tally.mentions,
        "standing": standing.standing_of(tally).value,
        "updated_at": now,
    }
    r = c.execute(
        update(t.claim_standing).where(t.claim_standing.c.claim_id == claim_id).values(**values)
    )
    if r.rowcount == 0:
        c.execute(insert(t.claim_standing).values(claim_id=claim_id, **values))


def _move_cursor(c: Connection, route_id: str, expected: int, new: int, now: datetime) -> bool:
    r = c.execute(
        update(t.route_cursors)
        .where(t.route_cursors.c.route_id == route_id, t.route_cursors.c.last_alert_id == expected)
        .values(last_alert_id=new, last_digest_at=now)
    )
    return r.rowcount == 1


def _outbox_entry(r: Any) -> OutboxEntry:
    return OutboxEntry(
        id=r.id,
        route_id=r.route_id,
        destination=r.destination,
        created_at=r.created_at,
        txn_id=r.txn_id,
        payload=dict(r.payload),
        attempts=r.attempts,
        status=r.status,
        last_error=r.last_error,
        remote_id=r.remote_id,
    )
