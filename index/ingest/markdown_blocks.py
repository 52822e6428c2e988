"""Markdown's block markup that is no text to quote: setext underlines, thematic breaks and HTML comments.

A README's "Opening hours" over a line of dashes reached the chat as "Opening hours\\n-------------", a
line of "* * *" between two sections became a passage, and a `<!-- TODO -->` the writer hid from
readers was quoted. An underlined line that reads as a heading (alone, short, no sentence) becomes
one (`# …` under `=`, `## …` under `-`), so passages are cut there as at any other heading; any other
underline or break becomes a blank line, which ends the paragraph as it did on the page. Fenced code
stays as written.
"""

from __future__ import annotations

import re

from index.ingest.chunking import fenced_code_blocks

__all__ = ["without_block_markup"]

# Three marks at least: "==" or "--" under a line is as likely a typed-out dash as an underline.
_UNDERLINE = re.compile(r" {0,3}(=){3,}[ \t]*| {0,3}-{3,}[ \t]*")
# "***", "- - -", "___", "* * *": the marks are disjoint from the spaces, so nothing backtracks.
_BREAK = re.compile(r" {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*")
# What a heading-like line may not be: a list item, a quote, a table row, a heading already, a
# sentence (a short paragraph ending with its full stop over a separator).
_NOT_A_HEADING = re.compile(r"\s*(?:[-*+>|#]|\d{1,9}[.)]\s)|.*[.,;:!?]\s*$")
HEADING_MAX_CHARS = 120


def without_block_markup(text: str) -> str:
    """The text with setext underlines, thematic breaks and HTML comments taken out (not in fenced code)."""
    pieces, last = [], 0
    for start, end in fenced_code_blocks(text):
        pieces += [_unmarked(text[last:start]), text[start:end]]
        last = end
    return "".join([*pieces, _unmarked(text[last:])])


def _unmarked(text: str) -> str:
    kept: list[str] = []
    blank_for_markup = False  # the last line kept is the blank that a markup line left
    for line in _without_comments(text).split("\n"):
        underline = _UNDERLINE.fullmatch(line)
        if underline is not None and _heading_like(kept):
            kept[-1] = ("# " if underline[1] else "## ") + kept[-1].strip()
        elif underline is None and _BREAK.fullmatch(line) is None:
            if line.strip() or not blank_for_markup:
                kept.append(line)
            blank_for_markup = False
            continue
        if kept and kept[-1].strip():  # one blank line ends the paragraph, however many marks stood
            kept.append("")
        blank_for_markup = True
    return "\n".join(kept)


def _heading_like(kept: list[str]) -> bool:
    """Whether the last line kept is a paragraph of one short line that is no sentence."""
    if not kept or not kept[-1].strip() or (len(kept) > 1 and kept[-2].strip()):
        return False
    line = kept[-1]
    return len(line) <= HEADING_MAX_CHARS and _NOT_A_HEADING.match(line) is None


def _without_comments(text: str) -> str:
    """The text without `<!-- … -->`; an unclosed one stays (each character is read once)."""
    pieces, at = [], 0
    while (start := text.find("<!--", at)) != -1:
        end = text.find("-->", start + 4)
        if end == -1:
            break
        pieces.append(text[at:start])
        at = end + 3
    pieces.append(text[at:])
    return "".join(pieces)
