"""Where the best sentence sits in a quote, for every renderer (terminal, Telegram HTML, Discord)."""

from __future__ import annotations

from typing import NamedTuple

__all__ = ["QuoteParts", "split_highlight"]


class QuoteParts(NamedTuple):
    before: str
    highlight: str
    after: str


def split_highlight(quote: str, highlight: str | None) -> QuoteParts:
    """The quote cut around its highlight; all of it is `before` when there is none to find."""
    start = quote.find(highlight) if highlight else -1
    if not highlight or start < 0:
        return QuoteParts(quote, "", "")
    end = start + len(highlight)
    return QuoteParts(quote[:start], quote[start:end], quote[end:])
