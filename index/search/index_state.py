"""`IndexState`: one process's indexes and what it knows of each passage's owner, at one revision.

Besides the vector and keyword indexes it keeps which passages each source owns and which sources
belong to a community's collection, so a search can leave out the passages a place may not see while
it searches (`hidden_from`), rather than after: filtered afterwards, a few hundred near-copies of a
shared passage in one community's collection crowded that passage out of every other place's answers.
"""

from __future__ import annotations

from itertools import chain

import numpy as np

from index.search.keyword import KeywordIndex
from index.search.stored_passages import SourcePassages
from index.search.vectors import VectorIndex
from index.visibility import Visibility

__all__ = ["IndexState"]

_NOTHING_HIDDEN = np.zeros(0, dtype=np.int64)


class IndexState:
    """This process's view of the passages: vectors, keywords, which passages each source owns and
    which sources belong to a community."""

    def __init__(
        self,
        vectors: VectorIndex,
        revision: int,
        source_passages: SourcePassages,
        keywords: KeywordIndex | None = None,
        source_collections: dict[str, str] | None = None,
    ) -> None:
        self.vectors = vectors
        self.revision = revision
        self.source_passages = source_passages
        self.source_collections = source_collections if source_collections is not None else {}
        # Until the keyword index is loaded or built, an empty one stands in: vectors alone rank.
        self.keywords = keywords if keywords is not None else KeywordIndex()
        self.keywords_ready = keywords is not None
        self._hidden: dict[str | None, np.ndarray] = {}
        self._hidden_at = revision

    def passage_collections(self) -> dict[int, str]:
        """The community collection of every passage that belongs to one."""
        return {
            passage: collection
            for source, collection in self.source_collections.items()
            for passage in self.source_passages.get(source, ())
        }

    def hidden_from(self, visibility: Visibility) -> np.ndarray:
        """The ids (sorted) of the passages `visibility` does not allow: other communities'. The same
        array is returned until the revision changes (callers keep what they build from it)."""
        if visibility.everything or not self.source_collections:
            return _NOTHING_HIDDEN
        if self._hidden_at != self.revision:
            self._hidden, self._hidden_at = {}, self.revision
        hidden = self._hidden.get(visibility.community)
        if hidden is None:
            owned = (
                self.source_passages.get(source, ())
                for source, collection in self.source_collections.items()
                if not visibility.allows(collection)
            )
            hidden = np.sort(np.fromiter(chain.from_iterable(owned), dtype=np.int64))
            if len(self._hidden) >= MAX_KEPT_VISIBILITIES:
                self._hidden.pop(next(iter(self._hidden)))
            self._hidden[visibility.community] = hidden
        return hidden


# Places whose hidden passages are kept per revision (each array is 8 bytes a hidden passage).
MAX_KEPT_VISIBILITIES = 16
