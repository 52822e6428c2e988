"""`FollowUps`: a reply to an answer ("And what does he say about Belarus?", "When was that?") answered
in the context of the question it replies to, with the model and indexes already there: no LLM.

A follow-up that brings little of its own (its words the knowledge base knows, and the earlier
question did not already use, weigh little) leans on the earlier question: both are searched
together. One that names something new leans on itself, with a little of the earlier question in its
vector to pick the passage about the same subject. Either way the earlier source is preferred when it
answers about as well; a follow-up that stands on its own ends up answered as if asked fresh.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from index.answer import Alternative, Answer
from index.search.answering import Answerer, PreparedQuestion
from index.search.live_index import LiveIndex
from index.store.questions import RecordedQuestion
from index.visibility import Visibility

__all__ = ["FollowUps"]

# Measured on the hand-written dev conversations (eval/conversations.jsonl): the IDF weight of the
# follow-up's own new words below which it is read together with the earlier question.
SELF_STANDING_IDF = 4.0
# How much of the earlier question's vector joins the follow-up's, when read together or apart.
CONTEXT_WEIGHT_TOGETHER = 0.7
CONTEXT_WEIGHT_APART = 0.3
# An answer from the earlier source wins when its relevance is at most this much lower.
SAME_SOURCE_MARGIN = 0.05


class FollowUps:
    def __init__(self, answerer: Answerer, index: LiveIndex) -> None:
        self._answerer = answerer
        self._index = index

    def answer(self, follow_up: str, previous: RecordedQuestion, visibility: Visibility) -> Answer:
        state = self._index.state
        if state is None:
            return self._answerer.answer(follow_up, visibility)
        asked, earlier = self._answerer.prepare(follow_up), self._answerer.prepare(previous.question)
        keywords = state.keywords
        own, before = keywords.match(asked.search_text), keywords.match(earlier.search_text)
        used_before = set(before.stems)
        words = zip(own.stems[: own.own_stems], own.idf, own.stem_ids, strict=False)
        new_weight = sum(idf for stem, idf, stem_id in words if stem_id >= 0 and stem not in used_before)
        if new_weight < SELF_STANDING_IDF:
            search_text, weight = f"{asked.search_text} {earlier.search_text}", CONTEXT_WEIGHT_TOGETHER
        else:
            search_text, weight = asked.search_text, CONTEXT_WEIGHT_APART
        mixed = asked.vector + weight * earlier.vector
        prepared = PreparedQuestion(follow_up, search_text, mixed / np.linalg.norm(mixed))
        answer = self._answerer.answer_prepared(prepared, visibility=visibility)
        return _prefer_source(answer, previous.source_id)


def _prefer_source(answer: Answer, source_id: str | None) -> Answer:
    """The earlier source's passage first, when it answers about as well as the best one."""
    if not answer.answered or answer.source is None or answer.source.id == source_id or answer.score is None:
        return answer
    for position, alternative in enumerate(answer.alternatives):
        if alternative.source.id == source_id and alternative.score >= answer.score - SAME_SOURCE_MARGIN:
            demoted = Alternative(
                answer.quote or "", answer.highlight or "", answer.score, answer.source,
                answer.cut_before, answer.cut_after, answer.passage_id,
            )  # fmt: skip
            others = [a for i, a in enumerate(answer.alternatives) if i != position]
            return replace(
                answer,
                quote=alternative.quote, highlight=alternative.highlight, score=alternative.score,
                source=alternative.source, cut_before=alternative.cut_before, cut_after=alternative.cut_after,
                alternatives=(demoted, *others), passage_id=alternative.passage_id,
            )  # fmt: skip
    return answer
