"""Training the ranker on a question set with gold answers (SQuAD v1.1), and cross-validating it.

Each question is asked once through the service to gather its candidates' features (`QAService.
ranking_evidence`); labels say which candidate passages, and which of their sentences, hold a gold
answer. Then two models are fitted: a logistic regression over sentence features (which sentence of a
passage answers), and LightGBM `lambdarank` over passage features (which passage answers), the second
seeing the first's choice. Folds group questions by article (`GroupKFold`), so a model is never scored
on an article it was trained on. Fixed seeds and one thread make a run reproducible.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import numpy as np

from index.eval.scoring import GoldCheck
from index.eval.variants import (
    PASSAGE_ONLY_VARIANTS,
    VARIANTS,
    article_words,
    chat_typed,
    misleading,
    reworded,
)

if TYPE_CHECKING:
    from index.eval.loading import EvalQuestion, EvalSet
    from index.search.features import SentenceTable
    from index.search.ranker import PassageModel, Ranker
    from index.search.ranking import RetrievalConfig
    from index.service import QAService

SEED = 15
# The ranker learns from more candidates than an answer weighs (16 + 16, `RetrievalConfig`): the four
# more of each half are hard negatives. Trained on 20 + 20 and answering from 16 + 16, every article
# set, the follow-ups and 1,500 SQuAD questions at 100k passages were answered as with 20 + 20; the
# model `make train-ranker` made from 16 + 16 lost five follow-ups and a held-out question, and
# gained two blind ones.
TRAINING_CANDIDATES = 20
# LightGBM's settings: shallow trees and few of them keep a prediction over ~40 rows near 0.1 ms.
BOOSTING = {
    "objective": "lambdarank",
    "metric": "ndcg",
    "eval_at": [1, 3],
    "learning_rate": 0.05,
    "num_leaves": 15,
    "min_data_in_leaf": 50,
    "feature_fraction": 0.8,
    "bagging_fraction": 0.8,
    "bagging_freq": 1,
    "lambdarank_truncation_level": 10,
    "num_threads": 1,
    "deterministic": True,
    "force_row_wise": True,
    "verbosity": -1,
}
ROUNDS = 200
# In log-odds of the sentence model; chosen on SQuAD half A (see `index.search.ranker.PREFERRED_CUES`).
CUE_PREFERENCE = 1.0
# In the same units: a neighbour this close to the best sentence is highlighted with it. On SQuAD half A
# and the article's dev sets the neighbour, not the best sentence, held the answer in 36% and 22% of
# the highlights this widens (see `index.search.highlight_spans.highlight_sentences`).
PAIR_MARGIN = 1.0


@dataclass(frozen=True)
class QuestionEvidence:
    """One question's candidates as the ranker sees them, with labels; `group` is its article."""

    group: str
    variant: str
    table: SentenceTable
    base: np.ndarray
    passage_labels: np.ndarray
    sentence_labels: np.ndarray
    # How many times `fit` counts the question (a set about the bundled article weighs more than one
    # SQuAD question: there are fewer of them, and they are what the bot is asked).
    weight: int = 1


def collect(
    service: QAService,
    eval_set: EvalSet,
    config: RetrievalConfig | None = None,
    progress: Callable[[int, int], None] | None = None,
    variants: Sequence[str] = VARIANTS,
) -> list[QuestionEvidence]:
    """The evidence and labels of every answerable question of the set (asked as the bot asks it,
    from `TRAINING_CANDIDATES` of each half unless `config` says), in each of the `variants`
    (`index.eval.variants`).

    A question's group is its article; in a JSONL set, whose questions are all about the knowledge
    base, it is the question's place among the answerable ones, which its copies in the aligned chat
    and typo sets share: a fold then holds a question out in all its forms.
    """
    config = config or replace(service.config, dense_k=TRAINING_CANDIDATES, keyword_k=TRAINING_CANDIDATES)
    check = GoldCheck(eval_set.documents)
    gathered = []
    questions = [q for q in eval_set.questions if q.answerable]
    words_of = {document.id: article_words(document.body) for document in eval_set.documents}
    for number, question in enumerate(questions, start=1):
        for variant in variants:
            rng = random.Random(SEED * 100_003 + number)
            words = words_of.get(question.source_id or "", [])
            item = _evidence(service, question, check, config, variant, rng, words)
            if item is not None:
                gathered.append(item if question.source_id else replace(item, group=f"question {number}"))
        if progress is not None:
            progress(number, len(questions))
    return gathered


