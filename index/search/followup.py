"""`FollowUps`: a reply to an answer ("And what does he say about Belarus?", "Why?") answered in the
context of the question it replies to and of the passage that answered it, with the model and indexes
already there: no LLM, nothing stored.

Two readings of the follow-up are ranked over the same candidates (those retrieved for either, plus
the passage that answered the earlier question): the follow-up *alone*, and *together* with the
earlier question (their vectors summed, their words matched together). Each ranking's scores become
log-probabilities over the candidates (a softmax), and

- a follow-up that brings no word of its own that the knowledge base knows ("Why?", "Who reported
  it?", "Since when?") is about what was just answered: it is answered by the reading together, and
  the earlier answer's passage gets `CONTINUITY_BONUS` (it usually holds the answer: the next sentence,
  the reason, the source);
- one that brings new words ("What does he say about Belarus?", "Who is Vyacheslav Tseluiko?") is
  answered by its own reading plus `TOGETHER_WEIGHT` times the reading together (which picks, among
  the passages about Belarus, those about the person asked about before), with the same bonus for the
  earlier passage when it answers that too (none when the reply names something it lacks; left out
  when it also holds none of the reply's new words: "And the fighting with Armenia?" after the Lachin
  corridor), and `SUBJECT_BONUS` for those naming whom the conversation is about when it names only
  places ("And Belarus?"), or `TOPIC_BONUS` for those holding what it is about when it names only
  someone else ("And Oreshkin?"; `conversation.subject_bonuses`). One that stands on its own is
  ranked almost as if asked fresh: its own reading dominates.

A reply that only asks for more ("What else did he say?", "Anything else?") gets the earlier
question's next passage instead (`index.search.more_answers`).

Words the spelling correction put in do not count as the follow-up's own: a correction is a guess at
the knowledge base's words, and counting it would make an elliptical reply look like a new question.

Refusals read the follow-up with half the earlier question's meaning (`RELEVANCE_CONTEXT`) and its
own words: "Why?" after an answer is relevant to that answer's passage, "Which football team does he
support?" is not relevant to anything. The measurements are in docs/quality.md ("Follow-ups").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from functools import partial

import numpy as np

from index.answer import Alternative, Answer
from index.search.answer_types import AnswerType, holds_cue, question_type
from index.search.answering import Answerer, PreparedQuestion
from index.search.asked_for import answers_what_is_asked, names_in
from index.search.conversation import passage_holds, questions_read_with, subject_bonuses
from index.search.empty_questions import ELLIPTICAL_WORDS, REQUEST_WORDS
from index.search.keyword import KeywordMatch
from index.search.live_index import LiveIndex
from index.search.more_answers import asks_for_more, next_answer
from index.search.names import written_as_names
from index.search.phrases import question_phrases
from index.search.ranking import Ranked, rank
from index.search.spelling_words import WH_WORDS
from index.search.text_evidence import text_evidence
from index.store.questions import RecordedQuestion
from index.visibility import Visibility

__all__ = ["CONTINUITY_BONUS", "RELEVANCE_CONTEXT", "TOGETHER_WEIGHT", "FollowUps", "new_words"]

# Chosen on the hand-written dev conversations (eval/conversations.jsonl) from a small grid, and
# cross-validated by conversation (docs/quality.md): log-odds for the passage that answered the
# earlier question, and the weight of the reading together beside the follow-up's own.
CONTINUITY_BONUS = 2.0
TOGETHER_WEIGHT = 0.5
# How much of the earlier question's vector the follow-up's relevance (what refusals compare) reads.
RELEVANCE_CONTEXT = 0.5
# An answer from the earlier source wins when its relevance is at most this much lower.
SAME_SOURCE_MARGIN = 0.05
_CUE_KINDS = (AnswerType.DATE, AnswerType.NUMBER)  # a reply about the passage must find one in it
_WORD = re.compile(r"[^\W\d_]+")
MAX_ASKING_CHARS = 4096  # a question is at most this long before it is refused


class FollowUps:
    def __init__(self, answerer: Answerer, index: LiveIndex) -> None:
        self._answerer, self._index = answerer, index

    def answer(self, follow_up: str, previous: RecordedQuestion, visibility: Visibility) -> Answer:
        state = self._index.state
        if state is None:
            return self._answerer.answer(follow_up, visibility)
        answerer, keywords = self._answerer, state.keywords
        asked = answerer.prepare(follow_up, visibility)
        replied_to = answerer.prepare(previous.question, visibility)
        elliptical = frozenset(keywords.stem(word) for word in ELLIPTICAL_WORDS)
        # A reply to a follow-up's answer: the questions before name whom "he" is, and come first. The
        # first of them (else the question replied to) says whom "What else does he say?" asks about.
        read_before = questions_read_with(previous, keywords, visibility, elliptical)
        context = " ".join(q.question for q in read_before) or None
        subject = read_before[0].question if read_before else previous.question
        conversation = replied_to
        if context is not None:
            before = answerer.prepare(context, visibility)
            conversation = PreparedQuestion(
                previous.question,
                f"{before.search_text} {replied_to.search_text}",
                _unit(replied_to.vector + before.vector),
            )
        # The passage the earlier answer quoted (recorded without one: the answer as given now, cached).
        continued = previous.passage_id
        if continued is None:
            as_asked = " ".join(filter(None, (context, previous.question)))
            answered = answerer.answer(as_asked, visibility)
            same_source = answered.source is not None and answered.source.id == previous.source_id
            continued = answered.passage_id if answered.answered and same_source else None
        extra = () if continued is None else (continued,)
        alone_found = answerer.candidates(asked, visibility, extra)
        if alone_found is None:
            return Answer(question=follow_up, answered=False)
        as_typed = keywords.match(asked.text, visibility=visibility)
        new = new_words(
            alone_found.keywords, as_typed, keywords.match(conversation.search_text, visibility=visibility),
            elliptical,
        )  # fmt: skip
        if not new and (asks_for_more(follow_up) or asks_for_more(asked.search_text)):
            # "What else did he say?", "anything else": the earlier question's next answer, about whom
            # it named, other than the passages this conversation has quoted.
            shown = {p for p in (continued, *(q.passage_id for q in previous.earlier)) if p is not None}
            about = (subject, read_before[0].passage_id if read_before else continued)
            more = next_answer(answerer, keywords, follow_up, conversation, about, shown, visibility)
            return _prefer_source(more, previous.source_id)
        if not new and not (_asks(follow_up) or _asks(asked.search_text)):  # read as corrected, below too
            return self._answerer.answer(follow_up, visibility)  # "thanks!": not a question about it
        about_the_answer = not new and not _unknown_words(as_typed, elliptical)
        earlier = conversation
        kind = question_type(asked.search_text)
        if about_the_answer and context is not None and kind == AnswerType.CAUSE:
            # "Why?" asks the reason for the answer just quoted. When the question that answer answered
            # brought words of its own ("What does he say about Belarus?"), it alone says what that
            # answer is about: read with the one before it too, "Who is Sergei Sazonov?" drew "Why?"
            # back to the first answer. Without words of its own ("What else does he say?") the
            # question before is what it is about.
            own = keywords.match(replied_to.search_text, visibility=visibility)
            before_words = keywords.match(context, visibility=visibility)
            if new_words(own, own, before_words, elliptical):
                earlier = replied_to
        together = PreparedQuestion(
            follow_up, f"{asked.search_text} {earlier.search_text}", _unit(asked.vector + earlier.vector)
        )
        together_found = answerer.candidates(together, visibility, extra)
        if together_found is None:
            return Answer(question=follow_up, answered=False)
        union = {c.passage_id: c for c in (*alone_found.candidates, *together_found.candidates)}
        if about_the_answer and continued in union:
            # "Why?" asks about the passage just quoted, not about those quoted before it, which the
            # reading together (the earlier questions) can favour. After "Anything else?" the earlier
            # questions do not say what that passage is about (it was chosen for a name it holds): it
            # alone is what the reply asks about.
            quoted_before = {q.passage_id for q in previous.earlier} - {continued}
            union = {p: c for p, c in union.items() if p not in quoted_before}
            if asks_for_more(previous.question) or asks_for_more(replied_to.search_text):
                union = {continued: union[continued]}
        candidates = list(union.values())
        if not candidates:
            return Answer(question=follow_up, answered=False)
        if continued not in union:  # changed since it answered (a source replaced): no passage to continue
            continued = None
        sources = {**alone_found.sources, **together_found.sources}
        alone_keywords, together_keywords = alone_found.keywords, together_found.keywords
        config, ranker = answerer.config, answerer.ranker
        phrases = question_phrases(asked.search_text)
        alone_text = text_evidence(candidates, alone_keywords, kind, phrases)  # also read for refusals
        alone = rank(asked.vector, candidates, alone_keywords, config, ranker, kind, phrases, alone_text)
        read_together = rank(
            together.vector, candidates, together_keywords, config, ranker, kind,
            (*phrases, *question_phrases(earlier.search_text)),
        )  # fmt: skip
        left = None
        # The reply's new words that the candidates write as names, read from their texts once.
        names = written_as_names(new, [c.text for c in candidates], keywords.stem) if new else set()
        if new and continued is not None:
            names_held, any_held = passage_holds(new, names, union[continued], alone_keywords)
            if not names_held:
                # The reply names something the earlier passage does not: it cannot answer; and if
                # it says nothing of the reply's other new words either, the reply has left it.
                left, continued = (None if any_held else continued), None
        bonuses = subject_bonuses(subject, new, names, candidates, together_keywords, keywords, elliptical)
        scores = _fused(alone, read_together, continued, bonuses, moving=bool(new))
        if left is not None and len(scores) > 1:
            del scores[left]
        # Refusals: the follow-up with half the earlier question's meaning, and its own words.
        # A reply that names something no candidate holds ("Who won the 2022 FIFA World Cup?") is about
        # something else: judged without the earlier question, as if asked fresh.
        context_weight = 0.0 if answerer.names_unknown(follow_up, alone) else RELEVANCE_CONTEXT
        reading = _unit(asked.vector + context_weight * earlier.vector)
        for_refusals = rank(reading, candidates, alone_keywords, config, ranker, kind, phrases, alone_text)
        relevance = {r.candidate.passage_id: r.relevance for r in for_refusals}
        # "When?", "Why?", "Who said that?": only about the passage just quoted, which is read with half
        # the earlier question's meaning; kept up to where a fresh question is refused ("When?" and "How
        # many?" only if it holds a date or a number).
        kept = continued is not None and (kind not in _CUE_KINDS or holds_cue(union[continued].text, kind))
        if about_the_answer and continued is not None and kept:
            relevance[continued] = max(relevance[continued], answerer.min_score)
        # The sentence shown is the one the reply asks for, read as the refusals read it ("What did he get
        # in return?" bolded the rescue the question before asked about); a reply of question words alone
        # ("Why?", "When?") asks about what was just answered, and the reading together says what that is.
        own_words = any(stem not in elliptical for stem in as_typed.stems[: as_typed.own_stems])
        quoted = {r.candidate.passage_id: r for r in (for_refusals if own_words else read_together)}
        ordered = [
            replace(quoted[passage_id], rank_score=score, relevance=relevance[passage_id])
            for passage_id, score in sorted(scores.items(), key=lambda item: -item[1])
        ]
        answers_it = partial(answers_what_is_asked, asked.search_text, subject=names_in(previous.question))
        answer = answerer.answer_ranked(
            follow_up, ordered, sources, first_or_refuse=True, answers_it=answers_it
        )
        return _prefer_source(answer, previous.source_id)


def new_words(
    follow_up: KeywordMatch,
    as_typed: KeywordMatch,
    earlier: KeywordMatch,
    elliptical: frozenset[str] = frozenset(),
) -> list[str]:
    """The follow-up's own stems that the knowledge base knows and the earlier question did not use,
    leaving out those the spelling correction put in (`as_typed`: the follow-up's words uncorrected)
    and the `elliptical` ones ("said", "since")."""
    typed, before = set(as_typed.stems), set(earlier.stems) | elliptical
    own = zip(follow_up.stems[: follow_up.own_stems], follow_up.stem_ids[: follow_up.own_stems], strict=True)
    return [stem for stem, stem_id in own if stem_id >= 0 and stem in typed and stem not in before]


def _unknown_words(as_typed: KeywordMatch, elliptical: frozenset[str]) -> bool:
    """Whether the reply, as typed, has a word no passage holds ("When was he born?": "born")."""
    own = zip(as_typed.stems[: as_typed.own_stems], as_typed.stem_ids[: as_typed.own_stems], strict=True)
    return any(stem_id < 0 and stem not in elliptical for stem, stem_id in own)


def _asks(reply: str) -> bool:
    words = {word.lower() for word in _WORD.findall(reply[:MAX_ASKING_CHARS])}
    return "?" in reply or not words.isdisjoint(WH_WORDS) or not words.isdisjoint(REQUEST_WORDS)


def _fused(
    alone: Sequence[Ranked],
    together: Sequence[Ranked],
    continued: int | None,
    bonuses: dict[int, float],
    moving: bool,
) -> dict[int, float]:
    """Each candidate's score: log-probabilities of the two readings, weighed as the module says, and
    the bonuses of the passage continued and of those naming whom the conversation is about."""
    own, both = _log_softmax(alone), _log_softmax(together)
    weight_own, weight_both = (1.0, TOGETHER_WEIGHT) if moving else (0.0, 1.0)
    return {
        passage_id: weight_own * own[passage_id]
        + weight_both * both[passage_id]
        + CONTINUITY_BONUS * (passage_id == continued)
        + bonuses.get(passage_id, 0.0)
        for passage_id in own
    }


def _log_softmax(ranked: Sequence[Ranked]) -> dict[int, float]:
    scores = np.asarray([r.rank_score for r in ranked], dtype=np.float64)
    top = float(scores.max())
    normaliser = top + float(np.log(np.exp(scores - top).sum()))
    return {r.candidate.passage_id: r.rank_score - normaliser for r in ranked}


def _unit(vector: np.ndarray) -> np.ndarray:
    norm = float(np.linalg.norm(vector))
    return (vector / norm if norm > 0 else vector).astype(np.float32)


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
