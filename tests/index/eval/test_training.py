"""`qabot train-ranker` and `qabot eval --cross-validate`: reproducible models, held-out scores."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import app
from bot.settings import Settings
from index.eval.loading import EvalQuestion, EvalSet
from index.eval.training import TRAINING_CANDIDATES, collect, fit
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


def test_the_ranker_learns_from_more_candidates_than_an_answer_weighs(seeded: QAService) -> None:
    question = "Why won't Lukashenko send troops to Ukraine?"
    asked = EvalSet("one.jsonl", (EvalQuestion(question, ("losing control over his army",)),))
    seeded.ask(question)  # loads the indexes, as `qabot train-ranker` does first
    prepared = seeded.prepare_question(question)
    assert prepared is not None

    [learned] = collect(seeded, asked, variants=("as written",))
    answering = seeded.ranking_evidence(prepared)

    assert answering is not None
    assert seeded.config.dense_k < TRAINING_CANDIDATES and seeded.config.keyword_k < TRAINING_CANDIDATES
    # the bundled article's 53 passages hold more than either count of candidates
    assert len(learned.passage_labels) > len(answering.candidates)
    assert learned.passage_labels.sum() >= 1


def test_copies_of_a_question_set_share_their_folds_and_a_weight_counts_a_question_that_many_times(
    service: QAService,
) -> None:
    service.add(HARBOUR, "test")
    written = EvalSet(
        "written.jsonl",
        (
            EvalQuestion("When did work on the harbour wall of Valmora begin?", ("3 March 1911",)),
            EvalQuestion("Is the weather nice today?", None),
            EvalQuestion("How many boats sail from the quay each morning?", ("Forty-two boats",)),
        ),
    )
    typed = EvalSet(
        "typed.jsonl",
        tuple(
            replace(q, question=q.question.lower().rstrip("?").replace("harbour", "harbor"))
            for q in written.questions
        ),
    )

    first = collect(service, written, variants=("as written",))
    second = collect(service, typed, variants=("as written",))

    # Held out together: a fold never trains on one copy of a question it scores the other on.
    assert [item.group for item in first] == [item.group for item in second] == ["question 1", "question 2"]
    twice = [copy for item in first for copy in (item, item)]
    assert fit([replace(item, weight=2) for item in first]).to_json() == fit(twice).to_json()
    assert fit(first).to_json() != fit(first + first + first).to_json()


def test_train_ranker_also_learns_from_question_sets_about_the_bundled_articles(
    settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    knowledge = tmp_path / "knowledge"
    knowledge.mkdir()
    (knowledge / "valmora-harbour.md").write_text(
        f'---\ntitle: "{HARBOUR.title}"\npublisher: Valmora Gazette\n---\n\n{HARBOUR.body}\n',
        encoding="utf-8",
    )
    monkeypatch.setenv("QABOT_KNOWLEDGE_DIR", str(knowledge))
    questions = tmp_path / "harbour.jsonl"
    questions.write_text(
        '{"q": "When did work on the harbour wall begin?", "gold": ["3 March 1911"]}\n'
        '{"q": "How many boats sail every morning?", "gold": ["Forty-two boats"]}\n'
        '{"q": "What is the capital of Peru?", "gold": null}\n',
        encoding="utf-8",
    )
    squad = _squad_file(tmp_path, compressed=True)
    alone, also = tmp_path / "alone.json", tmp_path / "also.json"

    runs = [
        CliRunner().invoke(app, ["train-ranker", str(squad), "-o", str(alone), "--folds", "2"]),
        CliRunner().invoke(
            app, ["train-ranker", str(squad), "-o", str(also), "--folds", "2", "--also", str(questions)]
        ),
    ]

    assert all(run.exit_code == 0 for run in runs), runs[1].output
    assert "harbour.jsonl: passage hit@1" in runs[1].stdout
    about = json.loads(also.read_text())["about"]
    assert about["also_trained_on"] == {"harbour.jsonl": 2} and about["also_weight"] == 4
    assert alone.read_bytes() != also.read_bytes()


def test_train_ranker_refuses_a_squad_file_as_a_set_about_the_bundled_articles(
    settings: Settings, tmp_path: Path
) -> None:
    squad = _squad_file(tmp_path, compressed=False)

    result = CliRunner().invoke(
        app, ["train-ranker", str(squad), "-o", str(tmp_path / "model.json"), "--also", str(squad)]
    )

    assert result.exit_code != 0
    assert "--also takes .jsonl question sets" in result.output
    assert not (tmp_path / "model.json").exists()
