"""Markdown's inline markup taken out of the text the bot quotes: `**bold**`, `*italics*`, links and
images, reference marks ("[1]", "[^2]", "[citation needed]"), and the HTML that Markdown lets a writer
mix in (`<b>`, `<br>`, `<a href>`, `&amp;`).

Quotes are verbatim slices of the stored text, and both front ends show them as text: an interview's
questions in bold reached Telegram as `**How does a coral nursery work?**`, and Discord escaped the
asterisks inside its own bold. Only markup that cannot be anything else goes: bold is a pair of `**`
in one paragraph, each against a word on its inside and not on its outside (`2**10`, `f(**kwargs)` and
`x**2 + y**2` stay), italics likewise with one `*`, and never inside a code span; a link keeps its
address after its text (not a relative one no chat reader can open), and an image its description.
In Markdown only (`without_inline_markup(markdown=True)`), underscores as emphasis go too, against a
word inside and none outside (`snake_case` stays), and so do escapes, badges, references, autolinks,
HTML (`markdown_html`) and Obsidian's wiki links, highlights and comments; emoji codes show their
emoji. Headings and list markers stay: passages are cut by them.
"""

from __future__ import annotations

import functools
import re

import emoji

from index.ingest.markdown_blocks import UNDESCRIBED_PICTURE, outside_code
from index.ingest.markdown_html import without_html

__all__ = ["without_inline_markup", "without_reference_marks"]

# Linear: each try scans at most a bounded stretch that cannot hold the next try's opening (a
# bracket, or `*`), so no character is read by more than a few tries.
# Emphasis may run over a line's end, not over a blank line: "**never\nleave the gate open**".
_IN_STARS = r"(?:[^*\n]|\n(?![ \t]*\n))"
_STRONG = re.compile(rf"(?<![\w*])\*\*(?=[^\s*])({_IN_STARS}{{1,300}}?)(?<=[^\s*])\*\*(?![\w*])")
# Emphasis opens before a word or a quote: "*.tmp", "COUNT(*)" and "(*)" are no emphasis.
_EMPHASIS = re.compile(
    rf"(`[^`\n]{{0,300}}`)|(?<![\w*\\])\*(?=[\w\"“‘'])({_IN_STARS}{{1,300}}?)(?<=[^\s*\\])\*(?![\w*])"
)
# A link's address may be followed by a title in quotes: `[guide](https://x.org "The guide")`.
# An address may hold one pair of brackets: `https://en.wikipedia.org/wiki/Odesa_(city)`.
_LINK = re.compile(
    r"(!?)\[([^\[\]\n]{1,300})\]\(((?:[^()\s]|\([^()\s]{0,300}\)){1,2048})(?:[ \t]+\"[^\"\n]{0,300}\")?\)"
)
_HEADING_LINE = re.compile(r"^#{1,6} [^\n]*", re.MULTILINE)
# A pasted picture's bytes in its address (Typora, Obsidian, pandoc's --self-contained): "data:" alone
# is left, so the picture reads as its description; a 40 KB picture was 58 passages of base64.
_DATA_ADDRESS = re.compile(
    r"(?:(?<=\]\()|(?<=src=\")|(?<=src='))data:[\w/+.-]{0,100}(?:;[\w=.+-]{0,100}){0,5},[A-Za-z0-9+/=%_.~-]+"
)
_BOLD_ITALICS = re.compile(rf"(?<![\w*])\*\*\*(?=[^\s*])({_IN_STARS}{{1,300}}?)(?<=[^\s*])\*\*\*(?![\w*])")

# Markdown only (not plain text, whose characters are all its words):
# a badge or logo that links somewhere (`[![Build Status](…svg)](…)`), an image without a description,
# and an image or a link given by reference (`[text][1]`, `![][image1]`; `markdown_blocks` drops the
# definitions).
_LINKED_IMAGE = re.compile(UNDESCRIBED_PICTURE)
# Not "shore.[1][2]" (reference marks) nor "grid[0][1]" (code).
_BY_REFERENCE = re.compile(
    r"(`[^`\n]{0,300}`)|(?<![\w\]])(!?)\[(?!\d{1,3}\])([^\[\]\n]{0,300})\]\[[^\[\]\n]{0,100}\]"
)
# `<https://example.org>`, `<hello@example.org>`: the address without its brackets.
_AUTOLINK = re.compile(r"<((?:https?|ftp)://[^<>\s]{1,2048}|(?:mailto:)?[^<>\s@]{1,64}@[^<>\s@]{1,255})>")
# A backslash before punctuation shows the punctuation ("1\.", "\_id"); one ending a line breaks it.
_ESCAPE = re.compile(r"(`[^`\n]{0,300}`)|\\([!-/:-@\[-`{-~])|\\$", re.MULTILINE)
# Underscores as emphasis, against a word on the inside and none on the outside: `snake_case` stays.
_UNDERSCORES = re.compile(
    r"(`[^`\n]{0,300}`)|(?<![\w_\\])(__?)(?=[^\s_])([^_\n]{1,300}?)(?<=[^\s_\\])\2(?![\w_])"
)

