"""Markdown's inline markup taken out of the text the bot quotes: `**bold**`, `*italics*`, links and
images, reference marks ("[1]", "[^2]", "[citation needed]"), and the HTML that Markdown lets a writer
mix in (`<b>`, `<br>`, `<a href>`, `&amp;`).

Quotes are verbatim slices of the stored text, and both front ends show them as text: an interview's
questions in bold reached Telegram as `**How does a coral nursery work?**`, and Discord escaped the
asterisks inside its own bold. Only markup that cannot be anything else goes: bold is a pair of `**`
on one line, each against a word on its inside and not on its outside (`2**10`, `f(**kwargs)` and
`x**2 + y**2` stay), italics likewise with one `*` (underscores stay: `snake_case`, addresses), and
never inside a code span; a link keeps its address after its text, and an image keeps its description.
Headings and list markers stay: passages are cut by them. HTML: see `markdown_html`.
"""

from __future__ import annotations

import re

from index.ingest.chunking import fenced_code_blocks
from index.ingest.markdown_html import without_html

__all__ = ["without_inline_markup"]

# Linear: each try scans at most a bounded stretch that cannot hold the next try's opening (a
# bracket, or `*`), so no character is read by more than a few tries.
_STRONG = re.compile(r"(?<![\w*])\*\*(?=[^\s*])([^*\n]{1,300}?)(?<=[^\s*])\*\*(?![\w*])")
# Emphasis opens before a word or a quote: "*.tmp", "COUNT(*)" and "(*)" are no emphasis.
_EMPHASIS = re.compile(
    r"(`[^`\n]{0,300}`)|(?<![\w*\\])\*(?=[\w\"“‘'])([^*\n]{1,300}?)(?<=[^\s*\\])\*(?![\w*])"
)
_LINK = re.compile(r"(!?)\[([^\[\]\n]{1,300})\]\(([^()\s]{1,2048})\)")


# The marks an encyclopedia or a footnoted export puts after a word ("shore.[1]", "[citation needed]",
# "[^2]"): quoted, they stood in the sentence as written. A number in brackets goes only right after
# a sentence's punctuation, and never inside code: "items[0]", "grid[0][1]", "rows()[0]" are code.
_REFERENCE_MARK = re.compile(
    r"(`[^`\n]{0,300}`)|(?<=[.,;:!?\"”’])(?:\[\d{1,3}\])++|"
    r"(?<=\S)\[(?:\^[^\]\s]{1,20}|citation needed|clarification needed|when\?|who\?|by whom\?)\](?!:)"
)


def without_inline_markup(text: str) -> str:
    """The text with its inline markup taken out, except in fenced code blocks ("SELECT *, COUNT(*)")."""
    pieces, last = [], 0
    for start, end in fenced_code_blocks(text):
        pieces += [_unmarked(text[last:start]), text[start:end]]
        last = end
    return "".join([*pieces, _unmarked(text[last:])])


def _unmarked(text: str) -> str:
    text = without_html(text)
    text = _LINK.sub(lambda link: link[2] if link[1] else f"{link[2]} ({link[3]})", text)
    text = _REFERENCE_MARK.sub(lambda mark: mark[1] or "", text)  # code spans as they are
    text = _STRONG.sub(r"\1", text)
    return _EMPHASIS.sub(lambda emphasis: emphasis[1] or emphasis[2], text)
