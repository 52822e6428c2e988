"""Metadata written as "Field: value" lines at a text's top, as MultiMarkdown and Notion write them.

MultiMarkdown opens a file with its fields ("Title: Winter tap care", "Author: Tom Baker", "Date: …")
and a blank line; Notion's Markdown export puts a page's properties ("Created: March 4, 2024 3:12 PM",
"Created by: Priya Natarajan", "Tags: …") under its first heading. Read as text, those lines were the
first passage and the author went uncredited.

Only a block of nothing but such lines is read, and only when it says who wrote the text
(MultiMarkdown's also needs a title; a page's properties under its heading have none) and no other
such record follows (a reading list's "Title: Dune / Author: Frank Herbert" is its first entry):
"Date: March 4 / Place: Town hall" under an event's heading is the event's own news. The fields
qabot credits a text with are taken out; others ("Tags", "Status", "Place") stay, as written, since a
reader may ask about them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from index.ingest.bylines import NAME_PARTICLES

__all__ = ["MetadataLines", "read_metadata_lines"]

_MAX_LINES = 20
_MAX_LINE_CHARS = 300
_FIELD = re.compile(r"([A-Za-z][A-Za-z _-]{0,30}?)[ \t]*:[ \t]+(\S[^\n]*)")
_HEADING = re.compile(r"#[ \t]+\S[^\n]*")
# What each field is credited as; the first one written wins.
_CREDITED = {
    "title": "title",
    "author": "author",
    "authors": "author",
    "created by": "author",
    "by": "author",
    "date": "date",
    "created": "date",
    "published": "date",
    "publisher": "publisher",
    "url": "url",
}


_MAX_NAME_WORDS = 12  # "Tom Baker; Ann Lee and Ravi Patel"
_NAME_SPLIT = re.compile(r"[\s,;&]+")
_ANOTHER_RECORD = re.compile(r"^[ \t]*(?:title|author)[ \t]*:", re.IGNORECASE | re.MULTILINE)


@dataclass(frozen=True)
class MetadataLines:
    body: str
    fields: dict[str, str]  # title, author, date, publisher, url: as written


def read_metadata_lines(text: str) -> MetadataLines | None:
    """The credited fields of a block of "Field: value" lines opening `text`, or under its first
    heading, and the text without them; None when there is no such block."""
    head, rest = "", text
    first_line, _, after = text.partition("\n")
    if _HEADING.fullmatch(first_line.strip()):
        head, rest = first_line + "\n", after
    leading = len(rest) - len(rest.lstrip("\n"))
    lines = rest[leading:].split("\n", _MAX_LINES + 1)
    fields: dict[str, str] = {}
    kept: list[str] = []
    end = None
    for index, line in enumerate(lines[: _MAX_LINES + 1]):
        if not line.strip():
            end = index
            break
        field = _FIELD.fullmatch(line.strip()) if len(line) <= _MAX_LINE_CHARS else None
        if field is None:
            return None
        credited = _CREDITED.get(" ".join(field[1].lower().split()))
        if credited is None:
            kept.append(line)
        else:
            fields.setdefault(credited, field[2].strip())
    if end is None or end < 2 or not _names_someone(fields.get("author")):
        return None
    # A page's properties under its heading hold no title of their own; without a heading, one is needed.
    if ("title" in fields) == bool(head):
        return None
    after_block = "\n".join(lines[end + 1 :])
    if _ANOTHER_RECORD.search(after_block):  # "Title: Dune / Author: …", then "Title: Neuromancer…"
        return None
    body = "\n".join([*kept, "", after_block] if kept else [after_block])
    return MetadataLines(head + "\n" + body if head else body, fields)


def _names_someone(author: str | None) -> bool:
    """A byline, not a line of a transcript that names its speaker "Author" ("Author: I began in 1990.",
    "Author: Thanks for having me"): names, capitalised but for their particles."""
    words = [word for word in _NAME_SPLIT.split(author or "") if word]
    return (
        0 < len(words) <= _MAX_NAME_WORDS
        and not (author or "").endswith((".", "?", "!"))
        and all(word[0].isupper() or word in NAME_PARTICLES or word == "and" for word in words)
    )
