"""`QuestionLog`: who asked what and how it went, for stats, votes and follow-ups, kept only as allowed.

Also reads the moderation log that knowledge-base changes write. Askers are stored as keyed hashes (the
configured `QABOT_USER_HASH_KEY`, else a key made once per installation), never as plain or unkeyed ids;
questions older than the retention period are purged at start and hourly while running.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, replace

from sqlalchemy import Engine, delete, func, select
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from index.answer import Answer
from index.settings import CoreSettings
from index.store.daily_counts import DailyCounts
from index.store.engine import bound_for_answering, error_reason, give_back_free_space
from index.store.expiry import delete_expired, oldest_batch
from index.store.models import ModerationEvent, QuestionRecord, Vote, utcnow
from index.store.refusals import Refusal, RefusalLog

__all__ = ["EVAL_PLATFORM", "Asker", "QuestionLog", "RecordedQuestion", "Stats"]

# `qabot eval` records a conversation's first questions (its follow-ups reply to them) under this
# platform; `qabot stats` counts people's questions only.
EVAL_PLATFORM = "eval"

log = logging.getLogger(__name__)

PURGE_INTERVAL_SECONDS = 3600.0
PURGE_BATCH = 1000  # expired questions deleted per question recorded, until none are left
# Questions recorded per person a day, in each process: each is about 4 KB for the retention period,
# and a tireless account at 10 a minute stored 1.8 GB a month. Past it, questions are still answered
# but not recorded (no votes or follow-ups on them, not in `qabot stats`).
MAX_RECORDED_A_DAY = 500
# How many questions before the one replied to a follow-up may read ("Who is Sergei Sazonov?" names
# whom "he" is after "What does he say about China?", "Why?" and "When?"): bounded, so a long chain
# costs a few look-ups by key, not its length.
CONTEXT_DEPTH = 6


@dataclass(frozen=True)
class Asker:
    """Who asked (or voted); the user id is stored only as a keyed hash."""

    platform: str
    user_id: str

    def user_hash(self, key: str) -> str:
        """HMAC-SHA256 of platform and id with the installation's key."""
        message = f"{self.platform}:{self.user_id}".encode()
        return hmac.new(key.encode(), message, hashlib.sha256).hexdigest()[:32]


@dataclass(frozen=True)
class RecordedQuestion:
    """A question as recorded: what was asked, which source and passage answered it (None: refused)
    and, for a follow-up answered in context, the question it replied to."""

    id: int
    question: str
    source_id: str | None
    follows: int | None = None
    passage_id: int | None = None
    # For a follow-up's answer replied to in turn: the questions before it in the conversation, the
    # nearest first (at most `CONTEXT_DEPTH`), each with the passage that answered it.
    earlier: tuple[RecordedQuestion, ...] = ()


@dataclass(frozen=True)
class Stats:
    questions: int
    answered: int
    thumbs_up: int
    thumbs_down: int
    top_unanswered: list[tuple[str, int]]
    refused_changes: int = 0
    recent_refusals: tuple[Refusal, ...] = ()

    @property
    def answered_ratio(self) -> float:
        return self.answered / self.questions if self.questions else 0.0


