"""`KnowledgeBase`: the sources in the database, listed and changed (added, replaced, removed, synced).

Every change is written with a `Change` row and a `ModerationEvent` in the same transaction; after it
`after_change` runs, so this process's index catches up at once (others follow the change log).
"""

from __future__ import annotations

import functools
import logging
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, TypeVar

import numpy as np
from sqlalchemy import func, select
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from index.answer import SourceInfo, SourceSummary
from index.errors import BadDocument, StorageFull, UnknownSource
from index.ingest.chunking import Chunk
from index.ingest.documents import Document
from index.ingest.worker import Prepared, prepare_all, read_bytes, read_path
from index.model.embedder import Embedder
from index.model.encoders import Progress, offset_progress
from index.search.ranking import encode_spans
from index.settings import CoreSettings, bundled_knowledge_dir
from index.store.engine import cannot_write
from index.store.models import Change, ModerationEvent, Passage, Source, utcnow

log = logging.getLogger(__name__)

# A bulk add embeds its documents in groups of about this many passages (a document is never split):
# big enough for the encoder's bulk path (512 passages), small enough to bound the vectors in memory.
GROUP_PASSAGES = 4096
# ...and writes them this many documents per transaction: few commits, no write lock held for long.
STORE_BATCH = 200
_Result = TypeVar("_Result")


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


@dataclass
class _Prepared:
    """A document cut into passages, with its sentences (read in the parse worker), and embedded."""

    document: Document
    chunks: list[Chunk]
    spans: list[list[tuple[int, int]]]
    embedded: Sequence[tuple[np.ndarray, np.ndarray]] = field(default_factory=list)

    @classmethod
    def of(cls, prepared: Prepared, document: Document | None = None) -> _Prepared:
        """`document`: the same text with other metadata (overrides, origin)."""
        return cls(document or prepared.document, prepared.chunks, prepared.spans)


