"""Attribution fields (title, author, publisher) as plain text that no chat client turns into anything.

They come from documents, front matter and fetched pages, so from strangers. Chat clients make links
of `scheme://` and mentions of `@name` in plain text; a word joiner (U+2060, invisible) after `@` and
after `:` of `://` stops that without changing what people read. Control characters go, and so do
the invisible ones that reorder text (direction overrides) or hide it (zero-width spaces).
"""

from __future__ import annotations

from index.errors import BadDocument
from index.ingest.links import check_source_url, link_host

__all__ = ["inert", "link_label", "shown_link"]

WORD_JOINER = "\u2060"
# Control characters, and the invisible ones that reorder or hide what follows: a right-to-left
# override in an author's name showed the rest of the attribution line backwards.
_INVISIBLE = [0x061C, *range(0x200B, 0x2010), *range(0x202A, 0x202F), *range(0x2060, 0x206A), 0xFEFF]
_CONTROL = dict.fromkeys([*(c for c in range(32) if c != 9), *_INVISIBLE])


def inert(text: str) -> str:
    """`text` with mentions and bare links neutralised, on one line."""
    flat = text.translate(_CONTROL).replace("\t", " ")
    return flat.replace("@", "@" + WORD_JOINER).replace("://", ":" + WORD_JOINER + "//")


def link_label(url: str, limit: int) -> str:
    """How a link is shown: as it is, or cut to `limit` characters but never inside its host, so the
    text always says which site the link opens."""
    if len(url) <= limit:
        return url
    host = link_host(url)
    at = url.find(host) + len(host) if host in url else 0
    return url[: max(limit - 1, at)].rstrip() + "…"


def shown_link(url: str | None) -> str | None:
    """A stored link as qabot shows it, checked again: one stored before today's rules (markup, a user
    name, an upper-case host) is shown in its checked form, or not at all."""
    if not url:
        return None
    try:
        return check_source_url(url)
    except BadDocument:
        return None