def _evidence(
    service: QAService,
    question: EvalQuestion,
    check: GoldCheck,
    config: RetrievalConfig | None,
    variant: str,
    rng: random.Random,
    words: Sequence[str] = (),
) -> QuestionEvidence | None:
    asked = chat_typed(question.question, rng) if variant == "chat-typed" else question.question
    prepared = service.prepare_question(asked)
    if prepared is None:
        return None
    if variant == "reworded":
        # The meaning stays (the vector of the question as written), the words change: a paraphrase.
        prepared = replace(prepared, search_text=reworded(prepared.search_text, rng))
    if variant == "misleading":
        prepared = replace(prepared, search_text=misleading(prepared.search_text, words, rng))
    found = service.ranking_evidence(prepared, config)
    if found is None:
        return None
    table = found.evidence.table
    passage_labels = np.zeros(len(found.candidates), dtype=np.float32)
    sentence_labels = np.zeros(len(table.owner), dtype=np.float32)
    for row, candidate in enumerate(found.candidates):
        if not check.holds(question, candidate.text, candidate.source_id):
            continue
        passage_labels[row] = 1
        first = int(table.starts[row])
        for offset, (start, end) in enumerate(table.spans[first : first + int(np.sum(table.owner == row))]):
            sentence_labels[first + offset] = check.holds(
                question, candidate.text[start:end], candidate.source_id
            )
    return QuestionEvidence(
        question.source_id or "", variant, table, found.evidence.base, passage_labels, sentence_labels
    )


def fit(evidence: Sequence[QuestionEvidence], passage_kind: str = "lightgbm", seed: int = SEED) -> Ranker:
    """A ranker trained on these questions (deterministic for the same evidence and seed)."""
    from index.search.ranker import Ranker, hand_tuned

    evidence = [item for item in evidence for _ in range(item.weight)]
    sentence = _fit_sentences(evidence)
    features, labels, groups = _passage_rows(evidence, sentence)
    if len(np.unique(labels)) < 2:  # too few questions to learn from (a tiny file): nothing to rank by
        passage: PassageModel = hand_tuned().passage
    elif passage_kind == "linear":
        passage = _fit_linear(features, labels)
    else:
        passage = _fit_boosted(features, labels, groups, seed)
    return Ranker("learned", sentence, passage, CUE_PREFERENCE, PAIR_MARGIN)


def _fit_sentences(evidence: Sequence[QuestionEvidence]) -> LinearModel:
    """Logistic regression over the sentences of passages that hold the answer: which one does."""
    from index.search.ranker import hand_tuned

    rows, labels = [], []
    for item in evidence:
        if item.variant in PASSAGE_ONLY_VARIANTS:
            continue
        inside = item.passage_labels[item.table.owner] > 0
        if item.sentence_labels[inside].any():
            rows.append(item.table.features[inside])
            labels.append(item.sentence_labels[inside])
    if not rows or len(np.unique(np.concatenate(labels))) < 2:
        return hand_tuned().sentence
    return _fit_linear(np.concatenate(rows), np.concatenate(labels))


def _fit_linear(features: np.ndarray, labels: np.ndarray) -> LinearModel:
    from sklearn.linear_model import LogisticRegression

    from index.search.ranker import LinearModel

    mean = features.mean(axis=0)
    scale = features.std(axis=0)
    scale[scale == 0] = 1
    model = LogisticRegression(C=1.0, max_iter=2000)
    model.fit((features - mean) / scale, labels)
    weights = model.coef_[0] / scale
    return LinearModel(weights, float(model.intercept_[0] - np.sum(weights * mean)))


def _fit_boosted(features: np.ndarray, labels: np.ndarray, groups: np.ndarray, seed: int) -> BoostedModel:
    import lightgbm

    from index.search.ranker import BoostedModel

    data = lightgbm.Dataset(features, labels, group=groups, params={"verbosity": -1})
    booster = lightgbm.train({**BOOSTING, "seed": seed}, data, num_boost_round=ROUNDS)
    return BoostedModel(booster.model_to_string())


