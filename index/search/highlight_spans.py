"""Which sentences of a ranked passage an answer highlights, and which it quotes around them.

The ranker scores every sentence; the best one is the highlight's core. A neighbour it can hardly tell
apart, a short sentence that only leads in to the next, or one that opens by pointing back to the one
before joins it (`highlighted`). The quote is the window of whole sentences around the highlight, at
most a quote's length (`quote_window`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from index.search.non_answers import is_never_highlighted

__all__ = ["LEAD_IN_CHARS", "highlight_sentences", "highlighted", "quote_window"]

# A best sentence shorter than this that holds no cue of the kind of answer asked for mostly leads in
# to the answer ("But they were level before the break."): the highlight takes the next sentence too.
# At 70 characters it raised highlights on two sets of six other articles by two or three questions each;
# 90 gained six more over three such sets and 0.002 on SQuAD half A, 120 fitted SQuAD alone (docs/quality.md).
LEAD_IN_CHARS = 90
# A best sentence that opens by pointing back ("That, he said, was the main reason he rejected
# probation.", "This is why…", "That's what…") has its subject in the sentence before: the highlight
# takes that one too. A demonstrative before a noun ("This year", "That decision") is not read.
_POINTS_BACK = re.compile(
    r"[\"“‘']?(?:That|This|These|Those)(?:,|[’']s\b|\s+(?:is|was|are|were|has|had|have|means|meant|made|"
    r"makes|led|leads|left|will|would|could|can|did|does|explains|explained|shows|showed)\b)"
)


def highlighted(
    text: str,
    spans: Sequence[tuple[int, int]],
    scores: np.ndarray,
    best: int,
    holds_cue: bool,
    margin: float,
    quote_chars: int | None,
) -> tuple[int, int]:
    """The first and last sentence of the highlight around the best one (`highlight_sentences`), taking
    the sentence before a best one that points back (`_points_back`) when both fit in a quote.
    `holds_cue`: the best sentence holds a cue of the kind of answer asked for; `quote_chars` None: the
    quote is the whole passage (the single-signal baselines)."""
    leads_in = _leads_in(text, spans, best, holds_cue)
    start, end = highlight_sentences(spans, scores, best, margin, quote_chars or 0, leads_in)
    if start == best and quote_chars and _points_back(text, spans, best):
        start = best - 1 if spans[end][1] - spans[best - 1][0] <= quote_chars else start
    return start, end


def _leads_in(text: str, spans: Sequence[tuple[int, int]], best: int, holds_cue: bool) -> bool:
    """Whether the best sentence only leads in to the next one: it is short, holds no cue of the kind
    of answer asked for, and the next goes on in its paragraph (no list item, heading or question)."""
    if holds_cue or best + 1 >= len(spans) or spans[best][1] - spans[best][0] >= LEAD_IN_CHARS:
        return False
    after = spans[best + 1]
    return "\n" not in text[spans[best][1] : after[0]] and not is_never_highlighted(text, *after)


def _points_back(text: str, spans: Sequence[tuple[int, int]], best: int) -> bool:
    """Whether the best sentence opens by pointing back (`_POINTS_BACK`) to the one before it in its
    paragraph (no question or heading)."""
    if best == 0:
        return False
    start, before = spans[best][0], spans[best - 1]
    return (
        _POINTS_BACK.match(text, start, min(len(text), start + 24)) is not None
        and "\n" not in text[before[1] : start]
        and not is_never_highlighted(text, *before)
    )


def highlight_sentences(
    spans: Sequence[tuple[int, int]],
    scores: np.ndarray,
    best: int,
    margin: float,
    max_chars: int,
    leads_in: bool = False,
) -> tuple[int, int]:
    """The first and last sentence of the highlight: the best one, with its better neighbour when that
    scores within `margin` of it and the two fit in a quote (`quote_window` then keeps both, as it
    grows towards the better neighbour first). When the sentence model can hardly tell two adjacent
    sentences apart, the answer is as often in the second as in the first, or runs across both.
    A best sentence that `leads_in` (short, without the kind of answer asked for) is highlighted with
    the next one, which is where the answer to "Why do historians consider the march important?"
    follows "Historians nonetheless see the Salt March as a turning point."."""
    neighbours = [index for index in (best + 1, best - 1) if 0 <= index < len(spans)]
    if margin <= 0 or not neighbours:
        return best, best
    neighbour = max(neighbours, key=lambda index: float(scores[index]))  # a tie: the next one
    if scores[best] - scores[neighbour] > margin:
        neighbour = best + 1 if leads_in and best + 1 < len(spans) else best
    first, last = min(best, neighbour), max(best, neighbour)
    if spans[last][1] - spans[first][0] > max_chars:
        return best, best
    return first, last


def quote_window(
    spans: Sequence[tuple[int, int]],
    scores: np.ndarray,
    best: int,
    max_chars: int,
    through: int = -1,
    since: int = -1,
) -> tuple[int, int]:
    """Whole sentences around the best one, at most `max_chars` long (the best sentence always, those
    up to `through` when it is after it: a highlight that goes on past a lead-in, and those from
    `since` when it is before it: a highlight that begins where its speaker is named).

    It grows one sentence at a time towards the neighbour that scores higher, so the quote keeps the
    sentences that answer and drops the ones that only share their paragraph.
    """
    first, last = best if since < 0 else min(best, since), max(best, through)
    while True:
        can_extend_back = first > 0 and spans[last][1] - spans[first - 1][0] <= max_chars
        can_extend_on = last + 1 < len(spans) and spans[last + 1][1] - spans[first][0] <= max_chars
        if not (can_extend_back or can_extend_on):
            break
        if can_extend_on and (not can_extend_back or scores[last + 1] >= scores[first - 1]):
            last += 1
        else:
            first -= 1
    return spans[first][0], spans[last][1]
