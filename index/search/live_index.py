"""`LiveIndex`: this process's FAISS and keyword indexes, kept in step with the database's change log.

The database is the source of truth. The first refresh loads the saved vector index (or rebuilds it
from stored embeddings); later refreshes apply the `Change` rows written since, by any process, so
replicas converge without a full rebuild.
"""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path

import numpy as np
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session, sessionmaker

from index.model.embedder import Embedder
from index.model.encoder import Progress
from index.search.background import BackgroundJob
from index.search.keyword import KeywordIndex, KeywordMatch
from index.search.ranking import RetrievalConfig
from index.search.vectors import IndexMeta, VectorIndex, load_vector_index, new_vector_index
from index.settings import CoreSettings
from index.store.models import Change, Passage, Source

log = logging.getLogger(__name__)

REFRESH_INTERVAL_SECONDS = 1.0
# Above this many passages the keyword index is rebuilt in a background thread after a change (at 1M
# passages a rebuild takes minutes); meanwhile the previous one answers, with dense search up to date.
KEYWORDS_IN_BACKGROUND_ABOVE = 50_000
VECTOR_BATCH = 10_000  # rows read at a time when building an index from the database
SOURCES_PER_QUERY = 500  # changed sources whose passages one query reads
SAVE_RETRY_SECONDS = 60.0  # after a failed save (a full disk), a refresh tries again this often


class IndexState:
    """This process's view of the passages: vectors, keywords and which passages each source owns."""

    def __init__(self, vectors: VectorIndex, revision: int, source_passages: dict[str, list[int]]):
        self.vectors = vectors
        self.revision = revision
        self.source_passages = source_passages
        self.keywords = KeywordIndex([], [])
        self.keywords_stale = False


