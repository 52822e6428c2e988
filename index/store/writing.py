"""`SourceWriter`: documents into the database, a group at a time: checked, cut, embedded and stored.

Every change is written with a `Change` row and a `ModerationEvent` in the same transaction; after a
batch, `after_change` runs, so this process's index catches up at once (others follow the change log).
"""

from __future__ import annotations

import functools
import logging
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Literal, TypeVar

import numpy as np
from sqlalchemy import select
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from index.errors import BadDocument, StorageFull
from index.ingest.chunking import Chunk
from index.ingest.documents import Document
from index.ingest.worker import Prepared, prepare_all
from index.model.embedder import Embedder
from index.model.encoder import Progress, offset_progress
from index.store.change_log import change_transaction, log_changes
from index.store.change_results import ChangeResult, credit_of
from index.store.claims import CLAIM_COLUMNS, Claim, in_collection
from index.store.engine import cannot_write, error_reason
from index.store.models import ModerationEvent, Passage, Source, utcnow
from index.store.room import CollectionLimits, check_room, passages_counted
from index.store.spans import encode_spans

__all__ = [
    "GROUP_PASSAGES",
    "STORE_BATCH",
    "PreparedDocument",
    "SourceWriter",
    "check_ids",
    "retry_conflicts",
]

log = logging.getLogger(__name__)

# A bulk add embeds its documents in groups of about this many passages (a document is never split):
# big enough for the encoder's bulk path (512 passages), small enough to bound the vectors in memory.
GROUP_PASSAGES = 4096
# ...and writes them this many documents per transaction: few commits, no write lock held for long.
STORE_BATCH = 200
LOGGED_AS = {"added": "add", "replaced": "replace"}  # the change log's word for a stored document
_Result = TypeVar("_Result")


@dataclass
class PreparedDocument:
    """A document cut into passages, with its sentences (read in the parse worker), and embedded."""

    document: Document
    chunks: list[Chunk]
    spans: list[list[tuple[int, int]]]
    embedded: Sequence[tuple[np.ndarray, np.ndarray]] = field(default_factory=list)
    asked_for: str | None = None  # a fetched page's first address, when redirects led elsewhere

    @classmethod
    def of(cls, prepared: Prepared, document: Document | None = None) -> PreparedDocument:
        """`document`: the same text with other metadata (overrides, origin, the collection's id)."""
        return cls(document or prepared.document, prepared.chunks, prepared.spans)


