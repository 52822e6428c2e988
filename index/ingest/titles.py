"""A text's title when nothing names one: its first Markdown heading, or a first line that reads as a
headline ("How to winterize an outdoor tap"; "Issue 42: Why your tomatoes split"; "🌊 Odesa Volunteer
Hub"; a heading underlined with "===").

Lines a mail or a press release opens with ("View this email in your browser", "FOR IMMEDIATE
RELEASE") were taken for the title; a line with a colon ("Episode 58: The Night Shift") was not, for
fear of "Present: Ann, Bob", whose part before the colon is one word; nor one starting with an emoji.
"""

from __future__ import annotations

import re
import unicodedata

from index.ingest.chunking import heading_text, lines_outside_code

__all__ = ["first_heading", "headline"]

MAX_HEADLINE_CHARS = 150
FIRST_PARAGRAPHS_READ = 3  # past the lines a mail or a press release opens with
_NUMBERED = re.compile(r"\d{1,3}[.)]\s")
_SALUTATIONS = frozenset({"dear", "hi", "hello", "hey", "to", "from", "re", "subject"})
_OPENING_CHROME = frozenset(
    {"for immediate release", "press release", "news release", "view this email in your browser"}
    | {"view in browser", "view online", "view this email online", "having trouble viewing this email?"}
)
# What may come before a headline's first letter: emoji, flags and their joiners.
_DECORATION = frozenset({"So", "Sk", "Mn", "Cf", "Zs"})


def first_heading(body: str) -> str | None:
    """The first Markdown heading outside code blocks (a script's "# Mount point" is no title)."""
    for _offset, line in lines_outside_code(body):
        if line.startswith("#") and (title := heading_text(line)):
            return title
    return None


def headline(body: str) -> str | None:
    """A plain text's first line when it reads as a headline: a short paragraph of its own that ends
    no sentence, with more text after it; past the lines mails and press releases open with."""
    paragraphs = body.split("\n\n", FIRST_PARAGRAPHS_READ + 1)
    for index, first in enumerate(paragraphs[:FIRST_PARAGRAPHS_READ]):
        underlined = heading_text(first.strip()) if "\n" in first.strip() else None
        lines = [underlined] if underlined else first.strip().split("\n")  # "Title\n====="
        line = " ".join(" ".join(lines).split())
        if line.casefold().rstrip(":.") in _OPENING_CHROME:
            continue
        rest = "\n\n".join(paragraphs[index + 1 :])
        return line if len(lines) == 1 and rest.strip() and _reads_as_headline(line) else None
    return None


def _reads_as_headline(line: str) -> bool:
    if len(line) > MAX_HEADLINE_CHARS or len(line.split()) < 2 or line[-1] in ".!?:;,":
        return False  # "- Renew the permit", "Present: Ann, Bob", "5. Renew it"
    lead = line.split(":", 1)[0] if ":" in line else None
    if lead is not None and len(lead.split()) < 2:
        return False
    letters = line.lstrip("".join(c for c in line[:8] if unicodedata.category(c) in _DECORATION))
    if not letters or not (letters[0].isupper() or letters[0].isdigit()):
        return False
    return not (line.split()[0].lower().rstrip(",") in _SALUTATIONS or _NUMBERED.match(line))
