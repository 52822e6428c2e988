"""`qabot eval`: reading question files, scoring answers, and the command's table and JSON."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import app
from bot.settings import Settings
from index.answer import Alternative, Answer, SourceInfo
from index.eval.loading import BadEvalFile, EvalQuestion, load_eval_file
from index.eval.scoring import GoldCheck, SystemScore, fold, score_answer
from index.service import QAService

SYSTEMS = ["qabot (learned ranker)", "hand-tuned weights", "BM25 only", "embedding only"]

# A tiny SQuAD v1.1 file: two articles whose paragraphs share words, so the paragraph matters.
SQUAD = {
    "version": "1.1",
    "data": [
        {
            "title": "River_Ostra",
            "paragraphs": [
                {
                    "context": "The Ostra rises in the Karst hills and flows north for 212 kilometres. "
                    "Its source was mapped in 1874 by the surveyor Piotr Halas.",
                    "qas": [
                        {
                            "id": "q1",
                            "question": "Who mapped the source of the Ostra?",
                            "answers": [{"text": "Piotr Halas", "answer_start": 112}],
                        },
                        {
                            "id": "q2",
                            "question": "How long is the Ostra?",
                            "answers": [{"text": "212 kilometres", "answer_start": 55}],
                        },
                    ],
                },
                {
                    "context": "Trout and grayling live in the upper Ostra. The lower river, slowed by "
                    "three weirs, holds carp, and anglers need a permit from the town of Welna.",
                    "qas": [
                        {
                            "id": "q3",
                            "question": "Which fish live in the upper Ostra?",
                            "answers": [{"text": "Trout and grayling", "answer_start": 0}],
                        }
                    ],
                },
            ],
        },
        {
            "title": "Welna_(town)",
            "paragraphs": [
                {
                    "context": "Welna is a market town on the lower Ostra, known for its wooden church "
                    "built in 1702 without a single nail.",
                    "qas": [
                        {
                            "id": "q4",
                            "question": "When was the wooden church of Welna built?",
                            "answers": [{"text": "1702", "answer_start": 90}],
                        }
                    ],
                }
            ],
        },
    ],
}


def _squad_file(tmp_path: Path, compressed: bool) -> Path:
    data = json.dumps(SQUAD).encode()
    path = tmp_path / ("tiny.json.gz" if compressed else "tiny.json")
    path.write_bytes(gzip.compress(data) if compressed else data)
    return path


@pytest.mark.parametrize("compressed", [False, True])
def test_squad_articles_become_sources_and_questions_know_their_paragraph(
    tmp_path: Path, compressed: bool
) -> None:
    eval_set = load_eval_file(_squad_file(tmp_path, compressed))

    assert [d.title for d in eval_set.documents] == ["River Ostra", "Welna (town)"]
    assert {d.publisher for d in eval_set.documents} == {"Wikipedia"}
    assert len(eval_set.questions) == 4
    contexts = [
        paragraph["context"]
        for article in json.loads(json.dumps(SQUAD))["data"]
        for paragraph in article["paragraphs"]
        for _ in paragraph["qas"]
    ]
    for question, context in zip(eval_set.questions, contexts, strict=True):
        document = next(d for d in eval_set.documents if d.id == question.source_id)
        assert question.region is not None
        assert document.body[question.region[0] : question.region[1]] == context


def test_jsonl_questions_with_and_without_answers(tmp_path: Path) -> None:
    path = tmp_path / "questions.jsonl"
    path.write_text('{"q": "Who?", "gold": ["Ann", "Anne"]}\n\n{"q": "Weather?", "gold": null}\n')

    eval_set = load_eval_file(path)

    assert [(q.question, q.gold) for q in eval_set.questions] == [
        ("Who?", ("Ann", "Anne")),
        ("Weather?", None),
    ]
    assert eval_set.documents == ()


def test_a_question_file_saved_with_a_bom_or_odd_kinds_is_read(tmp_path: Path) -> None:
    """Notepad writes a BOM ("Unexpected UTF-8 BOM"); a kind that is a list raised a TypeError."""
    path = tmp_path / "notepad.jsonl"
    lines = ['{"q": "Who?", "gold": ["Ann"]}', '{"q": "Weather?", "gold": null, "kind": ["off_topic"]}']
    path.write_text("\n".join(lines), encoding="utf-8-sig")

    eval_set = load_eval_file(path)

    assert [(q.question, q.kind) for q in eval_set.questions] == [("Who?", None), ("Weather?", None)]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("bad.jsonl", '{"q": "Who?", "gold": ["x"]}\nnot json\n', "line 2"),
        ("bad.jsonl", '{"gold": ["x"]}\n', '"q"'),
        ("bad.jsonl", '{"q": "Who?", "gold": "x"}\n', '"gold"'),
        ("empty.jsonl", "\n", "no questions"),
        ("bad.json", '{"version": "1.1"}', "SQuAD"),
        ("questions.csv", "q,gold\n", ".jsonl"),
    ],
)
def test_unreadable_question_files_are_named_with_the_problem(
    tmp_path: Path, name: str, content: str, message: str
) -> None:
    path = tmp_path / name
    path.write_text(content)

    with pytest.raises(BadEvalFile, match=message):
        load_eval_file(path)


def test_hits_fold_whitespace_and_typographic_quotes() -> None:
    question = EvalQuestion("Why?", ("losing control over his army's loyalty",))
    check = GoldCheck([])

    assert fold("“a”\n  ‘b’") == "\"a\" 'b'"
    assert check.holds(question, "He fears losing control over\nhis army’s  loyalty.", None)
    assert not check.holds(question, "He fears losing his army.", None)


def test_a_squad_hit_must_come_from_the_questions_own_paragraph(tmp_path: Path) -> None:
    eval_set = load_eval_file(_squad_file(tmp_path, compressed=False))
    ostra = eval_set.documents[0]
    fish, church = eval_set.questions[2], eval_set.questions[3]
    check = GoldCheck(eval_set.documents)
    first_paragraph = ostra.body.split("\n\n")[0]

    assert check.holds(fish, ostra.body, ostra.id)  # the whole article contains the fish paragraph
    assert not check.holds(fish, first_paragraph, ostra.id)
    assert not check.holds(church, ostra.body, ostra.id), "1702 is not in the Ostra article"


def _source(source_id: str) -> SourceInfo:
    return SourceInfo(source_id, None, None, None, None, None)


def test_scores_count_rank_refusals_and_highlights() -> None:
    score = SystemScore("test")
    question = EvalQuestion("Who?", ("Ann",))
    second = Answer(
        "Who?", True, quote="Bob wrote it.", highlight="Bob wrote it.", source=_source("a"),
        alternatives=(Alternative("Ann edited it.", "Ann edited it.", 0.5, _source("a")),),
    )  # fmt: skip
    first = Answer(
        "Who?", True, quote="Ann wrote it. Bob read it.", highlight="Bob read it.", source=_source("a")
    )
    check = GoldCheck([])

    score_answer(score, question, second, check)
    score_answer(score, question, first, check)
    score_answer(score, question, Answer("Who?", False), check)
    score_answer(score, EvalQuestion("Weather?", None), Answer("Weather?", False), check)

    data = score.to_json()
    assert data["answerable"] == 3 and data["unanswerable"] == 1
    assert data["hit@1"] == round(1 / 3, 4)
    assert data["hit@3"] == round(2 / 3, 4)
    assert data["mrr"] == round((0.5 + 1) / 3, 4)
    assert data["refusal_rate"] == round(1 / 3, 4)
    assert data["unanswerable_refused"] == 1.0
    assert data["highlight_accuracy"] == 0.0  # the one top hit highlighted the wrong sentence


def test_eval_on_a_question_file_scores_all_systems_against_the_knowledge_base(
    seeded: QAService, tmp_path: Path
) -> None:
    path = tmp_path / "questions.jsonl"
    path.write_text(
        '{"q": "What did Sazonov call Belarus?", "gold": ["de facto an occupied country"]}\n'
        '{"q": "How many moons does Jupiter have?", "gold": null}\n'
    )

    result = CliRunner().invoke(app, ["eval", str(path), "--json"])

    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["questions"] == 2 and report["passages"] > 0
    systems = {s["system"]: s for s in report["systems"]}
    assert list(systems) == SYSTEMS
    hybrid = systems["qabot (learned ranker)"]
    assert hybrid["hit@1"] == 1.0 and hybrid["unanswerable_refused"] == 1.0
    assert hybrid["quote_chars_max"] <= 700
    assert hybrid["latency_ms_p50"] > 0


def test_eval_on_squad_builds_a_throwaway_knowledge_base_and_prints_a_table(
    settings: Settings, tmp_path: Path
) -> None:
    result = CliRunner().invoke(app, ["eval", str(_squad_file(tmp_path, compressed=True))])

    assert result.exit_code == 0, result.output
    assert "tiny.json.gz: 4 questions (4 answerable, 0 to refuse)" in result.stdout
    rows = [line for line in result.stdout.splitlines() if line.startswith("| ")]
    header, _rule, *systems = rows
    assert header.startswith("| system | hit@1 | hit@3 | MRR |")
    assert [row.split(" | ")[0].lstrip("| ") for row in systems] == SYSTEMS
    hybrid = systems[0].split(" | ")
    assert float(hybrid[1]) >= 0.75, "hit@1 of the hybrid ranking on four easy questions"
    assert not settings.home.exists(), "the user's knowledge base is not touched"


def test_eval_limit_asks_the_first_questions_over_their_articles_only(
    settings: Settings, tmp_path: Path
) -> None:
    result = CliRunner().invoke(
        app, ["eval", str(_squad_file(tmp_path, compressed=False)), "--limit", "2", "--json"]
    )

    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["questions"] == 2
    assert report["passages"] == 2, "only the Ostra article's two paragraphs are loaded"


def test_eval_of_a_missing_file_is_a_one_line_error(settings: Settings, tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["eval", str(tmp_path / "nope.jsonl")])

    assert result.exit_code == 1
    assert "is not a file" in result.stderr


def test_eval_reports_hits_by_kind_and_refusals_by_null_type(seeded: QAService, tmp_path: Path) -> None:
    path = tmp_path / "kinds.jsonl"
    path.write_text(
        '{"q": "What did Sazonov call Belarus?", "gold": ["de facto an occupied country"], "kind": "other"}\n'
        '{"q": "Why won\'t Lukashenko send troops to Ukraine?", "gold": ["losing control over his army"],'
        ' "kind": "why"}\n'
        '{"q": "What is a good recipe for banana pancakes?", "gold": null, "kind": "other",'
        ' "null_type": "off_topic"}\n'
    )

    result = CliRunner().invoke(app, ["eval", str(path)])
    report = json.loads(CliRunner().invoke(app, ["eval", str(path), "--json"]).stdout)

    assert result.exit_code == 0, result.output
    assert "by kind of question" in result.stdout and "| why | 1 |" in result.stdout
    learned = report["systems"][0]
    assert learned["by_kind"]["why"] == {"answerable": 1, "hit@1": 1.0, "highlight": 1.0, "refused": 0}
    assert learned["refused_by_null_type"] == {"off_topic": {"questions": 1, "refused": 1.0}}
