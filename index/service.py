"""`QAService`: the one object every front end talks to; it wires the parts together and adds nothing.

The database is the source of truth. The parts, one job each:

- `Embedder` (`index.model.embedder`): the model, loaded on first use.
- `LiveIndex` (`index.search.live_index`): this process's FAISS and keyword indexes, following the change log.
- `Answerer` (`index.search.answering`): a question → a quoted `Answer`.
- `KnowledgeBase` (`index.store.knowledge_base`): listing and changing the sources.
- `QuestionLog` (`index.store.questions`): question records, feedback, stats and the moderation log.

Answering is `ask()`; changing the knowledge base is `add*()`, `remove()` and `sync()`. Every change
is written with a `Change` row in the same transaction, and `refresh()` applies changes made by any
process to this process's indexes, so replicas converge without a full rebuild.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from index.answer import Answer, SourceSummary
from index.ingest.documents import Document
from index.model.embedder import Embedder
from index.model.encoders import Encoder, Progress
from index.search.answering import MAX_QUESTION_CHARS, Answerer, clean_question
from index.search.live_index import IndexState, LiveIndex
from index.search.ranking import RetrievalConfig
from index.settings import CoreSettings
from index.store import engine as db
from index.store.knowledge_base import ChangeResult, KnowledgeBase
from index.store.models import ModerationEvent
from index.store.questions import Asker, QuestionLog, Stats

if TYPE_CHECKING:
    import numpy as np

__all__ = [
    "MAX_QUESTION_CHARS",
    "Asker",
    "ChangeResult",
    "IndexState",
    "QAService",
    "Stats",
    "clean_question",
]

log = logging.getLogger(__name__)


class QAService:
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
        db.upgrade(self.engine)
        sessions = db.make_sessionmaker(self.engine)
        self._embedder = Embedder(settings, encoder, encoder_factory)
        self._index = LiveIndex(self.engine, sessions, self._embedder, settings)
        self._answering = Answerer(
            self.engine, self._index, self._embedder, settings, config or RetrievalConfig(), answer_cache_size
        )
        self._knowledge_base = KnowledgeBase(
            sessions, self._embedder, settings, after_change=lambda: self.refresh(force=True)
        )
        self._questions = QuestionLog(sessions, settings)

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

    def ask(self, question: str, asker: Asker | None = None) -> Answer:
        started = time.perf_counter()
        text = clean_question(question)
        self.refresh()
        answer = self._answering.answer(text)
        if asker is not None:
            try:
                answer = self._questions.record(answer, asker, (time.perf_counter() - started) * 1000)
            except Exception:  # a full disk or a locked database costs the record, never the answer
                log.exception("Could not record the question; answering without a record.")
        log.info(
            "question answered=%s score=%s source=%s latency_ms=%.1f",
            answer.answered, None if answer.score is None else round(answer.score, 3),
            answer.source.id if answer.source else None, (time.perf_counter() - started) * 1000,
        )  # fmt: skip
        return answer

    def answer_embedded(
        self, question: str, vector: np.ndarray, config: RetrievalConfig | None = None
    ) -> Answer:
        """A cleaned, embedded question answered from the loaded index: no refresh, cache or record.

        `config` other than the service's is for `qabot eval`'s baselines.
        """
        return self._answering.answer_vector(question, vector, config)

    def record_feedback(self, question_id: int, value: int) -> bool:
        """Stores 👍 (+1) or 👎 (-1) for a recorded question; False when it is unknown or expired."""
        return self._questions.record_feedback(question_id, value)

    def alternatives_for(self, question_id: int) -> Answer | None:
        """The answer to a recorded question, asked again (for "Other passages")."""
        question = self._questions.question(question_id)
        return self.ask(question) if question else None

    # -- the knowledge base ------------------------------------------------------------------------

    def sources(self) -> list[SourceSummary]:
        return self._knowledge_base.sources()

    def source_ids(self) -> list[str]:
        return self._knowledge_base.source_ids()

    def is_empty(self) -> bool:
        return self._knowledge_base.is_empty()

    def add(self, document: Document, actor: str, progress: Progress | None = None) -> ChangeResult:
        return self._knowledge_base.add(document, actor, progress)

    def add_many(
        self, documents: Sequence[Document], actor: str, progress: Progress | None = None
    ) -> list[ChangeResult]:
        """Adds or replaces many documents at once: one batched model call, one index refresh."""
        return self._knowledge_base.add_many(documents, actor, progress)

    def remove(self, source_id: str, actor: str) -> ChangeResult:
        return self._knowledge_base.remove(source_id, actor)

    def add_path(self, path: Path, actor: str, overrides: Mapping[str, Any] | None = None) -> ChangeResult:
        return self._knowledge_base.add_path(path, actor, overrides)

    def add_bytes(
        self, data: bytes, filename: str, actor: str, overrides: Mapping[str, Any] | None = None
    ) -> ChangeResult:
        return self._knowledge_base.add_bytes(data, filename, actor, overrides)

    def add_url(self, url: str, actor: str, overrides: Mapping[str, Any] | None = None) -> ChangeResult:
        return self._knowledge_base.add_url(url, actor, overrides)

    def sync(
        self, folder: Path | None = None, actor: str = "cli", progress: Progress | None = None
    ) -> list[ChangeResult]:
        """Makes the sources that came from `folder` match its files: adds, replaces and removes."""
        return self._knowledge_base.sync(folder, actor, progress)

    def ensure_seeded(self) -> list[ChangeResult]:
        """A newcomer's first question works: an empty knowledge base gets the bundled articles."""
        return self._knowledge_base.ensure_seeded()

    # -- housekeeping and stats --------------------------------------------------------------------

    def stats(self, top: int = 10) -> Stats:
        return self._questions.stats(top)

    def moderation_events(self, limit: int = 50) -> list[ModerationEvent]:
        return self._questions.moderation_events(limit)