class QuestionLog:
    def __init__(
        self, sessions: sessionmaker[Session], settings: CoreSettings, hash_key: Callable[[], str]
    ) -> None:
        """`hash_key` gives the key for user ids (asked when first needed: it may read the database)."""
        self.settings = settings
        self._sessions = sessions
        self._hash_key = hash_key
        self.refusals = RefusalLog(sessions)
        self._recorded_today = DailyCounts(lambda: MAX_RECORDED_A_DAY)
        self._purge_or_warn()

    def _purge_or_warn(self) -> None:
        """`purge_old_questions`, or a warning: a read-only or full database still answers and reports
        (`record` tries again)."""
        try:
            self.purge_old_questions()
        except DBAPIError as error:
            log.warning("Could not purge old questions: %s", str(error.orig).strip() or type(error).__name__)

    def _key(self) -> str:
        configured = self.settings.user_hash_key
        return configured.get_secret_value() if configured else self._hash_key()

    def record(self, answer: Answer, asker: Asker, latency_ms: float, follows: int | None = None) -> Answer:
        """Stores the question (`follows`: the recorded question it was answered in the context of); the
        answer comes back carrying its id, for votes and follow-ups."""
        # A bot runs for months: expired questions go while it runs, not only at its next start.
        if time.monotonic() >= self._next_purge:
            self.purge_old_questions(batch=PURGE_BATCH)
        user_hash = asker.user_hash(self._key())
        if not self._recorded_today.take(user_hash):
            return answer
        with self._sessions.begin() as session:
            bound_for_answering(session)  # a question is answered even when this cannot be written
            record = QuestionRecord(
                platform=asker.platform,
                user_hash=user_hash,
                question=answer.question,
                answered=answer.answered,
                score=answer.score,
                source_id=answer.source.id if answer.source else None,
                latency_ms=latency_ms,
                follows=follows,
                passage_id=answer.passage_id,
            )
            session.add(record)
            session.flush()
            question_id = record.id
        return replace(answer, question_id=question_id)

    def vote(self, question_id: int, voter: Asker, value: int) -> bool:
        """Stores the voter's 👍 (+1) or 👎 (-1), replacing their earlier vote on this answer.

        False when the question is unknown or expired.
        """
        value = 1 if value > 0 else -1
        voter_hash = voter.user_hash(self._key())
        for _attempt in range(3):
            try:
                with self._sessions.begin() as session:
                    if session.get(QuestionRecord, question_id) is None:
                        return False
                    existing = session.scalar(
                        select(Vote).where(Vote.question_id == question_id, Vote.user_hash == voter_hash)
                    )
                    if existing is None:
                        session.add(Vote(question_id=question_id, user_hash=voter_hash, value=value))
                    else:
                        existing.value, existing.at = value, utcnow()
                    return True
            except IntegrityError:  # the same person's two clicks at once: the second updates
                continue
        return True

    def question(self, question_id: int) -> RecordedQuestion | None:
        """A recorded question; None when it is unknown or expired."""
        with self._sessions() as session:
            bound_for_answering(session)
            record = session.get(QuestionRecord, question_id)
            if record is None:
                return None
            return RecordedQuestion(
                record.id, record.question, record.source_id, record.follows, record.passage_id
            )

    def context_of(
        self, question_id: int | None, answerable: Callable[[str | None], bool]
    ) -> RecordedQuestion | None:
        """The recorded question a follow-up replies to, if it still gives context: recorded, and its
        source `answerable` where the follow-up is asked. A reply to a follow-up's answer ("Why?" after
        "What does he say about China?") may need the questions before it too (whom "he" is): they come
        as `earlier`, at most `CONTEXT_DEPTH`, so the context stays bounded."""
        if question_id is None:
            return None
        try:
            previous = self.question(question_id)
            if previous is None or not answerable(previous.source_id):
                return None
            earlier: list[RecordedQuestion] = []
            follows = previous.follows
            while follows is not None and len(earlier) < CONTEXT_DEPTH:
                before = self.question(follows)
                if before is None:
                    break
                earlier.append(before)
                follows = before.follows
        except OperationalError as error:  # e.g. the table locked past the answering limit: ask afresh
            log.warning("Could not read the question a follow-up replies to (answering it alone): %s", error)
            return None
        return replace(previous, earlier=tuple(earlier))

    def stats(self, top: int = 10) -> Stats:
        self._purge_or_warn()
        with self._sessions() as session:
            asked = QuestionRecord.platform != EVAL_PLATFORM
            total = session.scalar(select(func.count()).where(asked)) or 0
            was_answered = QuestionRecord.answered.is_(True)
            answered = session.scalar(select(func.count()).where(asked, was_answered)) or 0
            up = session.scalar(select(func.count()).where(Vote.value == 1)) or 0
            down = session.scalar(select(func.count()).where(Vote.value == -1)) or 0
            unanswered = session.execute(
                select(func.lower(QuestionRecord.question), func.count().label("n"))
                .where(asked, QuestionRecord.answered.is_(False))
                .group_by(func.lower(QuestionRecord.question))
                .order_by(func.count().desc())
                .limit(top)
            ).all()
        return Stats(
            total, answered, up, down, [(q, int(n)) for q, n in unanswered],
            self.refusals.count(), tuple(self.refusals.recent(top)),
        )  # fmt: skip

    def moderation_events(self, limit: int = 50) -> list[ModerationEvent]:
        with self._sessions() as session:
            return list(
                session.scalars(select(ModerationEvent).order_by(ModerationEvent.id.desc()).limit(limit))
            )

    def purge_old_questions(self, batch: int | None = None) -> None:
        """Deletes expired questions, their votes, expired refusals and community collections' expired
        moderation events. With `batch`, the oldest `batch` of each, and the next question recorded
        deletes the next batch (`index.store.expiry`)."""
        self._next_purge = time.monotonic() + PURGE_INTERVAL_SECONDS  # a failing purge waits too
        # 0 days keeps a question for the hour between clean-ups: every start and `qabot stats` purges,
        # and with no age at all they took the questions answered a moment before, votes and all.
        days = self.settings.question_retention_days
        kept = dt.timedelta(days=days) if days else dt.timedelta(seconds=PURGE_INTERVAL_SECONDS)
        cutoff = utcnow() - kept
        with self._sessions.begin() as session:
            expired, full_batch = oldest_batch(session, QuestionRecord, QuestionRecord.at < cutoff, batch)
            # Votes first: SQLite enforces the cascade only with foreign keys on, which it is here, but
            # a plain delete keeps the order right on any backend.
            session.execute(
                delete(Vote).where(Vote.question_id.in_(select(QuestionRecord.id).where(expired)))
            )
            session.execute(delete(QuestionRecord).where(expired))
        with self._sessions.begin() as session:
            strangers = ModerationEvent.collection.is_not(None) & (ModerationEvent.at < cutoff)
            full_batch = delete_expired(session, ModerationEvent, strangers, batch) or full_batch
        if self.refusals.purge_before(cutoff, batch) or full_batch:
            self._next_purge = 0.0  # more are left: the next question deletes the next batch
        elif batch is None:  # at a start or `qabot stats`, never under someone's question
            self._give_back_space()

    def _give_back_space(self) -> None:
        """After a purge, the space its rows took, on SQLite (`engine.give_back_free_space`). VACUUM
        rewrites the whole file (0.9 s for 600 MB, writers waiting), so a running bot's hourly purges,
        made while recording a question, leave it to the next start or `qabot stats`. It needs room
        for a copy of the database: on a full disk it fails, and the bot goes on."""
        with self._sessions() as session:
            engine = session.get_bind()
        try:
            freed = give_back_free_space(engine) if isinstance(engine, Engine) else 0
        except DBAPIError as error:
            log.warning("Could not give deleted questions' space back: %s", error_reason(error))
            return
        if freed:
            log.info("Gave %.1f MB that expired questions took back to the disk.", freed / 1e6)
