"""`LiveIndex`: this process's vector and keyword indexes, kept in step with the database's change log.

The database is the source of truth. The first refresh loads both saved indexes (or builds them from
stored embeddings and texts) and catches them up with the database; later refreshes apply the `Change`
rows written since, by any process, to both: a change costs the passages it touches, not the corpus,
so replicas converge within a refresh. Small indexes are saved after every change; large ones in the
background, at most every `SAVE_INTERVAL_SECONDS`, since a start catches up from any saved revision.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import replace
from itertools import chain

import numpy as np
from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from index.memory import release_freed_memory
from index.model.embedder import Embedder
from index.model.encoder import Progress
from index.search.background import BackgroundJob
from index.search.catch_up import catch_up
from index.search.index_state import IndexState
from index.search.keyword import KeywordIndex, KeywordMatch
from index.search.saved_indexes import SavedIndexes
from index.search.stored_passages import (
    changes_since,
    community_passages,
    current_revision,
    passages_of_sources,
    source_collections,
    source_passages,
    stored_texts,
    stored_vectors,
    training_sample,
)
from index.search.vectors import VectorIndex, build_vector_index
from index.settings import CoreSettings
from index.store.engine import OutageLog
from index.store.secrets import InstallSecrets
from index.visibility import SHARED_ONLY, Visibility

log = logging.getLogger(__name__)

REFRESH_INTERVAL_SECONDS = 1.0
# Above this many passages a missing keyword index is built in a background thread (at 1M passages it
# takes minutes), and answers use vectors alone meanwhile; below, it is built before the first answer.
KEYWORDS_IN_BACKGROUND_ABOVE = 50_000
# Up to this many passages the indexes are saved after every change (milliseconds). Above, a save
# runs in the background at most this often: at 1M passages the vector file is about 400 MB, and
# answers wait while it is written.
SAVE_AT_ONCE_UP_TO = 50_000
# The keyword index is built again once this many of its stems (and more than it uses) belong to no
# passage: memory follows the live passages, not everything ever added.
REBUILD_KEYWORDS_UNUSED_STEMS = 20_000
SAVE_INTERVAL_SECONDS = 60.0
SAVE_RETRY_SECONDS = 60.0  # after a failed save (a full disk), a refresh tries again this often


class LiveIndex:
    def __init__(
        self, engine: Engine, sessions: sessionmaker[Session], embedder: Embedder, settings: CoreSettings
    ) -> None:
        self.engine = engine
        self.settings = settings
        self._sessions = sessions
        self._embedder = embedder
        self._keyword_job = BackgroundJob("qabot-keywords")
        self._save_job = BackgroundJob("qabot-index-save")
        # `_lock` keeps searches off indexes being changed; `_changing` is held by whatever changes or
        # saves them, so a background save (half a second at 1M passages) holds up no search.
        self._lock = threading.RLock()
        self._changing = threading.RLock()
        self._state: IndexState | None = None
        self._database: str | None = None
        self._last_refresh = 0.0
        self._last_save = time.monotonic()
        self._save_retry_at: float | None = None  # set while the files lag behind the memory
        self._unreachable = OutageLog(
            log, "Cannot read the change log (answering from the index in memory): %s"
        )

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
        """True once no keyword index is being built or merged in the background."""
        built = self._keyword_job.wait(timeout)
        state = self._state
        return built and (state is None or state.keywords.wait_for_merges(timeout))

    @property
    def _files(self) -> SavedIndexes:
        if self._database is None:  # a key made once per database: which one the files are from
            self._database = InstallSecrets(self._sessions).get("index-files")
        model, dimension = self._embedder.model_name, self._embedder.encoder.dimension
        return SavedIndexes(self.settings.index_dir, model, dimension, self._database)

    def refresh(self, force: bool = False, progress: Progress | None = None) -> None:
        """Bring this process's indexes up to the database's latest revision."""
        now = time.monotonic()
        if not force and self._state is not None and now - self._last_refresh < REFRESH_INTERVAL_SECONDS:
            return
        # While a save is being written, a question does not wait for it: a later one refreshes.
        if not self._changing.acquire(blocking=force or self._state is None):
            return
        building = self._state is None
        try:
            with self._lock:
                self._last_refresh = now
                if self._state is None:
                    self._state = self._load_or_build()
                    return
                try:
                    if not self._apply_changes(self._state):
                        log.info("This process is behind what the change log still holds; reloading.")
                        self._state, building = self._load_or_build(), True
                except OperationalError as error:  # the index in memory still answers meanwhile
                    self._unreachable.warn(error)
                    return
                if self._save_retry_at is not None and now >= self._save_retry_at:
                    self._save(self._state)
        finally:
            self._changing.release()
            if force or building:  # after a change made here, or a (re)load: give back what it took
                release_freed_memory()

    def match_keywords(self, question: str, visibility: Visibility = SHARED_ONLY) -> KeywordMatch | None:
        """The keyword match of `question` (its `top` leaves out what `visibility` does not allow);
        None when the index is empty."""
        state = self._state
        assert state is not None
        with self._lock:
            if state.vectors.count() == 0:
                return None
            hidden = state.hidden_from(visibility)
            keywords = state.keywords.match(question, visibility=visibility)
        return replace(keywords, hidden=hidden) if hidden else keywords

    def nearest(self, vector: np.ndarray, k: int, visibility: Visibility = SHARED_ONLY) -> set[int]:
        """The ids of the `k` passages nearest `vector` that `visibility` allows."""
        state = self._state
        assert state is not None
        with self._lock:
            if state.vectors.count() == 0:
                return set()
            hidden = state.hidden_from(visibility)
            _scores, ids = state.vectors.search(vector[None, :], k)
            if hidden and hidden.covers(ids[0]).any():  # searched again, leaving them out
                _scores, ids = state.vectors.search(vector[None, :], k, hidden)
        return {int(i) for i in ids[0] if i >= 0}

    # -- the first refresh -------------------------------------------------------------------------

    def _load_or_build(self) -> IndexState:
        revision = current_revision(self._sessions)
        owned = source_passages(self.engine)
        collections = source_collections(self.engine)
        # In id order, as the database lists them (a training sample then picks the same passages).
        stored = np.sort(np.fromiter(chain.from_iterable(owned.values()), dtype=np.int64))
        keywords = self._files.load_keywords()
        building = keywords is None and len(stored) > KEYWORDS_IN_BACKGROUND_ABOVE
        if building:  # beside the vectors: tokenising is one core's work, FAISS training the other's
            self._keyword_job.request(self._build_keywords)
        loaded = self._files.load_vectors(revision)
        if loaded is None:
            state = IndexState(self._build_vectors(stored), revision, owned, source_collections=collections)
            vector_ids, vectors_since = np.zeros(0, dtype=np.int64), None
        else:
            state = IndexState(loaded[0], revision, owned, source_collections=collections)
            vector_ids, vectors_since = loaded[0].ids(), loaded[1]
        if keywords is not None:
            state.keywords, state.keywords_ready = keywords[0], True
        # Both saved indexes, from the revision each was saved at, to what the database holds now.
        keywords_since = keywords[1] if keywords else None
        vectors_changed, keywords_changed = catch_up(
            self.engine, self._sessions, state, vectors_since, keywords_since, stored, vector_ids
        )
        if vectors_changed or loaded is None:
            self._save_vectors(state)
        if keywords is None and not building:
            self._build_keywords(state)
        else:
            state.keywords.assign_collections(state.passage_collections())
            if keywords_changed:
                self._save_keywords(state)
        return state

    def _build_vectors(self, stored: np.ndarray) -> VectorIndex:
        dimension = self._embedder.encoder.dimension
        return build_vector_index(
            dimension,
            len(stored),
            lambda size: training_sample(self.engine, stored, size, dimension),
            stored_vectors(self.engine, dimension),
        )

    def _build_keywords(self, state: IndexState | None = None) -> None:
        """A keyword index of every stored passage, then caught up with changes made meanwhile.

        Built in the background, it waits for the first refresh to finish (that holds `_changing`).
        """
        revision = current_revision(self._sessions)
        keywords = KeywordIndex.build(stored_texts(self.engine), community_passages(self.engine))
        with self._changing, self._lock:
            state = state or self._state
            if state is None:  # the first refresh failed; the next one starts again
                return
            # Counted before any question reads it: questions match without the lock.
            keywords.assign_collections(state.passage_collections())
            state.keywords, state.keywords_ready = keywords, True
            if revision != state.revision:  # changes made while it was built
                stored = np.fromiter(chain.from_iterable(state.source_passages.values()), dtype=np.int64)
                nothing = np.zeros(0, dtype=np.int64)
                catch_up(self.engine, self._sessions, state, None, revision, stored, nothing)
            self._save_keywords(state)

    # -- later refreshes ---------------------------------------------------------------------------

    def _apply_changes(self, state: IndexState) -> bool:
        """Applies the changes since `state`'s revision; False when the log no longer holds them all."""
        changes = changes_since(self._sessions, state.revision)
        if not changes.complete:
            return False
        if not changes.sources:
            return True
        # Every read before any change: a database error part-way left removed passages in the indexes
        # for good (their sources were already forgotten, so the next refresh had nothing to remove).
        now_in = source_collections(self.engine, changes.sources)
        fetched = list(passages_of_sources(self.engine, changes.sources, self._embedder.encoder.dimension))
        removed = [i for s in changes.sources for i in state.source_passages.pop(s, [])]
        for source in changes.sources:
            state.source_collections.pop(source, None)
        state.source_collections.update(now_in)
        state.vectors.remove(np.asarray(removed, dtype=np.int64))
        added = []
        collections: dict[int, str] = {}
        for ids, vectors, texts, sources in fetched:
            state.vectors.add(ids, vectors)
            added.extend(texts)
            for passage_id, source_id in zip(ids.tolist(), sources, strict=True):
                state.source_passages.setdefault(source_id, []).append(passage_id)
                if source_id in state.source_collections:
                    collections[passage_id] = state.source_collections[source_id]
        if state.keywords_ready:
            state.keywords.update(removed=removed, added=added, collections=collections)
            unused = state.keywords.unused_stems
            rebuilding = self._keyword_job.running  # the new index replaces this one, caught up
            if not rebuilding and unused > max(
                REBUILD_KEYWORDS_UNUSED_STEMS, len(state.keywords.vocabulary())
            ):
                # Sources of junk words added and removed again (anyone administering a group can)
                # grew every process's vocabulary by 11,500 stems a cycle, for good.
                log.info("Rebuilding the keyword index: %d stems no passage holds any more.", unused)
                self._keyword_job.request(self._build_keywords)
        state.revision = changes.revision
        if state.vectors.count() <= SAVE_AT_ONCE_UP_TO:
            self._save(state)
        else:
            self._save_job.request(lambda: self._save_later(state))
        return True

    # -- files -------------------------------------------------------------------------------------

    def _save_later(self, state: IndexState) -> None:
        time.sleep(max(0.0, self._last_save + SAVE_INTERVAL_SECONDS - time.monotonic()))
        with self._changing:
            self._save(state)

    def _save(self, state: IndexState) -> None:
        self._last_save = time.monotonic()
        self._save_vectors(state)
        self._save_keywords(state)

    def _save_vectors(self, state: IndexState) -> None:
        saved = self._files.save_vectors(state.vectors, state.revision)
        self._save_retry_at = None if saved else time.monotonic() + SAVE_RETRY_SECONDS

    def _save_keywords(self, state: IndexState) -> None:
        if state.keywords_ready:
            self._files.save_keywords(state.keywords, state.revision)
