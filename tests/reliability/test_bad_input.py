"""Careless and hostile input to the core and the CLI: a clear one-line refusal, and nothing changes.

Every refusal is checked twice, through `QAService` (what the chat adapters call) and through the
`qabot` command, and every case compares the knowledge base (sources, content hashes, passage
counts, change revision) before and after.
"""

from __future__ import annotations

import io
import json
import socket
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from bot.cli import app
from bot.settings import Settings
from index.errors import BadDocument, BadQuestion, FetchError, QabotError, UnknownSource
from index.service import Asker, QAService
from tests.conftest import KNOWLEDGE, SEED_ID
from tests.reliability.conftest import kb_state

TROOPS = "Why won't Lukashenko send troops to Ukraine?"


def assert_one_line_error(result: Result, fragment: str) -> None:
    assert result.exit_code == 1, (result.exit_code, result.output, result.exception)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: ")
    assert fragment.lower() in lines[0].lower(), lines[0]


# -- questions -------------------------------------------------------------------------------------

REFUSED_QUESTIONS = [
    pytest.param("", "empty", id="empty"),
    pytest.param("   ", "empty", id="spaces"),
    pytest.param(" \n\t\r\n ", "empty", id="whitespace-and-newlines"),
    pytest.param("\u3000\u2003\u00a0", "empty", id="unicode-spaces"),
    pytest.param("\x00\x00\x00", "empty", id="only-nul-bytes"),
    pytest.param("\x01\x02\x1b", "empty", id="only-control-chars"),
    # searched before, and recorded as an unanswered question
    pytest.param("\u200b\u200d\ufeff", "empty", id="invisible-format-chars"),
    pytest.param("a" * 2001, "too long", id="2001-chars"),
    pytest.param("Why? " * 20_480, "too long", id="100-kb-message"),
    pytest.param("🤔" * 2001, "too long", id="2001-emoji"),
]


@pytest.mark.parametrize(("question", "fragment"), REFUSED_QUESTIONS)
def test_bad_question_is_refused_by_the_core(seeded: QAService, question: str, fragment: str) -> None:
    before = kb_state(seeded)

    with pytest.raises(BadQuestion) as raised:
        seeded.ask(question, Asker("telegram", "42"))

    assert fragment in str(raised.value) and "\n" not in str(raised.value)
    assert kb_state(seeded) == before
    assert seeded.stats().questions == 0


@pytest.mark.parametrize(("question", "fragment"), REFUSED_QUESTIONS)
def test_bad_question_is_refused_by_the_cli(
    cli: CliRunner, seeded: QAService, question: str, fragment: str
) -> None:
    before = kb_state(seeded)

    assert_one_line_error(cli.invoke(app, ["ask", question]), fragment)
    assert kb_state(seeded) == before


def test_bad_question_on_an_empty_knowledge_base_does_not_load_the_bundled_article(
    cli: CliRunner, service: QAService
) -> None:
    assert_one_line_error(cli.invoke(app, ["ask", "  "]), "empty")
    assert kb_state(service).sources == ()


# Odd but legitimate text: answered from a real passage or refused as not found, never a crash.
ODD_QUESTIONS = [
    pytest.param(TROOPS.replace(" send", "\x00 send"), True, id="nul-inside"),
    pytest.param(TROOPS.replace(" send", "\x07\x1b[31m send"), True, id="control-chars-inside"),
    pytest.param(TROOPS.replace("Lukashenko", "<b>Lukashenko</b></blockquote>"), True, id="html-injection"),
    pytest.param(f"*_[{TROOPS}]()~`", True, id="markdown-injection"),
    pytest.param("\u202e" + TROOPS, True, id="rtl-override"),
    pytest.param(TROOPS.replace("Why", "Why \ud83e"), True, id="lone-surrogate"),
    pytest.param("لماذا لا يرسل لوكاشينكو قوات إلى أوكرانيا؟", None, id="arabic-rtl"),
    pytest.param("למה לוקשנקו לא שולח חיילים?", None, id="hebrew-rtl"),
    pytest.param("卢卡申科为什么不派兵去乌克兰？", None, id="cjk"),
    pytest.param("🤔🇺🇦👨‍👩‍👧", None, id="emoji-sequences"),
    pytest.param("Z̸̢̛a̵l̶g̷o̴ ̸L̶u̵k̶a̴s̵h̸e̷n̷k̵o̴", None, id="combining-zalgo"),
    pytest.param("@everyone", None, id="everyone-mention"),
    pytest.param("<@&123456789>", None, id="role-mention"),
    pytest.param("<@123456789>", None, id="only-a-mention"),
    pytest.param("?", None, id="one-character"),
    pytest.param("x" * 2000, None, id="exactly-2000-chars"),
]


