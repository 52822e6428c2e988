"""`QuestionLog`: who asked what and how it went, for stats and feedback, kept only as long as allowed.

Also reads the moderation log that knowledge-base changes write. Askers are stored as keyed hashes;
questions older than the retention period are purged at start and hourly while running.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import logging
import time
from dataclasses import dataclass

from sqlalchemy import delete, func, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from index.answer import Answer
from index.settings import CoreSettings
from index.store.models import ModerationEvent, QuestionRecord, utcnow

log = logging.getLogger(__name__)

PURGE_INTERVAL_SECONDS = 3600.0


@dataclass(frozen=True)
class Asker:
    """Who asked, for stats and feedback; the user id is stored only as a hash."""

    platform: str
    user_id: str

    def user_hash(self, key: str | None) -> str:
        """HMAC-SHA256 of platform and id with the installation's key (plain SHA-256 without one)."""
        message = f"{self.platform}:{self.user_id}".encode()
        if key:
            return hmac.new(key.encode(), message, hashlib.sha256).hexdigest()[:32]
        return hashlib.sha256(message).hexdigest()[:32]


@dataclass(frozen=True)
class Stats:
    questions: int
    answered: int
    thumbs_up: int
    thumbs_down: int
    top_unanswered: list[tuple[str, int]]

    @property
    def answered_ratio(self) -> float:
        return self.answered / self.questions if self.questions else 0.0


class QuestionLog:
    def __init__(self, sessions: sessionmaker[Session], settings: CoreSettings) -> None:
        self.settings = settings
        self._sessions = sessions
        try:
            self.purge_old_questions()
        except DBAPIError as error:  # a read-only or full database still answers; `record` tries again
            log.warning("Could not purge old questions: %s", str(error.orig).strip() or type(error).__name__)

    def record(self, answer: Answer, asker: Asker, latency_ms: float) -> Answer:
        """Stores the question; the answer comes back carrying its id, for feedback."""
        from dataclasses import replace

        # A bot runs for months: expired questions go while it runs, not only at its next start.
        if time.monotonic() >= self._next_purge:
            self.purge_old_questions()
        with self._sessions.begin() as session:
            record = QuestionRecord(
                platform=asker.platform,
                user_hash=asker.user_hash(
                    self.settings.user_hash_key.get_secret_value() if self.settings.user_hash_key else None
                ),
                question=answer.question,
                answered=answer.answered,
                score=answer.score,
                source_id=answer.source.id if answer.source else None,
                latency_ms=latency_ms,
            )
            session.add(record)
            session.flush()
            question_id = record.id
        return replace(answer, question_id=question_id)

    def record_feedback(self, question_id: int, value: int) -> bool:
        """Stores 👍 (+1) or 👎 (-1) for a recorded question; False when it is unknown or expired."""
        with self._sessions.begin() as session:
            record = session.get(QuestionRecord, question_id)
            if record is None:
                return False
            record.feedback = 1 if value > 0 else -1
            return True

    def question(self, question_id: int) -> str | None:
        """The text of a recorded question; None when it is unknown or expired."""
        with self._sessions() as session:
            record = session.get(QuestionRecord, question_id)
            return record.question if record else None

    def stats(self, top: int = 10) -> Stats:
        self.purge_old_questions()
        with self._sessions() as session:
            total = session.scalar(select(func.count()).select_from(QuestionRecord)) or 0
            answered = session.scalar(select(func.count()).where(QuestionRecord.answered.is_(True))) or 0
            up = session.scalar(select(func.count()).where(QuestionRecord.feedback == 1)) or 0
            down = session.scalar(select(func.count()).where(QuestionRecord.feedback == -1)) or 0
            unanswered = session.execute(
                select(func.lower(QuestionRecord.question), func.count().label("n"))
                .where(QuestionRecord.answered.is_(False))
                .group_by(func.lower(QuestionRecord.question))
                .order_by(func.count().desc())
                .limit(top)
            ).all()
        return Stats(total, answered, up, down, [(q, int(n)) for q, n in unanswered])

    def moderation_events(self, limit: int = 50) -> list[ModerationEvent]:
        with self._sessions() as session:
            return list(
                session.scalars(select(ModerationEvent).order_by(ModerationEvent.id.desc()).limit(limit))
            )

    def purge_old_questions(self) -> None:
        self._next_purge = time.monotonic() + PURGE_INTERVAL_SECONDS
        cutoff = utcnow() - dt.timedelta(days=self.settings.question_retention_days)
        with self._sessions.begin() as session:
            session.execute(delete(QuestionRecord).where(QuestionRecord.at < cutoff))
