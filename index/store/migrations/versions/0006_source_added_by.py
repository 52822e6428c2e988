"""sources.added_by: who last added or replaced a source

One person can administer any number of groups or servers; with community collections on, what one
person's adds keep across all of them is bounded by it (`index.store.room`). Sources added before
this revision have none, and count for nobody.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03 00:45:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("sources", sa.Column("added_by", sa.String(length=200), nullable=True))


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        # SQLite drops a column in place (3.35 and later); alembic's way rebuilds the table, and
        # dropping the old one would cascade to every passage.
        op.execute("ALTER TABLE sources DROP COLUMN added_by")
    else:
        op.drop_column("sources", "added_by")
