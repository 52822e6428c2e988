"""The question's word pairs, and where they occur verbatim in candidate sentences and passages.

Two of the question's words found side by side in a sentence, as written ("drone attacks"), are
evidence a bag of stems cannot see: their order and adjacency. Pairs are found by substring search over
the candidates joined into one text, one linear pass per pair.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence

import numpy as np

from index.search.keyword_terms import english_stopwords

__all__ = ["MAX_PHRASES", "joined_texts", "phrase_matches", "question_phrases"]

_WORDS = re.compile(r"\w+")


def question_phrases(question: str) -> tuple[str, ...]:
    """The question's adjacent word pairs, lower-cased, but for pairs of two stop words ("of the")."""
    words = _WORDS.findall(question.lower())
    stop = english_stopwords()
    pairs = (f"{a} {b}" for a, b in itertools.pairwise(words) if a not in stop or b not in stop)
    return tuple(dict.fromkeys(pairs))[:MAX_PHRASES]


MAX_PHRASES = 24  # a long question's pairs past these add cost, not evidence


# Between candidates' texts when they are searched at once: no cue or word pair spans a blank line.
_SEPARATOR = "\n\n"


def joined_texts(texts: Sequence[str]) -> tuple[str, np.ndarray]:
    """The texts joined by `_SEPARATOR`, and where each starts."""
    lengths = np.fromiter((len(text) + len(_SEPARATOR) for text in texts), dtype=np.int64, count=len(texts))
    return _SEPARATOR.join(texts), np.cumsum(lengths) - lengths  # none for no texts


def phrase_matches(
    text: str, starts: np.ndarray, offsets: np.ndarray, owner: np.ndarray, phrases: Sequence[str]
) -> tuple[np.ndarray, np.ndarray]:
    """The share of the question's word pairs found verbatim in each sentence, and in each passage.

    `text` holds the passages one after another (passage i from `offsets[i]`); sentence j starts at
    `starts[j]` and belongs to passage `owner[j]`. Substring search (C speed, linear); a pair found at a
    word's middle ("in the" in "within the") counts too, which is noise a ranker learns to discount.
    """
    shares = np.zeros(len(starts), dtype=np.float32)
    passages = np.zeros(len(offsets), dtype=np.float32)
    if not phrases or not len(starts):
        return shares, passages
    positions: list[int] = []
    found: list[int] = []
    for number, pair in enumerate(phrases):
        position = text.find(pair)
        while position >= 0:
            positions.append(position)
            found.append(number)
            position = text.find(pair, position + 1)
    if not positions:
        return shares, passages
    at = np.asarray(positions, dtype=np.int64)
    which = np.asarray(found, dtype=np.int64)
    passage = np.searchsorted(offsets, at, side="right") - 1
    sentence = np.searchsorted(starts, at, side="right") - 1
    # A position before its passage's first sentence belongs to the passage, not to a sentence.
    inside = (sentence >= 0) & (owner[np.maximum(sentence, 0)] == passage)
    # Each pair counts once per sentence and once per passage, however often it occurs there.
    pairs = np.unique(sentence[inside] * len(phrases) + which[inside])
    np.add.at(shares, pairs // len(phrases), 1)
    pairs = np.unique(passage * len(phrases) + which)
    np.add.at(passages, pairs // len(phrases), 1)
    return shares / len(phrases), passages / len(phrases)
