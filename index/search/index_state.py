"""`IndexState`: one process's indexes and what it knows of each passage's owner, at one revision.

Besides the vector and keyword indexes it keeps which passages each source owns and which sources
belong to a community's collection, so a search can leave out the passages a place may not see while
it searches (`hidden_from`), rather than after: filtered afterwards, a few hundred near-copies of a
shared passage in one community's collection crowded that passage out of every other place's answers.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import chain

import numpy as np

from index.search.hidden import NOTHING_HIDDEN, Hidden
from index.search.keyword import KeywordIndex
from index.search.stored_passages import SourcePassages
from index.search.vectors import VectorIndex
from index.visibility import Visibility

__all__ = ["IndexState"]

_NO_IDS = np.zeros(0, dtype=np.int64)


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
        self._hidden: dict[str | None, Hidden] = {}
        self._hidden_at = revision

    def passage_collections(self) -> dict[int, str]:
        """The community collection of every passage that belongs to one."""
        return {
            passage: collection
            for source, collection in self.source_collections.items()
            for passage in self.source_passages.get(source, ())
        }

    def hidden_from(self, visibility: Visibility) -> Hidden:
        """The passages `visibility` does not allow: other communities'. The same arrays come back
        until the revision changes (callers keep what they build from them)."""
        if visibility.everything or not self.source_collections:
            return NOTHING_HIDDEN
        if self._hidden_at != self.revision:
            self._hidden, self._hidden_at = {}, self.revision
        hidden = self._hidden.get(visibility.community)
        if hidden is None:
            every = self._hidden.get(None)
            communities = every.communities if every is not None else self._passages_of(lambda _: True)
            own = (
                self._passages_of(lambda collection: collection == visibility.community)
                if visibility.community is not None
                else _NO_IDS
            )
            if len(self._hidden) >= MAX_KEPT_VISIBILITIES:
                self._hidden.pop(next(key for key in self._hidden if key is not None))
            hidden = self._hidden[visibility.community] = Hidden(communities, own)
            self._hidden.setdefault(None, Hidden(communities))
        return hidden

    def _passages_of(self, wanted: Callable[[str], bool]) -> np.ndarray:
        """The sorted ids of the passages of the community sources whose collection is `wanted`."""
        owned = (
            self.source_passages.get(source, ())
            for source, collection in self.source_collections.items()
            if wanted(collection)
        )
        return np.sort(np.fromiter(chain.from_iterable(owned), dtype=np.int64))


# Places whose own passages are kept per revision (every community's are kept once).
MAX_KEPT_VISIBILITIES = 64
