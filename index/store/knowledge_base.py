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
from sqlalchemy import func, or_, select
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from index.answer import SourceInfo, SourceSummary
from index.errors import BadDocument, NotAllowed, UnknownSource
from index.ingest.chunking import Chunk, chunk_text
from index.ingest.documents import Document, load_path, parse_bytes
from index.ingest.sentences import sentence_spans
from index.model.embedder import Embedder
from index.model.encoder import Progress, offset_progress
from index.settings import CoreSettings, bundled_knowledge_dir
from index.store.models import Change, ModerationEvent, Passage, Source, utcnow
from index.store.spans import encode_spans
from index.visibility import SHARED_ONLY, Visibility, collection_prefix

log = logging.getLogger(__name__)

# A bulk add embeds its documents in groups of about this many passages (a document is never split):
# big enough for the encoder's bulk path (512 passages), small enough to bound the vectors in memory.
GROUP_PASSAGES = 4096
# ...and writes them this many documents per transaction: few commits, no write lock held for long.
STORE_BATCH = 200
MAX_SOURCE_ID = 120  # the column's width
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
    """A document cut into passages, with its sentences, before and after embedding."""

    document: Document
    chunks: list[Chunk]
    spans: list[list[tuple[int, int]]]
    embedded: Sequence[tuple[np.ndarray, np.ndarray]] = field(default_factory=list)

    @classmethod
    def of(cls, document: Document) -> _Prepared:
        chunks = chunk_text(document.body)
        if not chunks:
            raise BadDocument(f"{document.origin or document.id} has no text to quote.")
        spans = [
            [
                (s - chunk.start, e - chunk.start)
                for s, e in sentence_spans(document.body, chunk.start, chunk.end)
            ]
            for chunk in chunks
        ]
        return cls(document, chunks, spans)


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

    def sources(
        self, visibility: Visibility = SHARED_ONLY, offset: int = 0, limit: int | None = None
    ) -> list[SourceSummary]:
        """The sources a place is answered from, oldest first (a page of them with `limit`).

        Only the columns a listing shows are read, and passages are counted for the listed sources only.
        """
        with self._sessions() as session:
            query = _visible(select(*_LISTED), visibility).order_by(Source.added_at, Source.id).offset(offset)
            rows = session.execute(query.limit(limit) if limit is not None else query).all()
            counts: dict[str, int] = {}
            ids = [row.id for row in rows]
            for start in range(0, len(ids), STORE_BATCH):
                counts.update(
                    (source_id, int(n))
                    for source_id, n in session.execute(
                        select(Passage.source_id, func.count())
                        .where(Passage.source_id.in_(ids[start : start + STORE_BATCH]))
                        .group_by(Passage.source_id)
                    )
                )
            return [
                SourceSummary(_source_info(row), counts.get(row.id, 0), row.added_at, row.collection)
                for row in rows
            ]

    def count(self, visibility: Visibility = SHARED_ONLY) -> int:
        with self._sessions() as session:
            return int(session.scalar(_visible(select(func.count(Source.id)), visibility)) or 0)

    def source_ids(
        self, visibility: Visibility = SHARED_ONLY, containing: str = "", limit: int | None = None
    ) -> list[str]:
        """Ids of the visible sources (those containing `containing`, at most `limit`), sorted."""
        query = _visible(select(Source.id), visibility).order_by(Source.id)
        if containing:
            query = query.where(Source.id.contains(containing.lower(), autoescape=True))
        if limit is not None:
            query = query.limit(limit)
        with self._sessions() as session:
            return list(session.scalars(query))

    def is_empty(self) -> bool:
        with self._sessions() as session:
            return not session.scalar(select(func.count()).select_from(Source))

    def add(
        self,
        document: Document,
        actor: str,
        progress: Progress | None = None,
        *,
        collection: str | None = None,
        replace: bool = False,
    ) -> ChangeResult:
        return self.add_many([document], actor, progress, collection=collection, replace=replace)[0]

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

        `collection` None is the shared knowledge base; a community's documents get ids with its
        prefix. A document may take over an existing id only from the same collection and, unless
        `replace` is asked for, the same origin (file, URL or upload): anything else is refused.

        Every document is checked before anything changes. New and changed documents are then
        embedded a group at a time (one batched model call per `GROUP_PASSAGES` passages) and written
        `STORE_BATCH` documents per transaction, and this process's index catches up once at the end:
        adding the SQuAD half's 1,065 paragraphs one at a time spent a third of its time on commits
        and index refreshes. Nothing is embedded (or loaded) when nothing changed.
        """
        documents = [_in_collection(document, collection) for document in documents]
        seen: dict[str, Document] = {}
        for document in documents:
            if document.id in seen:
                raise BadDocument(
                    f"{seen[document.id].origin or document.id} and {document.origin or document.id} "
                    f"would both be the source {document.id!r}; give one of them another id."
                )
            seen[document.id] = document
        claims = self._claims([d.id for d in documents])
        for document in documents:
            claim = claims.get(document.id)
            if claim is not None:
                claim.check(document, collection, replace)
        prepared = [_Prepared.of(document) for document in documents]
        stored_hashes = {source_id: claim.content_hash for source_id, claim in claims.items()}
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
                    stored = self._retrying(functools.partial(self._store, batch, actor, collection, replace))
                    results.update((result.source_id, result) for result in stored)
                    done += sum(len(p.chunks) for p in batch)
        finally:
            if done:  # also after a failure: what was committed is answered from at once
                self._after_change()
        return [results[d.id] for d in documents]

    def _claims(self, source_ids: Sequence[str]) -> dict[str, _Claim]:
        """Who holds each of these ids now: collection, origin, title and content hash."""
        found: dict[str, _Claim] = {}
        with self._sessions() as session:
            for start in range(0, len(source_ids), STORE_BATCH):
                wanted = source_ids[start : start + STORE_BATCH]
                rows = session.execute(select(*_CLAIM).where(Source.id.in_(wanted)))
                found.update((row.id, _Claim(*row)) for row in rows)
        return found

    def _store(
        self, batch: Sequence[_Prepared], actor: str, collection: str | None, replace: bool
    ) -> list[ChangeResult]:
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
                results = []
                for item in batch:
                    source = existing.get(item.document.id)
                    if source is not None:  # checked before embedding; again now that the row is locked
                        _Claim.of(source).check(item.document, collection, replace)
                    results.append(self._store_one(session, item, source, actor, collection))
                return results

    def _store_one(
        self, session: Session, item: _Prepared, source: Source | None, actor: str, collection: str | None
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

    def remove(
        self, source_id: str, actor: str, *, collection: str | None = None, any_collection: bool = False
    ) -> ChangeResult:
        """Removes a source of `collection` (None: the shared knowledge base); the operator's CLI passes
        `any_collection` to remove a source wherever it is."""
        if not source_id.isascii() or not source_id.isprintable():
            # Ids are slugs; anything else (NUL, undecodable bytes) is unknown, and some databases
            # would raise on it instead of finding nothing.
            raise UnknownSource(f"There is no source with the id {source_id!r}. See the list of sources.")
        if collection is not None and not source_id.startswith(collection_prefix(collection)):
            source_id = collection_prefix(collection) + source_id  # a community names its own sources

        def _remove() -> ChangeResult:
            with self._sessions.begin() as session:
                source = session.get(Source, source_id, with_for_update=True)
                if source is None or not (any_collection or Visibility(collection).allows(source.collection)):
                    raise UnknownSource(
                        f"There is no source with the id {source_id!r}. See the list of sources."
                    )
                if not any_collection and source.collection != collection:
                    raise NotAllowed(
                        f"{source_id} is in the shared knowledge base; a community can remove only "
                        "its own sources."
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

    def add_path(
        self, path: Path, actor: str, overrides: Mapping[str, Any] | None = None, *, replace: bool = False
    ) -> ChangeResult:
        """A file from the operator's machine (the CLI): always into the shared knowledge base."""
        document = load_path(path).with_metadata(overrides or {})
        return self.add(_with_origin(document, str(path.resolve())), actor, replace=replace)

    def add_bytes(
        self,
        data: bytes,
        filename: str,
        actor: str,
        overrides: Mapping[str, Any] | None = None,
        *,
        origin: str | None = None,
        collection: str | None = None,
        replace: bool = False,
    ) -> ChangeResult:
        """An upload; its origin is `upload:<file name>` unless given (a chat message, stdin)."""
        if len(data) > self.settings.max_upload_bytes:
            raise BadDocument(
                f"That file is too large ({len(data) / 1_048_576:.1f} MB; "
                f"at most {self.settings.max_upload_bytes / 1_048_576:.0f} MB)."
            )
        name = _safe_filename(filename)
        document = parse_bytes(data, filename=name).with_metadata(overrides or {})
        document = _with_origin(document, origin or f"upload:{name}")
        return self.add(document, actor, collection=collection, replace=replace)

    def add_url(
        self,
        url: str,
        actor: str,
        overrides: Mapping[str, Any] | None = None,
        *,
        collection: str | None = None,
        replace: bool = False,
    ) -> ChangeResult:
        from index.ingest.fetch import (
            fetch_url,  # httpx costs a fifth of a second at start; only this needs it
        )

        page = fetch_url(
            url,
            timeout=self.settings.fetch_timeout,
            max_bytes=self.settings.max_upload_bytes,
            allow_private=self.settings.allow_private_urls,
        )
        document = parse_bytes(page.body, filename=page.filename, origin=page.url, url=page.url)
        if document.url is None:
            document = document.with_metadata({"url": page.url})
        return self.add(
            document.with_metadata(overrides or {}), actor, collection=collection, replace=replace
        )

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
        results = self.add_many(documents, actor, progress)
        kept = {d.id for d in documents}
        with self._sessions() as session:
            gone = session.scalars(
                select(Source.id).where(
                    Source.collection.is_(None),
                    Source.origin.startswith(f"{folder}/", autoescape=True),
                    Source.id.not_in(kept),
                )
            ).all()
        results.extend(self.remove(source_id, actor) for source_id in gone)
        return results

    def ensure_seeded(self) -> list[ChangeResult]:
        """A newcomer's first question works: an empty knowledge base gets the bundled articles."""
        return self.sync() if self.is_empty() else []

    def _retrying(self, operation: Callable[[], _Result]) -> _Result:
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


