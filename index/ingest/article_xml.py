"""trafilatura's XML of an article → its text: paragraphs and headings, tables row by row, lists as one
block of lines, code blocks fenced as written; without the lines that only link elsewhere or credit a
photo, and without pull quotes repeating the text.

A table's rows are lines, each a sentence of its own (`_table`): the answer to "What is the fire
department's budget?" is a row. A "Read more: <another headline>" line was kept as a
short paragraph and joined to the one before it, so a fifth of one site's answers ended in another
story's headline. A pull quote repeats a sentence of the article in a box: kept, it was attached to
whatever paragraph preceded it. A newsletter box made of `<div>`s reads as a paragraph to trafilatura;
its "Sign up for our weekly newsletter…" was quoted as the article (`scraped_text.calls_to_action`).
"""

from __future__ import annotations

import functools
import re
from xml.etree import ElementTree

from index.ingest.blocks import block_texts
from index.ingest.credits import is_credit, staff_credits, without_credit
from index.ingest.list_numbers import ListNumbers, numbered_lines
from index.ingest.scraped_text import calls_to_action
from index.ingest.xml_tables import one_column_layout, table_lines
from index.ingest.xml_words import words_of

__all__ = ["article_text"]

# trafilatura's XML: paragraphs, headings, list items and quotes.
_BLOCKS = frozenset({"p", "head", "item", "quote", "list"})
_INLINE = frozenset({"ref", "hi", "lb"})
# Where a `<code>` is a word or two of a sentence; anywhere else it is a block of code (`<pre>`).
_HOLDING_TEXT = frozenset({"p", "head", "item", "cell", "hi", "ref", "quote", "code"})
_CODE_BLOCK = "qabot-code-block"
_LAYOUT = "qabot-layout"
# A line that is mostly a link, with at most this much else ("Read more: ", "See also –"), only points
# away; "<a>Maria Smith</a> won the election." is a sentence.
LINK_LINE_OTHER_CHARS = 24
LINK_LINE_SHARE = 0.6
# A block of at most this many characters, most of whose word runs the article says elsewhere in a
# longer block, is a repeat (a pull quote).
REPEAT_MAX_CHARS = 400
REPEAT_SHARE = 0.8
_RUN = 4  # words
MAX_NOTE_DIGITS = 3  # a footnote's number, linked to its note on the page
# A link that reads "[1]", "[a]" or "[note 3]" marks a reference; "[PDF]" and "[video]" say what it is.
_MARK = re.compile(r"\[(?:\d{1,3}|[a-z]{1,2}|(?:note|nb|n)\.? ?\d{1,3})\]")
# Paragraphs of the page around the article, as sites write them: a print edition's note, a source
# or copyright line, an affiliate disclosure, a bio ending "More about Jane Doe", a pointer's label
# left without its link ("Lire aussi :"), a paywall's notice in the languages of news sites.
_NOT_ARTICLE = re.compile(
    r"a version of this (?:article|story) appear(?:s|ed) in print\b[^\n]{0,400}"
    r"|(?:source|sources|quelle|fuente|fonte)s?\s?:\s?[^\n]{1,80}(?<![.!?])"
    r"|©\s?[^\n]{1,120}"
    r"|this (?:post|article|page|story) (?:may )?contains? affiliate links\b[^\n]{0,300}"
    r"|[^\n]{0,400}(?-i:\bMore about (?:[A-Z][\w’'-]*\s?){1,5})"
    r"|(?:read (?:also|more)|see also|related|(?:à )?lire aussi|voir aussi|lesen sie auch|mehr zum thema|"
    r"le(?:e|er) también|te puede interesar|leggi anche)\s?[:—–-]?"
    # Subscribers to the site, on a notice about reading on: a stand "reserved for season-ticket
    # holders" ("reservada para abonados") is sports news.
    r"|(?=[^\n]{0,400}\b(?:article|artículo|articolo|artikel|lire|leer|leggere|lesen|la suite|contenido|"
    r"contenuto|noticia)\b)[^\n]{0,200}\b(?:réservée? aux abonnés|reservad[oa] (?:para|a) (?:suscriptores|"
    r"abonados)|nur für abonnenten|riservat[oa] agli abbonati|alleen voor abonnees)\b[^\n]{0,200}",
    re.IGNORECASE,
)
_WORD = re.compile(r"\w+")
_LETTER_OR_DIGIT = re.compile(r"[^\W_]")


