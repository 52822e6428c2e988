"""owed_reports: changes under way whose senders are still to hear how they went

A hard kill (SIGKILL, the OOM killer) during a moderator's add ended it without a word: polling had
confirmed the update, so Telegram never sent it again. Each change a chat front end runs is now
written down while it runs, and a restarted bot tells the senders of those left (`index.store.owed_reports`).

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-08 01:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "owed_reports",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("key", sa.String(length=32), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("platform", sa.String(length=16), nullable=False),
        sa.Column("process", sa.String(length=32), nullable=False),
        sa.Column("address", sa.String(length=200), nullable=False),
        sa.Column("what", sa.String(length=300), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_owed_reports")),
        sa.UniqueConstraint("key", name=op.f("uq_owed_reports_key")),
    )
    op.create_index(op.f("ix_owed_reports_platform"), "owed_reports", ["platform"])


def downgrade() -> None:
    op.drop_index(op.f("ix_owed_reports_platform"), table_name="owed_reports")
    op.drop_table("owed_reports")
