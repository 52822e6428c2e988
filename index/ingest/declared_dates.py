"""The publication date a page declares for machines: its `article:published_time` and similar meta tags,
or schema.org's `datePublished` of an article (JSON-LD).

Read before trafilatura's date, which comes from htmldate: htmldate passes over a meta date written with
milliseconds ("2024-08-06T10:31:15.000Z", as JavaScript's `toISOString()` writes it: ".000Z" looks like
a phone number to its filters), then takes a `<time>` from elsewhere on the page (a related story's, a
reader's comment); and it prefers a meta tag's modification date to JSON-LD's `datePublished`.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import deque
from collections.abc import Iterator
from itertools import islice
from typing import Any

from lxml.html import HtmlElement

from index.ingest.dates import readable_date

__all__ = ["declared_published"]

# Meta names and properties of a publication date (lower case), as publishers and CMSs write them.
_PUBLISHED_META = frozenset(
    {"article:published_time", "og:published_time", "datepublished", "pubdate", "publishdate"}
    | {"publish-date", "publish_date", "parsely-pub-date", "sailthru.date", "dc.date.issued"}
    | {"dcterms.issued", "citation_publication_date", "citation_date", "cxenseparse:recs:publishtime"}
)
# schema.org's kinds of article (a WebPage too: a site may declare its articles as pages).
_ARTICLE_TYPES = frozenset(
    {"Article", "NewsArticle", "ReportageNewsArticle", "AnalysisNewsArticle", "OpinionNewsArticle"}
    | {"BackgroundNewsArticle", "ReviewNewsArticle", "BlogPosting", "LiveBlogPosting", "SocialMediaPosting"}
    | {"ScholarlyArticle", "TechArticle", "Report", "PressRelease", "WebPage", "CreativeWork"}
)
JSON_LD_SCRIPTS_READ = 8
MAX_JSON_LD_CHARS = 200_000  # a JSON-LD block is a few KB; a larger one is no article's metadata
MAX_JSON_LD_NODES = 200  # objects looked at in one block (an @graph of a site's whole menu)
_META_READ = 200  # meta tags looked at


def declared_published(tree: HtmlElement) -> dt.date | None:
    """The day the page says it was published, from the meta tags of its head or the schema.org data
    of an article on it; None if none. Not from the body's markup: a reader's comment and a related
    story's card declare dates of their own."""
    for meta in islice(tree.iterfind(".//head//meta"), _META_READ):
        name = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").strip().lower()
        if name in _PUBLISHED_META and (date := readable_date(meta.get("content"))) is not None:
            return date
    for script in tree.xpath("//script[@type='application/ld+json']")[:JSON_LD_SCRIPTS_READ]:
        text = script.text or ""
        if len(text) > MAX_JSON_LD_CHARS:
            continue
        try:
            data = json.loads(text)
        except (ValueError, RecursionError):  # broken JSON-LD is common; the page is read without it
            continue
        for node in islice(_objects(data), MAX_JSON_LD_NODES):
            published = node.get("datePublished")
            if _is_article(node) and isinstance(published, str) and (date := readable_date(published)):
                return date
    return None


def _is_article(node: dict[str, Any]) -> bool:
    """A node of an article's kind ("NewsArticle", "BlogPosting", "Report"), not a Comment or Review."""
    kinds = node.get("@type")
    kinds = [kinds] if isinstance(kinds, str) else kinds if isinstance(kinds, list) else []
    return any(isinstance(kind, str) and kind.rsplit("/", 1)[-1] in _ARTICLE_TYPES for kind in kinds)


def _objects(data: Any) -> Iterator[dict[str, Any]]:
    """The JSON objects of a JSON-LD block, breadth first: the top ones, then an `@graph`'s."""
    pending = deque([data])
    while pending:
        item = pending.popleft()
        if isinstance(item, list):
            pending.extend(item)
        elif isinstance(item, dict):
            yield item
            if isinstance(graph := item.get("@graph"), list):
                pending.extend(graph)
