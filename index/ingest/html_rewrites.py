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


# The tags that open and close a quotation, its footer and the article; and the spans whose text is no
# markup (a comment, a script's or a style's text), skipped whole: "<blockquote>" in a script's string
# had made the article's own footer a paragraph.
_QUOTE_TAGS = re.compile(
    r"<(/?)(blockquote|footer|article|main)(?=[\s/>])|<!--|<(script|style)(?=[\s/>])", re.IGNORECASE
)
# Found on the page as written: a lower-cased copy is longer wherever it holds an "İ".
_ENDS = {
    "<!--": re.compile("-->"),
    "script": re.compile("</script", re.IGNORECASE),
    "style": re.compile("</style", re.IGNORECASE),
}


def _quote_footers_as_paragraphs(html: str) -> str:
    """A quotation's `<footer>` ("— <cite>Jane Doe, CEO</cite>") as a paragraph: trafilatura drops every
    footer, and the quote stood unattributed. One pass over the tags; the page's own footer stays, and
    an article's end closes any quotation left open in it."""
    parts: list[str] = []
    quotes = 0
    renamed: list[bool] = []  # the open footers, inner last: whether each was renamed
    at = done = 0
    while (tag := _QUOTE_TAGS.search(html, at)) is not None:
        skipped = tag[3].lower() if tag[3] else ("<!--" if tag[0] == "<!--" else None)
        if skipped is not None:
            # From inside the opening: "<!-->" is an empty comment, closed by its own "-->".
            end = _ENDS[skipped].search(html, tag.start() + 2)
            if end is None:
                break
            at = end.end()
            continue
        closing, name = tag[1], tag[2].lower()
        at = tag.end()
        if name in ("article", "main"):
            quotes = 0 if closing else quotes
            continue
        if name == "blockquote":
            quotes = max(0, quotes - 1) if closing else quotes + 1
            continue
        if not closing:
            renamed.append(quotes > 0)
            replacement = "<p" if quotes > 0 else None
        else:
            replacement = "</p" if renamed and renamed.pop() else None
        if replacement is not None:
            parts += [html[done : tag.start()], replacement]
            done = tag.end()
    return "".join(parts) + html[done:] if parts else html


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
