"""`QAService`: the one object every front end talks to.

It owns the database (source of truth), the FAISS and BM25 indexes built from it, and the model.
Answering is `ask()`; changing the knowledge base is `add*()`, `remove()` and `sync()`. Every change
is written with a `Change` row in the same transaction, and `refresh()` applies changes made by any
process to this process's indexes, so replicas converge without a full rebuild.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import logging
import threading
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import numpy as np
from sqlalchemy import bindparam, delete, func, select
from sqlalchemy.exc import IntegrityError, OperationalError

from index import db
from index.answer import Alternative, Answer, SourceInfo, SourceSummary
from index.batching import AnswerCache, BackgroundJob, BatchingEncoder
from index.chunking import chunk_text
from index.documents import Document, load_path, parse_bytes
from index.embedding import CONTEXT_SUFFIX, Encoder, Progress, shared_encoder, stored_model_name
from index.errors import BadDocument, BadQuestion, UnknownSource
from index.keyword import KeywordIndex
from index.models import Change, ModerationEvent, Passage, QuestionRecord, Source, utcnow
from index.retrieval import (
    Candidate,
    RetrievalConfig,
    decode_spans,
    encode_spans,
    min_score_for,
    rank,
)
from index.sentences import sentence_spans
from index.settings import CoreSettings, bundled_knowledge_dir
from index.vectors import FaissVectorIndex, IndexMeta

log = logging.getLogger(__name__)

MAX_QUESTION_CHARS = 2000
REFRESH_INTERVAL_SECONDS = 1.0
PURGE_INTERVAL_SECONDS = 3600.0
MAX_ALTERNATIVES = 2
# Above this many passages the keyword index is rebuilt in a background thread after a change (at 1M
# passages a rebuild takes minutes); meanwhile the previous one answers, with dense search up to date.
KEYWORDS_IN_BACKGROUND_ABOVE = 50_000
VECTOR_BATCH = 10_000  # rows read at a time when building an index from the database
_CONTROL_CHARS = dict.fromkeys(c for c in range(32) if chr(c) not in "\t\n")
# The answering path's two queries, built once; `ids` expands to the candidate ids.
_CANDIDATES = (
    select(
        Passage.id, Passage.source_id, Passage.text, Passage.heading, Passage.embedding,
        Passage.sentence_spans, Passage.sentence_embeddings, Source.title, Source.author,
        Source.publisher, Source.published, Source.url,
    )
    .join(Source, Source.id == Passage.source_id)
    .where(Passage.id.in_(bindparam("ids", expanding=True)))
)  # fmt: skip
_CONTINUES = (
    select(
        Passage.id,
        func.substr(Source.text, Passage.start, 1),
        func.substr(Source.text, Passage.end + 1, 1),
    )
    .join(Source, Source.id == Passage.source_id)
    .where(Passage.id.in_(bindparam("ids", expanding=True)))
)


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
class ChangeResult:
    source_id: str
    title: str | None
    action: Literal["added", "replaced", "unchanged", "removed"]
    passages_added: int = 0
    passages_removed: int = 0

    def describe(self) -> str:
        name = f"{self.source_id}" + (f' ("{self.title}")' if self.title else "")
        if self.action == "unchanged":
            return f"{name}: unchanged, already in the knowledge base."
        if self.action == "removed":
            return f"Removed {name}: {self.passages_removed} passages."
        verb = "Added" if self.action == "added" else "Replaced"
        extra = f", {self.passages_removed} removed" if self.passages_removed else ""
        return f"{verb} {name}: {self.passages_added} passages{extra}."


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


def clean_question(question: str) -> str:
    # Lone surrogates (an escaped \ud83e in a chat API's JSON, undecodable argv bytes) make the
    # tokenizer and the database raise; valid pairs are joined and lone halves become U+FFFD.
    question = question.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    text = " ".join(question.translate(_CONTROL_CHARS).split())
    if not text:
        raise BadQuestion("Please ask a question: the message was empty.")
    if len(text) > MAX_QUESTION_CHARS:
        raise BadQuestion(
            f"That question is too long ({len(text)} characters; at most {MAX_QUESTION_CHARS})."
        )
    return text


class _IndexState:
    """This process's view of the passages: vectors, keywords and which passages each source owns."""

    def __init__(self, vectors: FaissVectorIndex, revision: int, source_passages: dict[str, list[int]]):
        self.vectors = vectors
        self.revision = revision
        self.source_passages = source_passages
        self.keywords = KeywordIndex([], [])
        self.keywords_stale = False


