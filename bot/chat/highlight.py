"""Where the best sentence sits in a quote, for every renderer (terminal, Telegram HTML, Discord)."""

from __future__ import annotations

from typing import NamedTuple

__all__ = ["QuoteParts", "on_its_own", "split_highlight"]

# Opening and closing marks a quotation in a source may use.
_QUOTE_PAIRS = (('"', '"'), ("“", "”"), ("«", "»"), ("„", "“"))


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


def on_its_own(sentence: str) -> str:
    """The best sentence as shown apart from its quote (over a collapsed one): without a quotation mark
    at its start or end whose pair is in another sentence. The demo's sentence ends a quotation opened a
    sentence earlier, and was shown as `…losing control over his army."`. Only a lone mark goes: with
    two or more of a kind, which one is unpaired cannot be told, and the sentence is shown as written."""
    shown = sentence.strip()
    for opening, closing in _QUOTE_PAIRS:
        if opening == closing:
            lone = shown.count(opening) == 1
            if lone and shown.endswith(closing):
                shown = shown[:-1]
            elif lone and shown.startswith(opening):
                shown = shown[1:]
        elif opening not in shown and shown.count(closing) == 1 and shown.endswith(closing):
            shown = shown[:-1]
        elif closing not in shown and shown.count(opening) == 1 and shown.startswith(opening):
            shown = shown[1:]
    return shown.strip()
