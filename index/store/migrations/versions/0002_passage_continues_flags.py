"""passages record whether their paragraph goes on before and after them

Answering showed "…" where a long paragraph was cut into passages by reading the characters around
each shown passage from its source's text: a second query per answer, and one that reads whole
sources. The flags are now decided once, at ingestion, the same way; this fills them in for passages
stored before.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28 04:25:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# A paragraph ends at a line break, or at the start or end of the text.
_BREAKS = "\r\n"


def upgrade() -> None:
    with op.batch_alter_table("passages", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("continues_before", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.add_column(
            sa.Column("continues_after", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    passages = sa.table(
        "passages",
        sa.column("id", sa.Integer),
        sa.column("source_id", sa.String),
        sa.column("start", sa.Integer),
        sa.column("end", sa.Integer),
        sa.column("continues_before", sa.Boolean),
        sa.column("continues_after", sa.Boolean),
    )
    sources = sa.table("sources", sa.column("id", sa.String), sa.column("text", sa.Text))
    mark = (
        passages.update()
        .where(passages.c.id == sa.bindparam("passage_id"))
        .values(continues_before=sa.bindparam("before"), continues_after=sa.bindparam("after"))
    )
    connection = op.get_bind()
    # A source's text is read once for all its passages: done in SQL, each passage read it again.
    for source_id in connection.scalars(sa.select(sources.c.id)).all():
        text = connection.scalar(sa.select(sources.c.text).where(sources.c.id == source_id)) or ""
        rows = connection.execute(
            sa.select(passages.c.id, passages.c.start, passages.c.end).where(
                passages.c.source_id == source_id
            )
        ).all()
        flags = [
            {
                "passage_id": passage_id,
                "before": start > 0 and text[start - 1] not in _BREAKS,
                "after": end < len(text) and text[end] not in _BREAKS,
            }
            for passage_id, start, end in rows
        ]
        cut = [row for row in flags if row["before"] or row["after"]]  # the rest stay false
        if cut:
            connection.execute(mark, cut)


def downgrade() -> None:
    with op.batch_alter_table("passages", schema=None) as batch_op:
        batch_op.drop_column("continues_after")
        batch_op.drop_column("continues_before")