def _check_answer_is_verbatim(service: QAService, payload: dict[str, object]) -> None:
    """An answered question quotes a passage of the cited source, character for character."""
    if not payload["answered"]:
        assert payload["quote"] is None and payload["source"] is None
        return
    texts = {s.source.id: s for s in service.sources()}
    source = payload["source"]
    assert isinstance(source, dict) and source["id"] in texts
    quote = payload["quote"]
    assert isinstance(quote, str)
    body = (KNOWLEDGE / f"{SEED_ID}.md").read_text(encoding="utf-8")
    assert quote in body


@pytest.mark.parametrize(("question", "answerable"), ODD_QUESTIONS)
def test_odd_question_is_answered_or_refused_cleanly_by_the_core(
    seeded: QAService, question: str, answerable: bool | None
) -> None:
    before = kb_state(seeded)

    answer = seeded.ask(question, Asker("discord", "7"))

    payload = json.loads(json.dumps(answer.to_json()))  # what adapters serialise must serialise
    _check_answer_is_verbatim(seeded, payload)
    if answerable:
        assert answer.answered and answer.source is not None and answer.source.id == SEED_ID
        assert "losing control over his army" in (answer.quote or "")
    assert kb_state(seeded) == before
    assert seeded.stats().questions == 1


@pytest.mark.parametrize(("question", "answerable"), ODD_QUESTIONS)
def test_odd_question_is_answered_or_refused_cleanly_by_the_cli(
    cli: CliRunner, seeded: QAService, question: str, answerable: bool | None
) -> None:
    before = kb_state(seeded)

    result = cli.invoke(app, ["ask", "--json", question])

    assert result.exit_code == 0, (result.output, result.exception)
    payload = json.loads(result.stdout)
    _check_answer_is_verbatim(seeded, payload)
    if answerable:
        assert payload["answered"] is True
    assert kb_state(seeded) == before


def test_stdin_questions_with_bad_lines_answer_the_good_ones(cli: CliRunner, seeded: QAService) -> None:
    """A line of megabytes was held whole and echoed back in full; it is refused, named by its start."""
    lines = ["\x00\x00", "a" * 2001, "b" * 3_000_000, TROOPS]

    result = cli.invoke(app, ["ask", "--json", "-"], input="\n".join(lines) + "\n")

    assert result.exit_code == 0, result.output
    payloads = [json.loads(line) for line in result.stdout.splitlines()]
    assert [p["answered"] for p in payloads] == [False, False, False, True]
    assert (
        "empty" in payloads[0]["error"]
        and "too long" in payloads[1]["error"]
        and "too long" in payloads[2]["error"]
    )
    assert len(result.stdout) < 10_000


# -- files and uploads -----------------------------------------------------------------------------


def _zip_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("article.md", "---\ntitle: Zipped\n---\nSome text.\n")
    return buffer.getvalue()


PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"

# 371 bytes of YAML whose `title` expands to 9**9 strings when turned into text.
YAML_ALIAS_BOMB = (
    "---\na: &a ["
    + ",".join(['"lol"'] * 9)
    + "]\n"
    + "".join(
        f"{n}: &{n} [" + ",".join([f"*{p}"] * 9) + "]\n" for p, n in zip("abcdefgh", "bcdefghi", strict=True)
    )
    + "title: *i\n---\nBody text.\n"
).encode()

