"""ids that are never reused on SQLite: questions and passages

A button under an answer names its question by id, and "whole paragraph" its passage. SQLite, without
AUTOINCREMENT, hands out the largest id in use plus one: once old questions were purged (or the newest
source removed), a new question or passage got an old id, and an old button in one chat acted on a
question asked in another. With AUTOINCREMENT an id is never given twice. PostgreSQL's sequences never
reuse one; there the tables stay as they are.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02 07:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_VOTES = sa.table(
    "votes",
    sa.column("id", sa.Integer),
    sa.column("question_id", sa.Integer),
    sa.column("user_hash", sa.String),
    sa.column("value", sa.Integer),
    sa.column("at", sa.DateTime),
)


def upgrade() -> None:
    _rebuild(autoincrement=True)


def downgrade() -> None:
    _rebuild(autoincrement=False)


def _rebuild(autoincrement: bool) -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    # Batch mode copies a table and drops the old one; dropping `questions` cascades to its votes (the
    # foreign keys cannot be switched off inside the migration's transaction), so they are put back.
    votes = [row._asdict() for row in op.get_bind().execute(sa.select(_VOTES)).all()]
    for table in ("questions", "passages"):
        with op.batch_alter_table(
            table, recreate="always", table_kwargs={"sqlite_autoincrement": autoincrement}
        ):
            pass
    op.get_bind().execute(sa.delete(_VOTES))
    if votes:
        op.bulk_insert(_VOTES, votes)
