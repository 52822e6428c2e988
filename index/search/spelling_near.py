"""Finding the words within an edit or two of a typed one, whatever the size of the list searched.

A symmetric-deletes index (SymSpell's idea): every word and each of its one-letter deletions are hashed
into one sorted array, so a look-up is a few binary searches and its memory about 12 bytes per key.
`index.search.spelling` keeps one per list it corrects into (the knowledge base's stems, question
words, function words, the model's frequent English words).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, Sequence
from typing import NamedTuple

import numpy as np

from index.search.spelling_edits import edit_distance, keys_apart, typing_slip

__all__ = ["MAX_CANDIDATES", "Near", "NearWords", "frequent_near_words"]

# The words weighed for one typed word. English has a few dozen words an edit or two from any short
# word; a source made of words a letter apart (thousands round one key) made each question word cost
# as many edit distances, and a question of a thousand such words took 25 s.
MAX_CANDIDATES = 512


class Near(NamedTuple):
    """A word found near a typed one: its place in the list searched, its edits and `typing_slip`."""

    position: int
    distance: int
    slip: int


class NearWords:
    def __init__(self, words: Sequence[str], frequency: np.ndarray | None = None) -> None:
        """`frequency`: how often each word occurs (the more frequent wins a tie)."""
        self.words = words
        self._frequency = frequency
        keys: list[int] = []
        owners: list[int] = []
        for number, word in enumerate(words):
            variants = set(_deletes(word))
            keys.extend(hash(v) for v in variants)
            owners.extend([number] * len(variants))
        key_array = np.asarray(keys, dtype=np.int64)
        order = np.argsort(key_array, kind="stable")
        self._keys = key_array[order]
        self._owners = np.asarray(owners, dtype=np.int32)[order]

    def closest(
        self,
        typed: Sequence[str],
        limit: int,
        worst_slip: int = 2,
        tie_break: Callable[[int], int] | None = None,
    ) -> Near | None:
        """The word within `limit` edits of one of the `typed` spellings (fewest edits, then the
        likeliest slip, then most frequent, then the lowest `tie_break` of its position in the list,
        by default the position itself, a neighbouring key first among words within a factor of ten
        of it); None when there is none. One edit away, a word only a slip
        worse than `worst_slip` would give is left out. (`tie_break` is passed per call, not kept: a
        corrector's own method kept here made it, and its keyword index, a reference cycle.)"""
        if not len(self._keys):
            return None
        typed = tuple(dict.fromkeys(typed))  # a word its own stem is looked up once
        probes = np.asarray([hash(v) for word in typed for v in set(_deletes(word))], dtype=np.int64)
        lo = np.searchsorted(self._keys, probes, side="left")
        hi = np.searchsorted(self._keys, probes, side="right")
        found = {int(o) for a, b in zip(lo.tolist(), hi.tolist(), strict=True) for o in self._owners[a:b]}
        if len(found) > MAX_CANDIDATES:  # words a letter apart, on purpose: the most frequent are weighed
            found = set(self._most_frequent(found))
        best: tuple[int, int, int, int, int, int, str] | None = None
        chosen = None
        for candidate in found:
            other = self.words[candidate]
            distances = [edit_distance(word, other, limit) for word in typed]
            distance = min(distances)
            if distance > limit:
                continue
            slip = min(
                typing_slip(word, other) for word, d in zip(typed, distances, strict=True) if d == distance
            )
            if slip > worst_slip:
                continue
            order = tie_break(candidate) if tie_break is not None else candidate
            frequency = -int(self._frequency[candidate]) if self._frequency is not None else 0
            # A neighbouring key decides between words about as common (within a factor of ten):
            # "refuwe" is "refuse" (w above s), not "refuge"; "zhe" is still "the", not "she".
            near_as = (distance, slip, frequency, len(str(order + 1)))
            if best is not None and near_as > best[:4]:
                continue  # the keys are compared only where they may decide
            far = min(
                keys_apart(word, other) for word, d in zip(typed, distances, strict=True) if d == distance
            )
            rank = (*near_as, far, order, other)
            if best is None or rank < best:
                best, chosen = rank, Near(candidate, distance, slip)
        return chosen

    def _most_frequent(self, found: set[int]) -> list[int]:
        positions = np.fromiter(found, dtype=np.int64, count=len(found))
        if self._frequency is None:
            return np.sort(positions)[:MAX_CANDIDATES].tolist()
        order = np.lexsort((positions, -self._frequency[positions]))
        return positions[order[:MAX_CANDIDATES]].tolist()


@functools.lru_cache(maxsize=2)
def frequent_near_words(words: tuple[str, ...]) -> NearWords:
    """`NearWords` over the model's frequent words, made once (about 0.3 s), not per corrector."""
    return NearWords(words)


def _deletes(word: str) -> Iterator[str]:
    yield word
    for i in range(len(word)):
        yield word[:i] + word[i + 1 :]