class QAService:
    def __init__(
        self,
        settings: CoreSettings,
        encoder: Encoder | None = None,
        encoder_factory: Callable[[str], Encoder] | None = None,
        config: RetrievalConfig | None = None,
        answer_cache_size: int = 1024,
    ) -> None:
        self.settings = settings
        self.config = config or RetrievalConfig()
        self._encoder = encoder
        self._encoder_factory = encoder_factory
        self._encoder_lock = threading.Lock()
        self._question_encoder: BatchingEncoder | None = None
        self._answers: AnswerCache[Answer] = AnswerCache(answer_cache_size)
        self._keyword_job = BackgroundJob("qabot-keywords")
        self._index_lock = threading.RLock()
        self._state: _IndexState | None = None
        self._last_refresh = 0.0
        self.engine = db.make_engine(settings.resolved_database_url())
        db.upgrade(self.engine)
        self._sessions = db.make_sessionmaker(self.engine)
        self._purge_old_questions()

    # -- model and index ---------------------------------------------------------------------------

    @property
    def model_name(self) -> str:
        """The name stored with passage vectors: the model's, plus how sentence vectors were made.

        Both built-in encoders pool sentence vectors from the passage's forward pass (`CONTEXT_SUFFIX`);
        an encoder without `encode_passages` embeds each sentence on its own, under its bare name.
        """
        if self._encoder is not None or self._encoder_factory is not None:
            return stored_model_name(self.encoder)
        return self.settings.model + CONTEXT_SUFFIX

    @property
    def encoder(self) -> Encoder:
        if self._encoder is None:
            with self._encoder_lock:
                if self._encoder is None:
                    factory = self._encoder_factory or self._shared_encoder
                    self._encoder = factory(self.settings.model)
        return self._encoder

    def _shared_encoder(self, name: str) -> Encoder:
        return shared_encoder(name, self.settings.home / "models")

    @property
    def question_encoder(self) -> Encoder:
        """The encoder for questions: concurrent askers share its model calls."""
        if self._question_encoder is None or self._question_encoder.encoder is not self.encoder:
            with self._encoder_lock:
                self._question_encoder = BatchingEncoder(self.encoder)
        return self._question_encoder

    @property
    def min_score(self) -> float:
        return min_score_for(self.model_name, self.settings.min_score)

    @property
    def _index_path(self) -> Path:
        return self.settings.index_dir / f"{_file_safe(self.model_name)}.faiss"

    @property
    def _meta_path(self) -> Path:
        return self._index_path.with_suffix(".json")

    def close(self) -> None:
        self.engine.dispose()

    def refresh(self, force: bool = False, progress: Progress | None = None) -> None:
        """Bring this process's indexes up to the database's latest revision."""
        now = time.monotonic()
        if not force and self._state is not None and now - self._last_refresh < REFRESH_INTERVAL_SECONDS:
            return
        with self._index_lock:
            self._last_refresh = now
            if self._state is None:
                self._state = self._load_or_rebuild(progress)
                return
            self._apply_changes(self._state)

    def _current_revision(self) -> int:
        with self._sessions() as session:
            return int(session.scalar(select(func.coalesce(func.max(Change.revision), 0))) or 0)

    def _load_or_rebuild(self, progress: Progress | None) -> _IndexState:
        self._reembed_other_models(progress)
        revision = self._current_revision()
        dimension = self.encoder.dimension
        meta = IndexMeta.load(self._meta_path)
        if meta is not None and meta.model == self.model_name and meta.dimension == dimension:
            if meta.revision <= revision:
                vectors = FaissVectorIndex.load(self._index_path, dimension)
                if vectors is not None and vectors.count() == meta.count:
                    state = _IndexState(vectors, meta.revision, self._source_passages())
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
                self.model_name,
            )
        return self._rebuild(revision, dimension)

    def _rebuild(self, revision: int, dimension: int) -> _IndexState:
        vectors = FaissVectorIndex(dimension)
        ids, matrix = self._stored_vectors(dimension)
        vectors.add(ids, matrix)
        state = _IndexState(vectors, revision, self._source_passages())
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

    def _apply_changes(self, state: _IndexState, rebuild_keywords: bool = True) -> None:
        with self._sessions() as session:
            changed = session.execute(
                select(Change.revision, Change.source_id).where(Change.revision > state.revision)
            ).all()
            if not changed:
                return
            for source_id in {row.source_id for row in changed}:
                state.vectors.remove(np.asarray(state.source_passages.pop(source_id, []), dtype=np.int64))
                rows = session.execute(
                    select(Passage.id, Passage.embedding).where(Passage.source_id == source_id)
                ).all()
                if rows:
                    state.vectors.add(
                        np.asarray([r[0] for r in rows], dtype=np.int64),
                        np.vstack([np.frombuffer(r[1], dtype=np.float32) for r in rows]),
                    )
                    state.source_passages[source_id] = [r[0] for r in rows]
        state.revision = max(row.revision for row in changed)
        if rebuild_keywords:
            self._rebuild_keywords(state)
        self._save(state)

    def _rebuild_keywords(self, state: _IndexState) -> None:
        if state.vectors.count() > KEYWORDS_IN_BACKGROUND_ABOVE:
            self._keyword_job.request(lambda: self._build_keywords(state))
        else:
            state.keywords_stale = True  # rebuilt by the next question, so a bulk load rebuilds once

    def _build_keywords(self, state: _IndexState) -> None:
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

    def _save(self, state: _IndexState) -> None:
        try:
            state.vectors.save(self._index_path)
            IndexMeta(self.model_name, state.vectors.dimension, state.revision, state.vectors.count()).save(
                self._meta_path
            )
        except OSError as error:  # the database stays the truth; a missing file only costs a rebuild
            log.warning("Could not save the index to %s: %s", self._index_path, error)

    def _reembed_other_models(self, progress: Progress | None) -> None:
        """Passages embedded by another model are re-embedded, so no search mixes two vector spaces."""
        with self._sessions() as session:
            stale = session.scalar(
                select(func.count()).select_from(Passage).where(Passage.embedding_model != self.model_name)
            )
        if not stale:
            return
        log.warning(
            "%d passages were embedded with another model; re-embedding them with %s.", stale, self.model_name
        )
        with self._sessions.begin() as session:
            passages = session.scalars(
                select(Passage).where(Passage.embedding_model != self.model_name)
            ).all()
            embedded = self._embed([(p.text, decode_spans(p.sentence_spans)) for p in passages], progress)
            for passage, (vector, sentences) in zip(passages, embedded, strict=True):
                passage.embedding = vector.tobytes()
                passage.sentence_embeddings = sentences.tobytes()
                passage.embedding_model = self.model_name

    def _embed(
        self, passages: Sequence[tuple[str, Sequence[tuple[int, int]]]], progress: Progress | None = None
    ) -> list[tuple[np.ndarray, np.ndarray]]:
        """Passage vectors and sentence vectors, in one batched model call.

        With `encode_passages` each passage is one model input and its sentence vectors are pooled
        from that pass (about half the tokens of embedding every sentence again on its own).
        """
        encoder = self.encoder
        if hasattr(encoder, "encode_passages"):
            return list(encoder.encode_passages([t for t, _ in passages], [s for _, s in passages], progress))
        texts = [text for text, _ in passages]
        for text, spans in passages:
            texts.extend(text[start:end] for start, end in spans)
        vectors = self.encoder.encode(texts, progress)
        result = []
        offset = len(passages)
        for row, (_, spans) in enumerate(passages):
            result.append((vectors[row], vectors[offset : offset + len(spans)]))
            offset += len(spans)
        return result

    # -- answering ---------------------------------------------------------------------------------

    def ask(self, question: str, asker: Asker | None = None) -> Answer:
        started = time.perf_counter()
        text = clean_question(question)
        self.refresh()
        state = self._state
        if state is not None and state.keywords_stale:
            with self._index_lock:
                if state.keywords_stale:
                    state.keywords_stale = False
                    self._build_keywords(state)
        # Keyed by the index revision and keyword index that answered: any change empties the cache.
        version = (state.revision, state.keywords) if state is not None else None
        cached = self._answers.get(text, version)
        if cached is None:
            vector = self.question_encoder.encode([text])[0]
            answer = self._answer(text, vector)
            self._answers.put(text, version, answer)
        else:
            answer = cached
        if asker is not None:
            answer = self._record_question(answer, asker, (time.perf_counter() - started) * 1000)
        log.info(
            "question answered=%s score=%s source=%s latency_ms=%.1f",
            answer.answered, None if answer.score is None else round(answer.score, 3),
            answer.source.id if answer.source else None, (time.perf_counter() - started) * 1000,
        )  # fmt: skip
        return answer

    def _answer(self, question: str, vector: np.ndarray, config: RetrievalConfig | None = None) -> Answer:
        """`config` other than the service's is for `qabot eval`'s baselines."""
        config = config or self.config
        state = self._state
        assert state is not None
        with self._index_lock:
            if state.vectors.count() == 0:
                return Answer(question=question, answered=False)
            candidate_ids: set[int] = set()
            if config.mode != "keyword":
                _scores, ids = state.vectors.search(vector[None, :], config.dense_k)
                candidate_ids.update(int(i) for i in ids[0] if i >= 0)
            keywords = state.keywords.match(question)
        if config.mode != "dense":
            candidate_ids.update(pid for pid, _ in keywords.top(config.keyword_k))
        candidates, sources = self._fetch_candidates(candidate_ids)
        ranked = rank(vector, candidates, keywords, config)
        relevant = [r for r in ranked if r.relevance >= self.min_score or not config.refuses]
        if not relevant:
            top_relevance = ranked[0].relevance if ranked else None
            return Answer(question=question, answered=False, score=top_relevance)
        shown = relevant[: 1 + MAX_ALTERNATIVES]
        continues = self._paragraph_continues([r.candidate.passage_id for r in shown])
        cuts = [
            (r.quote[0] > 0 or continues[r.candidate.passage_id][0],
             r.quote[1] < len(r.candidate.text) or continues[r.candidate.passage_id][1])
            for r in shown
        ]  # fmt: skip
        best = relevant[0]
        alternatives = tuple(
            Alternative(
                r.quote_text, r.highlight_text, r.relevance, sources[r.candidate.source_id],
                cut_before=before, cut_after=after,
            )
            for r, (before, after) in zip(shown[1:], cuts[1:], strict=True)
        )  # fmt: skip
        return Answer(
            question=question,
            answered=True,
            quote=best.quote_text,
            highlight=best.highlight_text,
            score=best.relevance,
            source=sources[best.candidate.source_id],
            alternatives=alternatives,
            cut_before=cuts[0][0],
            cut_after=cuts[0][1],
        )

    def _paragraph_continues(self, passage_ids: Sequence[int]) -> dict[int, tuple[bool, bool]]:
        """Per passage: does its paragraph go on before / after it (a long paragraph cut in pieces)?

        Read from the characters just outside the passage (SQL strings count from 1): anything but a
        line break, or the start or end of the text, means the paragraph continues. Only the passages
        shown are looked up, since each lookup reads the source text.
        """
        # A Core connection, not an ORM session: on the answering path the ORM's per-statement work
        # cost as much as the query (profiled at 100k passages).
        with self.engine.connect() as connection:
            rows = connection.execute(_CONTINUES, {"ids": list(passage_ids)}).all()
        breaks = ("", "\n", "\r", None)
        found = {row[0]: (row[1] not in breaks, row[2] not in breaks) for row in rows}
        return {passage_id: found.get(passage_id, (False, False)) for passage_id in passage_ids}

    def _fetch_candidates(self, ids: Iterable[int]) -> tuple[list[Candidate], dict[str, SourceInfo]]:
        wanted = list(ids)
        if not wanted:
            return [], {}
        # One query for passages and their sources' citation fields; loading whole `Source` rows read
        # each source's full text too, which was most of an answer's database time at 100k passages.
        with self.engine.connect() as connection:
            # Ranking breaks ties by candidate order: keep the passage-id order SQLite's IN lookup gave.
            rows = sorted(connection.execute(_CANDIDATES, {"ids": wanted}).all(), key=lambda row: row.id)
        candidates = []
        sources: dict[str, SourceInfo] = {}
        for row in rows:
            if row.source_id not in sources:
                sources[row.source_id] = SourceInfo(
                    id=row.source_id, title=row.title, author=row.author, publisher=row.publisher,
                    published=row.published, url=row.url,
                )  # fmt: skip
            spans = decode_spans(row.sentence_spans)
            sentence_vectors = np.frombuffer(row.sentence_embeddings, dtype=np.float32)
            candidates.append(
                Candidate(
                    passage_id=row.id,
                    source_id=row.source_id,
                    text=row.text,
                    heading=row.heading,
                    vector=np.frombuffer(row.embedding, dtype=np.float32),
                    sentence_spans=spans,
                    sentence_vectors=sentence_vectors.reshape(len(spans), -1) if spans else sentence_vectors,
                )
            )
        return candidates, sources

    def _record_question(self, answer: Answer, asker: Asker, latency_ms: float) -> Answer:
        from dataclasses import replace

        # A bot runs for months: expired questions go while it runs, not only at its next start.
        if time.monotonic() >= self._next_purge:
            self._purge_old_questions()
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

    def alternatives_for(self, question_id: int) -> Answer | None:
        """The answer to a recorded question, asked again (for "Other passages")."""
        with self._sessions() as session:
            record = session.get(QuestionRecord, question_id)
            question = record.question if record else None
        return self.ask(question) if question else None

    # -- the knowledge base ------------------------------------------------------------------------

    def sources(self) -> list[SourceSummary]:
        with self._sessions() as session:
            counts = {
                source_id: int(n)
                for source_id, n in session.execute(
                    select(Passage.source_id, func.count()).group_by(Passage.source_id)
                ).all()
            }
            return [
                SourceSummary(_source_info(s), int(counts.get(s.id, 0)), s.added_at)
                for s in session.scalars(select(Source).order_by(Source.added_at, Source.id))
            ]

    def source_ids(self) -> list[str]:
        with self._sessions() as session:
            return list(session.scalars(select(Source.id).order_by(Source.id)))

    def is_empty(self) -> bool:
        with self._sessions() as session:
            return not session.scalar(select(func.count()).select_from(Source))

    def add(self, document: Document, actor: str, progress: Progress | None = None) -> ChangeResult:
        chunks = chunk_text(document.body)
        if not chunks:
            raise BadDocument(f"{document.origin or document.id} has no text to quote.")
        with self._sessions() as session:
            existing = session.get(Source, document.id)
            if existing is not None and existing.content_hash == document.content_hash:
                return ChangeResult(document.id, document.title, "unchanged")
        spans = [
            [
                (s - chunk.start, e - chunk.start)
                for s, e in sentence_spans(document.body, chunk.start, chunk.end)
            ]
            for chunk in chunks
        ]
        embedded = self._embed([(c.text, s) for c, s in zip(chunks, spans, strict=True)], progress)
        result = self._retrying(lambda: self._store(document, chunks, spans, embedded, actor))
        self.refresh(force=True)
        return result

    def _store(
        self,
        document: Document,
        chunks: Sequence[Any],
        spans: Sequence[Sequence[tuple[int, int]]],
        embedded: Sequence[tuple[np.ndarray, np.ndarray]],
        actor: str,
    ) -> ChangeResult:
        with self._sessions.begin() as session:
            source = session.get(Source, document.id, with_for_update=True)
            if source is not None and source.content_hash == document.content_hash:
                return ChangeResult(document.id, document.title, "unchanged")
            removed = 0
            if source is None:
                source = Source(id=document.id, added_at=utcnow())
                session.add(source)
                action: Literal["added", "replaced"] = "added"
            else:
                removed = len(source.passages)
                source.passages.clear()
                session.flush()
                action = "replaced"
            for name in ("title", "author", "publisher", "published", "url", "language", "origin"):
                setattr(source, name, getattr(document, name))
            source.text = document.body
            source.content_hash = document.content_hash
            source.updated_at = utcnow()
            for position, (chunk, chunk_spans, (vector, sentences)) in enumerate(
                zip(chunks, spans, embedded, strict=True)
            ):
                source.passages.append(
                    Passage(
                        position=position,
                        start=chunk.start,
                        end=chunk.end,
                        heading=chunk.heading,
                        text=chunk.text,
                        embedding=vector.astype(np.float32).tobytes(),
                        sentence_spans=encode_spans(chunk_spans),
                        sentence_embeddings=sentences.astype(np.float32).tobytes(),
                        embedding_model=self.model_name,
                    )
                )
            session.add(Change(source_id=document.id, action="replace" if removed else "add"))
            session.add(
                ModerationEvent(
                    actor=actor, action=action, source_id=document.id,
                    passages_added=len(chunks), passages_removed=removed,
                )
            )  # fmt: skip
        return ChangeResult(document.id, document.title, action, len(chunks), removed)

    def remove(self, source_id: str, actor: str) -> ChangeResult:
        if not source_id.isascii() or not source_id.isprintable():
            # Ids are slugs; anything else (NUL, undecodable bytes) is unknown, and some databases
            # would raise on it instead of finding nothing.
            raise UnknownSource(f"There is no source with the id {source_id!r}. See the list of sources.")

        def _remove() -> ChangeResult:
            with self._sessions.begin() as session:
                source = session.get(Source, source_id, with_for_update=True)
                if source is None:
                    raise UnknownSource(
                        f"There is no source with the id {source_id!r}. See the list of sources."
                    )
                removed = len(source.passages)
                title = source.title
                session.delete(source)
                session.add(Change(source_id=source_id, action="remove"))
                session.add(
                    ModerationEvent(
                        actor=actor, action="remove", source_id=source_id, passages_removed=removed
                    )
                )
            return ChangeResult(source_id, title, "removed", 0, removed)

        result = self._retrying(_remove)
        self.refresh(force=True)
        return result

    def add_path(self, path: Path, actor: str, overrides: Mapping[str, Any] | None = None) -> ChangeResult:
        document = load_path(path).with_metadata(overrides or {})
        return self.add(_with_origin(document, str(path.resolve())), actor)

    def add_bytes(
        self, data: bytes, filename: str, actor: str, overrides: Mapping[str, Any] | None = None
    ) -> ChangeResult:
        if len(data) > self.settings.max_upload_bytes:
            raise BadDocument(
                f"That file is too large ({len(data) / 1_048_576:.1f} MB; "
                f"at most {self.settings.max_upload_bytes / 1_048_576:.0f} MB)."
            )
        document = parse_bytes(data, filename=_safe_filename(filename)).with_metadata(overrides or {})
        return self.add(document, actor)

    def add_url(self, url: str, actor: str, overrides: Mapping[str, Any] | None = None) -> ChangeResult:
        from index.fetch import fetch_url  # httpx costs a fifth of a second at start; only this needs it

        page = fetch_url(
            url,
            timeout=self.settings.fetch_timeout,
            max_bytes=self.settings.max_upload_bytes,
            allow_private=self.settings.allow_private_urls,
        )
        document = parse_bytes(page.body, filename=page.filename, origin=page.url, url=page.url)
        if document.url is None:
            document = document.with_metadata({"url": page.url})
        return self.add(document.with_metadata(overrides or {}), actor)

    def sync(
        self, folder: Path | None = None, actor: str = "cli", progress: Progress | None = None
    ) -> list[ChangeResult]:
        """Makes the sources that came from `folder` match its files: adds, replaces and removes."""
        folder = (folder or self.settings.knowledge_dir or bundled_knowledge_dir()).resolve()
        if not folder.is_dir():
            raise BadDocument(f"{folder} is not a folder.")
        files = sorted(
            p
            for p in folder.iterdir()
            if p.is_file() and p.suffix.lower() in {".md", ".txt", ".html", ".htm", ".markdown"}
        )
        documents = [
            _with_origin(load_path(p), str(p.resolve())) for p in files
        ]  # all parse, or nothing changes
        results = []
        for done, document in enumerate(documents, start=1):
            results.append(self.add(document, actor))
            if progress is not None:
                progress(done, len(documents))
        kept = {d.id for d in documents}
        with self._sessions() as session:
            gone = session.scalars(
                select(Source.id).where(Source.origin.like(f"{folder}/%"), Source.id.not_in(kept))
            ).all()
        results.extend(self.remove(source_id, actor) for source_id in gone)
        return results

    def ensure_seeded(self) -> list[ChangeResult]:
        """A newcomer's first question works: an empty knowledge base gets the bundled articles."""
        return self.sync() if self.is_empty() else []

    # -- housekeeping and stats --------------------------------------------------------------------

    def stats(self, top: int = 10) -> Stats:
        self._purge_old_questions()
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

    def _purge_old_questions(self) -> None:
        self._next_purge = time.monotonic() + PURGE_INTERVAL_SECONDS
        cutoff = utcnow() - dt.timedelta(days=self.settings.question_retention_days)
        with self._sessions.begin() as session:
            session.execute(delete(QuestionRecord).where(QuestionRecord.at < cutoff))

    def _retrying(self, operation: Callable[[], ChangeResult]) -> ChangeResult:
        """Concurrent writers: a conflicting insert or a locked database is tried again, briefly."""
        for attempt in range(5):
            try:
                return operation()
            except (IntegrityError, OperationalError) as error:
                if attempt == 4:
                    raise
                log.warning("Write conflict (%s); retrying.", error.__class__.__name__)
                time.sleep(0.05 * 2**attempt)
        raise AssertionError("unreachable")


def _source_info(source: Source) -> SourceInfo:
    return SourceInfo(
        id=source.id,
        title=source.title,
        author=source.author,
        publisher=source.publisher,
        published=source.published,
        url=source.url,
    )


def _with_origin(document: Document, origin: str) -> Document:
    from dataclasses import replace

    return replace(document, origin=origin)


def _safe_filename(filename: str) -> str:
    """Only the last path component, and only as a hint for the format: uploads never become paths."""
    name = Path(filename.replace("\\", "/")).name
    return name if name.strip(".") else "upload.txt"  # "..", "." and "" are no file names either


def _file_safe(name: str) -> str:
    return "".join(c if c.isalnum() or c in "-_." else "_" for c in name)[-100:]
