"""due-queue: an index on each feed's next check, the lag of its last poll, its last body's hash

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("feeds") as batch:
        batch.add_column(sa.Column("poll_lag", sa.Float(), nullable=True))
        batch.add_column(
            sa.Column("body_hash", sa.String(length=64), nullable=False, server_default="")
        )
        batch.create_index(batch.f("ix_feeds_next_check"), ["next_check"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("feeds") as batch:
        batch.drop_index(batch.f("ix_feeds_next_check"))
        batch.drop_column("body_hash")
        batch.drop_column("poll_lag")
