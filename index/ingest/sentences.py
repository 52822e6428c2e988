"""Sentence boundaries as character spans, so highlights and quote windows stay verbatim slices.

Rule-based and fast (it runs on every answer): a sentence ends at . ! or ? (plus closing quotes and
brackets, and citation marks: "shore.[1]") before whitespace and a capital of any script, a digit, a
letter of a script without capitals, or an opening quote or "¿", unless the word is an abbreviation
("Nov.", "U.S.", "St.", "No." before a number) or an initial. Cyrillic, Greek and "Ł" capitals were
not seen as starting a sentence: a Ukrainian paragraph was one sentence, cut mid-word as a highlight.
"""

from __future__ import annotations

import re

_ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "prof", "st", "jr", "sr", "gen", "col", "lt", "sgt", "capt", "gov", "sen",
    "rep", "rev", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "vs", "etc", "e.g", "i.e", "inc", "ltd", "co", "corp", "mt", "ft", "approx", "fig", "vol",
    "pp", "ca", "cf", "al", "est", "dept", "univ", "assn", "bros", "messrs",
}  # fmt: skip

# As written: "said no. 2024 will decide it" ends a sentence; "No. 47" and "p. 12" do not.
_BEFORE_NUMBERS = {"No", "Nos", "Nr", "Art", "Ch", "Sec", "Para", "Op", "Vol", "p", "pp"}

# Every pattern here runs in linear time on any input (tests/reliability/test_linear_time.py): a
# boundary starts only where a run of end marks starts (the look-behind), and its possessive
# quantifiers never give back what they took, so a run of 100k dots is scanned once, not 100k times.
_BOUNDARY = re.compile(r"""(?<![.!?…])[.!?…]++["”’')\]]*+(?:\[\d{1,3}\])*+(?=\s++["“‘'(\[¿¡«„]?+(\w))""")
# Blank lines, and the line breaks around a table row or a list item (numbered too): each row or
# item is a sentence.
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n|\n(?=[ \t]*+(?:\||[-*•][ \t]|\d{1,3}[.)][ \t]))|(?<=\|)[ \t]*+\n")
# A numbered step's number ("4. Unscrew the hose"): not a sentence of its own.
_ITEM_NUMBER = re.compile(r"[ \t]*+\d{1,3}")
_WORD_BEFORE = re.compile(r"([\w.]+)$")
_INITIALS = re.compile(r"(?:[a-z]\.)*[a-z]")
# The word before a period is looked for this far back at most: abbreviations and initials are short,
# and an unbounded look-back made a paragraph of "Mr. A Mr. A …" quadratic.
ABBREVIATION_WINDOW = 32


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Spans (absolute offsets into `text`) of the sentences in text[start:end], whitespace trimmed."""
    end = len(text) if end is None else end
    spans: list[tuple[int, int]] = []
    for block_start, block_end in _blocks(text, start, end):
        cursor = block_start
        # The block as its own string, so the look-behind cannot see the text before it.
        for match in _BOUNDARY.finditer(text[block_start:block_end]):
            boundary_start, boundary_end = block_start + match.start(), block_start + match.end()
            if not _starts_sentence(text[block_start + match.start(1)]):
                continue
            if _is_abbreviation(text, cursor, boundary_start):
                continue
            if _numbered(text, cursor, boundary_start, text[block_start + match.start(1)]):
                continue
            if cursor == block_start and _ITEM_NUMBER.fullmatch(text, cursor, boundary_start):
                continue
            spans.append((cursor, boundary_end))
            cursor = boundary_end
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


def _starts_sentence(letter: str) -> bool:
    """A capital of any script, a digit, or a letter of a script with no capitals (Arabic, CJK)."""
    return letter.isupper() or letter.isdigit() or (letter.isalpha() and not letter.islower())


def _numbered(text: str, sentence_start: int, period: int, following: str) -> bool:
    """ "School No. 47", "Vol. 3": a word that abbreviates before a number only."""
    if not following.isdigit() or text[period] != ".":
        return False
    match = _WORD_BEFORE.search(text, max(sentence_start, period - ABBREVIATION_WINDOW), period)
    return match is not None and match.group(1) in _BEFORE_NUMBERS


def _is_abbreviation(text: str, sentence_start: int, period: int) -> bool:
    if text[period] != "." or period == sentence_start:
        return False
    if not (text[period - 1].isalpha() or text[period - 1] == "."):
        return False  # "1." or "x_.": every abbreviation and initial ends in a letter
    window_start = max(sentence_start, period - ABBREVIATION_WINDOW)
    match = _WORD_BEFORE.search(text, window_start, period)
    if not match:
        return False
    if match.start() == window_start > sentence_start and _is_word_char(text[window_start - 1]):
        return False  # the word goes on before the window: far longer than any abbreviation
    word = match.group(1).lower().rstrip(".")
    if word in _ABBREVIATIONS:
        return True
    # Initials and dotted acronyms: "J." "U.S." "U.N."
    return bool(_INITIALS.fullmatch(word))


def _is_word_char(char: str) -> bool:
    return char.isalnum() or char in "._"


def trim_span(text: str, start: int, end: int) -> tuple[int, int]:
    """The span without surrounding whitespace."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