BAD_FILES = [
    pytest.param("empty.md", b"", "empty", id="empty-file"),
    pytest.param("blank.txt", b" \n\n\t \n", "empty", id="whitespace-file"),
    pytest.param("image.md", PNG, "binary", id="binary-named-md"),
    pytest.param(
        "late-nul.md", b"# Title\n\n" + b"word " * 3000 + b"\x00 tail\n", "binary", id="nul-after-8kb"
    ),
    pytest.param(
        "utf16.txt", "Some text in UTF-16".encode("utf-16"), "UTF-16 text; save it as UTF-8", id="utf16"
    ),
    pytest.param("latin1.txt", "Café crème, déjà vu".encode("latin-1"), "not UTF-8", id="latin1"),
    pytest.param("cp1251.md", "Лукашенко".encode("cp1251"), "not UTF-8", id="cp1251"),
    pytest.param("archive.zip", _zip_bytes(), "not a supported file", id="zip"),
    pytest.param("archive.md", _zip_bytes(), "binary", id="zip-named-md"),
    pytest.param("report.pdf", b"%PDF-1.4\n1 0 obj\n", "not a supported file", id="pdf-extension"),
    pytest.param("notes.docx", b"plain words\n", "not a supported file", id="docx-extension"),
    pytest.param("run.exe", b"MZ\x90\x00", "not a supported file", id="exe-extension"),
    pytest.param(
        "empty.html",
        b"<html><head><title>Nav</title></head><body><nav><a href='/'>Home</a></nav></body></html>",
        "no article text",
        id="html-without-article",
    ),
    pytest.param(
        "bad.md", b"---\ntitle: [unclosed\n---\nBody text.\n", "does not parse", id="frontmatter-syntax"
    ),
    pytest.param(
        "tab.md", b"---\ntitle: a\n\tb: c\n---\nBody text.\n", "does not parse", id="frontmatter-tab"
    ),
    pytest.param("list.md", b"---\n- a\n- b\n---\nBody text.\n", "not a mapping", id="frontmatter-list"),
    pytest.param(  # YAML's base-60 integer: 9,000 digits, which Python refuses to print
        "sexagesimal.md",
        b"---\ntitle: 1:" + b"59:" * 5000 + b"59\n---\nBody text.\n",
        "too long",
        id="frontmatter-huge-integer",
    ),
    pytest.param(
        "scalar.md", b"---\njust words\n---\nBody text.\n", "not a mapping", id="frontmatter-scalar"
    ),
    pytest.param("nobody.md", b"---\ntitle: Only metadata\n---\n", "no text", id="frontmatter-without-body"),
    pytest.param(
        "date.md", b"---\ntitle: T\npublished: yesterday\n---\nBody.\n", "date", id="unreadable-date"
    ),
    pytest.param("heading.md", b"# Only a heading\n", "no text to quote", id="only-a-heading"),
    pytest.param("listed.md", b"---\ntitle: [a, b]\n---\nBody.\n", "single value", id="title-is-a-list"),
    pytest.param("bomb.md", YAML_ALIAS_BOMB, "single value", id="yaml-alias-bomb"),
]


@pytest.mark.parametrize(("filename", "data", "fragment"), BAD_FILES)
def test_bad_upload_is_refused_by_the_core(
    seeded: QAService, filename: str, data: bytes, fragment: str
) -> None:
    before = kb_state(seeded)

    with pytest.raises(BadDocument) as raised:
        seeded.add_bytes(data, filename, "telegram:1")

    message = str(raised.value)
    assert fragment.lower() in message.lower() and "\n" not in message, message
    assert kb_state(seeded) == before


@pytest.mark.parametrize(("filename", "data", "fragment"), BAD_FILES)
def test_bad_file_is_refused_by_the_cli(
    cli: CliRunner, seeded: QAService, tmp_path: Path, filename: str, data: bytes, fragment: str
) -> None:
    path = tmp_path / "files" / filename
    path.parent.mkdir()
    path.write_bytes(data)
    before = kb_state(seeded)

    assert_one_line_error(cli.invoke(app, ["kb", "add", str(path)]), fragment)
    assert kb_state(seeded) == before