def _passage_rows(
    evidence: Sequence[QuestionEvidence], sentence: LinearModel
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Passage features of questions whose candidates include the answer (the others teach nothing)."""
    from index.search.features import passage_features

    rows, labels, groups = [], [], []
    for item in evidence:
        if not item.passage_labels.any():
            continue
        rows.append(passage_features(item.base, item.table, sentence.scores(item.table.features)))
        labels.append(item.passage_labels)
        groups.append(len(item.passage_labels))
    if not rows:
        return np.zeros((0, 0), dtype=np.float32), np.zeros(0, dtype=np.float32), np.zeros(0, dtype=np.int64)
    return np.concatenate(rows), np.concatenate(labels), np.asarray(groups)


@dataclass(frozen=True)
class FoldScore:
    """hit@1 of the passage ranking and of the highlight, over the questions of held-out articles."""

    questions: int
    reachable: int
    passage_hits: int
    highlight_hits: int

    def to_json(self) -> dict[str, float | int]:
        return {
            "questions": self.questions,
            "answer_among_candidates": round(self.reachable / self.questions, 4),
            "passage_hit@1": round(self.passage_hits / self.questions, 4),
            "highlight": round(self.highlight_hits / self.questions, 4),
        }


def hand_tuned_score(evidence: Sequence[QuestionEvidence]) -> dict[str, FoldScore]:
    """How the hand-tuned weights rank the same evidence, by variant (nothing to train, nothing held out)."""
    from index.search.ranker import hand_tuned

    ranker = hand_tuned()
    totals: dict[str, np.ndarray] = {}
    for item in evidence:
        totals[item.variant] = totals.get(item.variant, np.zeros(4, dtype=np.int64)) + score(item, ranker)
    return {variant: FoldScore(*(int(t) for t in total)) for variant, total in totals.items()}


def cross_validate(
    evidence: Sequence[QuestionEvidence], folds: int, passage_kind: str = "lightgbm"
) -> tuple[dict[str, FoldScore], dict[str, Ranker]]:
    """Scores by variant from models that never saw the scored questions' articles, and each
    article's model."""
    from sklearn.model_selection import GroupKFold

    groups = [item.group for item in evidence]
    totals: dict[str, np.ndarray] = {}
    models: dict[str, Ranker] = {}
    for train, test in GroupKFold(n_splits=folds).split(np.zeros(len(evidence)), groups=groups):
        ranker = fit([evidence[i] for i in train], passage_kind)
        for i in test:
            item = evidence[i]
            models[item.group] = ranker
            totals[item.variant] = totals.get(item.variant, np.zeros(4, dtype=np.int64)) + score(item, ranker)
    return {variant: FoldScore(*(int(t) for t in total)) for variant, total in totals.items()}, models


def fold_models(evidence: Sequence[QuestionEvidence], folds: int) -> dict[str, Ranker]:
    """Each article's ranker, trained without it (see `cross_validate`)."""
    return cross_validate(evidence, folds)[1]


def score(item: QuestionEvidence, ranker: Ranker) -> np.ndarray:
    """(1, answer among candidates, top passage holds it, its best sentence holds it) for one question."""
    from index.search.answer_types import AnswerType
    from index.search.features import PASSAGE_FEATURES, passage_features

    sentence_scores = ranker.sentence_scores(item.table.features)
    passage_scores = ranker.passage_scores(passage_features(item.base, item.table, sentence_scores))
    top = int(np.argmax(passage_scores))
    kind = AnswerType(int(item.base[0, PASSAGE_FEATURES.index("answer_type")]))
    best = item.table.best_rows(ranker.highlight_scores(sentence_scores, item.table.cues, kind))[top]
    hit = item.passage_labels[top] > 0
    return np.asarray(
        [1, item.passage_labels.any(), hit, hit and item.sentence_labels[best] > 0], dtype=np.int64
    )


if TYPE_CHECKING:
    from index.search.ranker import BoostedModel, LinearModel
