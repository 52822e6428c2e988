"""`qabot eval` on conversation files: replies asked as follow-ups (and alone), scored by kind."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from bot.cli import app
from index.eval.conversations import is_conversation_file, load_conversations
from index.eval.loading import BadEvalFile
from index.service import QAService
from index.store.models import QuestionRecord
from index.store.questions import EVAL_PLATFORM

CONVERSATIONS = [
    {
        "turns": [
            {"q": "What was Putin trying to achieve by invading Ukraine?", "gold": ["sought to strengthen"]},
            {"q": "Did it work?", "gold": ["In reality, it backfired"]},
        ],
        "follow_up": "same_passage",
    },
    {
        "turns": [
            {"q": "Who is Sergei Sazonov?", "gold": ["political philosopher at Estonia's Tartu University"]},
            {"q": "Who is Vyacheslav Tseluiko?", "gold": ["military analyst Vyacheslav Tseluiko"]},
        ],
        "fresh": True,
    },
    {
        "turns": [
            {"q": "Who is Sergei Sazonov?", "gold": ["political philosopher at Estonia's Tartu University"]},
            # Off-topic: a same-subject reply the article does not answer is refused less often
            # (docs/quality.md), which is a measurement, not what this test is about.
            {"q": "What's a good recipe for borscht?", "gold": None},
        ],
        "follow_up": "unanswerable",
    },
]


def write(path: Path, items: list[dict[str, object]]) -> Path:
    path.write_text("".join(json.dumps(item) + "\n" for item in items), encoding="utf-8")
    return path


def test_conversation_files_are_told_from_question_files(tmp_path: Path) -> None:
    conversations = write(tmp_path / "talk.jsonl", CONVERSATIONS)
    questions = write(tmp_path / "questions.jsonl", [{"q": "Who is Sergei Sazonov?", "gold": None}])

    assert is_conversation_file(conversations)
    assert not is_conversation_file(questions)
    loaded = load_conversations(conversations)
    assert [c.kind for c in loaded.conversations] == ["same_passage", "fresh", "unanswerable"]
    assert loaded.conversations[2].reply.gold is None
    assert loaded.conversations[0].first.question == CONVERSATIONS[0]["turns"][0]["q"]  # type: ignore[index]


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ({"turns": [{"q": "Only one turn?", "gold": None}]}, 'needs "turns"'),
        ({"turns": [{"q": "First?", "gold": None}, {"gold": ["x"]}]}, 'needs "q"'),
        ({"turns": [{"q": "First?", "gold": None}, {"q": "Then?", "gold": "x"}]}, '"gold" must be'),
    ],
)
def test_malformed_conversations_are_named_with_their_line(
    tmp_path: Path, line: dict[str, object], problem: str
) -> None:
    path = write(tmp_path / "talk.jsonl", [CONVERSATIONS[0], line])

    with pytest.raises(BadEvalFile, match=f"line 2: .*{problem}"):
        load_conversations(path)


def test_eval_asks_replies_in_context_and_alone_and_reports_them_by_kind(
    seeded: QAService, tmp_path: Path
) -> None:
    path = write(tmp_path / "talk.jsonl", CONVERSATIONS)

    result = CliRunner().invoke(app, ["eval", str(path), "--json"])

    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["conversations"] == 3
    assert report["first_questions"]["hit@1"] == 1.0
    with_context, alone = report["follow_ups"]["with context"], report["follow_ups"]["without context"]
    # "Did it work?" needs the earlier answer; a reply that stands alone needs nothing.
    assert with_context["same_passage"]["hit@1"] == 1.0 and alone["same_passage"]["hit@1"] == 0.0
    assert with_context["fresh"]["hit@1"] == alone["fresh"]["hit@1"] == 1.0
    assert with_context["unanswerable"]["refused_unanswerable"] == 1
    assert with_context["all"] == {
        "answerable": 2, "hit@1": 1.0, "highlight": 1.0, "refused_answerable": 0, "unanswerable": 1,
        "refused_unanswerable": 1,
    }  # fmt: skip
    # The first questions were recorded, as the chat bots record them, so replies could follow them;
    # `qabot stats` counts people's questions only.
    with Session(seeded.engine) as session:
        recorded = session.scalar(select(func.count()).where(QuestionRecord.platform == EVAL_PLATFORM))
    assert (recorded or 0) >= 3
    assert seeded.stats().questions == 0


def test_eval_prints_the_follow_up_table(seeded: QAService, tmp_path: Path) -> None:
    path = write(tmp_path / "talk.jsonl", CONVERSATIONS)

    result = CliRunner().invoke(app, ["eval", str(path)])

    assert result.exit_code == 0, result.output
    assert "3 conversations; first questions hit@1 1.000" in result.stdout
    assert "| same_passage | 1 | 1.000 / 1.000 (0 refused) | 0.000 / 0.000 (" in result.stdout
    assert "| unanswerable | 1 | refused 1/1 |" in result.stdout
