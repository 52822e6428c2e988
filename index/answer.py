"""The value objects the core hands to every front end: what was found, where it came from."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class SourceInfo:
    id: str
    title: str | None
    author: str | None
    publisher: str | None
    published: dt.date | None
    url: str | None
    # A community's collection (its own sources, answered only there); None for the shared ones. Its
    # answers say so: a community's source can copy a shared article's author, title and link.
    collection: str | None = None

    @classmethod
    def of_row(cls, row: Any) -> SourceInfo:
        """The citation fields of a database row holding a source's columns (a `Source`, or a query's)."""
        return cls(row.id, row.title, row.author, row.publisher, row.published, row.url, row.collection)

    def published_label(self) -> str | None:
        """Human date, e.g. "5 Dec 2022"."""
        if self.published is None:
            return None
        return f"{self.published.day} {self.published:%b %Y}"

    def attribution(self) -> str:
        """One line naming who wrote it, where and when: `— Author, "Title", Publisher, 5 Dec 2022, url`."""
        parts = [
            self.author,
            (self.title if starts_quoted(self.title) else f'"{self.title}"') if self.title else None,
            self.publisher,
            self.published_label(),
            self.url,
        ]
        present = [p for p in parts if p]
        return "— " + ", ".join(present) if present else f"— source {self.id}"

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "author": self.author,
            "publisher": self.publisher,
            "published": self.published.isoformat() if self.published else None,
            "url": self.url,
        }


_QUOTE_MARKS = "\"'“”‘’«»„‚"


def starts_quoted(title: str) -> bool:
    """Whether a title begins with a quotation mark of its own (a quote as a headline): it is then
    shown as it is, not wrapped in another pair."""
    return title[:1] in _QUOTE_MARKS


@dataclass(frozen=True)
class SourceSummary:
    """A source as `/sources` lists it; `collection` is None for the shared knowledge base."""

    source: SourceInfo
    passages: int
    added_at: dt.datetime
    collection: str | None = None


def with_ellipses(quote: str, cut_before: bool, cut_after: bool) -> str:
    """The quote as shown to people: "… " where its paragraph goes on before it, " …" after."""
    return ("… " if cut_before else "") + quote + (" …" if cut_after else "")


@dataclass(frozen=True)
class Alternative:
    quote: str
    highlight: str
    score: float
    source: SourceInfo
    cut_before: bool = False
    cut_after: bool = False
    passage_id: int | None = None

    def display_quote(self) -> str:
        return with_ellipses(self.quote, self.cut_before, self.cut_after)

    def to_json(self) -> dict[str, Any]:
        return {"quote": self.quote, "score": round(self.score, 4), "source": self.source.to_json()}


@dataclass(frozen=True)
class Answer:
    """What qabot says to a question: a verbatim quote with its source, or an honest "not found".

    `quote` is a verbatim slice of the source text; `highlight` is the sentence in it that best answers
    (or two adjacent sentences, when the ranker scores them about alike).
    `cut_before` / `cut_after` say the quote's paragraph goes on beyond it; the ellipsis that shows
    it belongs to rendering (`display_quote()`), never to `quote`, which stays verbatim.
    `question_id` is set when the question was recorded (chat adapters put it in their buttons, and a
    reply to the answer is a follow-up of that question).
    `closest` is for a refusal: the (up to three, distinct) sources whose passages came closest, when
    any came near enough to name; a front end says "not found, but these come closest", never quotes.
    """

    question: str
    answered: bool
    quote: str | None = None
    highlight: str | None = None
    score: float | None = None
    source: SourceInfo | None = None
    alternatives: tuple[Alternative, ...] = field(default_factory=tuple)
    question_id: int | None = None
    cut_before: bool = False
    cut_after: bool = False
    # The passage quoted (for "whole paragraph"); None when nothing was.
    passage_id: int | None = None
    closest: tuple[SourceInfo, ...] = field(default_factory=tuple)

    def display_quote(self) -> str | None:
        return None if self.quote is None else with_ellipses(self.quote, self.cut_before, self.cut_after)

    @property
    def paragraph_goes_on(self) -> bool:
        """Whether the quoted passage's paragraph holds more than the quote: only then has "whole
        paragraph" anything to show (most quotes are a whole paragraph already)."""
        return self.passage_id is not None and (self.cut_before or self.cut_after)

    def others_than(self, quoted: int | None) -> Answer:
        """This answer, asked again after the knowledge base changed, with the passages other than the
        one a message quotes (`quoted`) as its alternatives: its best is one of them now."""
        best = () if self.quote is None or self.source is None else (
            Alternative(self.quote, self.highlight or self.quote, self.score or 0.0, self.source,
                        self.cut_before, self.cut_after, self.passage_id),
        )  # fmt: skip
        others = tuple(a for a in (*best, *self.alternatives) if a.passage_id != quoted)
        return dataclasses.replace(self, alternatives=others)

    def to_json(self) -> dict[str, Any]:
        return {
            "question": self.question,
            "answered": self.answered,
            "quote": self.quote,
            "highlight": self.highlight,
            "score": round(self.score, 4) if self.score is not None else None,
            "source": self.source.to_json() if self.source else None,
            "alternatives": [a.to_json() for a in self.alternatives],
            "closest": [source.to_json() for source in self.closest],
        }


@dataclass(frozen=True)
class Paragraph:
    """The whole paragraph a quote comes from (bounded), with the quote's passage to mark in it."""

    text: str
    passage: str
    source: SourceInfo
    cut_before: bool = False
    cut_after: bool = False