_LISTED = (
    Source.id, Source.title, Source.author, Source.publisher, Source.published, Source.url,
    Source.added_at, Source.collection,
)  # fmt: skip
_CLAIM = (Source.id, Source.collection, Source.origin, Source.title, Source.content_hash)


def _visible(query: Any, visibility: Visibility) -> Any:
    if visibility.everything:
        return query
    if visibility.community is None:
        return query.where(Source.collection.is_(None))
    return query.where(or_(Source.collection.is_(None), Source.collection == visibility.community))


@dataclass(frozen=True)
class _Claim:
    """Who holds a source id: which collection, from which origin."""

    id: str
    collection: str | None
    origin: str | None
    title: str | None
    content_hash: str

    @classmethod
    def of(cls, source: Source) -> _Claim:
        return cls(source.id, source.collection, source.origin, source.title, source.content_hash)

    def check(self, document: Document, collection: str | None, replace: bool) -> None:
        """Refuses a document that would take this id from another collection or, unasked, origin."""
        name = f'"{self.title}" ({self.id})' if self.title else self.id
        if self.collection != collection:
            owner = "the shared knowledge base" if self.collection is None else "another community"
            raise BadDocument(
                f"The id {self.id} is taken by {name} in {owner}; give this document another id (id=…)."
            )
        # Sources stored before origins were recorded (None) may be replaced from anywhere once.
        if self.origin is not None and self.origin != document.origin and not replace:
            raise BadDocument(
                f"The id {self.id} already belongs to {name}, added from {_shown(self.origin)}, not from "
                f"{_shown(document.origin)}. To replace it on purpose, add this document again with "
                "--replace (CLI) or replace=yes (chat); to keep both, give this one another id."
            )


def _shown(origin: str | None) -> str:
    return repr(origin[:120]) if origin else "an unknown place"


def _in_collection(document: Document, collection: str | None) -> Document:
    """A community's document under an id that starts with the community's prefix."""
    if collection is None:
        return document
    from dataclasses import replace

    prefix = collection_prefix(collection)
    if document.id.startswith(prefix):
        return document
    return replace(document, id=(prefix + document.id)[:MAX_SOURCE_ID])


def _source_info(source: Any) -> SourceInfo:
    """A `Source` row, or a row of its listed columns, as citation fields."""
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
