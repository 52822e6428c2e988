"""`qabot eval`; light to import (no torch or faiss) so `qabot --help` stays fast."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TypeVar

import typer

from bot.console import terminal_json

if TYPE_CHECKING:
    from bot.settings import Settings
    from index.eval import EvalReport, EvalSet
    from index.search.ranker import Ranker
    from index.service import QAService

T = TypeVar("T")


def eval_command(
    files: Annotated[
        list[Path],
        typer.Argument(
            help="Question files: .jsonl (asked against the current knowledge base) or SQuAD v1.1 "
            ".json/.json.gz (asked against a throwaway knowledge base built from its articles). A .jsonl "
            'file of two-turn conversations ({"turns": [...]}) is asked as replies, with and without '
            'context; its first questions are recorded under the platform "eval".',
        ),
    ],
    as_json: Annotated[
        bool, typer.Option("--json", help="Write the results as JSON, one line a file.")
    ] = False,
    limit: Annotated[
        int | None,
        typer.Option(
            min=1,
            help="Ask only the first N questions (a quick look; for SQuAD only their articles are "
            "loaded, so scores are not comparable with a full run).",
        ),
    ] = None,
    cross_validate: Annotated[
        int | None,
        typer.Option(
            "--cross-validate",
            min=2,
            metavar="K",
            help="For SQuAD files: answer each article's questions with a ranker trained on the other "
            "articles (K folds by article), so the learned ranker is never scored on what it learned.",
        ),
    ] = None,
) -> None:
    """Score answer quality: hit@1, hit@3, MRR, refusals, highlight accuracy and latency, for qabot's
    learned ranker, the hand-tuned weights, and BM25-only and embedding-only baselines; for
    conversations, follow-up hit@1 with and without the earlier question as context."""
    from bot.cli_support import (
        err,
        errors_to_exit,
        eval_set_service,
        load_cli_settings,
        prepare_for_questions,
    )
    from index.eval import is_conversation_file, load_eval_file

    with errors_to_exit():
        settings = load_cli_settings()
        asked_questions = False
        for file in files:
            if is_conversation_file(file):
                _ask_conversations(file, settings, as_json, limit)
                continue
            eval_set = _limited(load_eval_file(file), limit)
            with eval_set_service(eval_set, settings) as service:
                if not eval_set.documents:
                    prepare_for_questions(service)
                held_out: dict[str, Ranker] | None = None
                if cross_validate is not None and eval_set.documents:
                    held_out = _train_per_fold(service, eval_set, cross_validate)
                report = _ask_all(service, eval_set, held_out)
            _print(report, eval_set, as_json)
            asked_questions = True
        if asked_questions and not as_json:
            err.print(
                "Baselines rank whole passages by one signal and never refuse; latency includes "
                "preparing (spelling, embedding) the question.",
                markup=False,
                style="dim",
            )


def _limited(eval_set: EvalSet, limit: int | None) -> EvalSet:
    if limit is None:
        return eval_set
    from dataclasses import replace

    questions = eval_set.questions[:limit]
    # Only the articles those questions come from are embedded (SQuAD), so a quick look is quick.
    asked_about = {q.source_id for q in questions}
    documents = tuple(d for d in eval_set.documents if d.id in asked_about)
    return replace(eval_set, questions=questions, documents=documents)


def _train_per_fold(service: QAService, eval_set: EvalSet, folds: int) -> dict[str, Ranker]:
    from index.eval import held_out_rankers

    return _progress("Training a ranker per fold", lambda p: held_out_rankers(service, eval_set, folds, p))


def _ask_all(service: QAService, eval_set: EvalSet, held_out: dict[str, Ranker] | None) -> EvalReport:
    from index.eval import evaluate

    return _progress(
        f"Asking {len(eval_set.questions)} questions",
        lambda p: evaluate(service, eval_set, None, p, held_out),
    )


def _ask_conversations(file: Path, settings: Settings, as_json: bool, limit: int | None) -> None:
    """Conversations are asked of the current knowledge base, through the facade as the bots ask."""
    from dataclasses import replace

    from bot.cli_support import open_service, out, prepare_for_questions
    from index.eval import evaluate_conversations, load_conversations

    conversations = load_conversations(file)
    if limit is not None:
        conversations = replace(conversations, conversations=conversations.conversations[:limit])
    service = open_service(settings)
    try:
        prepare_for_questions(service)
        report = _progress(
            f"Asking {len(conversations.conversations)} conversations",
            lambda p: evaluate_conversations(service, conversations, p),
        )
    finally:
        service.close()
    if as_json:
        out.print(terminal_json(report.to_json()), markup=False)
        return
    first = report.first
    out.print(
        f"\n{report.name}: {len(conversations.conversations)} conversations; first questions hit@1 "
        f"{first.hits / max(first.answerable, 1):.3f} ({first.refused_answerable} refused)",
        markup=False,
    )
    out.print(report.table(), markup=False)


def _progress(label: str, work: Callable[[Callable[[int, int], None]], T]) -> T:
    from bot.cli_support import with_progress

    return with_progress(label, work)


def _print(report: EvalReport, eval_set: EvalSet, as_json: bool) -> None:
    from bot.cli_support import out

    if as_json:
        out.print(terminal_json(report.to_json()), markup=False)
        return
    answerable = sum(q.answerable for q in eval_set.questions)
    folds = f"; learned ranker cross-validated over {report.cross_validated} folds by article"
    out.print(
        f"\n{report.name}: {report.questions} questions ({answerable} answerable, "
        f"{report.questions - answerable} to refuse), {report.passages} passages"
        + (folds if report.cross_validated else ""),
        markup=False,
    )
    out.print(report.table(), markup=False)
    refusals = report.refusals()
    if refusals:
        out.print(refusals, markup=False)
    kinds = report.kinds_table()
    if kinds:
        out.print("\nhit@1 / highlight / refused, by kind of question:", markup=False)
        out.print(kinds, markup=False)
