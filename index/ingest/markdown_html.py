"""The HTML a Markdown writer mixes into the text, taken out of what the bot quotes.

"more than <b>20,000</b> stations.<br>" was quoted tags and all. Markdown shows a known element's
tag as markup, never as text (an article about markup writes "<b>" in a code span, or as `&lt;b&gt;`),
so the tags go and their text stays; "<file>" in "qabot add <file>" is no element and stays. A plain
text file is not Markdown: its "<b>" is its words (`documents.parse_bytes` reads .txt without this).
`<a href>` keeps its address after its text, as a Markdown link does; `<img>` keeps its description;
`<br>` breaks the line; entities (`&amp;`) are written out. Code spans stay as written. A heading
written over lines (a README's `<h1 align="center">`, its logo, its name, `</h1>`) is one heading line
of its text, without the logo's description where it has text of its own.
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


_OPENING_HEADING = re.compile(r"[ \t]*<h([1-6])(?:\s[^<>\n]{0,1000})?>[ \t]*", re.IGNORECASE)
_CLOSING_HEADING = re.compile(r"</h([1-6])\s*>", re.IGNORECASE)
_HEADING_LINES = 6  # a logo, a line break, a name: a heading is a few lines at most
_IMAGE = re.compile(r"<img\s[^<>\n]{0,2000}>", re.IGNORECASE)


def without_html(text: str) -> str:
    """The text without the HTML tags and entities it holds outside code spans."""
    lines = text.split("\n")
    kept = []
    at = 0
    while at < len(lines):
        line = lines[at]
        heading = _heading_over_lines(lines, at) if "<" in line else None
        if heading is not None:
            kept.append(heading[0])
            at = heading[1]
            continue
        kept.append(_line_without_html(line) if "<" in line or "&" in line else line)
        at += 1
    return "\n".join(kept)


def _heading_over_lines(lines: list[str], at: int) -> tuple[str, int] | None:
    """A heading whose tags stand on lines of their own, as one `#` line, and the line after it."""
    opening = _OPENING_HEADING.fullmatch(lines[at])
    if opening is None:
        return None
    for end in range(at + 1, min(at + 1 + _HEADING_LINES, len(lines))):
        closing = next((tag for tag in _CLOSING_HEADING.finditer(lines[end]) if tag[1] == opening[1]), None)
        if closing is not None:
            inside = [*lines[at + 1 : end], lines[end][: closing.start()]]
            words = " ".join(_line_without_html(_IMAGE.sub("", line)) for line in inside).split()
            words = words or " ".join(_line_without_html(line) for line in inside).split()
            return ("#" * int(opening[1]) + " " + " ".join(words), end + 1) if words else None
    return None


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
