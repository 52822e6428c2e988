"""Where the best sentence sits in a quote, for every renderer (terminal, Telegram HTML, Discord)."""

from __future__ import annotations

from typing import NamedTuple

__all__ = ["QuoteParts", "on_its_own", "split_highlight"]


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
    whose pair is in another sentence. The demo's sentence ends a quotation opened a sentence earlier,
    and was shown as `…losing control over his army."`."""
    shown = sentence.strip()
    if shown.count('"') % 2 == 1:
        if shown.endswith('"'):
            shown = shown[:-1]
        elif shown.startswith('"'):
            shown = shown[1:]
    if shown.endswith("”") and "“" not in shown:
        shown = shown[:-1]
    if shown.startswith("“") and "”" not in shown:
        shown = shown[1:]
    return shown.strip()
