"""A page's HTML rewritten where trafilatura would lose what a reader sees: a photo's caption, a
quotation's speaker; and without the words written for screen readers alone. Each rewrite is one
regular-expression pass over the page's tags, linear in its length."""

from __future__ import annotations

import re

__all__ = ["rewritten_for_reading"]


def rewritten_for_reading(html: str) -> str:
    return _quote_footers_as_paragraphs(_captions_as_paragraphs(_without_screen_reader_text(html)))


# trafilatura drops figures and their captions; a news photo's caption says who, where and when ("… meets
# with Putin in Tehran, Iran on July 19, 2022"), and the bundled article keeps its own.
_FIGURE_TAGS = re.compile(r"<(/?)(figcaption|figure)\b", re.IGNORECASE)


def _captions_as_paragraphs(html: str) -> str:
    return _FIGURE_TAGS.sub(lambda tag: f"<{tag[1]}{'p' if tag[2].lower() == 'figcaption' else 'div'}", html)


_QUOTE_TAGS = re.compile(r"<(/?)(blockquote|footer)\b", re.IGNORECASE)


def _quote_footers_as_paragraphs(html: str) -> str:
    """A quotation's `<footer>` ("— <cite>Jane Doe, CEO</cite>") as a paragraph: trafilatura drops every
    footer, and the quote stood unattributed. One pass over the tags; the page's own footer stays."""
    quotes = 0
    renamed: list[bool] = []  # the open footers, inner last: whether each was renamed

    def rename(tag: re.Match[str]) -> str:
        nonlocal quotes
        closing, name = tag[1], tag[2].lower()
        if name == "blockquote":
            quotes = max(0, quotes - 1) if closing else quotes + 1
            return tag[0]
        if not closing:
            renamed.append(quotes > 0)
            return "<p" if quotes > 0 else tag[0]
        return "</p" if renamed and renamed.pop() else tag[0]

    return _QUOTE_TAGS.sub(rename, html)


# Words written for screen readers only ("Image caption, ", "Published"): BBC's caption began "Image
# caption, The MV Earl Thorfinn…". Only an element holding nothing but its words is dropped.
_SCREEN_READER_ONLY = re.compile(
    r"<(span|div|p|strong|em|b|i)\b[^<>]{0,500}?\bclass=[\"'][^\"'<>]{0,300}?(?<=[\s\"'])(?:visually-?hidden|"
    r"sr-only|screen-?reader-(?:text|only)|a11y-hidden|hidden-visually|u-hidden-visually|offscreen)(?=[\s\"'])"
    r"[^<>]{0,800}>"
    r"[^<]{0,300}</\1\s*>",
    re.IGNORECASE,
)


def _without_screen_reader_text(html: str) -> str:
    return _SCREEN_READER_ONLY.sub("", html)
