"""A plain-text article copied from a web page → its headline, byline and body, without the page around it.

Text pasted or scraped from a news page (a `.txt`, `/add` in reply to a message) starts with the site's
menu ("Skip to content"), then the headline, a byline ("by Oleg Sukhov December 5, 2022 9:37 AM 7 min
read") and notices ("This audio is created with AI assistance"), and ends in newsletter forms and
"Editors' Picks". Read as it was, the bundled article's own scrape was credited to its file name, with no
author or date, and its membership appeal and newsletter form were passages the bot quoted.

Only a text with a byline (`index.ingest.bylines`) under a headline near its top, with nothing but a
menu's short lines above the headline, is read this way. Losing a sentence of the article is worse than
keeping a line of the page, so little else goes:
- above the article, the lines that are not sentences (notices, buttons), and banners the page repeats;
- the end, from a marker no article uses as a heading ("Note from the author", "Editors' Picks",
  "Related articles", "Reporting by"; "Comments" or "Tags" only where no paragraph follows), or from where
  a sentence banner from above the article comes again (the appeal under an article often repeats
  the one over it), and the lines that are not sentences at its very end;
- anywhere, lines that only point elsewhere ("Read also: …"), button labels ("Advertisement", "Share")
  and calls to sign up for what the site sends ("Get our briefing in your inbox.").
Lines inside the article are kept even when repeated (an FAQ's "Yes.", a refrain). A short line without
a number between two paragraphs is a section heading, and becomes a Markdown one. Everything is one
pass over the lines; each pattern sees one bounded line or is anchored.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass

from index.ingest.bylines import date_line, read_byline

__all__ = ["LIST_ITEM", "ScrapedArticle", "calls_to_action", "read_scraped_article"]

BYLINE_WITHIN_LINES = 30  # non-blank lines from the top: a site's menu can be long
MAX_HEADLINE_CHARS = 250
MIN_HEADLINE_WORDS = 5  # over a standfirst; a menu's items are shorter
MIN_SENTENCE_WORDS = 3
MAX_HEADING_WORDS = 8
# A block whose lines end sentences this often is a paragraph a line (a page's text); fewer, and it is
# one paragraph wrapped at a width.
LINES_ARE_PARAGRAPHS = 0.7

_SENTENCE_END = re.compile(r"""(?:[.!?…]["”’'»)\]]*|\))$""")
_END_MARKER = re.compile(
    r"(?:note from the author|about the author|editors['’]? picks|related (?:articles|stories|news|posts|"
    r"coverage|content)|more (?:from|stories|news) .{0,60}|more (?:stories|news)|most (?:read|popular|"
    r"viewed)|recommended for you|you (?:may|might) also like|share this(?: article| story)?|like this|"
    r"(?:additional )?reporting by .{0,160}|editing by .{0,160}|our standards\b.{0,100}|"
    r"thanks for reading\b.{0,160}|related topics|join the conversation|show comments|leave a reply\b.{0,60}|"
    r"\d+ (?:thoughts|comments|responses) on .{0,200})",
    re.IGNORECASE,
)
MAX_END_MARKER_CHARS = 260  # the longest marker with what may follow it
# Headings an article may have, that end a page only where no paragraph follows them.
_WEAK_END_MARKER = re.compile(r"(?:comments|tags|topics|recommended|most popular)\W*", re.IGNORECASE)
# A menu copied from a page has no list marks; notes and outlines do ("- budget approved", "2. hiring").
LIST_ITEM = re.compile(r"(?:[-*•–]|\d{1,3}[.)])\s")
_POINTER = re.compile(r"(?:read (?:also|more)|see also|related)\s*[:—–-]", re.IGNORECASE)
_CHROME_LINE = re.compile(
    r"(?:advertisement(?:\W+scroll to continue(?: reading)?)?|sponsored(?: content)?|share|tweet|e-?mail|"
    r"print|subscribe|sign up|log ?in|"
    r"skip to (?:main )?content|listen to this article|facebook|twitter|x|linkedin|whatsapp|pinterest|"
    r"reddit|telegram|copy link|share on \w+)\W*",
    re.IGNORECASE,
)
# A sentence asking the reader to sign up for what the site itself sends ("Sign up for our free
# newsletter today.", "Get the Times briefing in your inbox.", "Follow us on Telegram."): no banner
# repeats it, so it started the article. It must name the site's own ("our …", "your inbox", "follow
# us"): "Subscribe to the county's flood alerts" and "Join the daily briefing at 10 a.m." are news.
_CALL_TO_ACTION = re.compile(
    r"(?:sign up|subscribe|get|join|download|follow us)\b[^\n]{0,80}?(?:\bour(?: [\w-]+){0,3}? "
    r"(?:newsletters?|briefings?|digest|alerts|app|podcast)\b|\b(?:in|to) your inbox\b|"
    r"\bon (?:twitter|facebook|x|instagram|telegram|whatsapp|youtube)\b)[^\n]{0,60}"
    # A wire story's trailer: "Follow AP's coverage of the war in Ukraine at https://…".
    r"|follow (?:[\w’'-]+ ){0,2}coverage\b[^\n]{0,80}? at https?://[^\s]{1,300}"
    # A newsletter's own footer, in the page the mail is archived as: "Enjoying the Ledger? Forward
    # this email to a colleague, or subscribe here…".
    r"|[^\n]{0,80}?\bforward this (?:e-?mail|newsletter) to\b[^\n]{0,160}",
    re.IGNORECASE,
)

# A paywall's notice in the article's body ("Please log in, or sign up for a new account and purchase
# a subscription to continue reading.", "Thank you for reading!"): it names an account and what it
# unlocks. The lookaheads read at most a block's 240 characters each.
# "Students who register before May 1 get unlimited access to the pool." is news: the notice is about
# reading on.
_PAYWALL = re.compile(
    r"(?=[^\n]{0,240}?\b(?:subscri\w*|log ?in|sign in|sign up)\b)"
    r"(?=[^\n]{0,240}?\b(?:continue reading|keep reading|read (?:the|this) full (?:story|article)|"
    r"(?:story|article|content) is (?:only )?for subscribers|for subscribers only)\b)[^\n]{1,240}"
    r"|thank you for reading[.!]?",
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
    if "```" in text:  # Markdown with code: written, not copied from a page
        return None
    lines = text.split("\n")
    top = [index for index, line in enumerate(lines) if line.strip()][: BYLINE_WITHIN_LINES + 1]
    for position in range(1, len(top)):
        byline = read_byline(lines[top[position]])
        if byline is None:
            continue
        headline = _headline_above(lines, top, position)
        if headline is None:
            continue
        title, standfirst = headline
        after = top[position] + 1
        published = byline.published
        if published is None and position + 1 < len(top) and (dated := date_line(lines[top[position + 1]])):
            published, after = dated, top[position + 1] + 1
        body = _body(lines[after:])
        if not body:
            return None
        return ScrapedArticle(
            f"{standfirst}\n\n{body}" if standfirst else body, title, byline.author, published
        )
    return None


def calls_to_action(block: str) -> bool:
    """Whether a block only asks the reader to sign up for or follow what the site sends, or to
    subscribe to read on."""
    return _CALL_TO_ACTION.fullmatch(block) is not None or _PAYWALL.fullmatch(block) is not None


def _headline_above(lines: list[str], top: list[int], position: int) -> tuple[str, str | None] | None:
    """The headline over the byline at `top[position]`, and the standfirst between them if any ("…
    under plan to cut net migration" / "Skilled worker threshold to rise by almost half." / "By …");
    None when the lines above it are more than a menu."""
    above = [" ".join(lines[top[i]].split()) for i in range(position)]
    title, standfirst = above[-1], None
    # "Migrants to need £38,700 salary…" over "Skilled worker threshold to rise by almost half…"
    if (
        len(above) >= 2
        and _headline(above[-2])
        and len(above[-2].split()) >= MIN_HEADLINE_WORDS
        and (_is_sentence(title) or len(title.split()) > len(above[-2].split()))
    ):
        title, standfirst = above[-2], title
    if not _headline(title):
        return None
    if any(
        _is_sentence(line) or LIST_ITEM.match(line) for line in above[: len(above) - (2 if standfirst else 1)]
    ):
        return None  # a sentence or a list above the "headline": a text of its own, not a page's menu
    return title.lstrip("#").strip(), standfirst


def _headline(line: str) -> bool:
    return len(line.split()) >= 2 and len(line) <= MAX_HEADLINE_CHARS and not line.endswith(".")


def _body(lines: list[str]) -> str:
    """The article's paragraphs, from its first two in a row to its end (see the module's docstring)."""
    seen = Counter(key for line in lines if (key := " ".join(line.split())))
    blocks: list[str] = []
    current: list[str] = []
    for line in [*lines, ""]:
        if line.strip():
            current.append(line.rstrip())
        elif current:
            blocks.extend(_paragraphs(current, seen))
            current = []
    blocks = [
        "" if _POINTER.match(b) or _CHROME_LINE.fullmatch(b) or calls_to_action(b) else b for b in blocks
    ]
    repeated = [bool(b) and "\n" not in b and seen[" ".join(b.split())] > 1 for b in blocks]
    sentences = [bool(b) and _is_sentence(b) for b in blocks]
    text = [i for i, block in enumerate(blocks) if block and not repeated[i]]
    pairs = (n for n in range(len(text) - 1) if sentences[text[n]] and sentences[text[n + 1]])
    first = next(pairs, None)
    if first is None:
        return ""
    start = text[first]
    banners = {" ".join(blocks[i].split()) for i in range(start) if repeated[i] and sentences[i]}
    followed = _followed_by_sentence(blocks, sentences)
    ends = (
        i
        for i in range(text[first + 1] + 1, len(blocks))
        if blocks[i]
        and "\n" not in blocks[i]
        and (
            (sentences[i] and " ".join(blocks[i].split()) in banners)
            or _ends_page(_unmarked(blocks[i]))
            or (_WEAK_END_MARKER.fullmatch(_unmarked(blocks[i])) and not followed[i])
        )
    )
    end = next(ends, len(blocks))
    while end > start and (not blocks[end - 1] or (not sentences[end - 1] and "\n" not in blocks[end - 1])):
        end -= 1
    outside = {" ".join(b.split()) for b in (*blocks[:start], *blocks[end:]) if b}
    # Above the article: a photo's caption right under the byline, and verse or lists (several lines).
    kept = [
        b
        for i, b in enumerate(blocks[:start])
        if b and not repeated[i] and ((i == 0 and sentences[i]) or "\n" in b)
    ]
    body = [
        (b, sentences[i])
        for i, b in enumerate(blocks[start:end], start)
        if b and not (repeated[i] and " ".join(b.split()) in outside)
    ]
    for n, (block, sentence) in enumerate(body):
        heading = not sentence and 0 < n < len(body) - 1 and body[n - 1][1] and body[n + 1][1]
        kept.append(f"## {block.strip()}" if heading and _heading(block) else block)
    return "\n\n".join(kept) + "\n"


def _heading(block: str) -> bool:
    """A section's heading: a short line between two paragraphs, without a number ("Waning influence in
    Central Asia"); "The last boat back leaves at 6 pm" is a fact."""
    text = block.strip()
    return (
        "\n" not in text
        and len(text.split()) <= MAX_HEADING_WORDS
        and text[:1].isupper()
        and not any(c.isdigit() for c in text)
    )


def _followed_by_sentence(blocks: list[str], sentences: list[bool]) -> list[bool]:
    """For each block, whether the next block with text is a sentence (one pass, from the end)."""
    followed, next_is_sentence = [False] * len(blocks), False
    for i in range(len(blocks) - 1, -1, -1):
        followed[i] = next_is_sentence
        if blocks[i]:
            next_is_sentence = sentences[i]
    return followed


def _paragraphs(lines: list[str], seen: Counter[str]) -> list[str]:
    """A block's lines as one paragraph (wrapped at a width, or verse); or as a paragraph each when
    most lines but the last end a sentence, or when one is the page's (repeated, a button, an end
    marker): a page's text has a paragraph a line, a notice can follow a caption on the next line,
    and a newsletter form can follow the closing appeal."""
    if len(lines) > 1 and any(_pages(line, seen) for line in lines):
        return lines
    ending = sum(1 for line in lines[:-1] if _SENTENCE_END.search(line[-20:]))
    if ending >= LINES_ARE_PARAGRAPHS * (len(lines) - 1):
        return lines
    return ["\n".join(lines)]


def _pages(line: str, seen: Counter[str]) -> bool:
    key = " ".join(line.split())
    unmarked = _unmarked(key)  # "## Share this:" ends a page; "## Email", a section of notes, does not
    return (
        seen[key] > 1
        or _CHROME_LINE.fullmatch(key) is not None
        or _ends_page(unmarked)
        or _WEAK_END_MARKER.fullmatch(unmarked) is not None
    )


def _ends_page(line: str) -> bool:
    """Whether the line is an end marker ("3 thoughts on …", "Reporting by …"), whatever punctuation
    follows it. The punctuation is cut off first, in one pass: a pattern ending in `.{0,200}\\W*`
    tried every length of the one against a long run of the other, 200 steps a character."""
    end = len(line)
    while end and not (line[end - 1].isalnum() or line[end - 1] == "_"):
        end -= 1
    return end <= MAX_END_MARKER_CHARS and _END_MARKER.fullmatch(line, 0, end) is not None


def _unmarked(block: str) -> str:
    """A block without the Markdown heading marks a page saved as Markdown puts on its own headings
    ("## Share this:", "## 2 thoughts on …"): they are the page's end all the same."""
    return block.lstrip("#").strip() if block.startswith("#") else block


def _is_sentence(block: str) -> bool:
    text = block.strip()
    return len(text.split()) >= MIN_SENTENCE_WORDS and _SENTENCE_END.search(text[-20:]) is not None
