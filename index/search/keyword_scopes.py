"""`CollectionScopes`: how many passages of each community collection hold each stem, so that a place's
keyword weights and known words come from the passages it may see.

One keyword index holds every collection's passages. With corpus-wide statistics a community's
sources moved every other place's answers: fifty passages holding "lighthouse" lowered another
place's BM25 for the word by a third and turned its answer into a refusal, and a word's weight (or
whether the spelling correction knew it) told anyone asking whether some other community's private
sources held that word. A place's statistics are the shared knowledge base's plus its own
collection's: the corpus-wide counts less every community's, plus its own (`PlaceStatistics`).

Counts change with the passages (`changed`), a passage's distinct stems at a time; a snapshot is
never changed, so a question keeps the statistics it was matched with.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np

from index.search.keyword_view import KeywordView
from index.visibility import Visibility

__all__ = ["CollectionCounts", "CollectionScopes", "PlaceStatistics"]

# One passage's collection, its distinct stem ids and its length in stems.
PassageStems = tuple[str, np.ndarray, int]


@dataclass(frozen=True)
class CollectionCounts:
    """One community collection: its passages, their length in stems, how many of them hold each stem."""

    passages: int = 0
    length: int = 0
    frequency: Mapping[int, int] = field(default_factory=dict)


@dataclass(frozen=True)
class CollectionScopes:
    # Per stem id, how many passages of any community collection hold it (shorter: 0 past its end).
    communities: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int32))
    community_passages: int = 0
    community_length: int = 0
    collections: Mapping[str, CollectionCounts] = field(default_factory=dict)

    def changed(self, removed: Iterable[PassageStems], added: Iterable[PassageStems]) -> CollectionScopes:
        """The counts after passages left and came; only the collections they belong to are copied."""
        net: dict[str, tuple[int, int, list[np.ndarray], list[np.ndarray]]] = {}
        for sign, changes in ((-1, removed), (1, added)):
            for collection, stems, length in changes:
                passages, total, gone, came = net.get(collection, (0, 0, [], []))
                (gone if sign < 0 else came).append(stems)
                net[collection] = (passages + sign, total + sign * length, gone, came)
        if not net:
            return self
        collections = dict(self.collections)
        communities = self.communities.copy()
        for collection, (passages, length, gone, came) in net.items():
            before = collections.get(collection, CollectionCounts())
            frequency = dict(before.frequency)
            for sign, parts in ((-1, gone), (1, came)):
                stems, counts = np.unique(np.concatenate([_NO_STEMS, *parts]), return_counts=True)
                for stem, count in zip(stems.tolist(), counts.tolist(), strict=True):
                    frequency[stem] = frequency.get(stem, 0) + sign * count
                    if frequency[stem] <= 0:
                        del frequency[stem]
                if len(stems):
                    if int(stems[-1]) >= len(communities):
                        grown = np.zeros(int(stems[-1]) + 1, dtype=np.int32)
                        grown[: len(communities)] = communities
                        communities = grown
                    communities[stems] += sign * counts.astype(np.int32)
            if before.passages + passages > 0:
                collections[collection] = CollectionCounts(
                    before.passages + passages, before.length + length, frequency
                )
            else:
                collections.pop(collection, None)
        return CollectionScopes(
            communities,
            self.community_passages + sum(passages for passages, _, _, _ in net.values()),
            self.community_length + sum(length for _, length, _, _ in net.values()),
            collections,
        )

    def for_place(self, view: KeywordView, visibility: Visibility) -> PlaceStatistics:
        """The statistics of the passages `visibility` may see, from the view's corpus-wide ones."""
        frequency = view.document_frequency
        if visibility.everything or not self.community_passages:
            return PlaceStatistics(frequency, view.live)
        own = self.collections.get(visibility.community or "", CollectionCounts())
        documents = view.live - self.community_passages + own.passages
        length = view.total_length - self.community_length + own.length
        # A place's mean passage length is its own passages': a community's many short ones moved
        # every place's BM25 length normalisation.
        mean = length / documents if documents > 0 and length > 0 else None
        return PlaceStatistics(frequency, documents, self.communities, own.frequency, mean)

    def shared_frequency(self, frequency: np.ndarray) -> np.ndarray:
        """Per stem id, how many passages of the shared knowledge base hold it."""
        if not self.community_passages:
            return frequency
        held = np.zeros(len(frequency), dtype=np.int32)
        held[: min(len(frequency), len(self.communities))] = self.communities[: len(frequency)]
        shared: np.ndarray = np.maximum(frequency - held, 0)
        return shared


@dataclass(frozen=True)
class PlaceStatistics:
    """Document frequencies and the passage count one place's questions are weighed with."""

    frequency_everywhere: np.ndarray
    documents: int
    communities: np.ndarray | None = None
    own: Mapping[int, int] = field(default_factory=dict)
    mean_length: float | None = None  # None: the view's own (every passage's)

    def frequency(self, stem: int) -> int:
        if not 0 <= stem < len(self.frequency_everywhere):
            return 0
        count = int(self.frequency_everywhere[stem])
        if self.communities is not None and stem < len(self.communities):
            count -= int(self.communities[stem])
        return max(0, count + self.own.get(stem, 0))


_NO_STEMS = np.zeros(0, dtype=np.int64)
