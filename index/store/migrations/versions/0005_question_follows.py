"""questions.follows and questions.passage_id: a recorded question's context

- `follows`: the recorded question a follow-up replied to. "Other passages" under a follow-up's answer
  asked the follow-up's bare text again ("Why?"), out of the context it had been answered in, and
  listed passages unrelated to the answer it sat under.
- `passage_id`: the passage quoted. A reply to a follow-up's answer re-asked that follow-up's bare
  text to find which passage it was about.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02 07:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# A rebuild on SQLite copies the table as reflected, which loses 0004's AUTOINCREMENT: say it again.
_KEEP_0004 = {"sqlite_autoincrement": True}


def upgrade() -> None:
    with op.batch_alter_table("questions", schema=None, table_kwargs=_KEEP_0004) as batch_op:
        batch_op.add_column(sa.Column("follows", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("passage_id", sa.Integer(), nullable=True))


def downgrade() -> None:
    # Dropping a column rebuilds the table on SQLite, which would cascade to the votes: keep them.
    votes = sa.table(
        "votes",
        sa.column("id", sa.Integer),
        sa.column("question_id", sa.Integer),
        sa.column("user_hash", sa.String),
        sa.column("value", sa.Integer),
        sa.column("at", sa.DateTime),
    )
    kept = [row._asdict() for row in op.get_bind().execute(sa.select(votes)).all()]
    with op.batch_alter_table("questions", schema=None, table_kwargs=_KEEP_0004) as batch_op:
        batch_op.drop_column("passage_id")
        batch_op.drop_column("follows")
    op.get_bind().execute(sa.delete(votes))
    if kept:
        op.bulk_insert(votes, kept)
