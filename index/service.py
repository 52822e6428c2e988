"""`QAService`: the one object every front end talks to; it wires the parts together and adds nothing.

The database is the source of truth. The parts, one job each:

- `Embedder` (`index.model.embedder`): the model, loaded on first use.
- `LiveIndex` (`index.search.live_index`): this process's FAISS and keyword indexes, following the change log.
- `Answerer` (`index.search.answering`): a question → a quoted `Answer`.
- `SourceQuestions` (`index.source_questions`): "Who wrote this article?" → the source's own fields.
- `KnowledgeBase` (`index.store.knowledge_base`): listing and changing the sources.
- `QuestionLog` (`index.store.questions`): question records, feedback, stats and the moderation log.

Answering is `ask()`; changing the knowledge base, `add*()`, `remove()` and `sync()`: each change is
written with a `Change` row in its transaction, and `refresh()` applies any process's to this one's
indexes, so replicas converge without a full rebuild.
"""

from __future__ import annotations

import functools
import logging
import threading
import time
from collections.abc import Callable

from sqlalchemy.exc import OperationalError, SQLAlchemyError

from index.answer import Answer, Paragraph
from index.errors import SOURCES_UNREACHABLE, BadQuestion, StorageUnavailable
from index.model.embedder import Embedder
from index.model.encoder import Encoder, Progress
from index.search.answering import Answerer, PreparedQuestion
from index.search.followup import FollowUps
from index.search.index_state import IndexState
from index.search.live_index import LiveIndex
from index.search.question_text import MAX_QUESTION_CHARS, clean_question
from index.search.ranking import RankingEvidence, RetrievalConfig
from index.search.small_talk import not_for_the_sources
from index.settings import CoreSettings
from index.source_questions import SourceQuestions
from index.sources_facade import KnowledgeBaseFacade
from index.store import engine as db
from index.store.engine import OutageLog, error_reason
from index.store.knowledge_base import ChangeResult, KnowledgeBase
from index.store.models import ModerationEvent
from index.store.paragraphs import ParagraphReader
from index.store.questions import Asker, QuestionLog, RecordedQuestion, Stats
from index.store.reembedding import Reembedder
from index.store.secrets import InstallSecrets
from index.visibility import SHARED_ONLY, Visibility

__all__ = [
    "MAX_QUESTION_CHARS",
    "Asker",
    "ChangeResult",
    "IndexState",
    "PreparedQuestion",
    "QAService",
    "RecordedQuestion",
    "Stats",
    "clean_question",
    "migrate",
]

log = logging.getLogger(__name__)

# The installation key for user-id hashes when QABOT_USER_HASH_KEY is not set.
USER_HASH_KEY = "user-hash"


def migrate(settings: CoreSettings) -> None:
    """Brings the database schema up to date; entry points call it before building a `QAService`.
    Processes starting together on a new database take a lock, so only one of them migrates."""
    engine = db.make_engine(settings.resolved_database_url())
    try:
        db.upgrade(engine)
    finally:
        engine.dispose()