@pytest.mark.parametrize(
    ("make_target", "fragment"),
    [
        pytest.param(lambda tmp: tmp / "missing.md", "does not exist", id="missing-file"),
        pytest.param(lambda tmp: tmp, "not a file", id="a-directory"),
        pytest.param(lambda tmp: tmp / ".." / "nope" / "x.md", "does not exist", id="dotdot-path"),
        # A file the system will not read (as one without permission, for root too): an I/O error.
        pytest.param(lambda tmp: Path("/proc/self/mem"), "Cannot read /proc/self/mem", id="unreadable"),
    ],
)
def test_bad_path_is_refused(
    cli: CliRunner,
    seeded: QAService,
    tmp_path: Path,
    make_target: Callable[[Path], Path],
    fragment: str,
) -> None:
    before = kb_state(seeded)

    with pytest.raises(BadDocument, match=fragment):
        seeded.add_path(make_target(tmp_path), "cli")
    assert_one_line_error(cli.invoke(app, ["kb", "add", str(make_target(tmp_path))]), fragment)
    assert kb_state(seeded) == before


@pytest.mark.parametrize(
    ("options", "fragment"),
    [
        pytest.param(["--published", "yesterday"], "date", id="bad-published-option"),
        pytest.param(["--id", "../.."], "source id", id="id-of-only-dots"),
        pytest.param(["--id", "/// \\\\ ::"], "source id", id="id-of-only-separators"),
        pytest.param(["--title", "Caf\udce9"], "not valid text", id="undecodable-title-bytes"),
    ],
)
def test_bad_options_are_refused(
    cli: CliRunner, seeded: QAService, tmp_path: Path, options: list[str], fragment: str
) -> None:
    path = tmp_path / "good.md"
    path.write_text("---\ntitle: A good article\n---\nIt has a paragraph.\n", encoding="utf-8")
    before = kb_state(seeded)

    assert_one_line_error(cli.invoke(app, ["kb", "add", str(path), *options]), fragment)
    assert kb_state(seeded) == before


def test_a_folder_with_one_bad_file_syncs_nothing(cli: CliRunner, seeded: QAService, tmp_path: Path) -> None:
    folder = tmp_path / "folder"
    folder.mkdir()
    (folder / "good.md").write_text("---\ntitle: Good\n---\nA fine paragraph.\n", encoding="utf-8")
    (folder / "bad.md").write_bytes(b"---\ntitle: [unclosed\n---\nBody.\n")
    before = kb_state(seeded)

    assert_one_line_error(cli.invoke(app, ["kb", "sync", str(folder)]), "does not parse")
    assert kb_state(seeded) == before


def test_empty_stdin_is_refused(cli: CliRunner, seeded: QAService) -> None:
    before = kb_state(seeded)

    assert_one_line_error(cli.invoke(app, ["kb", "add", "-"], input=b""), "empty")
    assert kb_state(seeded) == before


