"""An HTML article's first blocks: the byline and date lines there, read, then taken out of the text
the bot quotes ("Words by Chiara Benedetti", "27 February 2024", BBC's "BBC Scotland News, Kirkwall").
The attribution shows them; as text they began the first passage."""

from __future__ import annotations

from itertools import islice
from typing import TYPE_CHECKING

from index.ingest.bylines import (
    MIN_NAME_WORDS,
    NAME_PARTICLES,
    NAME_WORD,
    ROLE_WORDS,
    Byline,
    date_line,
    date_remnant,
    read_byline,
)
from index.ingest.page_metadata import (
    BYLINE_ELEMENTS_READ,
    BYLINES,
    MAX_DATE_WORDS,
    before_publisher,
)

if TYPE_CHECKING:
    from lxml.html import HtmlElement

__all__ = ["byline_lines", "split_byline"]

TOP_BLOCKS = 4  # where an HTML article's body may start with its byline and date
MAX_NAME_WORDS = 4  # a byline element's line that is a person's name alone
MAX_DESK_CHARS = 60
MAX_PLACE_WORDS = 3
MAX_BYLINE_ELEMENT_CHARS = 300


def byline_lines(tree: HtmlElement) -> frozenset[str]:
    """The lines of the page's byline elements: BBC's sets the name and its desk without a "By"
    ("Kirsty Macleod", "BBC Scotland News, Kirkwall"), so no line reads as a byline."""
    lines: set[str] = set()
    for element in tree.xpath(BYLINES)[:BYLINE_ELEMENTS_READ]:
        texts = [" ".join(text.split()) for text in islice(element.itertext(), MAX_DATE_WORDS)]
        # Not an element a theme wraps around the story too ("byline-and-body"): its lines are quoted.
        if sum(len(text) for text in texts) <= MAX_BYLINE_ELEMENT_CHARS:
            lines.update(text for text in texts if len(text) > 1 and not text.endswith((".", "!", "?")))
    return frozenset(lines)


def split_byline(
    body: str,
    shown_lines: frozenset[str] = frozenset(),
    publisher: str | None = None,
    language: str | None = None,
) -> tuple[Byline | None, str]:
    """The byline among the article's first blocks (for a page whose markup names no author), and the
    article without its byline and date lines ("Words by Chiara Benedetti", "27 February 2024"), the
    lines of its byline element (`shown_lines`) and its publisher's desk ("BBC Scotland News,
    Kirkwall"): the attribution shows them, and as text they began the first passage. A kicker or
    headline stays. `language`: the page's, for a byline written in it ("Por …", "Par …")."""
    blocks = body.split("\n\n", TOP_BLOCKS)
    byline, top = None, []
    for block in blocks[:TOP_BLOCKS]:
        read = None if block.startswith("#") else read_byline(block, language)
        if read is None and block in shown_lines and _only_a_name(block, publisher):
            read = Byline(block, None)
        byline = byline or read
        chrome = block in shown_lines or _desk_line(block, publisher)
        if block.startswith("#") or not (read or chrome or date_line(block) or date_remnant(block)):
            top.append(block)
    if len(top) == min(len(blocks), TOP_BLOCKS):
        return byline, body
    return byline, "\n\n".join([*top, *blocks[TOP_BLOCKS:]])


def _only_a_name(line: str, publisher: str | None) -> bool:
    words = line.split()
    return (
        MIN_NAME_WORDS <= len(words) <= MAX_NAME_WORDS
        and all(NAME_WORD.fullmatch(word) or word in NAME_PARTICLES for word in words)
        and before_publisher(line, publisher) == line
        and not any(word.casefold() in ROLE_WORDS for word in words)
    )


def _desk_line(block: str, publisher: str | None) -> bool:
    """ "BBC Scotland News, Kirkwall" under a BBC News headline: the publisher's desk, then a comma and
    where it wrote from; every word capitalised ("The Guardian view on storms" is a headline)."""
    if not publisher or len(block) > MAX_DESK_CHARS or block.count(",") != 1:
        return False
    desk, place = (part.split() for part in block.split(","))
    named = {word for word in publisher.split() if word[:1].isupper()} - {"The"}
    return (
        bool(desk)
        and desk[0] in named
        and len(named.intersection(desk)) >= min(2, len(named))
        and 1 <= len(place) <= MAX_PLACE_WORDS
        and all(NAME_WORD.fullmatch(word) for word in desk + place)
    )
