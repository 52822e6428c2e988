"""The HTML a Markdown writer mixes into the text, taken out of what the bot quotes.

"more than <b>20,000</b> stations.<br>" was quoted tags and all. A tag goes only where it cannot be
the text's own words: a known element's tag with attributes (`<p align="center">`), on a line of tags
alone (`<details>`), or beside its pair on the line (`<b>20,000</b>`); a lone "<b>" in "wrap it in
a <b> tag" is what an article about markup says, and "<file>" in "qabot add <file>" is no element.
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
    rf"|<(?P<closing>/?)(?P<name>{_ELEMENTS})(?P<attributes>\s[^<>\n]{{0,1000}})?/?>"
    r"|&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});",
    re.IGNORECASE,
)


def without_html(text: str) -> str:
    """The text without the HTML tags and entities it holds outside code spans."""
    return "\n".join(
        _line_without_html(line) if "<" in line or "&" in line else line for line in text.split("\n")
    )


def _line_without_html(line: str) -> str:
    found = list(_TAG.finditer(line))
    if not found:
        return line
    opened = {tag["name"].lower() for tag in found if tag["name"] and not tag["closing"]}
    closed = {tag["name"].lower() for tag in found if tag["name"] and tag["closing"]}
    pieces, at = [], 0
    for tag in found:
        pieces.append(line[at : tag.start()])
        at = tag.end()
    pieces.append(line[at:])
    only_tags = not "".join(piece for piece in pieces).strip()
    kept = [pieces[0]]
    for tag, after in zip(found, pieces[1:], strict=True):
        instead = _in_place_of(tag, opened, closed, only_tags, at_line_end=not after.strip())
        if instead == "\n":  # a line break inside the line: no space left at the end of the first
            kept[-1] = kept[-1].rstrip(" \t")
        kept += [instead, after]
    return "".join(kept)


def _in_place_of(
    tag: re.Match[str], opened: set[str], closed: set[str], only_tags: bool, at_line_end: bool
) -> str:
    if tag["code"] is not None:
        return tag[0]
    if tag["address"] is not None:
        linked, address = tag["linked"], tag["address"]
        return address if linked.strip() in ("", address) else f"{linked} ({address})"
    if tag["description"] is not None:
        return tag["description"]
    if tag["line_break"] is not None:
        return "" if at_line_end else "\n"
    name = tag["name"]
    if name is None:  # an entity
        return html.unescape(tag[0])
    pairs = opened if tag["closing"] else closed
    return "" if tag["attributes"] or only_tags or name.lower() in pairs else tag[0]
