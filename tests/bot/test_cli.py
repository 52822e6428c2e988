"""The `qabot` command as a user runs it (in-process, with the real model)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import app
from bot.settings import Settings
from index.service import QAService
from tests.conftest import SEED_ID, SEED_TITLE
from tests.fakes.pages import serve_pages

SOURCE_KEYS = {"id", "title", "author", "publisher", "published", "url"}


@pytest.fixture
def cli(settings: Settings) -> CliRunner:
    """Runs commands against the test's own empty QABOT_HOME."""
    return CliRunner()


@pytest.fixture
def seeded_cli(seeded: QAService) -> CliRunner:
    """Runs commands against a QABOT_HOME that already holds the bundled article."""
    return CliRunner()


def test_first_question_on_an_empty_knowledge_base_loads_the_bundled_article(cli: CliRunner) -> None:
    result = cli.invoke(app, ["ask", "Why won't Lukashenko send troops to Ukraine?"])

    assert result.exit_code == 0, result.output
    assert "losing control over his army" in result.stdout
    assert '— Oleg Sukhov, "How Russia loses allies' in result.stdout
    assert "The Kyiv Independent, 5 Dec 2022, https://kyivindependent.com/" in result.stdout
    # the demo's sentence closes a quotation opened earlier: shown alone, without its closing mark
    assert (
        "Best sentence: Sending Belarusian troops to Ukraine would mean he is losing control over his army.\n"
        in result.stdout
    )
    assert "Added kyiv-independent-2022-12-05-russia-loses-allies" in result.stderr


def test_a_knowledge_base_its_moderators_emptied_stays_empty(
    seeded_cli: CliRunner, seeded: QAService
) -> None:
    removed = seeded_cli.invoke(app, ["kb", "remove", SEED_ID])
    assert removed.exit_code == 0, removed.output

    asked = seeded_cli.invoke(app, ["ask", "Why won't Lukashenko send troops to Ukraine?"])

    assert asked.exit_code == 0, asked.output
    assert "losing control over his army" not in asked.stdout
    assert "Added" not in asked.stderr  # the start did not put back what was removed
    assert seeded.source_ids() == []
    synced = seeded_cli.invoke(app, ["kb", "sync"])  # the way back, on purpose
    assert synced.exit_code == 0 and seeded.source_ids() == [SEED_ID]


def test_an_error_quoting_what_a_server_sent_cannot_drive_the_terminal(
    seeded_cli: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("QABOT_ALLOW_PRIVATE_URLS", "1")  # the page is on 127.0.0.1
    with serve_pages({"/page": ("text/x\x1b[2K\x1b[1Afake", b"x")}) as base:
        result = seeded_cli.invoke(app, ["kb", "add", f"{base}/page"])

    assert result.exit_code == 1
    assert "only HTML and text pages" in result.stderr and "\x1b" not in result.stderr


def test_ask_json_has_the_documented_schema(seeded_cli: CliRunner) -> None:
    result = seeded_cli.invoke(app, ["ask", "--json", "What did Sazonov call Belarus?"])

    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert set(payload) == {
        "question", "answered", "quote", "highlight", "score", "source", "alternatives", "closest"
    }  # fmt: skip
    assert payload["answered"] is True
    assert "de facto an occupied country" in payload["quote"]
    assert payload["highlight"] in payload["quote"]
    assert isinstance(payload["score"], float)
    assert set(payload["source"]) == SOURCE_KEYS and payload["source"]["id"] == SEED_ID
    assert payload["source"]["published"] == "2022-12-05"
    for alternative in payload["alternatives"]:
        assert set(alternative) == {"quote", "score", "source"}
        assert set(alternative["source"]) == SOURCE_KEYS
    assert len(payload["alternatives"]) <= 2


def test_ask_json_from_stdin_answers_one_object_per_line(seeded_cli: CliRunner) -> None:
    questions = "What is the CSTO?\nHow many moons does Jupiter have?\n\nWhat did Sazonov call Belarus?\n"

    result = seeded_cli.invoke(app, ["ask", "--json", "-"], input=questions)

    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["question"] for line in lines] == [
        "What is the CSTO?",
        "How many moons does Jupiter have?",
        "What did Sazonov call Belarus?",
    ]
    refused = lines[1]
    assert refused["answered"] is False
    assert refused["quote"] is None and refused["source"] is None and refused["alternatives"] == []


