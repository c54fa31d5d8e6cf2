"""Alembic environment: runs on the connection handed over by ``database.upgrade``."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from watchers.storage.tables import metadata


def run() -> None:
    connection = context.config.attributes.get("connection")
    if not isinstance(connection, Connection):
        raise RuntimeError("migrations run through watchers.storage.database.upgrade()")
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


run()
