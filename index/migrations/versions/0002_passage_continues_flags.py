"""passages record whether their paragraph goes on before and after them

Answering showed "…" where a long paragraph was cut into passages by reading the characters around
each shown passage from its source's text: a second query per answer, and one that reads whole
sources. The flags are now decided once, at ingestion; this fills them in for passages stored before.

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

# A paragraph ends at a line break or at the start or end of the text (where substr gives '').
_BREAKS = ["", "\n", "\r"]


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
        sa.column("source_id", sa.String),
        sa.column("start", sa.Integer),
        sa.column("end", sa.Integer),
        sa.column("continues_before", sa.Boolean),
        sa.column("continues_after", sa.Boolean),
    )
    sources = sa.table("sources", sa.column("id", sa.String), sa.column("text", sa.Text))
    text = sa.select(sources.c.text).where(sources.c.id == passages.c.source_id).scalar_subquery()
    # SQL strings count from 1: substr(text, start, 1) is the character just before the passage.
    op.execute(
        passages.update().values(
            continues_before=sa.and_(
                passages.c.start > 0, sa.func.substr(text, passages.c.start, 1).not_in(_BREAKS)
            ),
            continues_after=sa.func.substr(text, passages.c.end + 1, 1).not_in(_BREAKS),
        )
    )


def downgrade() -> None:
    with op.batch_alter_table("passages", schema=None) as batch_op:
        batch_op.drop_column("continues_after")
        batch_op.drop_column("continues_before")