def test_sources_cannot_turn_the_operators_lines_around(seeded_cli: CliRunner) -> None:
    """A right-to-left override in a stored publisher reversed the rest of its line in the terminal."""
    article = (
        "---\nid: rtl\ntitle: Tides\npublisher: \u202eevil\u202c Press\n---\nThe tide turns twice a day.\n"
    )
    seeded_cli.invoke(app, ["kb", "add", "-"], input=article)

    listed = seeded_cli.invoke(app, ["sources"])
    as_json = seeded_cli.invoke(app, ["sources", "--json"])

    assert "\ufffdevil\ufffd Press" in listed.stdout and "\u202e" not in listed.stdout
    assert "\\u202eevil\\u202c Press" in as_json.stdout  # a script reads it as stored
    assert "\u202eevil\u202c Press" in [s["publisher"] for s in json.loads(as_json.stdout)]


def test_sources_lists_title_author_and_passage_count(cli: CliRunner) -> None:
    cli.invoke(app, ["kb", "sync"])

    text = cli.invoke(app, ["sources"])
    as_json = cli.invoke(app, ["sources", "--json"])

    assert text.exit_code == 0 and as_json.exit_code == 0
    assert SEED_TITLE in text.stdout
    assert "Oleg Sukhov, The Kyiv Independent, 5 Dec 2022" in text.stdout
    [source] = json.loads(as_json.stdout)
    assert source["id"] == SEED_ID and source["passages"] > 10
    assert f"{source['passages']} passages" in text.stdout


def test_a_new_knowledge_base_lists_and_removes_the_bundled_article_as_the_bots_would(cli: CliRunner) -> None:
    listed = cli.invoke(app, ["sources", "--json"])
    removed = cli.invoke(app, ["kb", "remove", SEED_ID])
    after = cli.invoke(app, ["sources"])

    assert [s["id"] for s in json.loads(listed.stdout)] == [SEED_ID]
    assert removed.exit_code == 0 and f"Removed {SEED_ID}" in removed.stdout
    assert "The knowledge base is empty" in after.stdout  # emptied on purpose: not loaded again


def test_kb_add_then_remove_from_the_command_line(seeded_cli: CliRunner, tmp_path: Path) -> None:
    article = tmp_path / "ferry.md"
    article.write_text(
        "# Ferry times\n\nThe ferry to Suomenlinna leaves every twenty minutes from Market Square."
    )

    added = seeded_cli.invoke(
        app, ["kb", "add", str(article), "--author", "Harbour Office", "--published", "2024-05-01"]
    )
    answer = seeded_cli.invoke(app, ["ask", "--json", "How often does the Suomenlinna ferry leave?"])
    removed = seeded_cli.invoke(app, ["kb", "remove", "ferry"])
    listed = seeded_cli.invoke(app, ["kb", "list", "--json"])

    assert added.exit_code == 0 and "Added ferry" in added.stdout and "1 passage." in added.stdout
    payload = json.loads(answer.stdout)
    assert payload["source"]["author"] == "Harbour Office" and payload["source"]["title"] == "Ferry times"
    assert removed.exit_code == 0 and "Removed ferry" in removed.stdout and "1 passage." in removed.stdout
    assert "ferry" not in [s["id"] for s in json.loads(listed.stdout)]