class SourceWriter:
    def __init__(
        self,
        sessions: sessionmaker[Session],
        embedder: Embedder,
        after_change: Callable[[], None],
        limits: CollectionLimits,
    ) -> None:
        self._sessions = sessions
        self._embedder = embedder
        self._after_change = after_change
        self._limits = limits

    def add_many(
        self,
        documents: Sequence[Document],
        actor: str,
        progress: Progress | None = None,
        *,
        collection: str | None = None,
        replace: bool = False,
    ) -> list[ChangeResult]:
        """Adds or replaces documents (results in their order); unchanged ones are left alone.

        They are cut into passages in the parse worker (`index.ingest.worker`), then as `add_prepared`.
        """
        check_ids(documents)
        prepared = [PreparedDocument.of(p) for p in prepare_all(documents)]
        return self.add_prepared(prepared, actor, progress, collection=collection, replace=replace)

    def add_prepared(
        self,
        prepared: Sequence[PreparedDocument],
        actor: str,
        progress: Progress | None = None,
        *,
        collection: str | None = None,
        replace: bool = False,
    ) -> list[ChangeResult]:
        """Adds or replaces documents already cut into passages (results in their order).

        `collection` None is the shared knowledge base; a community's documents get ids with its
        prefix. A document may take over an existing id only from the same collection and, unless
        `replace` is asked for, the same origin (file, URL or upload): anything else is refused.

        Every document is checked before anything changes. New and changed documents are then
        embedded a group at a time (one batched model call per `GROUP_PASSAGES` passages) and written
        `STORE_BATCH` documents per transaction, and this process's index catches up once at the end:
        adding the SQuAD half's 1,065 paragraphs one at a time spent a third of its time on commits
        and index refreshes. Nothing is embedded (or loaded) when nothing changed.
        """
        prepared = [replace_document(p, in_collection(p.document, collection)) for p in prepared]
        documents = [p.document for p in prepared]
        check_ids(documents)
        claims = self._claims([d.id for d in documents])
        for document in documents:
            claim = claims.get(document.id)
            if claim is not None:
                claim.check(document, collection, replace)
        stored_hashes = {source_id: claim.content_hash for source_id, claim in claims.items()}
        changed = [p for p in prepared if stored_hashes.get(p.document.id) != p.document.content_hash]
        if collection is not None and changed:
            with self._sessions() as session:
                adding = {p.document.id: passages_counted(len(p.chunks), p.document.body) for p in changed}
                check_room(session, collection, self._limits, adding, actor)
        results = {
            p.document.id: ChangeResult(p.document.id, p.document.title, "unchanged") for p in prepared
        }
        total = sum(len(p.chunks) for p in changed)
        done = 0
        try:
            for group in _groups(changed):
                # Embedded and stored a group at a time: memory stays bounded by the group, and what
                # was stored before an interruption stays stored.
                embedded = self._embedder.embed(
                    [(c.text, spans) for p in group for c, spans in zip(p.chunks, p.spans, strict=True)],
                    offset_progress(progress, done, total),
                )
                for item in group:
                    item.embedded, embedded = embedded[: len(item.chunks)], embedded[len(item.chunks) :]
                for start in range(0, len(group), STORE_BATCH):
                    batch = group[start : start + STORE_BATCH]
                    saved = retry_conflicts(functools.partial(self._store, batch, actor, collection, replace))
                    results.update((result.source_id, result) for result in saved)
                    done += sum(len(p.chunks) for p in batch)
        finally:
            if done:  # also after a failure: what was committed is answered from at once
                self._after_change()
        return [results[d.id] for d in documents]

    def _claims(self, source_ids: Sequence[str]) -> dict[str, Claim]:
        """Who holds each of these ids now: collection, origin, title and content hash."""
        found: dict[str, Claim] = {}
        with self._sessions() as session:
            for start in range(0, len(source_ids), STORE_BATCH):
                wanted = source_ids[start : start + STORE_BATCH]
                rows = session.execute(select(*CLAIM_COLUMNS).where(Source.id.in_(wanted)))
                found.update((row.id, Claim(*row)) for row in rows)
        return found

    def _store(
        self, batch: Sequence[PreparedDocument], actor: str, collection: str | None, replace: bool
    ) -> list[ChangeResult]:
        """Writes a batch of embedded documents in one transaction.

        The batch's existing sources are read (and locked) in one query, and new rows are flushed
        together with its change log rows: a lookup or a log entry per document flushed each
        document's rows by themselves, which took most of a bulk add's database time.
        """
        with change_transaction(self._sessions) as session:
            wanted = [item.document.id for item in batch]
            existing = {
                source.id: source
                for source in session.scalars(select(Source).where(Source.id.in_(wanted)).with_for_update())
            }
            with session.no_autoflush:
                results = []
                for item in batch:
                    source = existing.get(item.document.id)
                    if source is not None:  # checked before embedding; again now that the row is locked
                        Claim.of(source).check(item.document, collection, replace)
                    results.append(self._store_one(session, item, source, actor, collection))
            if logged := [r for r in results if r.action != "unchanged"]:
                log_changes(session, *((r.source_id, LOGGED_AS[r.action]) for r in logged))
            return results

    def _store_one(
        self,
        session: Session,
        item: PreparedDocument,
        source: Source | None,
        actor: str,
        collection: str | None,
    ) -> ChangeResult:
        document, chunks = item.document, item.chunks
        # Another writer may have stored the same text since it was checked: nothing to do then.
        if source is not None and source.content_hash == document.content_hash:
            return ChangeResult(document.id, document.title, "unchanged")
        removed = 0
        if source is None:
            source = Source(id=document.id, added_at=utcnow(), collection=collection)
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
        source.added_by = actor
        source.updated_at = utcnow()
        for position, (chunk, chunk_spans, (vector, sentences)) in enumerate(
            zip(chunks, item.spans, item.embedded, strict=True)
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
                    embedding_model=self._embedder.model_name,
                    continues_before=chunk.continues_before,
                    continues_after=chunk.continues_after,
                )
            )
        session.add(
            ModerationEvent(
                actor=actor, action=action, source_id=document.id,
                passages_added=len(chunks), passages_removed=removed, collection=collection,
            )
        )  # fmt: skip
        return ChangeResult(document.id, document.title, action, len(chunks), removed, credit_of(document))


def retry_conflicts(operation: Callable[[], _Result]) -> _Result:
    """Concurrent writers: a conflicting insert or a locked database is tried again, briefly.

    A full disk or a read-only database is not: the transaction was rolled back, and the user is told
    the knowledge base cannot change now (`StorageFull`)."""
    for attempt in range(5):
        try:
            return operation()
        except DBAPIError as error:
            problem = cannot_write(error)
            if problem is not None:
                log.error("The database refused a write (%s).", problem)  # the operator's: no traceback
                raise StorageFull(
                    f"The knowledge base cannot be changed now: the database refused writing ({problem})."
                ) from None
            if not isinstance(error, IntegrityError | OperationalError) or attempt == 4:
                raise
            log.warning("A write failed (%s); retrying.", error_reason(error))
            time.sleep(0.05 * 2**attempt)
    raise AssertionError("unreachable")


def check_ids(documents: Sequence[Document]) -> None:
    """Two documents of one add may not become the same source."""
    seen: dict[str, Document] = {}
    for document in documents:
        if document.id in seen:
            raise BadDocument(
                f"{seen[document.id].origin or document.id} and {document.origin or document.id} "
                f"would both be the source {document.id!r}; give one of them another id."
            )
        seen[document.id] = document


def replace_document(prepared: PreparedDocument, document: Document) -> PreparedDocument:
    return PreparedDocument(document, prepared.chunks, prepared.spans, prepared.embedded)


def _groups(prepared: Sequence[PreparedDocument]) -> Iterator[list[PreparedDocument]]:
    group: list[PreparedDocument] = []
    passages = 0
    for item in prepared:
        if group and passages + len(item.chunks) > GROUP_PASSAGES:
            yield group
            group, passages = [], 0
        group.append(item)
        passages += len(item.chunks)
    if group:
        yield group
