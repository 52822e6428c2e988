"""The `qabot eval` command; kept light to import (no torch or faiss) so `qabot --help` stays fast."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from index.eval.evaluation import EvalReport, EvalSet
    from index.service import QAService


def eval_command(
    file: Annotated[
        Path,
        typer.Argument(
            help="A .jsonl question file (asked against the current knowledge base) or a SQuAD v1.1 "
            ".json/.json.gz file (asked against a throwaway knowledge base built from its articles)."
        ),
    ],
    as_json: Annotated[bool, typer.Option("--json", help="Write the results as one JSON object.")] = False,
    limit: Annotated[
        int | None,
        typer.Option(
            min=1,
            help="Ask only the first N questions (a quick look; for SQuAD only their articles are "
            "loaded, so scores are not comparable with a full run).",
        ),
    ] = None,
) -> None:
    """Score answer quality: hit@1, hit@3, MRR, refusals, highlight accuracy and latency, for qabot's
    hybrid ranking and for BM25-only and embedding-only baselines on the same passages."""
    from dataclasses import replace

    from bot.cli_support import (
        err,
        errors_to_exit,
        load_cli_settings,
        open_service,
        out,
        prepare_for_questions,
    )
    from index.eval.evaluation import load_eval_file

    with errors_to_exit():
        eval_set = load_eval_file(file)
        if limit is not None:
            questions = eval_set.questions[:limit]
            # Only the articles those questions come from are embedded (SQuAD), so a quick look is quick.
            asked_about = {q.source_id for q in questions}
            documents = tuple(d for d in eval_set.documents if d.id in asked_about)
            eval_set = replace(eval_set, questions=questions, documents=documents)
        settings = load_cli_settings()
        if not eval_set.documents:
            service = open_service(settings)
            prepare_for_questions(service)
            report = _run(service, eval_set)
        else:
            with tempfile.TemporaryDirectory(prefix="qabot-eval-") as home:
                throwaway = settings.model_copy(update={"home": Path(home), "database_url": None})
                service = open_service(throwaway)
                try:
                    _load_articles(service, eval_set)
                    report = _run(service, eval_set)
                finally:
                    service.close()
        if as_json:
            out.print(json.dumps(report.to_json(), ensure_ascii=False), markup=False)
            return
        answerable = sum(q.answerable for q in eval_set.questions)
        out.print(
            f"{report.name}: {report.questions} questions ({answerable} answerable, "
            f"{report.questions - answerable} to refuse), {report.passages} passages",
            markup=False,
        )
        out.print(report.table(), markup=False)
        err.print(
            "Baselines rank whole passages by one signal and never refuse; latency includes embedding "
            "the question.",
            markup=False,
            style="dim",
        )


def _load_articles(service: QAService, eval_set: EvalSet) -> None:
    from bot.cli_support import with_progress

    with_progress(
        f"Embedding {len(eval_set.documents)} articles",
        lambda progress: service.add_many(eval_set.documents, "eval", progress),
    )


def _run(service: QAService, eval_set: EvalSet) -> EvalReport:
    from bot.cli_support import with_progress
    from index.eval.evaluation import evaluate

    return with_progress(
        f"Asking {len(eval_set.questions)} questions",
        lambda progress: evaluate(service, eval_set, None, progress),
    )
