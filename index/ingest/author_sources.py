"""Whether the people trafilatura credits a page to are the page's authors.

Where a page's metadata names no author, trafilatura takes the text of any element whose class holds
"author": a Wikipedia article was credited to "Authority control databases Germany" (a navigation box
under every article), an obituary to a mourner who signed its guest book ("GuestbookEntry__author").
A person is kept when the page's metadata (its `<meta>` tags, its JSON-LD) names them, or when the
page shows their name above the article's first paragraphs, where bylines stand, or after "by"
anywhere ("Posted by Mary Jones" under a blog's post); one named only further down, without it, is
someone the article is about, or who answered it.

trafilatura also drops the periods of initials ("Bart H Meijer"); a name is spelt as the page shows it
("Bart H. Meijer", "J.R.R. Tolkien").
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from index.ingest.bylines import ADDRESS, MIN_NAME_WORDS

if TYPE_CHECKING:
    from lxml.html import HtmlElement

__all__ = ["credited_on_the_page"]

_WORD = re.compile(r"\w+")
_INITIAL = re.compile(r"\b([A-Z])\b(?!\.)(?=\s+\w)")  # not a last one: "Malcolm X." ends a sentence
_SPACED_INITIALS = re.compile(r"(?<=\b[A-Z]\.) (?=[A-Z]\.)")
_NOT_SHOWN = frozenset({"script", "style", "noscript", "template", "head", "title"})
ADDRESSES_READ = 20
BYLINE_BEFORE_PARAGRAPH = 3  # a byline may follow a standfirst and a picture's caption
_OPENING_WORDS = 8  # of a paragraph, to find it on the page


def credited_on_the_page(tree: HtmlElement, author: str, body: str) -> str | None:
    """The people of `author` ("A; B") whom the page credits (see the module's docstring), or None."""
    shown_text = " ".join(_shown_texts(tree))
    addresses = _address_words(shown_text)  # once a page, not once a person
    people = [_without_address(person.strip(), addresses) for person in author.split(";") if person.strip()]
    in_metadata = set(_words(_metadata_text(tree)))
    shown = f" {' '.join(_words(shown_text))} "  # padded: names match whole words
    byline_area = _byline_area_end(shown, body)
    kept = [
        person
        for person in people
        if set(_words(person)) <= in_metadata
        or byline_area is None
        or -1 < shown.find(f" {' '.join(_words(person))} ") < byline_area
        or f" by {' '.join(_words(person))} " in shown  # "Posted by Mary Jones" under a blog's post
    ]
    if any(_INITIAL.search(person) for person in kept):
        spelt = " ".join(shown_text.split())
        kept = [_initials_as_shown(person, spelt) for person in kept]
    return "; ".join(kept) or None


def _without_address(person: str, addresses: list[tuple[str, ...]]) -> str:
    """ "Jane Doe jane doe com" → "Jane Doe": trafilatura made words of the e-mail address the byline
    shows beside the name ("Jane Doe Com" from a `mailto:` link and the address after it); `addresses`:
    the words of each address the page shows."""
    words = person.split()
    # The address's ending, after one of its words: not the "Es" of "Marieke van Es" on a page
    # showing "redactie@krant.es".
    ending = [address for address in addresses if address[-1] == words[-1].casefold()]
    if len(words) > MIN_NAME_WORDS and any(words[-2].casefold() in address for address in ending):
        words.pop()
        while len(words) > MIN_NAME_WORDS and words[-1].islower():
            words.pop()
    return " ".join(words)


def _address_words(shown: str) -> list[tuple[str, ...]]:
    """The words of the e-mail addresses the page shows ("jane", "doe", "example", "com"), read around
    the first few "@"s alone: the pattern tried at every position of a long page costs 64 steps a
    character."""
    addresses: list[tuple[str, ...]] = []
    at = shown.find("@")
    for _ in range(ADDRESSES_READ):
        if at < 0:
            break
        around = ADDRESS.search(shown, max(0, at - 64), at + 320)
        if around is not None:
            addresses.append(tuple(_WORD.findall(around.group().casefold())))
        at = shown.find("@", at + 1)
    return addresses


def _initials_as_shown(person: str, shown: str) -> str:
    """`person` with the periods of their initials, where the page shows the name with them."""
    dotted = _INITIAL.sub(r"\1.", person)
    for spelling in (dotted, _SPACED_INITIALS.sub("", dotted)):
        if spelling in shown:
            return spelling
    return person


def _words(text: str) -> list[str]:
    return _WORD.findall(text.casefold())


def _metadata_text(tree: HtmlElement) -> str:
    contents = [str(meta.get("content") or "") for meta in tree.iter("meta")]
    scripts = [
        script.text or ""
        for script in tree.iter("script")
        if str(script.get("type") or "").strip().lower() == "application/ld+json"
    ]
    return " ".join(contents + scripts)


def _shown_texts(tree: HtmlElement) -> list[str]:
    """The page's text as a reader sees it, in order (one walk; what is never shown is left out)."""
    texts: list[str] = []
    stack = [tree.getroot() if hasattr(tree, "getroot") else tree]
    while stack:
        element = stack.pop()
        if isinstance(element, str):  # a tail, pushed after its element's children
            texts.append(element)
            continue
        hidden = not isinstance(element.tag, str) or element.tag in _NOT_SHOWN
        if element.tail:
            stack.append(element.tail)
        if hidden:
            continue
        if element.text:
            texts.append(element.text)
        stack.extend(reversed(list(element)))
    return texts


def _byline_area_end(shown: str, body: str) -> int | None:
    """Where the page's text reaches the end of the article's `BYLINE_BEFORE_PARAGRAPH`th paragraph;
    None when the article's paragraphs cannot be found on the page (nothing is then ruled out)."""
    paragraphs = [block for block in body.split("\n\n") if block.strip() and not block.startswith("#")]
    if not paragraphs:
        return None
    last = paragraphs[:BYLINE_BEFORE_PARAGRAPH][-1]
    opening = " ".join(_words(last)[:_OPENING_WORDS])
    at = shown.find(opening) if opening else -1
    return None if at < 0 else at + len(" ".join(_words(last)))
