"""What the ops endpoint and the doctor read from the database: reachability, the
schema's migration, the outbox backlog and leases left behind by stopped instances."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, func, select, text

from watchers.storage import tables as t
from watchers.storage.database import MIGRATIONS


@dataclass(frozen=True)
class SchemaStatus:
    """The revision the database is at and the newest one this version ships."""

    current: str | None
    head: str

    @property
    def is_current(self) -> bool:
        return self.current == self.head


@dataclass(frozen=True)
class Backlog:
    """Pending digests: how many, and when the oldest was queued (None when none is)."""

    pending: int
    oldest: datetime | None


def schema_status(engine: Engine) -> SchemaStatus:
    """Read the database's migration revision without changing anything.

    Raises SQLAlchemy's OperationalError when the database cannot be reached.
    """
    head = ScriptDirectory(str(MIGRATIONS)).get_current_head()
    assert head is not None
    with engine.connect() as c:
        current = MigrationContext.configure(c).get_current_revision()
    return SchemaStatus(current, head)


class HealthRows:
    engine: Engine

    def ping(self) -> None:
        """One round trip; raises when the database cannot be reached."""
        with self.engine.connect() as c:
            c.execute(text("SELECT 1"))

    def schema_status(self) -> SchemaStatus:
        return schema_status(self.engine)

    def backlog(self) -> Backlog:
        with self.engine.connect() as c:
            row = c.execute(
                select(func.count(), func.min(t.outbox.c.created_at)).where(
                    t.outbox.c.status == "pending"
                )
            ).one()
        return Backlog(int(row[0]), row[1])

    def expired_outbox_leases(self, now: datetime) -> dict[int, str]:
        """Pending digests whose delivery lease ran out unreleased: id → who held it."""
        outbox = t.outbox.c
        with self.engine.connect() as c:
            rows = c.execute(
                select(outbox.id, outbox.lease_owner).where(
                    outbox.status == "pending", outbox.lease_owner != "", outbox.lease_until < now
                )
            ).all()
        return {int(r.id): str(r.lease_owner) for r in rows}
