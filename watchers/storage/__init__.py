"""Storage through SQLAlchemy: SQLite by default, PostgreSQL when instances share work."""

from watchers.storage.store import ClaimRecord, OutboxEntry, Store, StoredAlert

__all__ = ["ClaimRecord", "OutboxEntry", "Store", "StoredAlert"]
