"""`Answerer`: a question → candidate passages from the live index → a ranked, quoted `Answer`.

Answers to recent questions are cached per index version; recording who asked is not its job.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import wait
from dataclasses import dataclass
from functools import partial

import numpy as np
from sqlalchemy import Engine

from index.answer import Alternative, Answer, SourceInfo
from index.errors import QabotError
from index.model.embedder import Embedder
from index.search.answer_cache import AnswerCache
from index.search.asked_for import answering_first, answers_as_typed, answers_what_is_asked
from index.search.candidates import fetch_candidates
from index.search.correctors import Correctors, real_words
from index.search.embedding import embed_beside
from index.search.empty_questions import names_nothing
from index.search.live_index import LiveIndex
from index.search.names import names_written
from index.search.near_misses import closest_sources
from index.search.question_text import as_embedded
from index.search.ranker import Ranker, ranker_for
from index.search.ranking import (
    Ranked,
    RankingEvidence,
    RetrievalConfig,
    gather_evidence,
    min_score_for,
    rank,
)
from index.search.retrieval import Found, Retrieval
from index.search.speaker_highlight import with_speaker
from index.search.text_evidence import TextEvidence, asked_in, text_evidence
from index.search.time_words import with_months
from index.search.unheld import held_stems, mostly_unheld_words, names_unheld, places_unheld, years_unheld
from index.search.writing_systems import foreign_to, question_script
from index.settings import CoreSettings
from index.visibility import SHARED_ONLY, Visibility

MAX_ALTERNATIVES = 2
# A question naming something no passage holds is about something else, unless a passage is clearly
# near: on the dev sets, of 1,423 answered questions none that name an unknown word scored below 0.38,
# while 175 of the 355 SQuAD questions the bundled article answered at 0.32-0.38 did.
UNKNOWN_NAME_MARGIN = 0.06
# A country or capital no candidate names, in any case ("what is the capital of france") is refused at
# any score: of 5,665 SQuAD half A questions one names a place its own article lacks, and none of the
# article's sets' answerable ones do; "How many tanks does Germany have?" scored 0.57 on Belarus's.


@dataclass(frozen=True)
class PreparedQuestion:
    """A cleaned question, ready to answer: `search_text` (misspelt words corrected against the
    knowledge base) is what is embedded and matched; `text` is the question as asked."""

    text: str
    search_text: str
    vector: np.ndarray


class Answerer:
    def __init__(
        self,
        engine: Engine,
        index: LiveIndex,
        embedder: Embedder,
        settings: CoreSettings,
        config: RetrievalConfig,
        answer_cache_size: int,
    ) -> None:
        self.engine, self.settings, self.config = engine, settings, config
        self._index, self._embedder = index, embedder
        self._retrieval = Retrieval(engine, index)
        self._answers: AnswerCache[Answer] = AnswerCache(answer_cache_size)
        self._ranker: tuple[str, Ranker] | None = None
        self._correctors = Correctors(settings.model)
        self._ranker_lock = threading.Lock()
        # LightGBM takes about a second to import: load the ranker while the model and index load.
        threading.Thread(target=self._preload_ranker, name="qabot-ranker", daemon=True).start()

    def _preload_ranker(self) -> None:
        # A missing or broken model file is reported by the first question, to whoever asks it.
        with contextlib.suppress(QabotError):
            _ = self.ranker

    @property
    def ranker(self) -> Ranker:
        """The ranker `QABOT_RANKER` names, loaded on first use (a bad model file fails every answer
        with a message naming it, rather than ranking some other way unannounced)."""
        setting = self.settings.ranker
        loaded = self._ranker
        if loaded is None or loaded[0] != setting:
            with self._ranker_lock:
                loaded = self._ranker
                if loaded is None or loaded[0] != setting:
                    loaded = self._ranker = (setting, ranker_for(setting))
        return loaded[1]

    @property
    def min_score(self) -> float:
        return min_score_for(self._embedder.model_name, self.settings.min_score)

    def answer(self, text: str, visibility: Visibility = SHARED_ONLY) -> Answer:
        """The answer to a cleaned question, from the index as it is now (refreshing is the caller's)."""
        # Keyed by the index revision and keyword index that answered: any change empties the cache.
        version = self._index.version
        key = f"{'*' if visibility.everything else visibility.community or ''}\x00{text}"
        cached = self._answers.get(key, version)
        if cached is not None:
            return cached
        search_text = self._search_text(text, visibility)
        if names_nothing(search_text):  # "Tell me more" asked alone: about no passage
            return Answer(question=text, answered=False)
        embedding = embed_beside(self._embed, search_text)
        retrieval, config = self._retrieval, self.config
        by_keywords = found = known = None
        if not embedding.done():  # embedding beside: search by words, and weigh what they find, meanwhile
            try:
                by_keywords = retrieval.by_keywords(search_text, config, visibility)
                if by_keywords is not None:
                    asked = asked_in(search_text)
                    known = text_evidence(by_keywords.candidates, by_keywords.keywords, *asked)
            finally:  # even after an error: the embedding is this question's work until it ends
                wait([embedding])
        prepared = PreparedQuestion(text, search_text, embedding.result())
        if by_keywords is not None:
            found = retrieval.with_nearest(by_keywords, prepared.vector, config, visibility)
        if found is None:  # embedded here (others are being embedded), or the index changed meanwhile
            found = retrieval.find(search_text, prepared.vector, config, visibility)
        answer = Answer(question=text, answered=False)
        if found is not None:
            answer = self._answer_found(prepared, found, config, known)
        self._answers.put(key, version, answer)
        return answer

    def prepare(self, text: str, visibility: Visibility = SHARED_ONLY) -> PreparedQuestion:
        """The cleaned question with its spelling corrected (against the shared vocabulary and the
        asking community's own words) and embedded, as `answer` does."""
        search_text = self._search_text(text, visibility)
        return PreparedQuestion(text, search_text, self._embed(search_text))

    def _embed(self, search_text: str) -> np.ndarray:
        vector: np.ndarray = self._embedder.question_encoder.encode([as_embedded(search_text)])[0]
        return vector

    def _search_text(self, text: str, visibility: Visibility) -> str:
        """The question as searched: misspelt words corrected, seasons also as their months."""
        return with_months(self.spelt(text, visibility))

    def spelt(self, text: str, visibility: Visibility = SHARED_ONLY) -> str:
        """The question with its misspelt words corrected against what `visibility` may be answered from."""
        state = self._index.state
        corrector = self._correctors.for_index(state.keywords) if state is not None else None
        community = visibility.community
        own = None if state is None or community is None else state.keywords.collection_holds(community)
        return corrector.correct(text, also_known=own).text if corrector is not None else text

    def answer_prepared(
        self,
        prepared: PreparedQuestion,
        config: RetrievalConfig | None = None,
        visibility: Visibility = SHARED_ONLY,
    ) -> Answer:
        """`config` other than the service's is for `qabot eval`'s baselines."""
        config = config or self.config
        found = self._retrieval.find(prepared.search_text, prepared.vector, config, visibility)
        if found is None:
            return Answer(question=prepared.text, answered=False)
        return self._answer_found(prepared, found, config, None)

    def _answer_found(
        self, prepared: PreparedQuestion, found: Found, config: RetrievalConfig, known: TextEvidence | None
    ) -> Answer:
        """`known`: text evidence for some candidates, from the same search text while it was embedded."""
        asked = (known.kind, known.phrases) if known is not None else asked_in(prepared.search_text)
        ranker, (kind, phrases) = config.ranker or self.ranker, asked
        ranked = rank(prepared.vector, found.candidates, found.keywords, config, ranker, kind, phrases, known)
        # The quote must answer the question as searched, misspellings corrected ("wen was it founded").
        answers_it = answers_as_typed(prepared.text, prepared.search_text)
        return self.answer_ranked(
            prepared.text, ranked, found.sources, config, answers_it=answers_it, searched=prepared.search_text
        )

    def answer_ranked(
        self,
        question: str,
        ranked: Sequence[Ranked],
        sources: Mapping[str, SourceInfo],
        config: RetrievalConfig | None = None,
        first_or_refuse: bool = False,
        answers_it: Callable[[str, str], bool] | None = None,
        searched: str | None = None,
    ) -> Answer:
        """The answer from candidates already ranked (best first): the best relevant one quoted (a
        speaker named: `with_speaker`), or a refusal naming the closest sources. Follow-ups rank their
        own way; with `first_or_refuse` their best-ranked candidate answers or none does. `answers_it`:
        whether a quote, under its source's title, gives what is asked (`answers_what_is_asked`
        unless given); `searched`: the question with misspellings corrected, if not as asked."""
        config, min_score = config or self.config, self.min_score
        if config.refuses:  # relevance across writing systems is the model guessing: never near
            script = question_script(question)
            ranked = [r for r in ranked if not foreign_to(script, r.candidate.text)]
        relevant = [r for r in ranked if r.relevance >= min_score or not config.refuses]
        margin = relevant[0].relevance - min_score if relevant else 0.0
        if relevant and config.refuses and self._elsewhere(question, ranked, sources, margin):
            relevant = []  # about what no candidate names
        elif relevant and config.refuses:
            answers = answers_it or partial(answers_what_is_asked, question)
            gives = lambda r: answers(r.quote_text, sources[r.candidate.source_id].title or "")  # noqa: E731
            relevant = answering_first(searched or question, relevant, gives, lambda r: r.quote_text)
        if relevant and first_or_refuse and relevant[0] is not ranked[0]:
            relevant = []
        if not relevant:
            top = max((r.relevance for r in ranked), default=None)
            return Answer(
                question=question,
                answered=False,
                score=top,
                closest=closest_sources(question, ranked, sources),
            )
        shown = [with_speaker(searched or question, r) for r in relevant[: 1 + MAX_ALTERNATIVES]]
        cuts = [
            (r.quote[0] > 0 or r.candidate.continues_before,
             r.quote[1] < len(r.candidate.text) or r.candidate.continues_after)
            for r in shown
        ]  # fmt: skip
        best = shown[0]
        alternatives = tuple(
            Alternative(
                r.quote_text, r.highlight_text, r.relevance, sources[r.candidate.source_id],
                cut_before=before, cut_after=after, passage_id=r.candidate.passage_id,
            )
            for r, (before, after) in zip(shown[1:], cuts[1:], strict=True)
        )  # fmt: skip
        return Answer(
            question=question, answered=True, quote=best.quote_text, highlight=best.highlight_text,
            score=best.relevance, source=sources[best.candidate.source_id], alternatives=alternatives,
            cut_before=cuts[0][0], cut_after=cuts[0][1], passage_id=best.candidate.passage_id,
        )  # fmt: skip

    def _elsewhere(
        self, question: str, ranked: Sequence[Ranked], sources: Mapping[str, SourceInfo], margin: float
    ) -> bool:
        """Is a question about what no candidate names answered too weakly (`margin` over the threshold)?
        No margin is enough for a year or a place; other names need `UNKNOWN_NAME_MARGIN`."""
        published = {s.published.year for s in sources.values() if s.published}
        if years_unheld(question, ranked, published, read=partial(self._search_text, question, SHARED_ONLY)):
            return True
        state = self._index.state
        if state is None or not state.keywords_ready:
            return False
        if places_unheld(state.keywords, question, ranked):
            return True
        if margin >= UNKNOWN_NAME_MARGIN:
            return False
        held = held_stems(state.keywords, ranked)  # stemming every candidate: once for both checks
        if names_unheld(state.keywords, question, held):
            return True
        corrected, real = self._search_text(question, SHARED_ONLY), real_words(self.settings.model)
        return mostly_unheld_words(state.keywords, question, corrected, real, held)

    def names_unknown(self, question: str, ranked: Sequence[Ranked]) -> bool:
        """Does the question write a name that none of its candidates holds (`unheld`)?"""
        state = self._index.state
        if state is None or not state.keywords_ready or not names_written(question):
            return False
        return names_unheld(state.keywords, question, held_stems(state.keywords, ranked))

    def candidates(
        self, prepared: PreparedQuestion, visibility: Visibility = SHARED_ONLY, extra: Iterable[int] = ()
    ) -> Found | None:
        """The candidates `answer_prepared` would rank (plus the passages `extra`, where visible), their
        sources and the question's keyword match; None when the index is empty."""
        found = self._retrieval.find(prepared.search_text, prepared.vector, self.config, visibility)
        if found is None:
            return None
        missing = set(extra) - {c.passage_id for c in found.candidates}
        if not missing:
            return found
        more, more_sources = fetch_candidates(self.engine, missing, visibility)
        return Found(found.candidates + more, {**found.sources, **more_sources}, found.keywords)

    def evidence(
        self, prepared: PreparedQuestion, config: RetrievalConfig | None = None
    ) -> RankingEvidence | None:
        """What the ranker would weigh for this question (for training it); None when the index is empty."""
        asked, config = asked_in(prepared.search_text), config or self.config
        found = self._retrieval.find(prepared.search_text, prepared.vector, config, SHARED_ONLY)
        if found is None or not found.candidates:
            return None
        evidence = gather_evidence(prepared.vector, found.candidates, found.keywords, *asked)
        return RankingEvidence(tuple(found.candidates), evidence)