def test_a_50_mb_upload_is_refused_before_parsing(cli: CliRunner, seeded: QAService) -> None:
    data = b"A long line of perfectly good text.\n" * (50 * 1024 * 1024 // 36 + 1)
    assert len(data) >= 50 * 1024 * 1024
    before = kb_state(seeded)

    with pytest.raises(BadDocument, match="too large"):
        seeded.add_bytes(data, "big.md", "telegram:1")
    assert_one_line_error(cli.invoke(app, ["kb", "add", "-"], input=data), "too large")
    assert kb_state(seeded) == before


def test_a_source_id_with_path_characters_becomes_a_plain_slug(
    cli: CliRunner, service: QAService, tmp_path: Path, settings: Settings
) -> None:
    path = tmp_path / "good.md"
    path.write_text("---\ntitle: Travelling\n---\nA paragraph about travel.\n", encoding="utf-8")

    result = cli.invoke(app, ["kb", "add", str(path), "--id", "../../etc/passwd"])

    assert result.exit_code == 0, result.output
    assert [s.source.id for s in service.sources()] == ["etc-passwd"]
    assert not (settings.home.parent / "etc").exists() and not (tmp_path / "etc").exists()


# -- adding twice, removing ------------------------------------------------------------------------


def test_adding_the_same_source_twice_changes_nothing_the_second_time(
    cli: CliRunner, seeded: QAService
) -> None:
    before = kb_state(seeded)
    article = KNOWLEDGE / f"{SEED_ID}.md"

    again_core = seeded.add_path(article, "cli")
    again_cli = cli.invoke(app, ["kb", "add", str(article)])

    assert again_core.action == "unchanged"
    assert again_cli.exit_code == 0 and "unchanged" in again_cli.stdout
    assert kb_state(seeded) == before


@pytest.mark.parametrize(
    "source_id",
    [
        pytest.param("no-such-source", id="unknown"),
        pytest.param("../../etc/passwd", id="dotdot"),
        pytest.param(f"../{SEED_ID}", id="dotdot-then-real-id"),
        pytest.param("", id="empty"),
        pytest.param("x\x00y", id="nul"),
        pytest.param("\udcff", id="undecodable-argv-byte"),
        pytest.param(SEED_ID.upper(), id="wrong-case"),
        pytest.param("%", id="sql-wildcard"),
        pytest.param("' OR 1=1 --", id="sql-injection"),
    ],
)
def test_removing_an_unknown_source_is_refused(cli: CliRunner, seeded: QAService, source_id: str) -> None:
    before = kb_state(seeded)

    with pytest.raises(UnknownSource) as raised:
        seeded.remove(source_id, "discord:9")
    assert "\n" not in str(raised.value)
    assert_one_line_error(cli.invoke(app, ["kb", "remove", source_id]), "no source")
    assert kb_state(seeded) == before


@pytest.mark.parametrize(
    "typed", [SEED_ID.upper(), f"`{SEED_ID}`", f"{SEED_ID}.", f"id:{SEED_ID}", f"{SEED_ID}.md"]
)
def test_an_id_copied_with_its_quotes_or_in_capitals_is_refused_naming_the_id_meant(
    seeded: QAService, typed: str
) -> None:
    """Pasted from /sources with its backticks, or typed in capitals, the id was only "unknown"; it is
    still not removed (a removal takes the id exactly), but the refusal names the one meant."""
    with pytest.raises(UnknownSource, match=f"did you mean '{SEED_ID}'"):
        seeded.remove(typed, "discord:9")
    assert SEED_ID in seeded.source_ids()
    with pytest.raises(UnknownSource) as unknown:
        seeded.remove("no-such-source", "discord:9")
    assert "did you mean" not in str(unknown.value)


# -- URLs ------------------------------------------------------------------------------------------


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_an_unreachable_url_is_refused(
    cli: CliRunner, seeded: QAService, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"http://127.0.0.1:{_closed_port()}/article.html"
    before = kb_state(seeded)

    # By default the loopback address is refused before any connection is tried...
    assert_one_line_error(cli.invoke(app, ["kb", "add", url]), "private or local address")
    # ...and with private addresses allowed, the closed port is reported as unreachable.
    monkeypatch.setenv("QABOT_ALLOW_PRIVATE_URLS", "1")
    assert_one_line_error(cli.invoke(app, ["kb", "add", url]), "cannot fetch")
    seeded.settings.allow_private_urls = True
    with pytest.raises(FetchError, match="Cannot fetch"):
        seeded.add_url(url, "cli")
    assert kb_state(seeded) == before


@pytest.mark.parametrize(
    "url",
    [
        pytest.param("ftp://127.0.0.1/file.md", id="ftp"),
        pytest.param("file:///etc/passwd", id="file-scheme"),
        pytest.param("http://", id="no-host"),
        pytest.param("javascript:alert(1)", id="javascript"),
    ],
)
def test_a_url_that_is_not_http_is_refused(seeded: QAService, url: str) -> None:
    before = kb_state(seeded)

    with pytest.raises(QabotError, match=r"not an http|has no host"):
        seeded.add_url(url, "telegram:1")
    assert kb_state(seeded) == before
