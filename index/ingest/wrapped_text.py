"""Text copied from a PDF or a plain-text mail: lines broken at a width, paragraphs run on with no blank
line between them → its paragraphs, each on one line.

Read as it came, such a text had a paragraph a line: passages ended mid-sentence ("…only 4 percent"),
the highlight was half a sentence, and the figure that answered was in the next passage. A text is
taken for wrapped only when it has no blank line at all and most of its lines are long, at about one
width, and end no sentence. A line then ends its paragraph where it ends a sentence well short of the
width, after a line far shorter than the width (a title, a heading), or where a list item starts;
words hyphenated across a break are joined ("gov-" / "ernment"), and page numbers and running headers
(a line on every page) are left out. Two passes over the lines.
"""

from __future__ import annotations

import re
from collections import Counter

__all__ = ["unwrapped"]

MIN_LINES = 8
MIN_WIDTH, MAX_WIDTH = 40, 160  # characters a wrapped line holds
FULL_LINE = 0.7  # of the width: a line broken by wrapping
WRAPPED_SHARE = 0.5  # of the lines: full ones that end no sentence
GOING_ON_SHARE = 0.3  # of the lines: ones that start in lower case
MIN_PAGE_LINES = 8  # a running header repeats at most once every this many lines
SHORT_LAST_LINE = 0.85  # of the width: a paragraph's last line, when it ends a sentence
HEADING_LINE = FULL_LINE  # a line shorter than a full one ends its paragraph, sentence or not
_SENTENCE_END = re.compile(r"""[.!?…:]["”’')\]]*$""")
_STARTS_BLOCK = re.compile(r"(?:[-*•–]\s|\d{1,3}[.)]\s|#)")
_PAGE_AT_EDGE = re.compile(r"^\d{1,4}\s+|\s+\d{1,4}$")  # a running header's page number
_HYPHENATED = re.compile(r"[^\W\d_]-$")  # "gov-": the word goes on on the next line
_PAGE_NUMBER = re.compile(r"(?:page\s+)?\d{1,4}(?:\s*(?:/|of)\s*\d{1,4})?", re.IGNORECASE)


def unwrapped(text: str) -> str:
    """`text` with its wrapped lines joined into paragraphs, or as it is when it is not wrapped."""
    if "\n" not in text or re.search(r"\n[ \t]*\n", text):
        return text
    lines = [line.strip() for line in text.split("\n")]
    width = _width(lines)
    if width is None:
        return text
    pages = Counter(_page_line(line) for line in lines if line)
    paragraphs: list[str] = []
    current: list[str] = []  # the paragraph's lines and spaces, joined once it ends (in linear time)
    ended = False
    for line in lines:
        repeats = pages[_page_line(line)]
        if not line or _PAGE_NUMBER.fullmatch(line) or 1 < repeats <= len(lines) / MIN_PAGE_LINES:
            continue  # a page number, or a running header or footer (the same line on every page)
        if current and (ended or _STARTS_BLOCK.match(line)):
            paragraphs.append("".join(current))
            current = []
        if current and _HYPHENATED.search(current[-1]) and line[:1].islower():
            current[-1] = current[-1][:-1]  # "gov-" + "ernment"
        elif current:
            current.append(" ")
        current.append(line)
        short = len(line) < SHORT_LAST_LINE * width
        # A short line ends its paragraph where it ends a sentence; far shorter, it is a title, a
        # byline or a heading ("Abstract", "1. Introduction") whatever its end.
        ended = line.startswith("#") or (short and _SENTENCE_END.search(line) is not None)
        ended = (ended or len(line) < HEADING_LINE * width) and not _HYPHENATED.search(line)
    if current:
        paragraphs.append("".join(current))
    return "\n\n".join(paragraphs)


def _width(lines: list[str]) -> int | None:
    """The width the lines were wrapped at, or None when they read as a line a paragraph."""
    lengths = sorted(len(line) for line in lines if line)
    if len(lengths) < MIN_LINES:
        return None
    width = lengths[int(len(lengths) * 0.9)]
    if not MIN_WIDTH <= width <= MAX_WIDTH:
        return None
    wrapped = sum(1 for line in lines if len(line) >= FULL_LINE * width and not _SENTENCE_END.search(line))
    # A sentence broken by wrapping goes on in lower case; a list's items each start anew.
    going_on = sum(1 for line in lines if line[:1].islower())
    return (
        width
        if wrapped >= WRAPPED_SHARE * len(lengths) and going_on >= GOING_ON_SHARE * len(lengths)
        else None
    )


def _page_line(line: str) -> str:
    """A line as a running header repeats it: the page number at its start or end left out, every
    other figure kept ("In 2022 … 4 million tonnes" and "In 2023 … 6 million" are two lines)."""
    return _PAGE_AT_EDGE.sub("", " ".join(line.split()))
