"""`qabot train-ranker` and `qabot eval --cross-validate`: reproducible models, held-out scores."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from bot.cli import app
from bot.settings import Settings
from index.search.features import PASSAGE_FEATURES
from index.search.ranker import load_ranker
from index.service import QAService
from tests.index.eval.test_evaluation import _squad_file
from tests.index.search.test_answer_types import HARBOUR


def test_training_twice_on_the_same_file_writes_the_same_loadable_model(
    settings: Settings, tmp_path: Path
) -> None:
    squad = _squad_file(tmp_path, compressed=True)
    first, second = tmp_path / "first.json", tmp_path / "second.json"

    runs = [
        CliRunner().invoke(app, ["train-ranker", str(squad), "-o", str(path), "--folds", "2"])
        for path in (first, second)
    ]

    assert all(run.exit_code == 0 for run in runs), runs[0].output
    assert "over 2 folds by article" in runs[0].stdout
    assert first.read_bytes() == second.read_bytes()
    assert load_ranker(first).name.startswith("learned")
    assert json.loads(first.read_text())["about"]["trained_on"] == "tiny.json.gz"


def test_cross_validated_eval_answers_each_article_with_a_model_not_trained_on_it(
    settings: Settings, tmp_path: Path
) -> None:
    squad = _squad_file(tmp_path, compressed=False)

    result = CliRunner().invoke(app, ["eval", str(squad), "--cross-validate", "2", "--json"])

    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["cross_validated_folds"] == 2
    assert report["systems"][0]["answerable"] == 4


def test_training_evidence_sees_the_keyword_index_of_a_knowledge_base_just_built(service: QAService) -> None:
    # Right after an add the keyword index is stale until a question needs it; training asks no
    # question through `ask`, and once learned from dense evidence alone.
    service.add(HARBOUR, "test")

    prepared = service.prepare_question("When did work on the Valmora harbour wall begin?")
    assert prepared is not None
    found = service.ranking_evidence(prepared)

    assert found is not None
    assert found.evidence.base[:, PASSAGE_FEATURES.index("bm25_share")].max() == 1.0
