"""Real `qabot` processes sharing one database, as a Telegram bot, a Discord bot and a moderator's CLI do.

One long-running `qabot ask --json -` answers questions fed over stdin (the model loads once, like
a bot); separate `qabot kb add` / `qabot kb remove` processes change the knowledge base.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, func, select
from sqlalchemy.engine import make_url

from index.store.models import ModerationEvent, Passage, Source
from tests.storage.conftest import ARTICLE, ARTICLE_ID, ARTICLE_QUESTION, ARTICLE_QUOTE

REPO = Path(__file__).resolve().parents[2]
DEADLINE_SECONDS = 5.0
# Never used against a real server; only here to prove it is never printed.
FAKE_TOKEN = "123456:AAFakeTokenThatMustNeverBePrinted"


def _env(database_url: str, home: Path, empty_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("QABOT_", "TELEGRAM_", "DISCORD_"))}
    env.update(
        DATABASE_URL=database_url,
        QABOT_HOME=str(home),
        QABOT_KNOWLEDGE_DIR=str(empty_dir),  # no bundled article: only what the test adds is known
        QABOT_LOG_LEVEL="INFO",
        TELEGRAM_BOT_TOKEN=FAKE_TOKEN,
        HF_HUB_OFFLINE="1",
        TRANSFORMERS_OFFLINE="1",
        PYTHONUNBUFFERED="1",
    )
    return env


def _qabot(*args: str) -> list[str]:
    return [sys.executable, "-m", "bot.cli", *args]


class AskingProcess:
    """A running `qabot ask --json -`: one question in, one JSON answer out."""

    def __init__(self, env: dict[str, str], stderr: Path) -> None:
        self._stderr = stderr.open("wb")
        self.asked = 0
        self.process = subprocess.Popen(
            _qabot("ask", "--json", "-"),
            cwd=REPO,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._stderr,
            text=True,
        )

    def ask(self, question: str) -> dict[str, Any]:
        assert self.process.stdin is not None and self.process.stdout is not None
        self.asked += 1
        self.process.stdin.write(question + "\n")
        self.process.stdin.flush()
        line = self.process.stdout.readline()
        assert line, f"qabot exited with {self.process.poll()}"
        return dict(json.loads(line))

    def ask_until(self, wanted: bool) -> tuple[dict[str, Any], float]:
        """Asks until the answer's `answered` is `wanted` or the deadline passes; the answer and the wait."""
        started = time.monotonic()
        while True:
            answer = self.ask(ARTICLE_QUESTION)
            waited = time.monotonic() - started
            if answer["answered"] is wanted or waited > DEADLINE_SECONDS:
                return answer, waited
            time.sleep(0.1)

    def close(self) -> None:
        if self.process.stdin is not None:
            self.process.stdin.close()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self._stderr.close()


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    (tmp_path / "empty").mkdir()
    (tmp_path / "lighthouse.md").write_bytes(ARTICLE)
    return tmp_path


@pytest.fixture
def asker(database_url: str, workdir: Path) -> Iterator[AskingProcess]:
    running = AskingProcess(_env(database_url, workdir / "home-bot", workdir / "empty"), workdir / "bot.log")
    yield running
    running.close()


def _run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        _qabot(*args), cwd=REPO, env=env, capture_output=True, text=True, timeout=300, check=False
    )


def test_a_source_added_by_one_process_is_answered_by_another_within_5_seconds(
    asker: AskingProcess, database_url: str, workdir: Path
) -> None:
    moderator = _env(database_url, workdir / "home-cli", workdir / "empty")
    assert asker.ask(ARTICLE_QUESTION)["answered"] is False  # loaded, and knows nothing of it yet

    added = _run(moderator, "kb", "add", str(workdir / "lighthouse.md"))
    assert added.returncode == 0, added.stderr
    assert f"Added {ARTICLE_ID}" in added.stdout
    answer, waited = asker.ask_until(True)
    assert answer["answered"] is True, f"not answered after {waited:.1f} s"
    assert ARTICLE_QUOTE in answer["quote"] and answer["source"]["id"] == ARTICLE_ID

    removed = _run(moderator, "kb", "remove", ARTICLE_ID)
    assert removed.returncode == 0, removed.stderr
    answer, waited = asker.ask_until(False)
    assert answer["answered"] is False, f"still answered {waited:.1f} s after the removal"

    asker.close()
    assert asker.process.returncode == 0
    logs = (workdir / "bot.log").read_text() + added.stderr + removed.stderr
    # One structured line per question, with what a dashboard needs.
    lines = [line for line in logs.splitlines() if "question answered=" in line]
    assert len(lines) == asker.asked
    assert any(
        "answered=True score=" in line and f"source={ARTICLE_ID} latency_ms=" in line for line in lines
    )
    password = make_url(database_url).password
    for secret in filter(None, [FAKE_TOKEN, password and str(password)]):
        assert secret not in logs


# Each process loads the model (seconds), so this runs on the production database only; the same race
# between two writers is forced on both databases in test_sources.py.
@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_two_processes_adding_the_same_source_at_once_store_it_once(database_url: str, workdir: Path) -> None:
    processes = [
        subprocess.Popen(
            _qabot("kb", "add", str(workdir / "lighthouse.md")),
            cwd=REPO,
            env=_env(database_url, workdir / f"home-{name}", workdir / "empty"),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in ("a", "b")
    ]
    outputs = [p.communicate(timeout=300) for p in processes]

    assert [p.returncode for p in processes] == [0, 0], outputs
    said = sorted(out for out, _ in outputs)
    assert said[0].startswith(f"Added {ARTICLE_ID}"), outputs
    assert said[1].startswith(f"{ARTICLE_ID}") and "unchanged" in said[1], outputs
    engine = create_engine(make_url(database_url).set(drivername=_driver(database_url)))
    try:
        with engine.connect() as connection:
            assert connection.scalar(select(func.count()).select_from(Source)) == 1
            positions = connection.execute(select(Passage.position)).scalars().all()
            assert len(positions) > 0 and sorted(positions) == list(range(len(positions)))
            events = connection.execute(select(ModerationEvent.action)).scalars().all()
            assert events == ["added"]
    finally:
        engine.dispose()


def _driver(database_url: str) -> str:
    name = make_url(database_url).drivername
    return "postgresql+psycopg" if name == "postgresql" else name