class KnowledgeBase:
    def __init__(
        self,
        sessions: sessionmaker[Session],
        embedder: Embedder,
        settings: CoreSettings,
        after_change: Callable[[], None],
    ) -> None:
        self.settings = settings
        self._sessions = sessions
        self._embedder = embedder
        self._after_change = after_change

    def sources(self) -> list[SourceSummary]:
        # Only the columns shown: whole `Source` rows would carry every source's full text.
        with self._sessions() as session:
            counts = {
                source_id: int(n)
                for source_id, n in session.execute(
                    select(Passage.source_id, func.count()).group_by(Passage.source_id)
                ).all()
            }
            rows = session.execute(
                select(
                    Source.id, Source.title, Source.author, Source.publisher, Source.published,
                    Source.url, Source.added_at,
                ).order_by(Source.added_at, Source.id)
            )  # fmt: skip
            return [
                SourceSummary(
                    SourceInfo(row.id, row.title, row.author, row.publisher, row.published, row.url),
                    counts.get(row.id, 0),
                    row.added_at,
                )
                for row in rows
            ]

    def source_ids(self) -> list[str]:
        with self._sessions() as session:
            return list(session.scalars(select(Source.id).order_by(Source.id)))

    def is_empty(self) -> bool:
        with self._sessions() as session:
            return not session.scalar(select(func.count()).select_from(Source))

    def add(self, document: Document, actor: str, progress: Progress | None = None) -> ChangeResult:
        return self.add_many([document], actor, progress)[0]

    def add_many(
        self, documents: Sequence[Document], actor: str, progress: Progress | None = None
    ) -> list[ChangeResult]:
        """Adds or replaces documents (results in their order); unchanged ones are left alone.

        Every document is checked before anything changes. New and changed documents are then
        embedded a group at a time (one batched model call per `GROUP_PASSAGES` passages) and written
        `STORE_BATCH` documents per transaction, and this process's index catches up once at the end:
        adding the SQuAD half's 1,065 paragraphs one at a time spent a third of its time on commits
        and index refreshes. Nothing is embedded (or loaded) when nothing changed.
        """
        _check_ids(documents)
        return self._add_prepared([_Prepared.of(p) for p in prepare_all(documents)], actor, progress)

    def _add_prepared(
        self, prepared: Sequence[_Prepared], actor: str, progress: Progress | None = None
    ) -> list[ChangeResult]:
        documents = [p.document for p in prepared]
        stored_hashes = self._content_hashes([d.id for d in documents])
        changed = [p for p in prepared if stored_hashes.get(p.document.id) != p.document.content_hash]
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
                    stored = self._retrying(functools.partial(self._store, batch, actor))
                    results.update((result.source_id, result) for result in stored)
                    done += sum(len(p.chunks) for p in batch)
        finally:
            if done:  # also after a failure: what was committed is answered from at once
                self._after_change()
        return [results[d.id] for d in documents]

    def _content_hashes(self, source_ids: Sequence[str]) -> dict[str, str]:
        found: dict[str, str] = {}
        with self._sessions() as session:
            for start in range(0, len(source_ids), STORE_BATCH):
                wanted = source_ids[start : start + STORE_BATCH]
                rows = session.execute(select(Source.id, Source.content_hash).where(Source.id.in_(wanted)))
                found.update((source_id, content_hash) for source_id, content_hash in rows)
        return found

    def _store(self, batch: Sequence[_Prepared], actor: str) -> list[ChangeResult]:
        """Writes a batch of embedded documents in one transaction.

        The batch's existing sources are read (and locked) in one query, and new rows are flushed
        together at the commit: a lookup per document flushed the previous document's rows each
        time, which took most of a bulk add's database time.
        """
        with self._sessions.begin() as session:
            wanted = [item.document.id for item in batch]
            existing = {
                source.id: source
                for source in session.scalars(select(Source).where(Source.id.in_(wanted)).with_for_update())
            }
            with session.no_autoflush:
                return [
                    self._store_one(session, item, existing.get(item.document.id), actor) for item in batch
                ]

    def _store_one(
        self, session: Session, item: _Prepared, source: Source | None, actor: str
    ) -> ChangeResult:
        document, chunks = item.document, item.chunks
        # Another writer may have stored the same text since it was checked: nothing to do then.
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
                    continues_before=chunk.start > 0 and document.body[chunk.start - 1] not in "\r\n",
                    continues_after=chunk.end < len(document.body) and document.body[chunk.end] not in "\r\n",
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
        self._after_change()
        return result

    def add_path(self, path: Path, actor: str, overrides: Mapping[str, Any] | None = None) -> ChangeResult:
        prepared = read_path(path, self.settings.max_upload_bytes)
        document = _with_origin(prepared.document.with_metadata(overrides or {}), str(path.resolve()))
        return self._add_prepared([_Prepared.of(prepared, document)], actor)[0]

    def add_bytes(
        self, data: bytes, filename: str, actor: str, overrides: Mapping[str, Any] | None = None
    ) -> ChangeResult:
        if len(data) > self.settings.max_upload_bytes:
            raise BadDocument(
                f"That file is too large ({len(data) / 1_048_576:.1f} MB; "
                f"at most {self.settings.max_upload_bytes / 1_048_576:.0f} MB)."
            )
        prepared = read_bytes(data, _safe_filename(filename))
        document = prepared.document.with_metadata(overrides or {})
        return self._add_prepared([_Prepared.of(prepared, document)], actor)[0]

    def add_url(self, url: str, actor: str, overrides: Mapping[str, Any] | None = None) -> ChangeResult:
        from index.ingest.fetch import (
            fetch_url,  # httpx costs a fifth of a second at start; only this needs it
        )

        page = fetch_url(
            url,
            timeout=self.settings.fetch_timeout,
            max_bytes=self.settings.max_upload_bytes,
            allow_private=self.settings.allow_private_urls,
        )
        prepared = read_bytes(page.body, page.filename, origin=page.url, url=page.url)
        document = prepared.document
        if document.url is None:
            document = document.with_metadata({"url": page.url})
        document = document.with_metadata(overrides or {})
        return self._add_prepared([_Prepared.of(prepared, document)], actor)[0]

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
        prepared = []  # all parse, or nothing changes
        for path in files:
            read = read_path(path, self.settings.max_upload_bytes)
            prepared.append(_Prepared.of(read, _with_origin(read.document, str(path.resolve()))))
        documents = [p.document for p in prepared]
        _check_ids(documents)
        results = self._add_prepared(prepared, actor, progress)
        kept = {d.id for d in documents}
        with self._sessions() as session:
            # Escaped: a folder named `a_b` must not match the sources of `a-b` or `axb`.
            gone = session.scalars(
                select(Source.id).where(
                    Source.origin.startswith(f"{folder}/", autoescape=True), Source.id.not_in(kept)
                )
            ).all()
        results.extend(self.remove(source_id, actor) for source_id in gone)
        return results

    def ensure_seeded(self) -> list[ChangeResult]:
        """A newcomer's first question works: an empty knowledge base gets the bundled articles."""
        return self.sync() if self.is_empty() else []

    def _retrying(self, operation: Callable[[], _Result]) -> _Result:
        """Concurrent writers: a conflicting insert or a locked database is tried again, briefly.

        A full disk or a read-only database is not: the transaction was rolled back, and the user is
        told the knowledge base cannot change now."""
        for attempt in range(5):
            try:
                return operation()
            except DBAPIError as error:
                problem = cannot_write(error)
                if problem is not None:
                    log.error("The database refused a write (%s).", problem, exc_info=True)
                    raise StorageFull(
                        f"The knowledge base cannot be changed now: the database refused writing ({problem})."
                    ) from None
                if not isinstance(error, IntegrityError | OperationalError):
                    raise
                if attempt == 4:
                    raise
                log.warning("Write conflict (%s); retrying.", error.__class__.__name__)
                time.sleep(0.05 * 2**attempt)
        raise AssertionError("unreachable")


def _check_ids(documents: Sequence[Document]) -> None:
    seen: dict[str, Document] = {}
    for document in documents:
        if document.id in seen:
            raise BadDocument(
                f"{seen[document.id].origin or document.id} and {document.origin or document.id} "
                f"would both be the source {document.id!r}; give one of them another id."
            )
        seen[document.id] = document


def _groups(prepared: Sequence[_Prepared]) -> Iterator[list[_Prepared]]:
    group: list[_Prepared] = []
    passages = 0
    for item in prepared:
        if group and passages + len(item.chunks) > GROUP_PASSAGES:
            yield group
            group, passages = [], 0
        group.append(item)
        passages += len(item.chunks)
    if group:
        yield group


def _with_origin(document: Document, origin: str) -> Document:
    from dataclasses import replace

    return replace(document, origin=origin)


def _safe_filename(filename: str) -> str:
    """Only the last path component, and only as a hint for the format: uploads never become paths."""
    name = Path(filename.replace("\\", "/")).name
    return name if name.strip(".") else "upload.txt"  # "..", "." and "" are no file names either
