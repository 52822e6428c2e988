"""What an HTML page says of itself beyond trafilatura's reading: its own address, its publisher and
its headline.

trafilatura reads `og:url` before the canonical link, so a page shared from social media kept its
tracking parameters (`?utm_source=facebook`) or another host's address under every quote; without
`og:site_name` it took the headline for the site, and every quote was credited to its own headline.
"""

from __future__ import annotations

import html as html_module
import re
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

from index.errors import BadDocument
from index.ingest.documents import FIELD_LIMITS
from index.ingest.links import check_source_url, same_host
from index.ingest.page_metadata import same_text

if TYPE_CHECKING:
    from lxml.html import HtmlElement

__all__ = ["canonical_link", "declared_url", "headline_only", "site_name"]

# "Headline | Site", "Headline - Site", "Site — Headline": where a page's <title> names its site.
_TITLE_ELEMENT = re.compile(r"<title\b[^>]{0,200}>([^<]{1,600})</title>", re.IGNORECASE)
_TITLE_SEPARATORS = (" | ", " – ", " — ", " - ", " · ", " :: ")
MAX_SITE_NAME_CHARS = 60
MAX_TITLE_PARTS = 3  # "Headline | Section | Site"
MIN_HEADLINE_WORDS = 3  # a headline's start, to be told from a title made of one word or two
_HOST_NAME = re.compile(r"(?:[\w-]{1,63}\.){1,10}[a-z]{2,24}", re.IGNORECASE)


def declared_url(declared: str | None, fetched: str | None) -> str | None:
    """The page's own address (canonical link, og:url; a relative one joined to the fetched address),
    or the fetched address (None for a file) when the page's is no usable link (a space, port 99999,
    3,000 characters): a page's markup must not make it impossible to add. A fetched page may name
    another address on its own host only: one that names another site would have every quote from it
    linked there (a page on any host calling itself a BBC article)."""
    if not declared:
        return fetched
    address = urljoin(fetched, declared) if fetched else declared
    if len(address) > FIELD_LIMITS["url"] or not address.isprintable():
        return fetched
    try:
        address = check_source_url(address)
    except BadDocument:
        return fetched
    if fetched is not None and not same_host(address, fetched):
        return fetched
    return address


def canonical_link(tree: HtmlElement) -> str | None:
    """The page's `<link rel="canonical">` address as written, if it has one."""
    link = tree.find('.//head//link[@rel="canonical"]')
    address = (link.get("href") or "").strip() if link is not None else ""
    return address or None


def site_name(sitename: str | None, title: str | None, html: str) -> str | None:
    """The publisher: trafilatura's site name, unless that is the headline (it falls back to the
    title without `og:site_name`, and every quote was then credited to its own headline as publisher);
    then the part of the page's <title> that is not the headline. A bare host name ("gov.example",
    trafilatura's last resort) is the publisher only where the <title> names none."""
    if sitename and _HOST_NAME.fullmatch(sitename) and title:
        found = _TITLE_ELEMENT.search(html)
        named = found and _beside_headline(" ".join(html_module.unescape(found.group(1)).split()), title)
        return named if named and len(named.split()) > 1 else sitename  # "- News" names a section
    if sitename and not (title and same_text(sitename, title)):
        # A JSON-LD @graph's WebPage name is "Headline - Site": trafilatura may take it for the site's.
        return (title and _beside_headline(sitename, title)) or sitename
    found = _TITLE_ELEMENT.search(html)
    if not found or not title:
        return None
    return _beside_headline(" ".join(html_module.unescape(found.group(1)).split()), title)


def _beside_headline(whole: str, title: str) -> str | None:
    """The site in "Headline | Site", "Headline | Section | Site" or "Site — Headline": the far end from
    the headline. The headline may be the social one's start ("Storm knocks out power" of og:title's
    "Storm knocks out power to 80,000 homes"). A <title> that is the headline names no site, though
    the headline holds a dash ("Storm Ciarán latest - thousands without power")."""
    if same_text(_hyphenated(whole), _hyphenated(title)):
        return None
    for separator in _TITLE_SEPARATORS:
        parts = [part.strip() for part in whole.split(separator)]
        if not 2 <= len(parts) <= MAX_TITLE_PARTS:
            continue
        if _is_headline(parts[0], title):
            other = parts[-1]
        elif _is_headline(parts[-1], title):
            other = parts[0]
        else:
            continue
        return other if 0 < len(other) <= MAX_SITE_NAME_CHARS else None
    return None


def _hyphenated(text: str) -> str:
    """Dashes as hyphens: a <title> may write the headline's "-" as "–"."""
    return text.replace("–", "-").replace("—", "-")


def _is_headline(part: str, title: str) -> bool:
    shorter, longer = sorted((" ".join(part.casefold().split()), " ".join(title.casefold().split())), key=len)
    return shorter == longer or (
        len(shorter.split()) >= MIN_HEADLINE_WORDS and longer.startswith(shorter + " ")
    )


def headline_only(title: str | None, publisher: str | None, url: str | None) -> str | None:
    """The title without the site's name after it: "Vellmar Viaduct - Wikipedia" on en.wikipedia.org,
    "Fed holds rates | Lakeside Gazette" from the Lakeside Gazette."""
    if not title:
        return title
    title = title.removesuffix("¶").rstrip()  # Sphinx's link to the heading, read with its text
    host = (urlsplit(url).hostname or "").casefold() if url else ""
    for separator in _TITLE_SEPARATORS:
        headline, found, site = title.rpartition(separator)
        if not found or not headline.strip() or len(site) > MAX_SITE_NAME_CHARS:
            continue
        squeezed = "".join(site.casefold().split())
        if (publisher and same_text(site, publisher)) or (len(squeezed) > 3 and squeezed in host):
            return headline.strip()
    return title
