"""`KnowledgeBase`: the sources in the database, listed and changed (added, replaced, removed, synced).

Documents are read by `index.store.reading` and added through `SourceWriter` (index.store.writing);
who may take over an id is `Claim`'s to say (index.store.claims). Every change is written with a
`Change` row and a `ModerationEvent` in the same transaction; after it `after_change` runs, so this
process's index catches up at once.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from index.answer import SourceInfo, SourceSummary
from index.errors import NotAllowed, UnknownSource
from index.ingest.documents import Document, plain_text
from index.model.embedder import Embedder
from index.model.encoder import Progress
from index.settings import CoreSettings
from index.store.change_log import change_transaction, log_changes
from index.store.change_results import ChangeResult
from index.store.claims import page_id_held, synced_from, visible
from index.store.models import Change, ModerationEvent, Passage, Source
from index.store.moving import move_collection
from index.store.reading import folder_files, origin_of, read_file, read_link, read_upload, sync_folder
from index.store.room import CollectionLimits, collection_size
from index.store.typed_ids import unknown_source
from index.store.writing import STORE_BATCH, SourceWriter, retry_conflicts
from index.visibility import EVERYWHERE, SHARED_ONLY, Visibility, collection_prefix

__all__ = ["ChangeResult", "KnowledgeBase"]

log = logging.getLogger(__name__)


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
        self._after_change = after_change
        limits = CollectionLimits(
            settings.community_max_sources, settings.community_max_passages, settings.communities_max_passages
        )
        self._writer = SourceWriter(sessions, embedder, after_change, limits)

    def sources(
        self, visibility: Visibility = SHARED_ONLY, offset: int = 0, limit: int | None = None
    ) -> list[SourceSummary]:
        """The sources a place is answered from, oldest first (a page of them with `limit`).

        Only the columns a listing shows are read, and passages are counted for the listed sources only.
        """
        with self._sessions() as session:
            query = visible(select(*_LISTED), visibility).order_by(Source.added_at, Source.id).offset(offset)
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
                SourceSummary(SourceInfo.of_row(row), counts.get(row.id, 0), row.added_at, row.collection)
                for row in rows
            ]

    def count(self, visibility: Visibility = SHARED_ONLY) -> int:
        with self._sessions() as session:
            return int(session.scalar(visible(select(func.count(Source.id)), visibility)) or 0)

    def collection_size(self, collection: str) -> tuple[int, int]:
        """How many sources and passages the community's collection holds."""
        with self._sessions() as session:
            return collection_size(session, collection)

    def source_ids(
        self,
        visibility: Visibility = SHARED_ONLY,
        containing: str = "",
        limit: int | None = None,
        *,
        own_only: bool = False,
    ) -> list[str]:
        """Ids of the visible sources (those containing `containing`, at most `limit`), sorted;
        `own_only`: of the community's own collection alone (what its administrators may remove)."""
        query = visible(select(Source.id), visibility).order_by(Source.id)
        if own_only:
            query = query.where(Source.collection == visibility.community)
        containing = plain_text(containing or "")  # as typed: PostgreSQL refused a NUL in it
        if containing:
            query = query.where(Source.id.contains(containing.lower(), autoescape=True))
        if limit is not None:
            query = query.limit(limit)
        with self._sessions() as session:
            return list(session.scalars(query))

    def has_source(self, source_id: str | None, visibility: Visibility = SHARED_ONLY) -> bool:
        if source_id is None:
            return False
        with self._sessions() as session:
            query = visible(
                select(func.count()).select_from(Source).where(Source.id == source_id), visibility
            )
            return bool(session.scalar(query))

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
        """See `SourceWriter.add_many`."""
        return self._writer.add_many(documents, actor, progress, collection=collection, replace=replace)

    def remove(
        self, source_id: str, actor: str, *, collection: str | None = None, any_collection: bool = False
    ) -> ChangeResult:
        """Removes a source of `collection` (None: the shared knowledge base); the operator's CLI passes
        `any_collection` to remove a source wherever it is."""
        if not source_id.isascii() or not source_id.isprintable():
            # Ids are slugs; anything else (NUL, undecodable bytes) is unknown, and some databases
            # would raise on it instead of finding nothing.
            raise self._unknown(source_id, collection, any_collection)
        typed = source_id  # what an error names: the prefix below is the bot's, not the person's
        if collection is not None and not source_id.startswith(collection_prefix(collection)):
            own = collection_prefix(collection) + source_id  # a community names its own sources
            # Its own copy of a shared id ("lake") is its to remove by that id: it was refused as shared.
            shared = source_id in self.source_ids(SHARED_ONLY, source_id, 50)
            if shared and not self.has_source(own, Visibility(collection)):
                raise NotAllowed(
                    f"{source_id} is in the shared knowledge base; a community can remove only its own "
                    "sources."
                )
            source_id = own

        def _remove() -> ChangeResult:
            with change_transaction(self._sessions) as session:
                source = session.get(Source, source_id, with_for_update=True)
                if source is None or not (any_collection or Visibility(collection).allows(source.collection)):
                    raise self._unknown(typed, collection, any_collection)
                if not any_collection and source.collection != collection:
                    raise NotAllowed(
                        f"{source_id} is in the shared knowledge base; a community can remove only "
                        "its own sources."
                    )
                removed, title = len(source.passages), source.title
                session.delete(source)
                log_changes(session, (source_id, "remove"))
                session.add(
                    ModerationEvent(
                        actor=actor, action="remove", source_id=source_id, passages_removed=removed,
                        collection=source.collection,
                    )
                )  # fmt: skip
            return ChangeResult(source_id, title, "removed", 0, removed)

        result = retry_conflicts(_remove)
        self._after_change()
        return result

    def _unknown(self, typed: str, collection: str | None, any_collection: bool) -> UnknownSource:
        visibility = EVERYWHERE if any_collection else Visibility(collection)
        prefix = "" if collection is None or any_collection else collection_prefix(collection)
        return unknown_source(typed, lambda meant: self.has_source(prefix + meant, visibility))

    def move_collection(self, old: str, new: str, actor: str) -> list[tuple[str, str]]:
        """See `index.store.moving.move_collection`; this process's index follows at once."""

        def _move() -> list[tuple[str, str]]:
            with change_transaction(self._sessions) as session:
                return move_collection(session, old, new, actor)

        moved = retry_conflicts(_move)
        if moved:
            self._after_change()
        return moved

    def add_path(
        self, path: Path, actor: str, overrides: Mapping[str, Any] | None = None, *, replace: bool = False
    ) -> ChangeResult:
        """A file from the operator's machine (the CLI): always into the shared knowledge base."""
        prepared = [read_file(path, self.settings.max_upload_bytes, overrides)]
        return self._writer.add_prepared(prepared, actor, replace=replace)[0]

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
        most, for_community = self.settings.max_upload_bytes, collection is not None
        prepared = [read_upload(data, filename, most, overrides, origin, for_community=for_community)]
        return self._writer.add_prepared(prepared, actor, collection=collection, replace=replace)[0]

    def add_url(
        self,
        url: str,
        actor: str,
        overrides: Mapping[str, Any] | None = None,
        *,
        collection: str | None = None,
        replace: bool = False,
    ) -> ChangeResult:
        page = read_link(url, self.settings, overrides, for_community=collection is not None)
        if not (overrides or {}).get("id"):
            with self._sessions() as session:
                held, moved = page_id_held(
                    session, page.document.origin, page.asked_for, collection, page.document.id
                )
            replace = replace or moved
            if held is not None:
                page = dataclasses.replace(page, document=dataclasses.replace(page.document, id=held))
        return self._writer.add_prepared([page], actor, collection=collection, replace=replace)[0]

    def sync(
        self,
        folder: Path | None = None,
        actor: str = "cli",
        progress: Progress | None = None,
        *,
        replace: bool = False,
    ) -> list[ChangeResult]:
        """Makes the sources that came from `folder`'s files match them: adds, replaces and removes."""
        folder = sync_folder(self.settings, folder)
        files, _ = folder_files(folder)
        prepared = [read_file(path, self.settings.max_upload_bytes) for path in files]  # all, or no change
        results = self._writer.add_prepared(prepared, actor, progress, replace=replace)
        kept = {p.document.id for p in prepared}
        with self._sessions() as session:
            gone = [i for i in synced_from(session, origin_of(folder)) if i not in kept]
        results.extend(self.remove(source_id, actor) for source_id in gone)
        return results

    def ensure_seeded(self) -> list[ChangeResult]:
        """A newcomer's first question works: a new install gets the bundled articles.

        Only one that has never changed: a knowledge base a moderator emptied stays empty on the next
        start, rather than getting back what they removed under the operator's name.
        """
        with self._sessions() as session:
            changed = session.scalar(select(Change.revision).limit(1)) is not None
        return self.sync() if self.is_empty() and not changed else []


_LISTED = (
    Source.id, Source.title, Source.author, Source.publisher, Source.published, Source.url,
    Source.added_at, Source.collection,
)  # fmt: skip
