"""Questions about a source rather than its text: "Who wrote this article?", "When was it published?".

A source's byline is not in its passages (ingestion keeps it as the source's author, publisher, date,
title and link), so asked as a question "Who is the author of this piece?" was refused. Such a
question is answered from those fields of the source it means: the one the conversation is about (the
source of the answer it replies to), or the only one a place is answered from. The answer quotes the
field as stored, with the source's attribution as always; a source without that field is a refusal
naming it as closest.

A question is about its source only when all its words are of such questions: "Why did the author move
to Ukraine?" and "Who wrote about the drones?" ask about what a text says.
"""

from __future__ import annotations

import enum
import re

from index.answer import Answer, SourceInfo
from index.errors import BadDocument
from index.ingest.links import check_source_url
from index.search.spelling_edits import edit_distance

__all__ = ["SourceField", "about_source", "may_be_about_source", "source_answer"]


class SourceField(enum.Enum):
    AUTHOR = "author"
    PUBLISHED = "published"
    PUBLISHER = "publisher"
    TITLE = "title"
    LINK = "url"


_DATE_WORDS = frozenset({"when", "date", "dated", "old", "day", "year"})
_AUTHOR_WORDS = frozenset({"wrote", "write", "written", "writer", "author", "authored", "penned", "whose"})
_AUTHOR_WORDS |= frozenset({"journalist", "reporter", "byline"})
_PUBLISHER_WORDS = frozenset({"publisher", "outlet", "newspaper", "publication", "site", "website"})
_PUBLISHER_WORDS |= frozenset({"magazine", "paper", "media"})
_PUBLISHING_WORDS = frozenset({"published", "publish", "released", "posted", "appeared", "came", "out"})
_PUBLISHING_WORDS |= frozenset({"come", "printed", "run", "ran"})
_TITLE_WORDS = frozenset({"title", "headline", "called", "named", "about", "topic", "main", "point"})
_TITLE_WORDS |= frozenset({"summary", "summarize", "summarise", "sum", "up", "gist", "tldr", "tl", "dr"})
_LINK_WORDS = frozenset({"link", "url", "address", "read", "find"})
# What a question about its source calls it; "author" and "publisher" need no other word.
# Not "it" or "report": "When was it published?" after an answer about a report asks the report's date.
_SOURCE_WORDS = frozenset({"article", "piece", "story", "text", "post", "essay", "column", "source"})
_SOURCE_WORDS |= frozenset({"this", "author", "publisher", "byline"})
_OTHER_WORDS = frozenset(
    {"who", "whos", "what", "whats", "which", "where", "how", "is", "was", "were", "are", "s", "the", "a"}
    | {"an", "of"}
    | {"did", "does", "do", "has", "been", "by", "whom", "me", "tell", "please", "can", "could", "you"}
    | {"i", "in", "on", "it", "its", "original", "full", "name", "first", "at", "from", "to", "get", "give"}
)
_ALL_WORDS = (
    _DATE_WORDS | _AUTHOR_WORDS | _PUBLISHER_WORDS | _PUBLISHING_WORDS | _TITLE_WORDS | _LINK_WORDS
    | _SOURCE_WORDS | _OTHER_WORDS
)  # fmt: skip
# Words long enough that one slip still says which ("authr", "artcle", "publshed"), under each of
# their spellings with a letter left out: a word one slip from one of them shares such a spelling
# (SymSpell's look-up), so few are compared letter by letter.
_SLIP_TOLERANT: dict[str, list[str]] = {}
for _known in sorted(word for word in _ALL_WORDS if len(word) >= 5):
    for _variant in {_known} | {_known[:i] + _known[i + 1 :] for i in range(len(_known))}:
        _SLIP_TOLERANT.setdefault(_variant, []).append(_known)
MAX_WORDS = 12
# Chat questions hold a typo or two.
MAX_MISREAD = 2
_WORD = re.compile(r"[^\W_]+")


def about_source(question: str, it_means_the_source: bool = False) -> SourceField | None:
    """Which field of its source a question asks for, when that is all it asks. `it_means_the_source`:
    "it" may name the source, for its date or publisher ("When was it published?" under an answer
    that says nothing of a date); "Who wrote it?" may ask about a letter the answer quoted."""
    typed = _WORD.findall(question[: MAX_WORDS * 20])
    if not typed or len(typed) > MAX_WORDS:
        return None
    asked: set[str] = set()
    for word in typed:  # most questions stop at their first word of something else
        known = _as_typed(word.lower())
        if known not in _ALL_WORDS:
            return None
        asked.add(known)
    if not asked & _SOURCE_WORDS:
        return _published_or_publisher(asked) if it_means_the_source and "it" in asked else None
    dated_or_published = _published_or_publisher(asked)
    if dated_or_published is SourceField.PUBLISHED:  # "when was it written?": the date, not the writer
        return dated_or_published
    if asked & _AUTHOR_WORDS:
        return SourceField.AUTHOR
    if dated_or_published is not None:
        return dated_or_published
    if asked & _TITLE_WORDS:
        return SourceField.TITLE
    if asked & _LINK_WORDS:
        return SourceField.LINK
    return None


def _published_or_publisher(asked: set[str]) -> SourceField | None:
    if asked & _DATE_WORDS and asked & (_PUBLISHING_WORDS | _AUTHOR_WORDS | {"date", "old"}):
        return SourceField.PUBLISHED
    if asked & _PUBLISHER_WORDS or (asked & _PUBLISHING_WORDS and asked & {"who", "which", "where", "what"}):
        return SourceField.PUBLISHER
    return None


def may_be_about_source(question: str) -> bool:
    """Whether a question `about_source` does not read could be about its source once misspelt words
    are read ("who wrote thsi article", "whp is the author"): it names its source and all its words
    but `MAX_MISREAD` are such a question's. Short words are too near others to read here; the
    spelling corrector reads them."""
    typed = _WORD.findall(question[: MAX_WORDS * 20])
    if not typed or len(typed) > MAX_WORDS:
        return False
    read = [_as_typed(word.lower()) for word in typed]
    misread = sum(word not in _ALL_WORDS for word in read)
    return bool(_SOURCE_WORDS.intersection(read)) and misread <= MAX_MISREAD


def _as_typed(word: str) -> str:
    """The word of such questions that `word` is one slip away from, or `word`."""
    if word in _ALL_WORDS or len(word) < 4:  # four letters: a letter left out of a longer word ("pece")
        return word
    variants = {word} | {word[:i] + word[i + 1 :] for i in range(len(word))}
    near = sorted({known for variant in variants for known in _SLIP_TOLERANT.get(variant, ())}, key=_shortest)
    return next((known for known in near if edit_distance(word, known, 1) <= 1), word)


def _shortest(word: str) -> tuple[int, str]:
    return len(word), word


def source_answer(question: str, field: SourceField, source: SourceInfo) -> Answer:
    """The field of `source` the question asks for, quoted as stored; without it, a refusal that names
    the source as closest (whoever asks can look there)."""
    value = _value(field, source)
    if not value:
        return Answer(question=question, answered=False, closest=(source,))
    return Answer(question=question, answered=True, quote=value, highlight=value, source=source)


def _value(field: SourceField, source: SourceInfo) -> str | None:
    if field is SourceField.PUBLISHED:
        return source.published_label()
    if field is SourceField.LINK:  # checked again, as front ends check a link before showing it
        try:
            return check_source_url(source.url) if source.url else None
        except BadDocument:
            return None
    value: str | None = getattr(source, field.value)
    return value