# Obsidian's: a wiki link (`[[Carbon ratio|the carbon ratio]]`, `[[Page#Section]]`) shows its text or
# its page's name, an embedded note or picture (`![[diagram.png]]`) nothing a chat can show; a
# highlight (`==keep it moist==`) its text; a comment (`%% private %%`, over lines too) nothing.
_WIKI_LINK = re.compile(r"(!?)\[\[([^\[\]\n|#]{0,300})(?:#[^\[\]\n|]{0,300})?(?:\|([^\[\]\n]{1,300}))?\]\]")
_HIGHLIGHT = re.compile(r"(`[^`\n]{0,300}`)|(?<![=\w])==(?=[^\s=])([^=\n]{1,300}?)(?<=[^\s=])==(?![=\w])")
# A comment's marks stand apart from the words: "5%% in 2020 and 7%%" and "%%i" are no comment.
_COMMENT = re.compile(r"(?<![^\s(])%%[^%]{0,10000}%%(?![^\s.,;:!?)])")
# GitHub's emoji codes (`:tada:`) as the emoji they show; codes it has no emoji for stay as written.
# Apart from other words and numbers, as GitHub reads them: "1:100:1" and "3c:ab:8e" stay.
_EMOJI_CODE = re.compile(r"(`[^`\n]{0,300}`)|(?<![\w:]):[\w+-]{1,60}:(?![\w:])")

# The marks an encyclopedia or a footnoted export puts after a word ("shore.[1]", "[citation needed]",
# "[^2]"): quoted, they stood in the sentence as written. A number in brackets goes only right after
# a sentence's punctuation, and never inside code: "items[0]", "grid[0][1]", "rows()[0]" are code.
_REFERENCE_MARK = re.compile(
    r"(`[^`\n]{0,300}`)|(?<=[.,;:!?\"”’])(?:\[\d{1,3}\])++|"
    r"(?<=\S)\[(?:\^[^\]\s]{1,20}|citation needed|clarification needed|when\?|who\?|by whom\?)\](?!:)"
)


def without_inline_markup(text: str, *, markdown: bool = True) -> str:
    """The text with its inline markup taken out, except in code blocks ("SELECT *, COUNT(*)").
    `markdown`: the text is Markdown, not plain text, whose characters are all its words: HTML,
    escapes, linked or referenced images and links, autolinks and underscores are read as Markdown."""
    return outside_code(text, markdown, _unmarked)


def without_reference_marks(text: str) -> str:
    """The text without an encyclopedia's reference marks ("shore.[1]", "[citation needed]")."""
    return _REFERENCE_MARK.sub(lambda mark: mark[1] or "", text)


def _unmarked(text: str, markdown: bool) -> str:
    if markdown:  # HTML and references first: their text may hold emphasis
        text = _DATA_ADDRESS.sub("data:", text)
        text = _WIKI_LINK.sub(lambda link: "" if link[1] else (link[3] or link[2]), _COMMENT.sub("", text))
        text = _BY_REFERENCE.sub(lambda link: link[1] or link[3], _LINKED_IMAGE.sub("", without_html(text)))
        text = _AUTOLINK.sub(r"\1", text)
        text = _HIGHLIGHT.sub(lambda mark: mark[1] or mark[2], text)
        text = _EMOJI_CODE.sub(lambda code: code[1] or _emoji_codes().get(code[0], code[0]), text)
    # A heading's link keeps its text alone: "# [Seed Swap](https://…)" titles the document.
    text = _HEADING_LINE.sub(lambda heading: _LINK.sub(lambda link: link[2], heading[0]), text)
    text = _LINK.sub(lambda link: link[2] if link[1] else _linked(link[2], link[3]), text)
    text = without_reference_marks(text)
    text = _STRONG.sub(r"\1", _BOLD_ITALICS.sub(r"\1", text))
    text = _EMPHASIS.sub(lambda emphasis: emphasis[1] or emphasis[2], text)
    if markdown:  # escapes last: an escaped "*" or "_" is no emphasis
        text = _UNDERSCORES.sub(lambda emphasis: emphasis[1] or emphasis[3], text)
        text = _ESCAPE.sub(lambda escape: escape[1] or escape[2] or "", text)
    return text


@functools.cache
def _emoji_codes() -> dict[str, str]:
    """`:tada:` → 🎉, for every name and alias the emoji package knows (GitHub's among them)."""
    codes: dict[str, str] = {}
    for shown, names in emoji.EMOJI_DATA.items():
        for code in (names["en"], *names.get("alias", ())):
            codes.setdefault(code, shown)
    return codes


def _linked(text: str, address: str) -> str:
    """A link as it reads in chat: its text, then its address if a reader could open it there (not
    "#installation" or "CONTRIBUTING.md", which point inside the site the text came from)."""
    if "://" not in address and not address.startswith("mailto:"):
        return text
    return address if text.strip() == address else f"{text} ({address})"