class QAService(KnowledgeBaseFacade):
    def __init__(
        self,
        settings: CoreSettings,
        encoder: Encoder | None = None,
        encoder_factory: Callable[[str], Encoder] | None = None,
        config: RetrievalConfig | None = None,
        answer_cache_size: int = 1024,
    ) -> None:
        self._settings = settings
        self.engine = db.make_engine(settings.resolved_database_url())
        db.require_current_schema(self.engine)
        sessions = db.make_sessionmaker(self.engine)
        self._embedder = Embedder(settings, encoder, encoder_factory)
        self._index = LiveIndex(self.engine, sessions, self._embedder, settings)
        self._answering = Answerer(
            self.engine, self._index, self._embedder, settings, config or RetrievalConfig(), answer_cache_size
        )
        self._knowledge_base = KnowledgeBase(
            sessions, self._embedder, settings, after_change=lambda: self.refresh(force=True)
        )
        self._secrets = InstallSecrets(sessions)
        self._questions = QuestionLog(sessions, settings, lambda: self._secrets.get(USER_HASH_KEY))
        self._reembedder = Reembedder(sessions, self._embedder)
        self._follow_ups = FollowUps(self._answering, self._index)
        self._source_questions = SourceQuestions(self.engine, self._knowledge_base, self._answering.spelt)
        self._outage_log = OutageLog(
            log, "A question could not be answered: the database is unreachable or slow (%s)."
        )
        self._paragraphs = ParagraphReader(sessions)
        self._first_load = threading.Lock()

    @property
    def settings(self) -> CoreSettings:
        return self._settings

    @settings.setter
    def settings(self, settings: CoreSettings) -> None:
        # Settings may be replaced on a running service (tests do, to allow private URLs): every part
        # reads the new ones, as when they were one class.
        self._settings = settings
        self._embedder.settings = settings
        self._index.settings = settings
        self._answering.settings = settings
        self._knowledge_base.settings = settings
        self._questions.settings = settings

    @property
    def config(self) -> RetrievalConfig:
        return self._answering.config

    @config.setter
    def config(self, config: RetrievalConfig) -> None:
        self._answering.config = config

    # -- model and index ---------------------------------------------------------------------------

    @property
    def model_name(self) -> str:
        """The name stored with passage vectors: the model's, plus how sentence vectors were made."""
        return self._embedder.model_name

    @property
    def encoder(self) -> Encoder:
        return self._embedder.encoder

    @property
    def question_encoder(self) -> Encoder:
        """The encoder for questions: concurrent askers share its model calls."""
        return self._embedder.question_encoder

    @property
    def min_score(self) -> float:
        return self._answering.min_score

    def close(self) -> None:
        self.engine.dispose()

    def refresh(self, force: bool = False, progress: Progress | None = None) -> None:
        """Bring this process's indexes up to the database's latest revision."""
        if self._index.state is None:
            with self._first_load:
                if self._index.state is None:
                    # Before any index reads the vectors: a search must never mix two models' vectors.
                    self._reembedder.run(progress)
        self._index.refresh(force, progress)

    @property
    def loaded_index(self) -> IndexState | None:
        """This process's vectors and keyword index; None until the first question or refresh."""
        return self._index.state

    def use_loaded_index(self, state: IndexState) -> None:
        """Answer from an index another service over the same database loaded (benchmarks share one)."""
        self._index.adopt(state)

    def wait_for_background_work(self, timeout: float | None = None) -> bool:
        """True once no keyword index is being rebuilt in the background (large knowledge bases)."""
        return self._index.wait_for_keywords(timeout)

    # -- answering ---------------------------------------------------------------------------------

    def ask(
        self,
        question: str,
        asker: Asker | None = None,
        visibility: Visibility = SHARED_ONLY,
        follow_up_of: int | None = None,
    ) -> Answer:
        """The quoted answer from what `visibility` allows (the shared knowledge base by default).
        `follow_up_of`, a recorded question this one replies to, answers it in that question's context
        (as asked once that question expired, was not answered or lost its source). With an `asker` the
        question is recorded (stats, votes, follow-ups), and answered even if it cannot be (a full disk)."""
        started = time.perf_counter()
        text = clean_question(question)
        if not_for_the_sources(text):  # "thanks", "help", "the weather today": unrecorded
            return Answer(question=text, answered=False)
        try:
            self.refresh()
            answerable = functools.partial(self._knowledge_base.has_source, visibility=visibility)
            previous = self._questions.context_of(follow_up_of, answerable)
            about = self._source_questions.answer(text, previous, visibility, follow_up_of is not None)
            answer = about or (  # "Who wrote this?", else a question
                self._follow_ups.answer(text, previous, visibility) if previous is not None
                else self._answering.answer(text, visibility)
            )  # fmt: skip
            if previous is not None and not answer.answered:  # "When was it published?" under an answer
                answer = self._source_questions.about_it(text, previous, visibility) or answer
        except OperationalError as error:  # down, or a statement past its time limit
            raise StorageUnavailable(self._unreachable(error)) from None
        if asker is not None:
            follows = previous.id if previous is not None else None
            answer = self._record(answer, asker, (time.perf_counter() - started) * 1000, follows)
        log.info(
            "question answered=%s score=%s source=%s latency_ms=%.1f",
            answer.answered, None if answer.score is None else round(answer.score, 3),
            answer.source.id if answer.source else None, (time.perf_counter() - started) * 1000,
        )  # fmt: skip
        return answer

    def _unreachable(self, error: OperationalError) -> str:
        """What a question the database could not help answer is told; the cause, once a minute."""
        self._outage_log.warn(error)
        return SOURCES_UNREACHABLE

    def _record(self, answer: Answer, asker: Asker, latency_ms: float, follows: int | None) -> Answer:
        try:
            return self._questions.record(answer, asker, latency_ms, follows)
        except OperationalError as error:  # unreachable, locked, or past its time limit: no bug
            reason = error_reason(error)
            log.warning("Could not record a question; answering it anyway (no votes on it): %s", reason)
            return answer
        except (SQLAlchemyError, OSError):
            log.exception("Could not record a question; answering it anyway (no votes on this answer).")
            return answer

    def prepare_question(
        self, question: str, visibility: Visibility = SHARED_ONLY
    ) -> PreparedQuestion | None:
        """A question cleaned, spelling-corrected and embedded as `ask` does from where `visibility`
        allows; None when it is not one (empty, too long, small talk, a live value). Needs `refresh`."""
        try:
            text = clean_question(question)
        except BadQuestion:
            return None
        return None if not_for_the_sources(text) else self._answering.prepare(text, visibility)

    def answer_prepared(
        self,
        prepared: PreparedQuestion,
        config: RetrievalConfig | None = None,
        visibility: Visibility = SHARED_ONLY,
    ) -> Answer:
        """A prepared question answered from the loaded index: no refresh, cache or record. `config`
        other than the service's is for `qabot eval`'s baselines and cross-validation."""
        return self._answering.answer_prepared(prepared, config, visibility)

    def ranking_evidence(
        self, prepared: PreparedQuestion, config: RetrievalConfig | None = None
    ) -> RankingEvidence | None:
        """The candidates and features the ranker weighs for a question (training the ranker)."""
        return self._answering.evidence(prepared, config)

    def vote(self, question_id: int, voter: Asker, value: int) -> bool:
        """Stores the voter's 👍 (+1) or 👎 (-1) on an answer, replacing their earlier one; False when
        the question is unknown or expired."""
        return self._questions.vote(question_id, voter, value)

    def recorded_question(self, question_id: int) -> RecordedQuestion | None:
        """What was asked under this id and which source answered; None when unknown or expired."""
        return self._questions.question(question_id)

    def alternatives_for(self, question_id: int, visibility: Visibility = SHARED_ONLY) -> Answer | None:
        """The answer to a recorded question, asked again where `visibility` allows (for "Other passages"),
        in the context it was answered in when it was a follow-up."""
        recorded = self._questions.question(question_id)
        if recorded is None:
            return None
        again = self.ask(recorded.question, visibility=visibility, follow_up_of=recorded.follows)
        return again if again.passage_id == recorded.passage_id else again.others_than(recorded.passage_id)

    def paragraph(self, passage_id: int, visibility: Visibility = SHARED_ONLY) -> Paragraph | None:
        """The whole paragraph (bounded) around a quoted passage; None when it is gone or not visible."""
        return self._paragraphs.around(passage_id, visibility)

    def secret(self, name: str) -> str:
        """This installation's key called `name` (made once, kept in the database for every replica)."""
        return self._secrets.get(name)

    def record_refusal(self, actor: str, place: str, action: str, target: str) -> None:
        """Notes an attempt to change the knowledge base without the authority to (see `qabot stats`)."""
        self._questions.refusals.record(actor, place, action, target)

    # -- housekeeping and stats --------------------------------------------------------------------

    def stats(self, top: int = 10) -> Stats:
        return self._questions.stats(top)

    def moderation_events(self, limit: int = 50) -> list[ModerationEvent]:
        return self._questions.moderation_events(limit)
