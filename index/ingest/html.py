"""HTML pages → `Document`s: trafilatura finds the article and its metadata, within a time budget.

trafilatura is pure Python over lxml, and on some pages slows to a fraction of a MB a second (5 MB of
links: 11 s to extract and 8 s more for the metadata). A page over `TRAFILATURA_MAX_CHARS`, or one it
has not finished within `TRAFILATURA_SECONDS`, is read the cheap way instead: lxml's parser (C) and
one walk over the tree keeping the text of block elements, without scripts, navigation or forms.
"""

from __future__ import annotations

import dataclasses
import logging
import re
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from index.errors import BadDocument
from index.ingest.article_top import byline_lines, split_byline
from index.ingest.article_xml import article_text
from index.ingest.author_sources import credited_on_the_page
from index.ingest.blocks import block_texts
from index.ingest.dates import parse_date
from index.ingest.declared_dates import declared_published
from index.ingest.documents import Document, source_id_from, url_source_id
from index.ingest.html_limits import check_html_limits
from index.ingest.html_rewrites import rewritten_for_reading
from index.ingest.link_openings import with_link_openings
from index.ingest.list_numbers import ordered_list_numbers
from index.ingest.markdown_blocks import outside_code
from index.ingest.markdown_inline import without_reference_marks
from index.ingest.other_stories import without_other_stories
from index.ingest.page_identity import canonical_link, declared_url, headline_only, site_name
from index.ingest.page_metadata import credited_authors, meta_byline, shown_authors, shown_date
from index.ingest.trailing_matter import without_trailing_matter

log = logging.getLogger(__name__)

TRAFILATURA_MAX_CHARS = 1_000_000
TRAFILATURA_SECONDS = 3.0

HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
# A doctype with declarations of its own (`<!DOCTYPE html [<!ENTITY a "x">]>`), read once, at the start.
_DOCTYPE_DECLARATIONS = re.compile(r"\A\s*<!doctype[^\[>]{0,200}\[[^\]]*\]\s*>", re.IGNORECASE)
# The cheap path: elements whose text is a paragraph of its own, and subtrees that are never article.
_HTML_BLOCKS = HEADINGS | frozenset(
    {
        "html", "body", "main", "article", "section", "div", "p", "blockquote", "pre", "ul", "ol",
        "li", "dl", "dt", "dd", "table", "tr", "td", "th", "caption", "figure", "figcaption",
        "address", "details", "summary", "center",
    }
)  # fmt: skip
_HTML_SKIPPED = frozenset(
    {
        "head", "script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form",
        "button", "select", "textarea", "svg", "math", "iframe", "object", "canvas", "menu",
    }
)  # fmt: skip


class _OverBudget(BaseException):
    """Raised by the alarm; a BaseException so that no `except Exception` inside trafilatura eats it."""


@dataclass(frozen=True)
class _Extracted:
    body: str
    title: str | None = None
    author: str | None = None
    publisher: str | None = None
    date: str | None = None
    url: str | None = None
    language: str | None = None


def parse_html(html: str, *, default_id: str | None, origin: str | None, url: str | None = None) -> Document:
    """The article in an HTML page as Markdown-ish text (headings kept), with its metadata."""
    check_html_limits(html, origin or "The page")
    # libxml2 ends a doctype at its first ">": the rest of its declarations was read as text ("]>").
    html = _DOCTYPE_DECLARATIONS.sub("", html, count=1)
    if len(html) > TRAFILATURA_MAX_CHARS:
        html = _without_code(html)
    html = rewritten_for_reading(html)
    found = _with_trafilatura(html, url) if len(html) <= TRAFILATURA_MAX_CHARS else None
    if found is None:
        found = _cheaply(html)
    # An encyclopedia's references, a release's contacts under its "- 30 -": not the page's article.
    body = outside_code(found.body, False, lambda text, _: without_reference_marks(text))
    found = dataclasses.replace(found, body=without_trailing_matter(body, web_page=True))
    if not found.body.strip():
        raise BadDocument(f"No article text found in {origin or 'the page'}.")
    published = None
    if found.date:
        try:
            published = parse_date(found.date)
        except BadDocument:
            published = None
    page_url = declared_url(found.url, url)
    title = headline_only(found.title, found.publisher, page_url)
    return Document(
        id=source_id_from(default_id, title, page_url and url_source_id(page_url), text=found.body),
        body=found.body,
        title=title,
        author=found.author,
        publisher=found.publisher,
        published=published,
        url=page_url,
        language=found.language,
        origin=origin,
    )


def _without_code(html: str) -> str:
    """The page without its scripts, styles and drawings: most of a large news page is inline code (a
    framework's JSON state), and over `TRAFILATURA_MAX_CHARS` the cheap path kept the site's menus,
    banners and bios. JSON-LD metadata (author, date) stays."""
    import lxml.etree
    import lxml.html

    try:
        root = lxml.html.document_fromstring(
            html.encode("utf-8"), parser=lxml.html.HTMLParser(encoding="utf-8")
        )
    except (lxml.etree.ParserError, ValueError):
        return html
    code = [
        element
        for element in root.iter("script", "style", "noscript", "template", "svg")
        if not (element.tag == "script" and element.get("type", "").strip().lower() == "application/ld+json")
    ]
    for element in code:
        if element.getparent() is not None:  # not inside one dropped already
            element.drop_tree()
    return str(lxml.html.tostring(root, encoding="unicode"))


