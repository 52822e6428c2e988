"""`qabot train-ranker`: the learned ranker, trained on SQuAD and on question sets about the bundled
articles. Light to import (no torch or faiss) so `qabot --help` stays fast."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from bot.settings import Settings
    from index.eval import EvalSet
    from index.eval.training import QuestionEvidence
    from index.service import QAService


def train_ranker_command(
    file: Annotated[Path, typer.Argument(help="A SQuAD v1.1 .json/.json.gz file to train on.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="Where to write the model file.")],
    folds: Annotated[
        int, typer.Option(min=2, help="Folds by article for the cross-validated scores it reports.")
    ] = 5,
    also: Annotated[
        list[Path] | None,
        typer.Option(
            "--also",
            help="A .jsonl question set about the bundled articles to train on too (repeatable), asked "
            "of a throwaway knowledge base that holds them alone. Aligned copies of a set (the same "
            "questions, line for line) are held out together.",
        ),
    ] = None,
    also_weight: Annotated[
        int, typer.Option(min=1, help="How many SQuAD questions one question of an --also set counts as.")
    ] = 4,
) -> None:
    """Train the ranker (deterministic: the same files give the same model) and report its scores on
    articles (or --also questions) it was not trained on."""
    from bot.cli_support import errors_to_exit, eval_set_service, load_cli_settings, out, with_progress
    from index.eval import load_eval_file
    from index.eval.training import SEED, collect, cross_validate, fit, hand_tuned_score

    with errors_to_exit():
        settings = load_cli_settings()
        eval_set = load_eval_file(file)
        extra_sets = [_bundled_questions(path) for path in also or ()]
        with eval_set_service(eval_set, settings) as service:
            service.ask("What happened?")
            evidence = with_progress(
                f"Gathering {len(eval_set.questions)} questions",
                lambda p: collect(service, eval_set, None, p),
            )
        if extra_sets:
            with _bundled_service(settings) as service:
                for extra in extra_sets:
                    evidence += _bundled_evidence(service, extra, also_weight)
        scores, _ = cross_validate(evidence, folds)
        baseline = hand_tuned_score(evidence)
        ranker = fit(evidence)
        about = {
            "trained_on": file.name,
            "questions": sum(q.answerable for q in eval_set.questions),
            "also_trained_on": {
                extra.name: sum(q.answerable for q in extra.questions) for extra in extra_sets
            },
            "also_weight": also_weight,
            "variants": sorted(scores),
            "seed": SEED,
            "cross_validated": {variant: score.to_json() for variant, score in sorted(scores.items())},
            "hand_tuned": {variant: score.to_json() for variant, score in sorted(baseline.items())},
        }
        ranker.save(output, about)
        out.print(
            f"{output}: scores over {folds} folds by article, --also sets by question "
            "(hand-tuned weights in brackets)"
        )
        for variant, score in sorted(scores.items()):
            other = baseline[variant]
            out.print(
                f"  {variant}: passage hit@1 {score.passage_hits / score.questions:.4f} "
                f"({other.passage_hits / other.questions:.4f}), highlight "
                f"{score.highlight_hits / score.questions:.4f} "
                f"({other.highlight_hits / other.questions:.4f}), answer among candidates "
                f"{score.reachable / score.questions:.4f}",
                markup=False,
            )


def _bundled_questions(path: Path) -> EvalSet:
    """An --also set: questions about the bundled articles, so a .jsonl file, not SQuAD's articles."""
    from index.eval import load_eval_file
    from index.eval.loading import BadEvalFile

    eval_set = load_eval_file(path)
    if eval_set.documents:
        raise BadEvalFile(f"{path}: --also takes .jsonl question sets about the bundled articles.")
    return eval_set


def _bundled_evidence(service: QAService, eval_set: EvalSet, weight: int) -> list[QuestionEvidence]:
    """A JSONL set's training evidence, reported under the set's name and counted `weight` times."""
    from dataclasses import replace

    from bot.cli_support import with_progress
    from index.eval.training import collect

    gathered = with_progress(
        f"Gathering {len(eval_set.questions)} questions of {eval_set.name}",
        lambda p: collect(service, eval_set, None, p, ("as written",)),
    )
    return [replace(item, variant=eval_set.name, weight=weight) for item in gathered]


@contextmanager
def _bundled_service(settings: Settings) -> Iterator[QAService]:
    """A throwaway knowledge base holding the bundled articles alone, whatever the user's holds."""
    from bot.cli_support import prepare_for_questions, throwaway_service

    with throwaway_service(settings, "train") as service:
        prepare_for_questions(service)
        yield service
