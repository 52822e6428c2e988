"""Sentence boundaries as character spans, so highlights and quote windows stay verbatim slices.

Rule-based and fast (it runs on every answer): a sentence ends at . ! or ? (plus closing quotes and
brackets) before whitespace and a capital, digit or opening quote, unless the word is an abbreviation
("Nov.", "U.S.", "St.") or an initial.
"""

from __future__ import annotations

import re

_ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "prof", "st", "jr", "sr", "gen", "col", "lt", "sgt", "capt", "gov", "sen",
    "rep", "rev", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "vs", "etc", "e.g", "i.e", "inc", "ltd", "co", "corp", "mt", "ft", "approx", "fig", "vol",
    "pp", "ca", "cf", "al", "est", "dept", "univ", "assn", "bros", "messrs",
}  # fmt: skip

_BOUNDARY = re.compile(r"""[.!?…]+["”’')\]]*(?=\s+["“‘'(\[]?[A-Z0-9À-ÖØ-Þ])""")
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
_WORD_BEFORE = re.compile(r"([\w.]+)$")


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Spans (absolute offsets into `text`) of the sentences in text[start:end], whitespace trimmed."""
    end = len(text) if end is None else end
    spans: list[tuple[int, int]] = []
    for block_start, block_end in _blocks(text, start, end):
        cursor = block_start
        for match in _BOUNDARY.finditer(text, block_start, block_end):
            if _is_abbreviation(text, cursor, match.start()):
                continue
            spans.append((cursor, match.end()))
            cursor = match.end()
        spans.append((cursor, block_end))
    return [trimmed for span in spans if (trimmed := trim_span(text, *span))[1] > trimmed[0]]


def _blocks(text: str, start: int, end: int) -> list[tuple[int, int]]:
    blocks = []
    cursor = start
    for match in _PARAGRAPH_BREAK.finditer(text, start, end):
        blocks.append((cursor, match.start()))
        cursor = match.end()
    blocks.append((cursor, end))
    return blocks


def _is_abbreviation(text: str, sentence_start: int, period: int) -> bool:
    if text[period] != ".":
        return False
    match = _WORD_BEFORE.search(text, sentence_start, period)
    if not match:
        return False
    word = match.group(1).lower().rstrip(".")
    if word in _ABBREVIATIONS:
        return True
    # Initials and dotted acronyms: "J." "U.S." "U.N."
    return bool(re.fullmatch(r"(?:[a-z]\.)*[a-z]", word))


def trim_span(text: str, start: int, end: int) -> tuple[int, int]:
    """The span without surrounding whitespace."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
