"""Markdown's block markup that is no text to quote: setext underlines, breaks, comments, definitions.

A README's "Opening hours" over a line of dashes reached the chat as "Opening hours\\n-------------", a
line of "* * *" between two sections became a passage, and a `<!-- TODO -->` the writer hid from
readers was quoted. An underlined line that reads as a heading (alone, short, no sentence) becomes
one in Markdown (`# …` under `=`, `## …` under `-`), so passages are cut there as at any other
heading; any other underline or break becomes a blank line, which ends the paragraph as it did on the
page. Link definitions, footnote marks and task boxes go too, and in Markdown quote marks, callouts
and lines of undescribed pictures. Code, fenced or (in Markdown) indented, stays as written.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable

from index.ingest.chunking import fenced_code_blocks

__all__ = ["UNDESCRIBED_PICTURE", "code_blocks", "outside_code", "without_block_markup"]

# Three marks at least: "==" or "--" under a line is as likely a typed-out dash as an underline.
_UNDERLINE = re.compile(r" {0,3}(=){3,}[ \t]*| {0,3}-{3,}[ \t]*")
# "***", "- - -", "___", "* * *": the marks are disjoint from the spaces, so nothing backtracks.
_BREAK = re.compile(r" {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*")
# What a heading-like line may not be: a list item, a quote, a table row, a heading already, a
# sentence (a short paragraph ending with its full stop over a separator).
_NOT_A_HEADING = re.compile(r"\s*(?:[-*+>|#]|\d{1,9}[.)]\s)|.*[.,;:!?]\s*$")
HEADING_MAX_CHARS = 120
_INDENTED = re.compile(r"(?: {4}|\t)[ \t]*\S")
# A list item, or a line indented under one.
_LISTED = re.compile(r"[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]|[ \t]+\S")
# A link's or image's definition (`[1]: https://…`, Google Docs' `[image1]: <data:image/png;base64,…>`,
# which made one image 214 passages): Markdown shows none. A footnote's (`[^1]: …`) shows its text.
# A definition's address holds no space, and only a title in quotes or brackets may follow it:
# "[Note]: the hall is closed" is a sentence.
_DEFINITION = re.compile(
    r" {0,3}\[(?!\^)[^\[\]\n]{1,200}\]:[ \t]*(?:<[^<>\n]*>|\S+)"
    r"(?:[ \t]+(?:\"[^\"\n]*\"|'[^'\n]*'|\([^()\n]*\)))?[ \t]*"
)
_EMBEDDED = re.compile(r" {0,3}\[[^\[\]\n]{1,200}\]:[ \t]*<?data:")
_FOOTNOTE_MARK = re.compile(r"^ {0,3}\[\^[^\[\]\s]{1,50}\]:[ \t]*")
_TASK_BOX = re.compile(r"^([ \t]{0,12}[-*+] )\[([ xX])\] ")
# Markdown only: a line of pictures only, none described: a README's badges (`[![CI](…svg)](…)`),
# Google Docs' `![][image1]`. Each picture opens with a bracket or "!", so the repetition cannot
# backtrack.
_ADDRESS = r"\([^()\s]{1,2048}\)"
UNDESCRIBED_PICTURE = (
    rf"!\[\]{_ADDRESS}|!\[\]\[[^\[\]\n]{{0,100}}\]|\[!\[[^\[\]\n]{{0,300}}\]{_ADDRESS}\]{_ADDRESS}"
)
_PICTURES_ONLY = re.compile(rf"[ \t]*(?:(?:{UNDESCRIBED_PICTURE})[ \t]*)+")
# Markdown only: a quote's "> " (or "> > "), and a callout's "[!NOTE]" (GitHub, Obsidian).
_QUOTE_MARKS = re.compile(r" {0,3}>(?:[ \t]?>)*[ \t]?(?:\[![A-Za-z]{1,20}\][+-]?[ \t]*)?")


def code_blocks(text: str, markdown: bool) -> list[tuple[int, int]]:
    """(start, end) of each code block, in order: fenced, and in Markdown indented four spaces after a
    blank line (not under a list item, whose indented lines go on with it): its `<div>` is code."""
    fenced = fenced_code_blocks(text)
    if not markdown:
        return fenced
    indented: list[tuple[int, int]] = []
    at, start, end, after_blank, previous = 0, -1, 0, True, ""
    for line in text.split("\n"):
        if _INDENTED.match(line) and (start >= 0 or (after_blank and not _LISTED.match(previous))):
            start, end = (at if start < 0 else start), at + len(line)
        elif line.strip():  # blank lines inside a block go on with it
            if start >= 0:
                indented.append((start, end))
                start = -1
            previous = line
        after_blank = not line.strip()
        at += len(line) + 1
    if start >= 0:
        indented.append((start, end))
    starts = [first for first, _ in fenced]
    outside_fences = [
        (a, b) for a, b in indented if (i := bisect.bisect_right(starts, a) - 1) < 0 or a >= fenced[i][1]
    ]
    return sorted([*fenced, *outside_fences])


def outside_code(text: str, markdown: bool, read: Callable[[str, bool], str]) -> str:
    """The text with `read(piece, markdown)` in place of each piece outside its code blocks."""
    pieces, last = [], 0
    for start, end in code_blocks(text, markdown):
        pieces += [read(text[last:start], markdown), text[start:end]]
        last = end
    return "".join([*pieces, read(text[last:], markdown)])


def without_block_markup(text: str, *, markdown: bool = True) -> str:
    """The text with setext underlines, thematic breaks, HTML comments, link definitions, footnote and
    task-list marks taken out, and in Markdown (`markdown`) quote marks (not in code)."""
    return outside_code(text, markdown, _unmarked)


def _unmarked(text: str, markdown: bool) -> str:
    kept: list[str] = []
    blank_for_markup = False  # the last line kept is the blank that a markup line left
    for marked in _without_comments(text).split("\n"):
        if _DEFINITION.fullmatch(marked) and (markdown or _EMBEDDED.match(marked)):
            continue  # plain text's "[1]: https://…" and "[Owner]: Ann" are its words, not base64
        # A task's box: a done one says so ("- ✓ Sharpen the saw"), an open one goes.
        line = _TASK_BOX.sub(_task, _FOOTNOTE_MARK.sub("", marked, count=1), count=1)
        if markdown and (quote := _QUOTE_MARKS.match(line)) is not None:
            line = line[quote.end() :]
        underline = _UNDERLINE.fullmatch(line)
        if underline is not None and _heading_like(kept):
            if markdown:  # plain text keeps its heading as a line of its own, as it was written
                kept[-1] = ("# " if underline[1] else "## ") + kept[-1].strip()
        elif underline is None and _BREAK.fullmatch(line) is None and not _emptied(marked, line, markdown):
            if line.strip() or not blank_for_markup:
                kept.append(line)
            blank_for_markup = False
            continue
        if kept and kept[-1].strip():  # one blank line ends the paragraph, however many marks stood
            kept.append("")
        blank_for_markup = True
    return "\n".join(kept)


def _task(box: re.Match[str]) -> str:
    return box[1] + ("" if box[2] == " " else "✓ ")


def _emptied(marked: str, line: str, markdown: bool) -> bool:
    """Whether the line held only marks: a callout's "> [!NOTE]", a row of badges."""
    return bool(marked.strip()) and (
        not line.strip() or (markdown and _PICTURES_ONLY.fullmatch(line) is not None)
    )


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
