"""A plain-text article copied from a web page → its headline, byline and body, without the page around it.

Text pasted or scraped from a news page (a `.txt`, `/add` in reply to a message) starts with the site's
menu ("Skip to content"), then the headline, a byline ("by Oleg Sukhov December 5, 2022 9:37 AM 7 min
read") and notices ("This audio is created with AI assistance"), and ends in newsletter forms and
"Editors' Picks". Read as it was, the bundled article's own scrape was credited to its file name, with no
author or date, and its membership appeal and newsletter form were passages the bot quoted.

Only a text with a byline near its top is read this way: the line before the byline is the headline, and
what precedes it is the site's menu. Lines the page repeats (a banner at the top and the bottom, "*
indicates required") are chrome. The body runs from its first sentence to the last before an end marker
("Note from the author", "Editors' Picks", "Related articles"), with the lines around it that are not
sentences dropped. A short line between two paragraphs is a section heading and becomes a Markdown one,
so passages do not cross it. Everything is one pass over the lines; each pattern sees one bounded line.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass

__all__ = ["ScrapedArticle", "read_scraped_article"]

BYLINE_WITHIN_LINES = 12  # non-blank lines from the top
MAX_BYLINE_CHARS = 200
MAX_AUTHOR_NAMES = 8  # words, without "and"
MAX_HEADLINE_CHARS = 250
MAX_HEADING_WORDS = 12
MAX_HEADING_CHARS = 120
MIN_SENTENCE_WORDS = 3

_BYLINE_START = re.compile(r"(?:written\s+by|words\s+by|story\s+by|reporting\s+by|by)\s+", re.IGNORECASE)
_NAME = re.compile(r"[A-Z\u00c0-\u024f][\w'’.\-]*")
_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>[A-Za-z]{3,9})\.?"
_DATES = (
    re.compile(rf"\b{_MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>\d{{4}})\b"),
    re.compile(rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH},?\s+(?P<year>\d{{4}})\b"),
    re.compile(r"\b(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})\b"),
)
# Lowercase words a byline or date line holds besides names and dates ("7 min read", "Updated 9:37 am").
_BYLINE_WORDS = frozenset(
    {"a", "am", "and", "ago", "at", "for", "from", "hour", "hours", "in", "min", "mins", "minute", "minutes"}
    | {"of", "on", "pm", "posted", "published", "read", "the", "updated"}
)
_LOWERCASE_WORD = re.compile(r"\b[a-z][a-z]*\b")
_SENTENCE_END = re.compile(r"""(?:[.!?…]["”’'»)\]]*|\))$""")
_END_MARKER = re.compile(
    r"(?:note from the author|about the author|editors['’]? picks|related (?:articles|stories|news|posts|"
    r"coverage|content)|more (?:from|stories|news)\b.{0,60}|most (?:read|popular|viewed)|recommended"
    r"(?: for you)?|you (?:may|might) also like|comments|share this(?: article| story)?|tags|topics)\W*",
    re.IGNORECASE,
)
_POINTER = re.compile(r"(?:read (?:also|more)|see also|related)\s*[:—–-]", re.IGNORECASE)
_CHROME_LINE = re.compile(
    r"(?:advertisement|sponsored(?: content)?|share|tweet|e-?mail|print|subscribe|sign up|log ?in|"
    r"skip to (?:main )?content)\W*",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class ScrapedArticle:
    body: str
    title: str
    author: str | None
    published: dt.date | None


def read_scraped_article(text: str) -> ScrapedArticle | None:
    """The article in a page's text, or None when the text has no byline under a headline near its top."""
    lines = text.split("\n")
    top = [index for index, line in enumerate(lines) if line.strip()][: BYLINE_WITHIN_LINES + 1]
    for position in range(1, len(top)):
        byline = _byline(lines[top[position]])
        if byline is None:
            continue
        title = " ".join(lines[top[position - 1]].split())
        if not _headline(title):
            return None
        author, rest = byline
        after = top[position] + 1
        published = _date(rest)
        if published is None and position + 1 < len(top) and (dated := _date_line(lines[top[position + 1]])):
            published, after = dated, top[position + 1] + 1
        body = _body(lines[after:])
        return ScrapedArticle(body, title, author, published) if body else None
    return None


def _byline(line: str) -> tuple[str, str] | None:
    """The author's names and the rest of a byline ("by Oleg Sukhov December 5, 2022 9:37 AM")."""
    line = line.strip()
    start = _BYLINE_START.match(line)
    if start is None or len(line) > MAX_BYLINE_CHARS:
        return None
    words = line[start.end() :].split()
    names: list[str] = []
    for word in words:
        bare = word.rstrip(",;|")
        if word.lower() in ("and", "&"):
            if not names:
                break
        elif not _NAME.fullmatch(bare) or bare.rstrip(".").lower() in _MONTHS:
            break
        names.append(bare)
        if bare != word:  # "By Jane Doe, Reuters": the comma ends the names
            break
    taken = len(names)
    while names and names[-1].lower() in ("and", "&"):
        names.pop()
    rest = " ".join(words[taken:])
    real_names = [name for name in names if name.lower() not in ("and", "&")]
    if not real_names or len(real_names) > MAX_AUTHOR_NAMES or not _only_byline_words(rest):
        return None
    return " ".join(names), rest


def _only_byline_words(text: str) -> bool:
    return all(word in _BYLINE_WORDS or word in _MONTHS for word in _LOWERCASE_WORD.findall(text))


def _headline(line: str) -> bool:
    return len(line.split()) >= 2 and len(line) <= MAX_HEADLINE_CHARS and not line.endswith(".")


def _date(text: str) -> dt.date | None:
    for pattern in _DATES:
        match = pattern.search(text)
        if match is None:
            continue
        month = match.group("month")
        number = int(month) if month.isdigit() else _MONTHS.get(month.lower())
        if number is None:
            continue
        try:
            return dt.date(int(match.group("year")), number, int(match.group("day")))
        except ValueError:
            continue
    return None


def _date_line(line: str) -> dt.date | None:
    """The date of a line that is only a date ("December 5, 2022", "Published: 5 Dec 2022, 9:37")."""
    line = line.strip()
    if len(line) > MAX_BYLINE_CHARS or not _only_byline_words(line.lower()):
        return None
    return _date(line)


def _body(lines: list[str]) -> str:
    """The article's paragraphs from its first sentence to its end, headings marked."""
    seen = Counter(" ".join(line.split()) for line in lines if line.strip())
    blocks: list[str] = []  # "" where a line the page repeats, a pointer or a button stood
    banners: dict[int, str] = {}  # block index -> the repeated line that stood there
    current: list[str] = []
    for line in [*lines, ""]:
        key = " ".join(line.split())
        if key and seen[key] == 1:
            current.append(line.rstrip())
            continue
        blocks.extend(
            "" if _POINTER.match(p) or _CHROME_LINE.fullmatch(p) else p for p in _paragraphs(current)
        )
        current = []
        if key:
            banners[len(blocks)] = key
            blocks.append("")
    sentences = [bool(block) and _is_sentence(block) for block in blocks]
    text = [i for i, block in enumerate(blocks) if block]
    # The article starts at two paragraphs in a row; a sentence before them (a photo's caption) stays,
    # the notices and buttons between them go.
    pairs = (n for n in range(len(text) - 1) if sentences[text[n]] and sentences[text[n + 1]])
    first = next(pairs, None)
    if first is None:
        return ""
    start = text[first]
    # It ends at an end marker, or where a banner from above it comes again (the appeal under an
    # article often repeats the one over it).
    above = {line for i, line in banners.items() if i < start}
    ends = (
        i
        for i in range(text[first + 1] + 1, len(blocks))
        if (banners.get(i) in above) or ("\n" not in blocks[i] and _END_MARKER.fullmatch(blocks[i]))
    )
    end = next(ends, len(blocks))
    while end > start and not sentences[end - 1]:
        end -= 1
    kept = [blocks[i] for i in text if i < start and sentences[i]]
    body = [(blocks[i], sentences[i]) for i in text if start <= i < end]
    for n, (block, sentence) in enumerate(body):
        if not sentence and _heading(block) and body[n - 1][1] and body[n + 1][1]:
            block = "## " + block.strip()
        kept.append(block)
    return "\n\n".join(kept) + "\n"


def _paragraphs(lines: list[str]) -> list[str]:
    """A block's lines as one paragraph, wrapped at a width; or as a paragraph each when every line but
    the last ends a sentence: a page's text has a paragraph a line, and a notice can follow a caption
    on the next line."""
    if all(_SENTENCE_END.search(line[-20:]) for line in lines[:-1]):
        return lines
    return ["\n".join(lines)]


def _is_sentence(block: str) -> bool:
    text = block.strip()
    return len(text.split()) >= MIN_SENTENCE_WORDS and _SENTENCE_END.search(text[-20:]) is not None


def _heading(block: str) -> bool:
    text = block.strip()
    return (
        "\n" not in text
        and len(text) <= MAX_HEADING_CHARS
        and len(text.split()) <= MAX_HEADING_WORDS
        and (text[0].isupper() or text[0].isdigit())
    )
