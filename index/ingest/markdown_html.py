"""The HTML a Markdown writer mixes into the text, taken out of what the bot quotes.

"more than <b>20,000</b> stations.<br>" was quoted tags and all. Markdown shows a known element's
tag as markup, never as text (an article about markup writes "<b>" in a code span, or as `&lt;b&gt;`),
so the tags go and their text stays; "<file>" in "qabot add <file>" is no element and stays. A plain
text file is not Markdown: its "<b>" is its words (`documents.parse_bytes` reads .txt without this).
`<a href>` keeps its address after its text, as a Markdown link does; `<img>` keeps its description;
`<br>` breaks the line; entities (`&amp;`) are written out. Code spans stay as written.
"""

from __future__ import annotations

import html
import re

__all__ = ["without_html"]

# Elements whose tags go and whose text stays: phrasing, and the blocks a README wraps around its
# text; table cells are not among them (their texts would run together).
_ELEMENTS = (
    "abbr|article|aside|b|bdi|bdo|big|blockquote|center|cite|code|dd|del|details|dfn|div|dl|dt|em|"
    "figcaption|figure|font|footer|h[1-6]|header|hr|i|ins|kbd|li|main|mark|nav|nobr|ol|p|picture|q|s|"
    "samp|section|small|source|span|strike|strong|sub|summary|sup|time|tt|u|ul|var|wbr|a|img"
)
# Each try reads at most a tag's bounded attributes and stops at the next "<", so no character is
# read by more than a few tries; code spans are matched first, and kept.
_TAG = re.compile(
    r"(?P<code>`[^`\n]{0,300}`)"
    r"|<a\s[^<>\n]{0,1000}?href=[\"'](?P<address>[^\"'<>\s]{1,2048})[\"'][^<>\n]{0,1000}>"
    r"(?P<linked>[^<\n]{0,300})</a>"
    r"|<img\s[^<>\n]{0,1000}?alt=[\"'](?P<description>[^\"'<>\n]{0,300})[\"'][^<>\n]{0,1000}>"
    r"|(?P<line_break><br(?:\s[^<>\n]{0,1000})?/?>)[ \t]*"
    rf"|<(?P<closing>/?)(?P<name>{_ELEMENTS})(?:\s[^<>\n]{{0,1000}})?/?>"
    r"|&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});",
    re.IGNORECASE,
)


def without_html(text: str) -> str:
    """The text without the HTML tags and entities it holds outside code spans."""
    return "\n".join(
        _line_without_html(line) if "<" in line or "&" in line else line for line in text.split("\n")
    )


def _line_without_html(line: str) -> str:
    pieces, at, text_ends, text_before = [], 0, len(line.rstrip()), False
    for tag in _TAG.finditer(line):
        before = line[at : tag.start()]
        text_before = text_before or bool(before.strip())
        instead = _in_place_of(tag, at_line_end=tag.end() >= text_ends)
        if _opens_heading(tag) and not text_before:  # a README's `<h1 align="center">`: its title
            instead = "#" * int(tag["name"][1]) + " "
        pieces += [before.rstrip(" \t") if instead == "\n" else before, instead]
        text_before = text_before or bool(instead.strip())
        at = tag.end()
    pieces.append(line[at:])
    return "".join(pieces)


def _opens_heading(tag: re.Match[str]) -> bool:
    name = tag["name"]
    return (
        name is not None and not tag["closing"] and len(name) == 2 and name[0] in "hH" and name[1].isdigit()
    )


def _in_place_of(tag: re.Match[str], at_line_end: bool) -> str:
    if tag["code"] is not None:
        return tag[0]
    if tag["address"] is not None:
        linked, address = tag["linked"], tag["address"]
        return address if linked.strip() in ("", address) else f"{linked} ({address})"
    if tag["description"] is not None:
        return tag["description"]
    if tag["line_break"] is not None:
        return "" if at_line_end else "\n"
    return html.unescape(tag[0]) if tag["name"] is None else ""  # an entity, or a tag