_PERMALINKS = ("¶", "[edit]", "[ edit ]")
# An ad slot's label, which trafilatura keeps as a paragraph between the article's own.
_AD_LABEL = re.compile(
    r"(?:advertisements?|anzeige|publicité|publicidad|pubblicità)"
    r"(?: ?[-–—:·] ?(?:scroll|continue|story continues)[^\n]{0,40})?"
    r"|(?:story|article) continues below(?: this)? (?:advertisement|ad)|skip advertisement",
    re.IGNORECASE,
)


def article_text(xml: str, list_numbers: ListNumbers | None = None) -> str:
    """The article's blocks as paragraphs separated by blank lines; headings become `## …`;
    `list_numbers`: the page's ordered lists numbered otherwise than from 1."""
    root = ElementTree.fromstring(xml)
    notes = _footnote_marks(root)
    for link in root.iter("ref"):
        # "Germany.[1]": a reference mark; a tweet's "pic.twitter.com/…": its picture's link. No words.
        text = words_of(link)
        if id(link) in notes or _MARK.fullmatch(text) or text.startswith("pic.twitter.com/"):
            link.text = None
            for inner in list(link):
                link.remove(inner)
    for parent in root.iter():
        for child in parent:
            if child.tag == "code" and parent.tag not in _HOLDING_TEXT:  # `<pre><code>`: a block
                child.set(_CODE_BLOCK, "")
        if parent.tag == "table" and one_column_layout(parent):
            parent.set(_LAYOUT, "")
            for cell in (cell for row in parent for cell in row):
                cell.tag = "p"  # its text a paragraph, and the paragraphs in it each their own
    main = root.find("main")
    blocks = block_texts(
        main if main is not None else root,
        _BLOCKS,
        frozenset({"head"}),
        frozenset(),
        functools.partial(_rendered_whole, list_numbers=list_numbers or {}),
    )
    blocks = [
        _without_permalink(block) if block.startswith("#") else block for block in _without_repeats(blocks)
    ]
    return "\n\n".join(blocks) + "\n" if blocks else ""


def _footnote_marks(root: ElementTree.Element) -> set[int]:
    """The links (by `id`) that are a footnote's number: raised against the word before it and linked
    to its note on the page ("average.<sup><a href='#fn1'>1</a></sup>", read as "average.1"); not
    "Table <a href='#table-2'>2</a>", a reference the sentence makes."""
    marks = set()
    for parent in root.iter():
        before = parent.text or ""
        for child in parent:
            number = child.text or ""
            glued = before[-1:].strip() != "" and before[-1:] not in "([{"  # "(12)" is a citation
            in_page = child.get("target", "").startswith("#")
            if (
                child.tag == "ref"
                and glued
                and in_page
                and number.isdigit()
                and len(number) <= MAX_NOTE_DIGITS
            ):
                marks.add(id(child))
            before = child.tail or ""
    return marks


def _without_permalink(heading: str) -> str:
    """A heading without the link to itself that docs and wikis end it with: Sphinx's "¶", a saved
    Wikipedia page's "[edit]"."""
    for mark in _PERMALINKS:
        heading = heading.removesuffix(mark).rstrip()
    return heading


