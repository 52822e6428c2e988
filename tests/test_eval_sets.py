"""Every question set shipped in eval/ loads as `qabot eval` reads it, and its gold strings are quoted
verbatim from the bundled article (so a hit means the bot quoted the answer, not a paraphrase of it)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from index.eval.conversations import is_conversation_file, load_conversations
from index.eval.loading import load_eval_file
from tests.conftest import KNOWLEDGE

EVAL = Path(__file__).resolve().parents[1] / "eval"
SETS = sorted(EVAL.glob("*.jsonl")) + sorted((EVAL / "heldout").glob("*.jsonl"))
ARTICLE = (KNOWLEDGE / "kyiv-independent-2022-12-05-russia-loses-allies.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("path", SETS, ids=lambda path: str(path.relative_to(EVAL)))
def test_every_set_loads_and_quotes_the_article(path: Path) -> None:
    if is_conversation_file(path):
        conversations = load_conversations(path).conversations
        questions = [turn for c in conversations for turn in (c.first, c.reply)]
    else:
        questions = list(load_eval_file(path).questions)

    assert questions
    assert all(gold in ARTICLE for question in questions for gold in question.gold or ())


def test_the_hand_written_sets_pass_their_own_checks() -> None:
    result = subprocess.run(
        [sys.executable, str(EVAL / "check_sets.py")], capture_output=True, text=True, check=False
    )

    assert result.returncode == 0, result.stdout + result.stderr


# Four sets of articles of other domains, each with its own questions (eval/README.md).
FRESH_FOLDERS = (EVAL / "fresh", EVAL / "fresh2", EVAL / "fresh3", EVAL / "fresh4")


def _articles_of(folder: Path) -> str:
    return "".join(path.read_text(encoding="utf-8") for path in sorted((folder / "articles").glob("*.md")))


@pytest.mark.parametrize(
    "path",
    sorted(path for folder in FRESH_FOLDERS for path in folder.glob("*.jsonl")),
    ids=lambda path: f"{path.parent.name}/{path.name}",
)
def test_every_fresh_set_loads_and_quotes_its_articles(path: Path) -> None:
    questions = list(load_eval_file(path).questions)
    articles = _articles_of(path.parent)

    assert questions
    assert all(gold in articles for question in questions for gold in question.gold or ())
