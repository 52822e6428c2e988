"""The knowledge-base half of the `QAService` facade: listing and changing the sources.

A base class of `QAService`, so the one facade keeps one name while its two halves stay readable:
answering lives in `index.service`, listing and changing sources here, both over the same parts.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from index.answer import SourceSummary
from index.ingest.documents import Document
from index.model.encoder import Progress
from index.store.knowledge_base import ChangeResult, KnowledgeBase
from index.store.reading import folder_files, sync_folder
from index.visibility import SHARED_ONLY, Visibility

__all__ = ["KnowledgeBaseFacade"]


class KnowledgeBaseFacade:
    _knowledge_base: KnowledgeBase

    def sources(
        self, visibility: Visibility = SHARED_ONLY, offset: int = 0, limit: int | None = None
    ) -> list[SourceSummary]:
        """The sources `visibility` allows, oldest first; a page of them with `offset` and `limit`."""
        return self._knowledge_base.sources(visibility, offset, limit)

    def count_sources(self, visibility: Visibility = SHARED_ONLY) -> int:
        return self._knowledge_base.count(visibility)

    def source_ids(
        self,
        visibility: Visibility = SHARED_ONLY,
        containing: str = "",
        limit: int | None = None,
        *,
        own_only: bool = False,
    ) -> list[str]:
        return self._knowledge_base.source_ids(visibility, containing, limit, own_only=own_only)

    def collection_size(self, collection: str) -> tuple[int, int]:
        """(sources, passages) in a community's collection."""
        return self._knowledge_base.collection_size(collection)

    def is_empty(self) -> bool:
        return self._knowledge_base.is_empty()

    def add(
        self, document: Document, actor: str, progress: Progress | None = None, **where: Any
    ) -> ChangeResult:
        """Adds or replaces one document; `collection=` and `replace=` as for `add_many`."""
        return self._knowledge_base.add(document, actor, progress, **where)

    def add_many(
        self,
        documents: Sequence[Document],
        actor: str,
        progress: Progress | None = None,
        *,
        collection: str | None = None,
        replace: bool = False,
    ) -> list[ChangeResult]:
        """Adds or replaces many documents at once: one batched model call, one index refresh.

        `collection` None is the shared knowledge base, else a community's own. An existing id is taken
        over only from the same collection and origin, or with `replace`.
        """
        return self._knowledge_base.add_many(
            documents, actor, progress, collection=collection, replace=replace
        )

    def remove(
        self, source_id: str, actor: str, *, collection: str | None = None, any_collection: bool = False
    ) -> ChangeResult:
        return self._knowledge_base.remove(
            source_id, actor, collection=collection, any_collection=any_collection
        )

    def move_collection(self, old: str, new: str, actor: str) -> list[tuple[str, str]]:
        """Moves a community's sources to its new place id (a Telegram group upgraded to a supergroup):
        the (old id, new id) of each source moved."""
        return self._knowledge_base.move_collection(old, new, actor)

    def add_path(
        self, path: Path, actor: str, overrides: Mapping[str, Any] | None = None, *, replace: bool = False
    ) -> ChangeResult:
        return self._knowledge_base.add_path(path, actor, overrides, replace=replace)

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
        return self._knowledge_base.add_bytes(
            data, filename, actor, overrides, origin=origin, collection=collection, replace=replace
        )

    def add_url(
        self,
        url: str,
        actor: str,
        overrides: Mapping[str, Any] | None = None,
        *,
        collection: str | None = None,
        replace: bool = False,
    ) -> ChangeResult:
        return self._knowledge_base.add_url(url, actor, overrides, collection=collection, replace=replace)

    def sync(
        self,
        folder: Path | None = None,
        actor: str = "cli",
        progress: Progress | None = None,
        *,
        replace: bool = False,
    ) -> list[ChangeResult]:
        """Makes the shared sources that came from `folder` match its files: adds, replaces, removes.
        `replace`: a file may take over a source added from elsewhere (the folder moved)."""
        return self._knowledge_base.sync(folder, actor, progress, replace=replace)

    def files_not_synced(self, folder: Path | None = None) -> list[Path]:
        """What `sync` of `folder` leaves unread: subfolders, hidden files, other kinds of file."""
        return folder_files(sync_folder(self._knowledge_base.settings, folder))[1]

    def ensure_seeded(self) -> list[ChangeResult]:
        """A newcomer's first question works: an empty knowledge base gets the bundled articles."""
        return self._knowledge_base.ensure_seeded()
