"""moderation_events.collection: whose collection a change was to, so strangers' are not kept for good

With community collections on, anyone who administers a group or server may change that community's
own sources, and each change was recorded for good. They are now kept as long as questions are; the
shared knowledge base's (changed by the people the deployment names) stay. Events recorded before
this revision have no collection and are kept.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03 08:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("moderation_events", sa.Column("collection", sa.String(length=200), nullable=True))
    op.create_index("ix_moderation_events_at", "moderation_events", ["at"])


def downgrade() -> None:
    op.drop_index("ix_moderation_events_at", table_name="moderation_events")
    if op.get_bind().dialect.name == "sqlite":
        op.execute("ALTER TABLE moderation_events DROP COLUMN collection")  # as 0006: in place
    else:
        op.drop_column("moderation_events", "collection")