def test_what_a_source_says_is_printed_as_written_emoji_codes_included(
    seeded_cli: CliRunner, tmp_path: Path
) -> None:
    """The terminal library turned ":thumbs_up:" in a title or credit into 👍. (A plain text's words are
    its own; in Markdown, ":thumbs_up:" is read as the emoji it shows.)"""
    article = tmp_path / "rain.txt"
    article.write_text("# Rain report :thumbs_up: for the week\n\nThe rain gauge filled overnight in C:\\")

    added = seeded_cli.invoke(app, ["kb", "add", str(article), "--author", "Ann :warning: Keeper"])

    assert added.exit_code == 0, added.output
    assert "Rain report :thumbs_up: for the week" in added.stdout and "Ann :warning: Keeper" in added.stdout


def test_articles_piped_in_one_after_another_are_all_kept(seeded_cli: CliRunner) -> None:
    ferry = "# Ferry times\n\nThe ferry to Suomenlinna leaves every twenty minutes from Market Square."
    museum = "The maritime museum opens at ten on weekdays and at noon on Sundays."

    added = [
        seeded_cli.invoke(app, ["kb", "add", "-"], input=ferry),
        seeded_cli.invoke(app, ["kb", "add", "-", "--title", "Museum hours"], input=museum),
        seeded_cli.invoke(app, ["kb", "add", "-"], input="Trams run all night on Fridays."),
    ]
    listed = {s["id"]: s["title"] for s in json.loads(seeded_cli.invoke(app, ["sources", "--json"]).stdout)}

    assert [result.exit_code for result in added] == [0, 0, 0]
    assert all("Added" in result.stdout for result in added)
    assert listed["ferry-times"] == "Ferry times" and listed["museum-hours"] == "Museum hours"
    assert len(listed) == 4  # the bundled article and all three

    named = "---\nid: ferry\n---\n\nThe ferry leaves every hour from Market Square."
    first = seeded_cli.invoke(app, ["kb", "add", "-"], input=named)
    newer = seeded_cli.invoke(
        app, ["kb", "add", "-", "--title", "Ferry timetable"], input=named.replace("hour", "half hour")
    )
    assert "Added ferry" in first.stdout and "Replaced ferry" in newer.stdout  # its own id wins


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["ask", "   "], "empty"),
        (["ask", "x" * 2001], "too long"),
        (["kb", "remove", "no-such-source"], "'no-such-source'. `qabot sources --all` lists"),
        (["kb", "add", "/nonexistent/file.md"], "does not exist"),
    ],
)
def test_bad_input_is_one_clear_line_and_exit_1(seeded_cli: CliRunner, args: list[str], message: str) -> None:
    result = seeded_cli.invoke(app, args)

    assert result.exit_code == 1
    assert result.stderr.startswith("error: ") and message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.output


def test_kb_add_from_an_endless_pipe_reads_no_more_than_the_upload_limit(tmp_path: Path) -> None:
    """`yes | qabot kb add -` is refused as too large, not read until memory runs out."""
    qabot = Path(sys.executable).parent / "qabot"
    env = {**os.environ, "QABOT_HOME": str(tmp_path), "QABOT_MAX_UPLOAD_BYTES": "100000"}
    env.pop("DATABASE_URL", None)
    with subprocess.Popen(["yes"], stdout=subprocess.PIPE) as endless:
        try:
            done = subprocess.run(
                [str(qabot), "kb", "add", "-"], stdin=endless.stdout, capture_output=True, text=True,
                env=env, timeout=120,
            )  # fmt: skip
        finally:
            endless.kill()
    assert done.returncode != 0 and "too large" in done.stderr + done.stdout


# What a command imported, printed by the process that ran it.
_RUN_AND_LIST_MODULES = """
import sys
from bot.cli import main
sys.argv = ["qabot", *sys.argv[1:]]
try:
    main()
except SystemExit:
    pass
print(" ".join(sorted({name.split(".")[0] for name in sys.modules})))
print(" ".join(sorted(name for name in sys.modules if name.startswith("index.search"))))
"""


def _imported_by(args: list[str], home: Path) -> tuple[str, set[str], set[str]]:
    env = {**os.environ, "QABOT_HOME": str(home)}
    env.pop("DATABASE_URL", None)
    done = subprocess.run(
        [sys.executable, "-c", _RUN_AND_LIST_MODULES, *args], capture_output=True, text=True, env=env,
        timeout=120,
    )  # fmt: skip
    *output, packages, search = done.stdout.split("\n")[:-1]
    return "\n".join(output), set(packages.split()), set(search.split())


