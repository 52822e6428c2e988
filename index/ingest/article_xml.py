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
from collections.abc import Iterator
from xml.etree import ElementTree

from index.ingest.blocks import block_texts
from index.ingest.credits import is_credit, staff_credits, without_credit
from index.ingest.list_numbers import ListNumbers, numbered_lines
from index.ingest.scraped_text import calls_to_action

__all__ = ["article_text"]

# trafilatura's XML: paragraphs, headings, list items and quotes.
_BLOCKS = frozenset({"p", "head", "item", "quote", "list"})
_INLINE = frozenset({"ref", "hi", "lb"})
# Where a `<code>` is a word or two of a sentence; anywhere else it is a block of code (`<pre>`).
_HOLDING_TEXT = frozenset({"p", "head", "item", "cell", "hi", "ref", "quote", "code"})
_CODE_BLOCK = "qabot-code-block"
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
NAMED_GROWTH = 3  # a table's text with its column names, at most, to its text without
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
_APART = frozenset({"lb", "p", "head", "item", "list", "quote", "row", "cell"})
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
        text = _words(link)
        if id(link) in notes or _MARK.fullmatch(text) or text.startswith("pic.twitter.com/"):
            link.text = None
            for inner in list(link):
                link.remove(inner)
    for parent in root.iter():
        for child in parent:
            if child.tag == "code" and parent.tag not in _HOLDING_TEXT:  # `<pre><code>`: a block
                child.set(_CODE_BLOCK, "")
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
    if tag == "table":
        return _table(element)
    if tag == "list" and element.get("rend") == "ol" and all(_item_of_paragraphs(c) for c in element):
        # Steps keep their numbers ("What is step 4?"), written as paragraphs or not.
        return numbered_lines([" ".join(_words(p) for p in item) for item in element], list_numbers)
    if tag == "list" and all(child.tag == "item" and _is_leaf(child) for child in element):
        if element.get("rend") == "dl":  # terms and their descriptions: "- Venue: Lindqvist Theatre"
            return _definitions(element)
        # Not an item that only links elsewhere: a "More on this story" list under the article.
        items = [text for item in element if not _only_links(item) and (text := _words(item))]
        if element.get("rend") == "ol":
            return numbered_lines(items, list_numbers)
        return "\n".join(f"- {item}" for item in items)
    if tag in ("p", "item") and _is_leaf(element) and (_only_links(element) or is_credit(_words(element))):
        return ""
    if tag == "p" and len(element) == 0 and _AD_LABEL.fullmatch(_words(element)):  # a bold one heads
        return ""
    if tag == "p" and _is_leaf(element) and staff_credits(_words(element)):
        return ""
    if tag in ("p", "head") and _is_leaf(element) and _NOT_ARTICLE.fullmatch(_words(element)):
        return ""
    if tag == "p" and _is_leaf(element) and not _LETTER_OR_DIGIT.search(_words(element)):
        return ""  # a rule typed as a paragraph ("___", "* * *"): nothing to quote
    if tag in ("p", "head") and _is_leaf(element) and calls_to_action(_words(element)):
        return ""  # a newsletter box the page built of <div>s, a paywall's notice: trafilatura keeps them
    if tag == "p" and all(child.tag in ("ref", "hi") for child in element):  # no line breaks to keep
        return without_credit(_words(element))
    return None


def _definitions(element: ElementTree.Element) -> str:
    lines: list[str] = []
    term = ""
    for item in element:
        text = _words(item)
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
    linked = sum(len(_words(ref)) for ref in element if ref.tag == "ref")
    total = len(_words(element))
    return linked > 0 and total - linked <= LINK_LINE_OTHER_CHARS and linked >= LINK_LINE_SHARE * total


def _table(table: ElementTree.Element) -> str:
    """Each row a line of its own. Under a header row each cell is named by its column (`- Department:
    Police; Budget: $14.8 million`), so a row answers alone: "What is the lowest dose against MRSA?"
    was answered by the header, the one line holding "dose". Without one, `| cell | cell |`.

    Bounded by the table's own text: only its own rows are read (a nested table's text is read once,
    with the cell holding it: reading every descendant row read each level again per level above
    it), and columns are named only while that at most `NAMED_GROWTH` times the text: a 2,000-character
    header over 3,000 one-letter rows made a 59 KB page 9,000 passages."""
    rows = []
    for row in table:
        if row.tag != "row":
            continue
        cells = [(cell, _words(cell).replace("|", "/")) for cell in row if cell.tag == "cell"]
        if any(text for _, text in cells):  # a header shorter than the rows is padded with empty cells
            rows.append(
                (all(cell.get("role") == "head" for cell, text in cells if text), [t for _, t in cells])
            )
    # A caption, or an infobox's title row over its label/value rows, is the table's title: no column
    # names ("- Table 1: Rainfall by month: January" read the caption as the first column's name).
    # Its one text comes first: a header's empty corner cell ("| | Population |") is no title.
    title = []
    first = rows[0][1] if rows else []
    if len(rows) > 2 and rows[0][0] and first[0] and not any(first[1:]) and sum(map(bool, rows[1][1])) > 1:
        title, rows = [first[0]], rows[1:]
    header = rows[0][1] if len(rows) > 1 and rows[0][0] else None
    if header is not None:
        own = sum(len(text) + 2 for _, texts in rows for text in texts)
        names = sum(
            len(name) + 2 for _, texts in rows[1:] for name, text in zip(header, texts, strict=False) if text
        )
        if names > NAMED_GROWTH * own:
            header = None
    if header is None:
        return "\n".join(title + ["| " + " | ".join(texts) + " |" for _, texts in rows])
    lines = title
    for _, texts in rows[1:]:
        named = (
            f"{name}: {text}" if name else text for name, text in zip(header, texts, strict=False) if text
        )
        lines.append("- " + "; ".join(named))
    return "\n".join(lines)


def _words(element: ElementTree.Element) -> str:
    """An element's text, its line breaks and inner blocks apart: a cell's "Monday to Friday<br>9am"
    (trafilatura makes the second line a `<p>` of the cell) had read "Friday9am"."""
    return " ".join("".join(_texts(element)).split())


def _texts(element: ElementTree.Element) -> Iterator[str]:
    """`itertext`, with a space before each block (`_APART`); a stack, not recursion, as the XML may nest
    deep."""
    pending: list[ElementTree.Element | str] = [element]
    while pending:
        item = pending.pop()
        if isinstance(item, str):
            yield item
            continue
        if item.tag in _APART:
            yield " "
        if item.text:
            yield item.text
        for child in reversed(item):
            if child.tail:
                pending.append(child.tail)
            pending.append(child)


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
