"""Attribution fields (title, author, publisher) as plain text that no chat client turns into anything.

They come from documents, front matter and fetched pages, so from strangers. Chat clients make links
of `scheme://` and mentions of `@name` in plain text; a word joiner (U+2060, invisible) after `@` and
after `:` of `://` stops that without changing what people read. Control characters go, and so do
the invisible ones that reorder text (direction overrides) or hide it (zero-width spaces).
"""

from __future__ import annotations

import re

from index.errors import BadDocument
from index.ingest.links import check_source_url, link_host

__all__ = ["SHOWN_HOST_CHARS", "community_note", "inert", "link_label", "shown_link"]

WORD_JOINER = "\u2060"
# Control characters, and the invisible ones that reorder or hide what follows: a right-to-left
# override in an author's name showed the rest of the attribution line backwards.
# Blank-looking letters (Hangul fillers, U+180E) and tag characters hide text in a name just as well.
_INVISIBLE = [
    0x00AD, 0x061C, 0x115F, 0x1160, 0x180E, *range(0x200B, 0x2010), *range(0x202A, 0x202F),
    *range(0x2060, 0x206A), 0x3164, 0xFEFF, 0xFFA0, *range(0xE0000, 0xE0080),
]  # fmt: skip
_CONTROL = dict.fromkeys([*(c for c in range(32) if c != 9), *range(0x7F, 0xA0), *_INVISIBLE])
# Telegram makes a link of a bare domain too ("bank.example/login" in a title, "i❤.ws"), and of a bare
# IPv4 address: a word joiner after each dot before a letter, whatever precedes it, and after each dot
# of a run of three or more numbers ("203.0.113.5"; "3.5" stays as it is) stops it, as after "://".
_DOMAIN_DOT = re.compile(r"\.(?=[^\W\d_])|(?<=\d)\.(?=\d{1,3}\.\d)")


def inert(text: str) -> str:
    """`text` with mentions and bare links neutralised, on one line."""
    flat = text.translate(_CONTROL).replace("\t", " ")
    flat = flat.replace("@", "@" + WORD_JOINER).replace("://", ":" + WORD_JOINER + "//")
    return _DOMAIN_DOT.sub("." + WORD_JOINER, flat)


def community_note(where: str) -> str:
    """Said beside a community's own source in an answer (`where`: "group", "server"): it may copy a
    shared article's author, title and link, and the bot's moderators did not add it."""
    return f"added by this {where}'s admins"


SHOWN_HOST_CHARS = 80  # scheme and host, kept whole up to this: real hosts are shorter


def link_label(url: str, limit: int) -> str:
    """How a link is shown: as it is, or cut to `limit` characters but not inside its host, so the
    text says which site the link opens; at most `SHOWN_HOST_CHARS` + 1 characters past a longer
    `limit` all the same (DNS allows a 253-character host: five took a /sources page past Telegram's
    message limit)."""
    if len(url) <= limit:
        return url
    host = link_host(url)
    at = url.find(host) + len(host) if host in url else 0
    return url[: max(limit - 1, min(at, max(limit, SHOWN_HOST_CHARS)))].rstrip() + "…"


def shown_link(url: str | None) -> str | None:
    """A stored link as qabot shows it, checked again: one stored before today's rules (markup, a user
    name, an upper-case host) is shown in its checked form, or not at all."""
    if not url:
        return None
    try:
        return check_source_url(url)
    except BadDocument:
        return None
