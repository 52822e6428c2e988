"""Attribution fields (title, author, publisher) as plain text that no chat client turns into anything.

They come from documents, front matter and fetched pages, so from strangers. Chat clients make links
of `scheme://` and mentions of `@name` in plain text; a word joiner (U+2060, invisible) after `@` and
after `:` of `://` stops that without changing what people read. Control characters go.
"""

from __future__ import annotations

__all__ = ["inert"]

WORD_JOINER = "\u2060"
_CONTROL = dict.fromkeys(c for c in range(32) if c not in (9,))


def inert(text: str) -> str:
    """`text` with mentions and bare links neutralised, on one line."""
    flat = text.translate(_CONTROL).replace("\t", " ")
    return flat.replace("@", "@" + WORD_JOINER).replace("://", ":" + WORD_JOINER + "//")