class LiveIndex:
    def __init__(
        self, engine: Engine, sessions: sessionmaker[Session], embedder: Embedder, settings: CoreSettings
    ) -> None:
        self.engine = engine
        self.settings = settings
        self._sessions = sessions
        self._embedder = embedder
        self._keyword_job = BackgroundJob("qabot-keywords")
        self._lock = threading.RLock()
        self._state: IndexState | None = None
        self._last_refresh = 0.0
        self._save_retry_at: float | None = None  # set while the files lag behind the memory

    @property
    def state(self) -> IndexState | None:
        """The loaded index; None until the first refresh."""
        return self._state

    @property
    def version(self) -> tuple[int, KeywordIndex] | None:
        """What an answer depends on: the revision and the keyword index in use."""
        state = self._state
        return (state.revision, state.keywords) if state is not None else None

    def adopt(self, state: IndexState) -> None:
        """Use an index another `LiveIndex` over the same database has loaded, as if just refreshed."""
        self._state, self._last_refresh = state, time.monotonic()

    def wait_for_keywords(self, timeout: float | None = None) -> bool:
        """True once no keyword index is being rebuilt in the background."""
        return self._keyword_job.wait(timeout)

    @property
    def _index_path(self) -> Path:
        return self.settings.index_dir / f"{_file_safe(self._embedder.model_name)}.faiss"

    @property
    def _meta_path(self) -> Path:
        return self._index_path.with_suffix(".json")

    def refresh(self, force: bool = False, progress: Progress | None = None) -> None:
        """Bring this process's indexes up to the database's latest revision."""
        now = time.monotonic()
        if not force and self._state is not None and now - self._last_refresh < REFRESH_INTERVAL_SECONDS:
            return
        with self._lock:
            self._last_refresh = now
            if self._state is None:
                self._state = self._load_or_rebuild(progress)
                return
            self._apply_changes(self._state)
            if self._save_retry_at is not None and now >= self._save_retry_at:
                self._save(self._state)

    def build_stale_keywords(self) -> None:
        """Builds the keyword index a change left stale, once, for the question that needs it."""
        state = self._state
        if state is not None and state.keywords_stale:
            with self._lock:
                # Cleared only once built: a question arriving meanwhile waits for the lock instead of
                # answering from the keyword index the change made stale.
                if state.keywords_stale:
                    self._build_keywords(state)
                    state.keywords_stale = False

    def search(
        self, question: str, vector: np.ndarray, config: RetrievalConfig
    ) -> tuple[set[int], KeywordMatch] | None:
        """The dense neighbours of `vector` and the keyword match of `question`; None when empty."""
        state = self._state
        assert state is not None
        with self._lock:
            if state.vectors.count() == 0:
                return None
            candidate_ids: set[int] = set()
            if config.mode != "keyword":
                _scores, ids = state.vectors.search(vector[None, :], config.dense_k)
                candidate_ids.update(int(i) for i in ids[0] if i >= 0)
            keywords = state.keywords.match(question)
        return candidate_ids, keywords

    def _current_revision(self) -> int:
        with self._sessions() as session:
            return int(session.scalar(select(func.coalesce(func.max(Change.revision), 0))) or 0)

    def _load_or_rebuild(self, progress: Progress | None) -> IndexState:
        revision = self._current_revision()
        dimension = self._embedder.encoder.dimension
        meta = IndexMeta.load(self._meta_path)
        if meta is not None and meta.model == self._embedder.model_name and meta.dimension == dimension:
            if meta.revision <= revision:
                vectors = load_vector_index(self._index_path, dimension)
                if vectors is not None and vectors.count() == meta.count:
                    state = IndexState(vectors, meta.revision, self._source_passages())
                    self._apply_changes(state, rebuild_keywords=False)
                    if state.vectors.count() == sum(len(v) for v in state.source_passages.values()):
                        self._rebuild_keywords(state)
                        return state
            log.warning("The saved index does not match the database; rebuilding it from stored embeddings.")
        elif meta is not None:
            log.warning(
                "The saved index was built with %s (%d dimensions), not %s; rebuilding it.",
                meta.model,
                meta.dimension,
                self._embedder.model_name,
            )
        return self._rebuild(revision, dimension)

    def _rebuild(self, revision: int, dimension: int) -> IndexState:
        vectors = new_vector_index(dimension)
        ids, matrix = self._stored_vectors(dimension)
        vectors.add(ids, matrix)
        state = IndexState(vectors, revision, self._source_passages())
        self._rebuild_keywords(state)
        self._save(state)
        return state

    def _stored_vectors(self, dimension: int) -> tuple[np.ndarray, np.ndarray]:
        """Every passage's id and embedding, in the database's order, read in batches.

        Rows go straight into one preallocated matrix: holding a million rows of blobs and then
        stacking them needed three copies of the vectors at once.
        """
        with self.engine.connect() as connection:
            count = int(connection.scalar(select(func.count()).select_from(Passage)) or 0)
            ids = np.zeros(count, dtype=np.int64)
            matrix = np.zeros((count, dimension), dtype=np.float32)
            filled = 0
            result = connection.execution_options(yield_per=VECTOR_BATCH).execute(
                select(Passage.id, Passage.embedding)
            )
            for batch in result.partitions():
                if filled + len(batch) > count:  # rows added since the count: the change log has them
                    batch = batch[: count - filled]
                ids[filled : filled + len(batch)] = [row[0] for row in batch]
                matrix[filled : filled + len(batch)] = np.frombuffer(
                    b"".join(row[1] for row in batch), dtype=np.float32
                ).reshape(len(batch), dimension)
                filled += len(batch)
        return ids[:filled], matrix[:filled]

    def _source_passages(self) -> dict[str, list[int]]:
        owned: dict[str, list[int]] = {}
        with self._sessions() as session:
            for passage_id, source_id in session.execute(select(Passage.id, Passage.source_id)):
                owned.setdefault(source_id, []).append(passage_id)
        return owned

    def _apply_changes(self, state: IndexState, rebuild_keywords: bool = True) -> None:
        with self._sessions() as session:
            changed = session.execute(
                select(Change.revision, Change.source_id).where(Change.revision > state.revision)
            ).all()
            if not changed:
                return
            sources = sorted({row.source_id for row in changed})
            for source_id in sources:
                state.vectors.remove(np.asarray(state.source_passages.pop(source_id, []), dtype=np.int64))
            # The changed sources' passages are read a batch of sources per query: after a bulk add
            # a query per source was a thousand round trips.
            for start in range(0, len(sources), SOURCES_PER_QUERY):
                rows = session.execute(
                    select(Passage.id, Passage.source_id, Passage.embedding).where(
                        Passage.source_id.in_(sources[start : start + SOURCES_PER_QUERY])
                    )
                ).all()
                if not rows:
                    continue
                state.vectors.add(
                    np.asarray([row.id for row in rows], dtype=np.int64),
                    np.frombuffer(b"".join(row.embedding for row in rows), dtype=np.float32).reshape(
                        len(rows), -1
                    ),
                )
                for row in rows:
                    state.source_passages.setdefault(row.source_id, []).append(row.id)
        state.revision = max(row.revision for row in changed)
        if rebuild_keywords:
            self._rebuild_keywords(state)
        self._save(state)

    def _rebuild_keywords(self, state: IndexState) -> None:
        if state.vectors.count() > KEYWORDS_IN_BACKGROUND_ABOVE:
            self._keyword_job.request(lambda: self._build_keywords(state))
        else:
            state.keywords_stale = True  # rebuilt by the next question, so a bulk load rebuilds once

    def _build_keywords(self, state: IndexState) -> None:
        ids: list[int] = []
        texts: list[str] = []
        contexts: list[str] = []
        # Read in batches into plain lists: a million result rows held at once cost hundreds of MB.
        with self.engine.connect() as connection:
            result = connection.execution_options(yield_per=VECTOR_BATCH).execute(
                select(Passage.id, Passage.text, Source.title, Passage.heading).join(Source)
            )
            for batch in result.partitions():
                for passage_id, text, title, heading in batch:
                    ids.append(passage_id)
                    texts.append(text)
                    # Title and heading count as the passage's words: questions name the subject a
                    # passage omits.
                    contexts.append(" ".join(filter(None, (title, heading))))
        state.keywords = KeywordIndex(ids, texts, contexts)

    def _save(self, state: IndexState) -> None:
        try:
            state.vectors.save(self._index_path)
            IndexMeta(
                self._embedder.model_name, state.vectors.dimension, state.revision, state.vectors.count()
            ).save(self._meta_path)
            self._save_retry_at = None
        except OSError as error:  # the database stays the truth; a missing file only costs a rebuild
            log.warning("Could not save the index to %s (answering from memory): %s", self._index_path, error)
            self._save_retry_at = time.monotonic() + SAVE_RETRY_SECONDS


def _file_safe(name: str) -> str:
    return "".join(c if c.isalnum() or c in "-_." else "_" for c in name)[-100:]
