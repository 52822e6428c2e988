"""Database schema (SQLAlchemy 2.0 typed models). Portable SQL: SQLite by default, PostgreSQL in production.

The database is the source of truth: passages keep their embeddings, so the FAISS index can always be
rebuilt without re-embedding, and `Change` rows let every process follow what the others changed.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    metadata = MetaData(
        naming_convention={
            "ix": "ix_%(column_0_label)s",
            "uq": "uq_%(table_name)s_%(column_0_name)s",
            "ck": "ck_%(table_name)s_%(constraint_name)s",
            "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
            "pk": "pk_%(table_name)s",
        }
    )


class Source(Base):
    __tablename__ = "sources"

    id: Mapped[str] = mapped_column(String(120), primary_key=True)
    title: Mapped[str | None] = mapped_column(Text)
    author: Mapped[str | None] = mapped_column(Text)
    publisher: Mapped[str | None] = mapped_column(Text)
    published: Mapped[dt.date | None] = mapped_column(Date)
    url: Mapped[str | None] = mapped_column(Text)
    language: Mapped[str | None] = mapped_column(String(16))
    # Where the document came from (a file path, a URL, a chat upload's name): a document from another
    # origin may not take over this id unless replacing it is asked for.
    origin: Mapped[str | None] = mapped_column(Text)
    # None: the shared knowledge base. Otherwise a community's own collection (e.g. "discord:123"),
    # answered from only in that community.
    collection: Mapped[str | None] = mapped_column(String(64), index=True)
    # The cleaned body; every passage is a slice of it, so quotes are verbatim by construction.
    text: Mapped[str] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(String(64))
    # Who last added or replaced it ("telegram:123", "cli"): one person's share of the communities'
    # room is counted by it. None for sources stored before it was recorded.
    added_by: Mapped[str | None] = mapped_column(String(200))
    added_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    passages: Mapped[list[Passage]] = relationship(
        back_populates="source", cascade="all, delete-orphan", order_by="Passage.position"
    )


class Passage(Base):
    __tablename__ = "passages"
    # SQLite reuses the largest id after a delete unless told not to, and buttons name passages by id.
    __table_args__ = ({"sqlite_autoincrement": True},)

    # Also the vector id in FAISS.
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    source_id: Mapped[str] = mapped_column(ForeignKey("sources.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    heading: Mapped[str | None] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    embedding: Mapped[bytes] = mapped_column(LargeBinary)
    # Sentence spans (offsets into `text`, JSON) and their embeddings, computed once at ingestion so
    # the highlight needs no model call at question time.
    sentence_spans: Mapped[str] = mapped_column(Text)
    sentence_embeddings: Mapped[bytes] = mapped_column(LargeBinary)
    embedding_model: Mapped[str] = mapped_column(String(200))
    # Does the passage's paragraph go on before / after it (a long paragraph cut in pieces)? Decided
    # at ingestion, so an answer can show "…" without reading the source's text.
    continues_before: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    continues_after: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

    source: Mapped[Source] = relationship(back_populates="passages")


class Change(Base):
    """An append-only log of knowledge-base changes; each process applies the ones it has not seen."""

    __tablename__ = "changes"

    revision: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    source_id: Mapped[str] = mapped_column(String(120), index=True)
    action: Mapped[str] = mapped_column(String(16))  # "add", "replace" or "remove"
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class ModerationEvent(Base):
    """A change to the knowledge base and who made it. A community collection's are kept as long as
    questions are; the shared knowledge base's for good."""

    __tablename__ = "moderation_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(200))  # e.g. "telegram:12345", "discord:678", "cli:alice"
    action: Mapped[str] = mapped_column(String(16))
    source_id: Mapped[str] = mapped_column(String(120))
    passages_added: Mapped[int] = mapped_column(Integer, default=0)
    passages_removed: Mapped[int] = mapped_column(Integer, default=0)
    collection: Mapped[str | None] = mapped_column(String(200), default=None)  # None: shared


class QuestionRecord(Base):
    """A question asked in chat, kept for `qabot stats` and feedback; user ids are stored hashed."""

    __tablename__ = "questions"
    # Buttons and replies name a question by id: a purged question's id must never come back.
    __table_args__ = ({"sqlite_autoincrement": True},)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, index=True)
    platform: Mapped[str] = mapped_column(String(32))
    user_hash: Mapped[str | None] = mapped_column(String(64))
    question: Mapped[str] = mapped_column(Text)
    answered: Mapped[bool] = mapped_column(default=False)
    score: Mapped[float | None] = mapped_column(Float)
    source_id: Mapped[str | None] = mapped_column(String(120))
    latency_ms: Mapped[float | None] = mapped_column(Float)
    # The recorded question this one replied to, when it was answered in that one's context ("Other
    # passages" under a follow-up must ask it in the same context).
    follows: Mapped[int | None] = mapped_column(Integer)
    # The passage quoted (a reply continues from it, whatever the index answers now); None: refused.
    passage_id: Mapped[int | None] = mapped_column(Integer)


class Vote(Base):
    """👍 (+1) or 👎 (-1) on an answer: one per person per question, and that person may change it."""

    __tablename__ = "votes"
    __table_args__ = (UniqueConstraint("question_id", "user_hash"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("questions.id", ondelete="CASCADE"), index=True)
    user_hash: Mapped[str] = mapped_column(String(64))
    value: Mapped[int] = mapped_column(Integer)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class RefusedChange(Base):
    """An attempt to change the knowledge base by someone without the authority to (who, where, what)."""

    __tablename__ = "refused_changes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(200))  # e.g. "discord:678"
    place: Mapped[str] = mapped_column(String(200))  # e.g. "discord guild 123", "telegram chat -100456"
    action: Mapped[str] = mapped_column(String(16))  # "add" or "remove"
    target: Mapped[str] = mapped_column(Text)  # the file name, URL or source id, shortened


class OwedReport(Base):
    """A change under way whose sender is still to hear how it went; crossed off once told."""

    __tablename__ = "owed_reports"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    key: Mapped[str] = mapped_column(String(32), unique=True)  # chosen by the process, before writing
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    platform: Mapped[str] = mapped_column(String(16), index=True)  # "telegram" or "discord"
    process: Mapped[str] = mapped_column(String(32))  # the process running the change
    address: Mapped[str] = mapped_column(String(200))  # where to tell: JSON of plain ids
    what: Mapped[str] = mapped_column(String(300))  # "adding budget.md"


class InstallSecret(Base):
    """Keys generated once per installation and shared by every replica (button signatures, user ids)."""

    __tablename__ = "install_secrets"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(String(128))
