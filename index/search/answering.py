"""`Answerer`: a question → candidate passages from the live index → a ranked, quoted `Answer`.

Also what makes a message a question at all (`clean_question`). Answers to recent questions are
cached per index version; recording who asked is not its job.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
from sqlalchemy import Engine, bindparam, select

from index.answer import Alternative, Answer, SourceInfo
from index.errors import BadQuestion
from index.model.embedder import Embedder
from index.search.answer_cache import AnswerCache
from index.search.live_index import LiveIndex
from index.search.ranking import Candidate, RetrievalConfig, min_score_for, rank
from index.settings import CoreSettings
from index.store.models import Passage, Source
from index.store.spans import decode_spans

MAX_QUESTION_CHARS = 2000
MAX_ALTERNATIVES = 2
_CONTROL_CHARS = dict.fromkeys(c for c in range(32) if chr(c) not in "\t\n")
# The answering path's one query, built once; `ids` expands to the candidate ids.
_CANDIDATES = (
    select(
        Passage.id, Passage.source_id, Passage.text, Passage.heading, Passage.embedding,
        Passage.sentence_spans, Passage.sentence_embeddings, Passage.continues_before,
        Passage.continues_after, Source.title, Source.author, Source.publisher, Source.published,
        Source.url,
    )
    .join(Source, Source.id == Passage.source_id)
    .where(Passage.id.in_(bindparam("ids", expanding=True)))
)  # fmt: skip


def clean_question(question: str) -> str:
    # Lone surrogates (an escaped \ud83e in a chat API's JSON, undecodable argv bytes) make the
    # tokenizer and the database raise; valid pairs are joined and lone halves become U+FFFD.
    question = question.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    text = " ".join(question.translate(_CONTROL_CHARS).split())
    if not text:
        raise BadQuestion("Please ask a question: the message was empty.")
    if len(text) > MAX_QUESTION_CHARS:
        raise BadQuestion(
            f"That question is too long ({len(text)} characters; at most {MAX_QUESTION_CHARS})."
        )
    return text


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
        self.engine = engine
        self.settings = settings
        self.config = config
        self._index = index
        self._embedder = embedder
        self._answers: AnswerCache[Answer] = AnswerCache(answer_cache_size)

    @property
    def min_score(self) -> float:
        return min_score_for(self._embedder.model_name, self.settings.min_score)

    def answer(self, text: str) -> Answer:
        """The answer to a cleaned question, from the index as it is now (refreshing is the caller's)."""
        # Keyed by the index revision and keyword index that answered: any change empties the cache.
        version = self._index.version
        cached = self._answers.get(text, version)
        if cached is not None:
            return cached
        vector = self._embedder.question_encoder.encode([text])[0]
        answer = self.answer_vector(text, vector)
        self._answers.put(text, version, answer)
        return answer

    def answer_vector(
        self, question: str, vector: np.ndarray, config: RetrievalConfig | None = None
    ) -> Answer:
        """`config` other than the service's is for `qabot eval`'s baselines."""
        config = config or self.config
        found = self._index.search(question, vector, config)
        if found is None:
            return Answer(question=question, answered=False)
        candidate_ids, keywords = found
        if config.mode != "dense":
            candidate_ids.update(pid for pid, _ in keywords.top(config.keyword_k))
        candidates, sources = self._fetch_candidates(candidate_ids)
        ranked = rank(vector, candidates, keywords, config)
        relevant = [r for r in ranked if r.relevance >= self.min_score or not config.refuses]
        if not relevant:
            top_relevance = ranked[0].relevance if ranked else None
            return Answer(question=question, answered=False, score=top_relevance)
        shown = relevant[: 1 + MAX_ALTERNATIVES]
        cuts = [
            (r.quote[0] > 0 or r.candidate.continues_before,
             r.quote[1] < len(r.candidate.text) or r.candidate.continues_after)
            for r in shown
        ]  # fmt: skip
        best = relevant[0]
        alternatives = tuple(
            Alternative(
                r.quote_text, r.highlight_text, r.relevance, sources[r.candidate.source_id],
                cut_before=before, cut_after=after,
            )
            for r, (before, after) in zip(shown[1:], cuts[1:], strict=True)
        )  # fmt: skip
        return Answer(
            question=question,
            answered=True,
            quote=best.quote_text,
            highlight=best.highlight_text,
            score=best.relevance,
            source=sources[best.candidate.source_id],
            alternatives=alternatives,
            cut_before=cuts[0][0],
            cut_after=cuts[0][1],
        )

    def _fetch_candidates(self, ids: Iterable[int]) -> tuple[list[Candidate], dict[str, SourceInfo]]:
        wanted = list(ids)
        if not wanted:
            return [], {}
        # One query for passages and their sources' citation fields; loading whole `Source` rows read
        # each source's full text too, which was most of an answer's database time at 100k passages.
        with self.engine.connect() as connection:
            # Ranking breaks ties by candidate order: keep the passage-id order SQLite's IN lookup gave.
            rows = sorted(connection.execute(_CANDIDATES, {"ids": wanted}).all(), key=lambda row: row.id)
        candidates = []
        sources: dict[str, SourceInfo] = {}
        for row in rows:
            if row.source_id not in sources:
                sources[row.source_id] = SourceInfo(
                    id=row.source_id, title=row.title, author=row.author, publisher=row.publisher,
                    published=row.published, url=row.url,
                )  # fmt: skip
            spans = decode_spans(row.sentence_spans)
            sentence_vectors = np.frombuffer(row.sentence_embeddings, dtype=np.float32)
            candidates.append(
                Candidate(
                    passage_id=row.id,
                    source_id=row.source_id,
                    text=row.text,
                    heading=row.heading,
                    vector=np.frombuffer(row.embedding, dtype=np.float32),
                    sentence_spans=spans,
                    sentence_vectors=sentence_vectors.reshape(len(spans), -1) if spans else sentence_vectors,
                    continues_before=bool(row.continues_before),
                    continues_after=bool(row.continues_after),
                )
            )
        return candidates, sources
