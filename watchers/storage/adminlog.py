"""What people do to the watch from chat: config edits, the audit log, feedback, subscriptions.

Every function takes the :class:`Store` and runs one transaction. Config edits are kept
as operations (``config_revisions.documents`` holds one operation as JSON) so that they
can be replayed over the YAML files at startup; see ``bot.commands.editor``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, delete, func, insert, literal, select
from sqlalchemy.exc import IntegrityError

from watchers.storage import tables as t
from watchers.storage.store import Store


@dataclass(frozen=True)
class AuditEntry:
    """One line of the audit log: who did what, what it looked like before and after."""

    id: int
    at: datetime
    actor: str
    action: str
    before: str
    after: str


@dataclass(frozen=True)
class Revision:
    """One stored config edit: the operation, as JSON, and who made it when."""

    id: int
    at: datetime
    actor: str
    operation: Mapping[str, Any]


@dataclass(frozen=True)
class FeedbackRow:
    """A correction of a label, with the item it is about (title and text)."""

    at: datetime
    actor: str
    item_id: int
    item_title: str
    item_text: str
    claim_id: str
    given_label: str
    correct_label: str
    action: str


# --- Audit log ----------------------------------------------------------------------------


def add_audit(
    store: Store, at: datetime, actor: str, action: str, before: str = "", after: str = ""
) -> int:
    """Append an entry to the audit log; returns its id."""
    with store.engine.begin() as c:
        return _insert_audit(c, at, actor, action, before, after)


def audit_entries(store: Store, limit: int = 20) -> list[AuditEntry]:
    """The newest ``limit`` entries, newest first."""
    with store.engine.connect() as c:
        rows = c.execute(select(t.audit_log).order_by(t.audit_log.c.id.desc()).limit(limit)).all()
    return [AuditEntry(r.id, r.at, r.actor, r.action, r.before, r.after) for r in rows]


def _insert_audit(
    c: Connection, at: datetime, actor: str, action: str, before: str, after: str
) -> int:
    r = c.execute(
        insert(t.audit_log).values(at=at, actor=actor, action=action, before=before, after=after)
    )
    key = r.inserted_primary_key
    assert key is not None
    return int(key[0])


# --- Config revisions ---------------------------------------------------------------------


def record_edit(
    store: Store,
    at: datetime,
    actor: str,
    operation: Mapping[str, Any],
    *,
    action: str,
    before: str,
    after: str,
) -> int:
    """Store a config edit and its audit entry together; returns the revision id.

    Both rows are written in one transaction: an edit is never applied without a trace,
    and never audited as applied without being kept.
    """
    with store.engine.begin() as c:
        r = c.execute(
            insert(t.config_revisions).values(at=at, actor=actor, documents=dict(operation))
        )
        key = r.inserted_primary_key
        assert key is not None
        _insert_audit(c, at, actor, action, before, after)
    return int(key[0])


def revisions(store: Store) -> list[Revision]:
    """Every stored config edit, oldest first: the order they are replayed in."""
    with store.engine.connect() as c:
        rows = c.execute(select(t.config_revisions).order_by(t.config_revisions.c.id)).all()
    return [Revision(r.id, r.at, r.actor, dict(r.documents)) for r in rows]


# --- Feedback -----------------------------------------------------------------------------


def add_feedback(
    store: Store,
    at: datetime,
    actor: str,
    item_id: int,
    *,
    claim_id: str = "",
    given_label: str = "",
    correct_label: str = "",
    action: str,
) -> int:
    """Record feedback on an item's label (``relabel``) or a request to hide it (``mute``)."""
    with store.engine.begin() as c:
        r = c.execute(
            insert(t.feedback).values(
                at=at,
                actor=actor,
                item_id=item_id,
                claim_id=claim_id,
                given_label=given_label,
                correct_label=correct_label,
                action=action,
            )
        )
    key = r.inserted_primary_key
    assert key is not None
    return int(key[0])


def feedback_rows(store: Store, action: str | None = None) -> list[FeedbackRow]:
    """Feedback with its items' current title and text, oldest first."""
    stmt = (
        select(t.feedback, t.items.c.title, t.items.c.text)
        .join(t.items, t.items.c.id == t.feedback.c.item_id)
        .order_by(t.feedback.c.id)
    )
    if action is not None:
        stmt = stmt.where(t.feedback.c.action == action)
    with store.engine.connect() as c:
        rows = c.execute(stmt).all()
    return [
        FeedbackRow(
            r.at,
            r.actor,
            r.item_id,
            r.title,
            r.text,
            r.claim_id,
            r.given_label,
            r.correct_label,
            r.action,
        )
        for r in rows
    ]


def muted_items(store: Store) -> set[int]:
    """Ids of items muted from chat: digests leave them out."""
    with store.engine.connect() as c:
        rows = c.execute(select(t.items.c.id).where(t.items.c.muted.is_(True)))
        return {r.id for r in rows}


# --- Subscriptions ------------------------------------------------------------------------


def subscribe(store: Store, platform: str, user_id: str, target: str) -> bool:
    """Add a subscription; False when the user already had it."""
    try:
        with store.engine.begin() as c:
            c.execute(
                insert(t.subscriptions).values(platform=platform, user_id=user_id, target=target)
            )
    except IntegrityError:
        return False
    return True


def unsubscribe(store: Store, platform: str, user_id: str, target: str) -> bool:
    """Remove a subscription; False when there was none."""
    with store.engine.begin() as c:
        r = c.execute(
            delete(t.subscriptions).where(
                t.subscriptions.c.platform == platform,
                t.subscriptions.c.user_id == user_id,
                t.subscriptions.c.target == target,
            )
        )
    return r.rowcount > 0


def subscriptions(store: Store) -> dict[tuple[str, str], list[str]]:
    """Every subscriber, as (platform, user id), with their targets in the order added."""
    with store.engine.connect() as c:
        rows = c.execute(select(t.subscriptions).order_by(t.subscriptions.c.id)).all()
    out: dict[tuple[str, str], list[str]] = {}
    for r in rows:
        out.setdefault((r.platform, r.user_id), []).append(r.target)
    return out


# --- Route cursors and per-delivery progress ----------------------------------------------


def start_route_cursor(store: Store, route_id: str, now: datetime) -> bool:
    """Start a route that has never sent a digest at the newest alert, so that it reports
    what happens from now on rather than all history. False if it had a cursor already."""
    with store.engine.begin() as c:
        exists = c.execute(
            select(t.route_cursors.c.route_id).where(t.route_cursors.c.route_id == route_id)
        ).first()
        if exists:
            return False
        newest = c.execute(select(func.coalesce(func.max(t.alerts.c.id), 0))).scalar_one()
        c.execute(
            insert(t.route_cursors).values(
                route_id=route_id, last_alert_id=int(newest), last_digest_at=now
            )
        )
    return True


def forget_progress_of_sent(store: Store, prefix: str) -> int:
    """Delete ``kv`` keys ``prefix + txn_id`` whose outbox entry is marked sent.

    A sink keeps its progress through a multi-message delivery under such keys; once the
    outbox says sent, nothing will ask for it again.
    """
    sent = select(literal(prefix) + t.outbox.c.txn_id).where(t.outbox.c.status == "sent")
    with store.engine.begin() as c:
        r = c.execute(delete(t.kv).where(t.kv.c.key.in_(sent)))
    return int(r.rowcount)