def test_help_loads_neither_the_database_nor_the_model_libraries(tmp_path: Path) -> None:
    """`qabot --help` answers at once: it imported SQLAlchemy and Alembic, and took 0.9 s instead of 0.15."""
    output, packages, _ = _imported_by(["--help"], tmp_path)

    assert "ask" in output and "sources" in output
    assert not packages & {"sqlalchemy", "alembic", "numpy", "onnxruntime", "torch", "faiss"}


def test_sources_on_a_seeded_knowledge_base_loads_no_search_index_or_model(tmp_path: Path) -> None:
    """Listing sources reads the database only: the search modules were a third of its start."""
    _imported_by(["sources"], tmp_path)  # a new home: seeding embeds the bundled article

    output, packages, search = _imported_by(["sources"], tmp_path)

    assert SEED_TITLE in output
    assert not packages & {"onnxruntime", "torch", "faiss", "bm25s", "lightgbm"}
    assert not search


LIGHTHOUSE = "# Cape Alpha lighthouse\n\nThe Cape Alpha lighthouse was built in 1901 of granite.\n"


def test_sync_reads_the_folders_articles_and_says_which_entries_it_did_not(
    cli: CliRunner, settings: Settings, tmp_path: Path
) -> None:
    """A Mac's "._alpha.md" beside "alpha.md" stopped the whole sync ("looks like a binary file"); a
    PDF, a subfolder and the like were passed over without a word."""
    folder = tmp_path / "kb"
    (folder / "drafts").mkdir(parents=True)
    (folder / "alpha.md").write_text(LIGHTHOUSE)
    (folder / "._alpha.md").write_bytes(b"\x00\x05\x16\x07\x00\x02\x00\x00Mac OS X")
    (folder / "report.pdf").write_bytes(b"%PDF-1.4\n")

    result = cli.invoke(app, ["kb", "sync", str(folder)])

    assert result.exit_code == 0, result.output
    assert "Added alpha" in result.stdout
    assert (
        "Not read (only Markdown, text and HTML files, not hidden ones): ._alpha.md, drafts/, report.pdf"
        in result.stdout
    )
    empty = tmp_path / "empty"
    empty.mkdir()
    assert "Nothing to sync" in cli.invoke(app, ["kb", "sync", str(empty)]).stdout


def test_a_moved_folder_is_synced_with_replace_as_the_refusal_says(cli: CliRunner, tmp_path: Path) -> None:
    """A file may not take over a source added from elsewhere; the refusal said "--replace", which
    `kb sync` did not have, so a moved folder could be synced back only one `kb add` at a time."""
    old, new = tmp_path / "old", tmp_path / "new"
    old.mkdir()
    (old / "alpha.md").write_text(LIGHTHOUSE)
    assert cli.invoke(app, ["kb", "sync", str(old)]).exit_code == 0
    old.rename(new)
    (new / "alpha.md").write_text(LIGHTHOUSE.replace("1901", "1902"))

    refused = cli.invoke(app, ["kb", "sync", str(new)])
    replaced = cli.invoke(app, ["kb", "sync", str(new), "--replace"])

    assert refused.exit_code == 1 and "--replace" in refused.stderr
    assert replaced.exit_code == 0, replaced.output
    asked = cli.invoke(app, ["ask", "--json", "When was the Cape Alpha lighthouse built?"])
    assert "1902" in json.loads(asked.stdout)["quote"]


def test_a_knowledge_folder_that_is_not_there_is_named_by_its_setting(
    cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("QABOT_KNOWLEDGE_DIR", str(tmp_path / "knowlege"))

    result = cli.invoke(app, ["ask", "Who is Sazonov?"])

    assert (
        result.exit_code == 1
        and f"QABOT_KNOWLEDGE_DIR ({tmp_path / 'knowlege'}) is not a folder" in result.stderr
    )
