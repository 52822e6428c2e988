"""Measuring answer quality: every system answers every question of a set, and is scored.

The systems are qabot's learned ranker, the hand-tuned weights it replaced, and two single-signal
baselines (BM25 only, embedding only), all over the same passages; each question is prepared
(spelling corrected, embedded) once and that time is counted in every system's latency. With
`folds`, the learned ranker is cross-validated: each article's questions are answered by a model
trained on the other articles only (`index.eval.training`).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from index.eval.loading import EvalSet
from index.eval.report import EvalReport
from index.eval.scoring import GoldCheck, SystemScore, score_answer

if TYPE_CHECKING:
    from index.answer import Answer
    from index.search.ranker import Ranker
    from index.search.ranking import RetrievalConfig
    from index.service import QAService

LEARNED = "qabot (learned ranker)"
HAND_TUNED = "hand-tuned weights"


def systems() -> dict[str, RetrievalConfig]:
    """qabot's ranking, the hand-tuned weights it replaced, and the two single-signal baselines."""
    from index.search.ranker import hand_tuned
    from index.search.ranking import RetrievalConfig

    return {
        LEARNED: RetrievalConfig(),
        HAND_TUNED: RetrievalConfig(ranker=hand_tuned()),
        "BM25 only": RetrievalConfig(mode="keyword"),
        "embedding only": RetrievalConfig(mode="dense"),
    }


def evaluate(
    service: QAService,
    eval_set: EvalSet,
    configs: dict[str, RetrievalConfig] | None = None,
    progress: Callable[[int, int], None] | None = None,
    held_out: Mapping[str, Ranker] | None = None,
) -> EvalReport:
    """Asks every question of every system and scores the answers.

    `held_out` maps an article (a question's source id) to the ranker that answers its questions in
    place of the learned one: a model not trained on that article.
    """
    from dataclasses import replace

    configs = configs or systems()
    scores = {name: SystemScore(name) for name in configs}
    check = GoldCheck(eval_set.documents)
    service.ask("What happened?")  # loads the model and builds the indexes outside the timings
    for number, question in enumerate(eval_set.questions, start=1):
        started = time.perf_counter()
        prepared = service.prepare_question(question.question)  # as `ask` embeds it: the bot's numbers
        preparing_ms = (time.perf_counter() - started) * 1000
        for name, config in configs.items():
            score = scores[name]
            answer: Answer | None = None
            if held_out is not None and name == LEARNED:
                config = replace(config, ranker=held_out[question.source_id or ""])
            if prepared is not None:
                started = time.perf_counter()
                answer = service.answer_prepared(prepared, config)
                score.latencies_ms.append(preparing_ms + (time.perf_counter() - started) * 1000)
            score_answer(score, question, answer, check)
        if progress is not None:
            progress(number, len(eval_set.questions))
    passages = sum(summary.passages for summary in service.sources())
    cross_validated = 0 if held_out is None else len(set(map(id, held_out.values())))
    return EvalReport(
        eval_set.name, len(eval_set.questions), passages, list(scores.values()), cross_validated
    )


def held_out_rankers(
    service: QAService,
    eval_set: EvalSet,
    folds: int,
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, Ranker]:
    """For each article of the set, a ranker trained on the questions of the other folds' articles."""
    from index.eval.training import collect, fold_models

    evidence = collect(service, eval_set, progress=progress)
    return fold_models(evidence, folds)
