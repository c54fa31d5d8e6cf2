"""Reading and applying what the core decided. The store never re-decides.

``Store`` is one object with one engine; its methods live with the tables they
touch: feeds and their due-queue, items and claims, the evidence on claims, alerts and the
outbox, and the leases of digests being sent.
"""

from __future__ import annotations

from sqlalchemy import Engine

from watchers.storage.database import make_engine, upgrade
from watchers.storage.evidence import EvidenceRows
from watchers.storage.feeds import FeedRows
from watchers.storage.health import HealthRows
from watchers.storage.items import ClaimRecord, ItemRows
from watchers.storage.outbox import OutboxEntry, OutboxRows, StoredAlert
from watchers.storage.queue import QueueRows
from watchers.storage.sending import SendingRows

__all__ = ["ClaimRecord", "OutboxEntry", "Store", "StoredAlert"]


class Store(FeedRows, QueueRows, ItemRows, EvidenceRows, OutboxRows, SendingRows, HealthRows):
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