def _rendered_whole(element: ElementTree.Element, list_numbers: ListNumbers) -> str | None:
    tag = element.tag
    if tag == "code" and element.get(_CODE_BLOCK) is not None:  # as written, lines and all
        code = "".join(element.itertext()).strip("\n")
        return f"```\n{code}\n```" if code.strip() else ""
    if tag == "table":  # a newsletter's layout is read as its paragraphs
        return None if element.get(_LAYOUT) is not None else table_lines(element)
    if tag == "list" and element.get("rend") == "ol" and all(_item_of_paragraphs(c) for c in element):
        # Steps keep their numbers ("What is step 4?"), written as paragraphs or not.
        # Not an item that only links elsewhere ("Most read" written as paragraphs), nor a sign-up box.
        shown = [not all(_points_away(p) for p in item) for item in element]
        return numbered_lines([" ".join(words_of(p) for p in item) for item in element], list_numbers, shown)
    if tag == "list" and all(child.tag == "item" and _is_leaf(child) for child in element):
        if element.get("rend") == "dl":  # terms and their descriptions: "- Venue: Lindqvist Theatre"
            return _definitions(element)
        # Not an item that only links elsewhere: a "More on this story" list under the article.
        if element.get("rend") == "ol":
            shown = [not _only_links(item) for item in element]
            return numbered_lines([words_of(item) for item in element], list_numbers, shown)
        items = [text for item in element if not _only_links(item) and (text := words_of(item))]
        return "\n".join(f"- {item}" for item in items)
    if tag in ("p", "item") and _is_leaf(element) and (_only_links(element) or is_credit(words_of(element))):
        return ""
    if tag == "p" and len(element) == 0 and _AD_LABEL.fullmatch(words_of(element)):  # a bold one heads
        return ""
    if tag == "p" and _is_leaf(element) and staff_credits(words_of(element)):
        return ""
    if tag in ("p", "head") and _is_leaf(element) and _NOT_ARTICLE.fullmatch(words_of(element)):
        return ""
    if tag == "p" and _is_leaf(element) and not _LETTER_OR_DIGIT.search(words_of(element)):
        return ""  # a rule typed as a paragraph ("___", "* * *"): nothing to quote
    if tag in ("p", "head") and _is_leaf(element) and calls_to_action(words_of(element)):
        return ""  # a newsletter box the page built of <div>s, a paywall's notice: trafilatura keeps them
    if tag == "p" and all(child.tag in ("ref", "hi") for child in element):  # no line breaks to keep
        return without_credit(words_of(element))
    return None


def _definitions(element: ElementTree.Element) -> str:
    lines: list[str] = []
    term = ""
    for item in element:
        text = words_of(item)
        if (item.get("rend") or "").startswith("dt"):
            if term:
                lines.append(f"- {term}")
            term = text
        elif text:
            lines.append(f"- {term}: {text}" if term else f"- {text}")
            term = ""
    if term:
        lines.append(f"- {term}")
    return "\n".join(lines)


def _points_away(paragraph: ElementTree.Element) -> bool:
    return _only_links(paragraph) or calls_to_action(words_of(paragraph))


def _item_of_paragraphs(item: ElementTree.Element) -> bool:
    """An `<li>` written as paragraphs (`<li><p>…</p><p>…</p></li>`), nothing else in it."""
    return (
        item.tag == "item"
        and len(item) > 0
        and not (item.text or "").strip()
        and all(child.tag == "p" and _is_leaf(child) and not (child.tail or "").strip() for child in item)
    )


def _is_leaf(element: ElementTree.Element) -> bool:
    """Holds text and inline markup only: reading its text is bounded by its own size."""
    return all(child.tag in _INLINE for child in element)


def _only_links(element: ElementTree.Element) -> bool:
    linked = sum(len(words_of(ref)) for ref in element if ref.tag == "ref")
    total = len(words_of(element))
    return linked > 0 and total - linked <= LINK_LINE_OTHER_CHARS and linked >= LINK_LINE_SHARE * total


def _without_repeats(blocks: list[str]) -> list[str]:
    """The blocks without short ones whose word runs are mostly in a longer block (one pass each)."""
    longest: dict[tuple[str, ...], int] = {}  # word run -> the longest block holding it
    runs_of = []
    for block in blocks:
        words = _WORD.findall(block.lower())
        runs = {tuple(words[i : i + _RUN]) for i in range(len(words) - _RUN + 1)}
        runs_of.append(runs)
        for run in runs:
            longest[run] = max(longest.get(run, 0), len(block))
    kept = []
    for block, runs in zip(blocks, runs_of, strict=True):
        if runs and len(block) <= REPEAT_MAX_CHARS and not block.startswith("## ") and "\n" not in block:
            elsewhere = sum(1 for run in runs if longest[run] > len(block))
            if elsewhere >= REPEAT_SHARE * len(runs):
                continue
        kept.append(block)
    return kept