def _with_trafilatura(html: str, url: str | None) -> _Extracted | None:
    """trafilatura's article and metadata; None when it did not finish in time."""
    import trafilatura  # heavy import, only needed for HTML

    try:
        with _time_budget(TRAFILATURA_SECONDS):
            xml = _extract(html, url)
            # The page's author and date are looked for in its own story, not in others' boxes.
            whole = trafilatura.load_html(html)
            tree = without_other_stories(whole) if whole is not None else None
            # Not `extensive`: with no date in the markup it guessed one from the text ("Back in 2007…"
            # credited the page 1 Jan 2007), a date under every quote that nobody wrote.
            meta = (
                trafilatura.extract_metadata(tree, default_url=url, extensive=False)
                if tree is not None
                else None
            )
    except _OverBudget:
        log.info(
            "trafilatura took over %g s on a %d-character page; reading it plainly.",
            TRAFILATURA_SECONDS,
            len(html),
        )
        return None
    body = article_text(xml, ordered_list_numbers(whole) if whole is not None else None) if xml else ""
    if whole is not None:
        body = with_link_openings(body, whole)
    if tree is None or meta is None:
        return _Extracted(body=body)
    publisher = site_name(meta.sitename, meta.title, html)
    declared = declared_published(tree)
    shown = shown_date(tree, body) if not (declared or meta.date) else None
    author = meta.author and credited_on_the_page(tree, meta.author, body)
    author = credited_authors((author and shown_authors(tree, author)) or author, publisher)
    language = getattr(meta, "language", None) or None
    written_in = language or (tree.get("lang") or "").strip()[:16] or None
    shown_byline, body = split_byline(body, byline_lines(tree), publisher, written_in)
    byline = (shown_byline or meta_byline(tree)) if not author else None
    shown = shown or (byline.published if byline else None)
    return _Extracted(
        body=_blocks_apart(body, html) if len(html) <= SMALL_PAGE_HTML_CHARS else body,
        title=meta.title or None,
        author=author or (byline.author if byline else None),
        publisher=publisher,
        date=declared.isoformat() if declared else meta.date or (shown.isoformat() if shown else None),
        url=canonical_link(tree) or meta.url or None,
        language=language,
    )


def _extract(html: str, url: str | None) -> str | None:
    import trafilatura

    return trafilatura.extract(
        html,
        output_format="xml",
        include_comments=False,
        include_tables=True,
        include_links=True,  # to tell a line that only links elsewhere (`article_xml`)
        with_metadata=False,
        url=url,
    )


# Where trafilatura finds little article (under 250 characters) it takes the whole page's text as one
# paragraph: `<h1>Scripted</h1><p>The octopus…</p><p>It lives…</p>` was stored, and quoted, as
# "Scripted The octopus … It lives …", words the page never set side by side. When the page's blocks,
# read one by one, hold those words in that order (a menu left out), they are kept as they stand:
# apart, headings as headings.
SMALL_PAGE_HTML_CHARS = 20_000  # larger pages are not read twice


def _blocks_apart(body: str, html: str) -> str:
    """`body` as the page's blocks, when it is their words run together (with, at most, a menu more)."""
    if not body.strip() or "\n" in body.strip():
        return body
    blocks = _cheaply(html).body
    if "\n\n" not in blocks.strip():
        return body
    remaining = iter(body.split())
    in_order = all(word in remaining for word in blocks.split() if word != "##")  # consumes `remaining`
    return blocks if in_order else body


@contextmanager
def _time_budget(seconds: float) -> Iterator[None]:
    """Raises `_OverBudget` inside the block after `seconds` (main thread only; elsewhere no limit:
    the knowledge base parses in a worker process's main thread, under a hard limit of its own)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(_signum: int, _frame: object) -> None:
        raise _OverBudget

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _cheaply(html: str) -> _Extracted:
    """The page's text block by block, and the metadata its <title>, <html lang> and <meta> give."""
    import lxml.etree
    import lxml.html

    try:
        root = lxml.html.document_fromstring(
            html.encode("utf-8"), parser=lxml.html.HTMLParser(encoding="utf-8")
        )
    except (lxml.etree.ParserError, ValueError):  # e.g. "Document is empty"
        return _Extracted("")
    meta: dict[str, str] = {}
    for element in root.iter("meta"):
        key = (element.get("property") or element.get("name") or "").strip().lower()
        if key and key not in meta and element.get("content"):
            meta[key] = " ".join(str(element.get("content")).split())
    title_element = root.find(".//title")
    title = meta.get("og:title") or (
        " ".join(title_element.text_content().split()) if title_element is not None else None
    )
    blocks = block_texts(root, _HTML_BLOCKS, HEADINGS, _HTML_SKIPPED)
    if not title:
        title = next((block[3:] for block in blocks if block.startswith("## ")), None)
    return _Extracted(
        body="\n\n".join(blocks) + "\n" if blocks else "",
        title=title or None,
        author=meta.get("author") or meta.get("article:author"),
        publisher=meta.get("og:site_name"),
        date=meta.get("article:published_time") or meta.get("date") or meta.get("pubdate"),
        language=(root.get("lang") or "").strip()[:16] or None,
    )
