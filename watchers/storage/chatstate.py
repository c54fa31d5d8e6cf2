"""What chat adapters remember between runs: small values in ``kv``, answered events.

A chat connection keeps its resume point (for example Matrix's sync token) under a key
of its own, and claims each command event before answering it, so that a restart or a
replayed sync never answers a command twice.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, insert, select, update
from sqlalchemy.exc import IntegrityError

from watchers.storage import tables as t
from watchers.storage.store import Store


def get_value(store: Store, key: str) -> str | None:
    """The value stored under ``key``, or None when nothing is."""
    with store.engine.connect() as c:
        value = c.execute(select(t.kv.c.value).where(t.kv.c.key == key)).scalar_one_or_none()
    return None if value is None else str(value)


def set_value(store: Store, key: str, value: str) -> None:
    """Store ``value`` under ``key``, replacing what was there."""
    with store.engine.begin() as c:
        changed = c.execute(update(t.kv).where(t.kv.c.key == key).values(value=value))
        if changed.rowcount == 0:
            c.execute(insert(t.kv).values(key=key, value=value))


def claim_event(store: Store, event_id: str, now: datetime) -> bool:
    """Record that ``event_id`` is being answered; False when it already was.

    The primary key decides, so two instances sharing the database never both answer.
    """
    try:
        with store.engine.begin() as c:
            c.execute(insert(t.handled_events).values(event_id=event_id, at=now))
    except IntegrityError:
        return False
    return True


def event_handled(store: Store, event_id: str) -> bool:
    """Whether ``event_id`` was claimed before."""
    with store.engine.connect() as c:
        found = c.execute(
            select(t.handled_events.c.event_id).where(t.handled_events.c.event_id == event_id)
        ).first()
    return found is not None


def forget_events_before(store: Store, cutoff: datetime, prefix: str = "") -> int:
    """Drop the records of events claimed before ``cutoff`` whose ids start with ``prefix``
    (each platform its own); returns how many went."""
    table = t.handled_events
    stale = [table.c.at < cutoff]
    if prefix:
        stale.append(table.c.event_id.startswith(prefix, autoescape=True))
    with store.engine.begin() as c:
        result = c.execute(delete(table).where(*stale))
    return int(result.rowcount)
