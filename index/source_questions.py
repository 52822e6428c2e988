"""`SourceQuestions`: "Who wrote this article?" answered from the fields of the source it means
(`index.search.about_source` reads the question; this finds the source)."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Engine

from index.answer import Answer, SourceInfo
from index.search.about_source import about_source, may_be_about_source, source_answer
from index.search.candidates import fetch_candidates
from index.store.knowledge_base import KnowledgeBase
from index.store.questions import RecordedQuestion
from index.visibility import Visibility

__all__ = ["SourceQuestions"]


class SourceQuestions:
    def __init__(
        self,
        engine: Engine,
        knowledge_base: KnowledgeBase,
        spelt: Callable[[str, Visibility], str] | None = None,
    ) -> None:
        """`spelt`: the question with its misspellings corrected, as answering reads it."""
        self._engine = engine
        self._knowledge_base = knowledge_base
        self._spelt = spelt

    def answer(
        self, text: str, previous: RecordedQuestion | None, visibility: Visibility, replying: bool = False
    ) -> Answer | None:
        """The answer when `text` asks about its source (a refusal when it cannot say which); None
        when it asks something else. `replying`: `text` replies to an answer, whose record or source
        may be gone (`previous` None)."""
        field = about_source(text)
        if field is None and self._spelt is not None and may_be_about_source(text):
            field = about_source(self._spelt(text, visibility))  # "who wrote thsi article"
        if field is None:
            return None
        # A reply names the source of the answer it replies to, gone or not: the place's only source
        # left was named as the writer of an article just removed.
        source = None if replying and previous is None else self._meant(previous, visibility)
        # Not searched: a passage that says "wrote" would be quoted as if it answered.
        return Answer(question=text, answered=False) if source is None else source_answer(text, field, source)

    def about_it(self, text: str, previous: RecordedQuestion, visibility: Visibility) -> Answer | None:
        """The date or publisher of the source of the answer `text` replies to, when "it" may mean
        that source ("When was it published?") and the answer's context said nothing of it."""
        field = about_source(text, it_means_the_source=True)
        source = self._meant(previous, visibility) if field is not None else None
        return None if field is None or source is None else source_answer(text, field, source)

    def _meant(self, previous: RecordedQuestion | None, visibility: Visibility) -> SourceInfo | None:
        """The source of the answer replied to, if it is still there; else the place's only source.
        With several and no answer to reply to, "this article" names none of them."""
        if previous is not None and previous.passage_id is not None:
            _, sources = fetch_candidates(self._engine, [previous.passage_id], visibility)
            return sources.get(previous.source_id or "")
        listed = self._knowledge_base.sources(visibility, limit=2)
        return listed[0].source if len(listed) == 1 else None
