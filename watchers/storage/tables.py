"""The database schema, as SQLAlchemy Core tables.

Alembic migrations in ``migrations/`` create exactly these; a test checks that
the migrated schema and these definitions agree.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes on every backend (SQLite keeps no zone)."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the database; pass an aware UTC datetime")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        assert isinstance(value, datetime)
        return value.replace(tzinfo=UTC)


metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

feeds = Table(
    "feeds",
    metadata,
    Column("feed_id", String(200), primary_key=True),
    Column("url", Text, nullable=False),
    Column("title", Text, nullable=False, default=""),
    Column("etag", Text, nullable=False, default=""),
    Column("last_modified", Text, nullable=False, default=""),
    # A digest of the last document read: a server that sends the same body again
    # without validators gets no second reading.
    Column("body_hash", String(64), nullable=False, default="", server_default=""),
    # The digests of that document's entries (ParsedFeed.entries): an entry that comes
    # again unchanged in another document is not made an item again.
    Column("entry_digests", Text, nullable=False, default="", server_default=""),
    Column("error_count", Integer, nullable=False, default=0),
    Column("last_error", Text, nullable=False, default=""),
    Column("last_checked", UTCDateTime),
    Column("last_success", UTCDateTime),
    # The due-queue: the polling engine claims the feeds whose next check has come,
    # most overdue first.
    Column("next_check", UTCDateTime),
    Column("poll_lag", Float),
    # A poll lease, so that several instances sharing one database never poll
    # the same feed at once; renewed while the poll goes on.
    Column("lease_owner", String(200), nullable=False, default=""),
    Column("lease_until", UTCDateTime),
    Column("muted", Boolean, nullable=False, default=False),
    Index(None, "next_check"),
)

items = Table(
    "items",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("feed_id", String(200), nullable=False),
    Column("guid", Text, nullable=False, default=""),
    Column("link", Text, nullable=False, default=""),
    Column("link_key", String(700), nullable=False, default=""),
    Column("title", Text, nullable=False, default=""),
    Column("text", Text, nullable=False, default=""),
    Column("content_hash", String(64), nullable=False),
    Column("language", String(20), nullable=False, default=""),
    Column("published", UTCDateTime),
    Column("updated", UTCDateTime),
    Column("first_seen", UTCDateTime, nullable=False),
    Column("last_changed", UTCDateTime, nullable=False),
    Column("version", Integer, nullable=False, default=1),
    Column("muted", Boolean, nullable=False, default=False),
    Index(None, "feed_id", "guid"),
    Index(None, "link_key"),
    Index(None, "content_hash"),
)

item_edits = Table(
    "item_edits",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("item_id", Integer, ForeignKey("items.id", ondelete="CASCADE"), nullable=False),
    Column("seen_at", UTCDateTime, nullable=False),
    Column("version", Integer, nullable=False),
    Column("old_title", Text, nullable=False),
    Column("old_text", Text, nullable=False),
    Column("new_title", Text, nullable=False),
    Column("new_text", Text, nullable=False),
    Index(None, "item_id"),
)

mentions = Table(
    "mentions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("item_id", Integer, ForeignKey("items.id", ondelete="CASCADE"), nullable=False),
    Column("version", Integer, nullable=False),
    Column("entity_id", String(200), nullable=False),
    Column("alias", Text, nullable=False),
    Column("field", String(20), nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Index(None, "item_id"),
    Index(None, "entity_id"),
)

verdicts = Table(
    "verdicts",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("item_id", Integer, ForeignKey("items.id", ondelete="CASCADE"), nullable=False),
    Column("version", Integer, nullable=False),
    Column("claim_id", String(200), nullable=False),
    Column("stance", String(20), nullable=False),
    Column("score", Float, nullable=False),
    Column("evidence", Text, nullable=False),
    Column("reason", Text, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Index(None, "claim_id"),
    Index(None, "item_id"),
)

claim_standing = Table(
    "claim_standing",
    metadata,
    Column("claim_id", String(200), primary_key=True),
    Column("corroborates", Integer, nullable=False, default=0),
    Column("contradicts", Integer, nullable=False, default=0),
    Column("mentions", Integer, nullable=False, default=0),
    Column("standing", String(20), nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
)

alerts = Table(
    "alerts",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("created_at", UTCDateTime, nullable=False),
    Column("kind", String(20), nullable=False),
    Column("entity_id", String(200), nullable=False),
    Column("feed_id", String(200), nullable=False, default=""),
    Column("item_id", Integer, ForeignKey("items.id", ondelete="CASCADE")),
    Column("title", Text, nullable=False, default=""),
    Column("link", Text, nullable=False, default=""),
    Column("claim_id", String(200), nullable=False, default=""),
    Column("stance", String(20), nullable=False, default=""),
    Column("score", Float, nullable=False, default=0.0),
    Column("evidence", Text, nullable=False, default=""),
    Column("reason", Text, nullable=False, default=""),
    Column("alias", Text, nullable=False, default=""),
    Column("detail", Text, nullable=False, default=""),
)

route_cursors = Table(
    "route_cursors",
    metadata,
    Column("route_id", String(200), primary_key=True),
    Column("last_alert_id", Integer, nullable=False, default=0),
    Column("last_digest_at", UTCDateTime),
)

outbox = Table(
    "outbox",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("route_id", String(200), nullable=False),
    Column("destination", Text, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    # A stable transaction id, sent with every attempt so that a retried send is
    # de-duplicated by the chat server.
    Column("txn_id", String(64), nullable=False, unique=True),
    Column("payload", JSON, nullable=False),
    Column("status", String(20), nullable=False, default="pending"),
    Column("attempts", Integer, nullable=False, default=0),
    Column("next_attempt", UTCDateTime),
    Column("last_error", Text, nullable=False, default=""),
    Column("sent_at", UTCDateTime),
    Column("remote_id", Text, nullable=False, default=""),
    Column("lease_owner", String(200), nullable=False, default=""),
    Column("lease_until", UTCDateTime),
    Index(None, "status", "next_attempt"),
)

audit_log = Table(
    "audit_log",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", UTCDateTime, nullable=False),
    Column("actor", Text, nullable=False),
    Column("action", Text, nullable=False),
    Column("before", Text, nullable=False, default=""),
    Column("after", Text, nullable=False, default=""),
)

config_revisions = Table(
    "config_revisions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", UTCDateTime, nullable=False),
    Column("actor", Text, nullable=False),
    Column("documents", JSON, nullable=False),
)

feedback = Table(
    "feedback",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", UTCDateTime, nullable=False),
    Column("actor", Text, nullable=False),
    Column("item_id", Integer, ForeignKey("items.id", ondelete="CASCADE"), nullable=False),
    Column("claim_id", String(200), nullable=False, default=""),
    Column("given_label", String(20), nullable=False, default=""),
    Column("correct_label", String(20), nullable=False, default=""),
    Column("action", String(20), nullable=False),
)

subscriptions = Table(
    "subscriptions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("platform", String(20), nullable=False),
    Column("user_id", Text, nullable=False),
    Column("target", String(200), nullable=False),
    UniqueConstraint("platform", "user_id", "target"),
)

handled_events = Table(
    "handled_events",
    metadata,
    # Chat events (commands) already answered, so a restart or a replayed sync
    # never answers one twice.
    Column("event_id", String(255), primary_key=True),
    Column("at", UTCDateTime, nullable=False),
)

kv = Table(
    "kv",
    metadata,
    Column("key", String(200), primary_key=True),
    Column("value", Text, nullable=False),
)
