"""community collections, one vote per person, refused changes, installation secrets

- `sources.collection`: None for the shared knowledge base, else the community that keeps the source.
- `votes`: 👍/👎 per person per answer, replacing `questions.feedback` (one value anyone could
  overwrite). Existing feedback is kept as one anonymous vote each, so stats do not change.
- `refused_changes`: who tried to change what they may not, and where.
- `install_secrets`: keys made once per installation (button signatures, the user-id hash key).
- Stored user ids of existing questions are dropped: without a configured key they were plain SHA-256
  hashes, which anyone can reverse by trying every numeric id.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01 18:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("sources", schema=None) as batch_op:
        batch_op.add_column(sa.Column("collection", sa.String(length=64), nullable=True))
        batch_op.create_index(batch_op.f("ix_sources_collection"), ["collection"], unique=False)

    op.create_table(
        "votes",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("question_id", sa.Integer(), nullable=False),
        sa.Column("user_hash", sa.String(length=64), nullable=False),
        sa.Column("value", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["question_id"], ["questions.id"], name=op.f("fk_votes_question_id_questions"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_votes")),
        sa.UniqueConstraint("question_id", "user_hash", name=op.f("uq_votes_question_id")),
    )
    with op.batch_alter_table("votes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_votes_question_id"), ["question_id"], unique=False)
    op.create_table(
        "refused_changes",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("place", sa.String(length=200), nullable=False),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("target", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_refused_changes")),
    )
    with op.batch_alter_table("refused_changes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_refused_changes_at"), ["at"], unique=False)
    op.create_table(
        "install_secrets",
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("value", sa.String(length=128), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_install_secrets")),
    )

    # Read before `questions` is rebuilt: on SQLite, batch mode copies the table and drops the old one,
    # which would cascade to any vote already pointing at it.
    questions = sa.table(
        "questions",
        sa.column("id", sa.Integer),
        sa.column("at", sa.DateTime),
        sa.column("feedback", sa.Integer),
        sa.column("user_hash", sa.String),
    )
    connection = op.get_bind()
    feedback = connection.execute(
        sa.select(questions.c.id, questions.c.feedback, questions.c.at).where(
            questions.c.feedback.is_not(None)
        )
    ).all()
    op.execute(questions.update().values(user_hash=None))
    with op.batch_alter_table("questions", schema=None) as batch_op:
        batch_op.drop_column("feedback")
    votes = sa.table(
        "votes",
        sa.column("question_id", sa.Integer),
        sa.column("user_hash", sa.String),
        sa.column("value", sa.Integer),
        sa.column("at", sa.DateTime),
    )
    if feedback:
        op.bulk_insert(
            votes,
            [
                {
                    "question_id": row.id,
                    "user_hash": "legacy",
                    "value": 1 if row.feedback > 0 else -1,
                    "at": row.at,
                }
                for row in feedback
            ],
        )


def downgrade() -> None:
    votes = sa.table("votes", sa.column("question_id", sa.Integer), sa.column("value", sa.Integer))
    connection = op.get_bind()
    # One value per question again: the sign of the votes' sum (a tie is no feedback). Read before
    # `questions` is rebuilt, which on SQLite would cascade to the votes.
    totals = connection.execute(
        sa.select(votes.c.question_id, sa.func.sum(votes.c.value)).group_by(votes.c.question_id)
    ).all()
    op.drop_table("install_secrets")
    with op.batch_alter_table("refused_changes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_refused_changes_at"))
    op.drop_table("refused_changes")
    with op.batch_alter_table("votes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_votes_question_id"))
    op.drop_table("votes")
    with op.batch_alter_table("questions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("feedback", sa.Integer(), nullable=True))
    questions = sa.table("questions", sa.column("id", sa.Integer), sa.column("feedback", sa.Integer))
    for question_id, total in totals:
        if total:
            op.execute(
                questions.update()
                .where(questions.c.id == question_id)
                .values(feedback=1 if total > 0 else -1)
            )
    with op.batch_alter_table("sources", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sources_collection"))
        batch_op.drop_column("collection")
