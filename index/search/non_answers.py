"""Sentences that are never a passage's highlight: questions, and headings written as plain lines.

Both share the most words with the question asked ("WHY TOMATOES SPLIT" for "Why do tomatoes
split?", an FAQ's own question), and what answers them comes after them. They stay in the quote; the
highlight moves to the best of the passage's other sentences, if it has any.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from index.ingest.chunking import leads_in
from index.ingest.scraped_text import LIST_ITEM

if TYPE_CHECKING:
    from index.search.features import SentenceTable
    from index.search.ranking import Candidate

__all__ = ["is_never_highlighted", "never_highlighted"]


def never_highlighted(
    scores: np.ndarray, table: SentenceTable, candidates: Sequence[Candidate]
) -> np.ndarray:
    """`scores` with each question's and plain heading's sentence put below every other sentence."""
    # Only a passage with a question mark or a line break can hold either: most have neither.
    owners = [i for i, candidate in enumerate(candidates) if "?" in candidate.text or "\n" in candidate.text]
    lowered_rows = [
        row
        for owner in owners
        for row in table.rows_of(owner)
        if is_never_highlighted(candidates[owner].text, *table.spans[row])
    ]
    if not lowered_rows:
        return scores
    lowered = scores.copy()
    lowered[lowered_rows] = float(scores.min()) - 1.0
    return lowered


def is_never_highlighted(text: str, start: int, end: int) -> bool:
    """Whether the sentence at `start`:`end` of the text is a question or a plain heading."""
    return _asks(text, start, end) or _heads(text, start, end)


def _asks(text: str, start: int, end: int) -> bool:
    return text[max(start, end - 8) : end].rstrip("*_ \t\"”’')").endswith("?")


def _heads(text: str, start: int, end: int) -> bool:
    """A line of its own, with text after it, that introduces what follows rather than saying it; a
    list's item ("* Treasurer: Owen Clarke", "1. 200 grams of flour") says it."""
    on_its_own_line = (start == 0 or text[start - 1] == "\n") and text.startswith("\n", end)
    line = text[start:end]
    return on_its_own_line and not LIST_ITEM.match(line) and bool(text[end:].strip()) and leads_in(line)
