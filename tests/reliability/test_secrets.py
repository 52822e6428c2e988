"""Secrets stay secret and uploaded names stay names.

Real `qabot` processes run with fake tokens and a database password in their environment and
logging at DEBUG; everything they print is searched for those values. Settings objects are checked
the way they end up in logs and tracebacks: repr, str, dumps and validation errors.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest

from bot.settings import Settings
from bot.wiring import load_settings
from index.errors import QabotError
from index.service import QAService
from tests.conftest import REPO, SEED_ID
from tests.fakes.pages import serve_http
from tests.reliability.conftest import kb_state

TELEGRAM_TOKEN = "7012345678:AAH-fake-telegram-token-0123456789abc"
DISCORD_TOKEN = "MTAfake.discord-token.0123456789abcdefghijklmnop"
DB_PASSWORD = "pg-Sup3r-S3cret-pw"
SECRETS = (TELEGRAM_TOKEN, DISCORD_TOKEN, DB_PASSWORD)


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _postgres_url() -> str:
    return f"postgresql://qabot:{DB_PASSWORD}@127.0.0.1:{_closed_port()}/qabot"


def assert_no_secret(text: str) -> None:
    for secret in SECRETS:
        assert secret not in text, f"a secret leaked:\n{text}"
    # Pieces long enough to identify the secret are just as bad as the whole of it.
    assert TELEGRAM_TOKEN.split(":")[1] not in text


def _env(home: Path, **extra: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("QABOT_", "TELEGRAM_", "DISCORD_", "DATABASE_URL"))
    }
    env.update(
        QABOT_HOME=str(home),
        QABOT_LOG_LEVEL="DEBUG",
        TELEGRAM_BOT_TOKEN=TELEGRAM_TOKEN,
        DISCORD_BOT_TOKEN=DISCORD_TOKEN,
        HF_HUB_OFFLINE="1",
        TRANSFORMERS_OFFLINE="1",
        **extra,
    )
    return env


def _qabot(env: dict[str, str], *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


# -- settings --------------------------------------------------------------------------------------


def test_settings_never_show_tokens_or_the_database_password(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", TELEGRAM_TOKEN)
    monkeypatch.setenv("DISCORD_BOT_TOKEN", DISCORD_TOKEN)
    monkeypatch.setenv("DATABASE_URL", _postgres_url())

    loaded = load_settings()

    for shown in (repr(loaded), str(loaded), str(loaded.model_dump()), loaded.model_dump_json()):
        assert_no_secret(shown)
    assert loaded.telegram_bot_token is not None
    assert loaded.telegram_bot_token.get_secret_value() == TELEGRAM_TOKEN  # still usable


def test_an_invalid_setting_names_the_variable_but_shows_no_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", TELEGRAM_TOKEN)
    monkeypatch.setenv("DATABASE_URL", _postgres_url())
    monkeypatch.setenv("QABOT_TELEGRAM_MODERATORS", f"12,{TELEGRAM_TOKEN}")

    with pytest.raises(QabotError, match="QABOT_TELEGRAM_MODERATORS") as raised:
        load_settings()

    assert_no_secret(str(raised.value))
    assert "\n" not in str(raised.value)


# -- CLI processes at DEBUG ------------------------------------------------------------------------


def test_cli_commands_at_debug_never_print_a_secret(tmp_path: Path) -> None:
    env = _env(tmp_path / "home")
    article = tmp_path / "note.md"
    article.write_text(
        "---\ntitle: A note\n---\nA note about tide tables in the harbour.\n", encoding="utf-8"
    )

    runs = [
        _qabot(env, "sources", "--json"),
        _qabot(env, "kb", "add", str(tmp_path / "missing.md")),
        _qabot(env, "kb", "remove", "no-such-source"),
        _qabot(env, "db", "upgrade"),
        _qabot(env, "stats"),
    ]

    assert [r.returncode for r in runs] == [0, 1, 1, 0, 0], [r.stderr[-2000:] for r in runs]
    assert [s["id"] for s in json.loads(runs[0].stdout)] == [SEED_ID]  # a new home gets the bundled one
    for run in runs:
        assert_no_secret(run.stdout + run.stderr)


def test_an_unreachable_database_is_reported_without_its_password(tmp_path: Path) -> None:
    env = _env(tmp_path / "home", DATABASE_URL=_postgres_url())

    runs = [_qabot(env, "sources"), _qabot(env, "db", "upgrade")]

    for run in runs:
        assert run.returncode != 0
        assert_no_secret(run.stdout + run.stderr)
        assert "127.0.0.1" in run.stderr or "connect" in run.stderr.lower(), run.stderr[-2000:]


def test_a_malformed_database_url_is_reported_without_its_password(tmp_path: Path) -> None:
    env = _env(tmp_path / "home", DATABASE_URL=f"postgresql://qabot:{DB_PASSWORD}@127.0.0.1:notaport/qabot")

    run = _qabot(env, "sources")

    assert run.returncode != 0
    assert_no_secret(run.stdout + run.stderr)


class _FakeBotApi:
    """A Bot API that answers every call with one fixed status, and remembers the paths asked for."""

    def __init__(self, status: int) -> None:
        self.status = status
        self.paths: list[str] = []

    @contextmanager
    def running(self) -> Iterator[str]:
        api = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                api.paths.append(self.path)
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                description = "Unauthorized" if api.status == 401 else "Internal Server Error"
                body = json.dumps(
                    {"ok": False, "error_code": api.status, "description": description}
                ).encode()
                self.send_response(api.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST

            def log_message(self, format: str, *args: object) -> None:
                pass

        with serve_http(Handler) as base:
            yield base


@pytest.mark.parametrize("status", [401, 500, None], ids=["token-rejected", "server-error", "unreachable"])
def test_the_telegram_bot_failing_to_start_never_prints_its_token(tmp_path: Path, status: int | None) -> None:
    api = _FakeBotApi(status or 500)
    with api.running() as base:
        url = base if status else f"http://127.0.0.1:{_closed_port()}"
        run = _qabot(_env(tmp_path / "home", TELEGRAM_API_BASE_URL=url), "telegram", timeout=90)

    assert run.returncode == 1, run.stderr[-3000:]
    assert_no_secret(run.stdout + run.stderr)
    assert run.stderr.strip().splitlines()[-1].startswith("error: ")
    if status:
        assert api.paths and all(TELEGRAM_TOKEN in p for p in api.paths)  # it did use the token


# -- uploaded file names ---------------------------------------------------------------------------


def _tree(*roots: Path) -> set[Path]:
    return {p for root in roots if root.exists() for p in root.rglob("*")}


@pytest.mark.parametrize(
    ("filename", "expected_id"),
    [
        pytest.param("../../etc/passwd.md", "passwd", id="dotdot"),
        pytest.param("/etc/cron.d/evil.md", "evil", id="absolute"),
        pytest.param("..\\..\\Windows\\win.ini.md", "win-ini", id="backslashes"),
        pytest.param("C:\\Users\\x\\notes.md", "notes", id="drive-letter"),
        pytest.param("a/b/../../../../z.md", "z", id="mixed"),
        pytest.param("~/.ssh/authorized_keys.txt", "authorized-keys", id="home"),
        pytest.param("%2e%2e%2fescape.md", "2e-2e-2fescape", id="url-encoded"),
        pytest.param("..", "upload", id="only-dots"),
        pytest.param("x" * 300 + ".md", "x" * 80, id="very-long"),
    ],
)
def test_uploaded_file_names_never_become_paths(
    service: QAService, settings: Settings, tmp_path: Path, filename: str, expected_id: str
) -> None:
    data = b"# Passage title\n\nA paragraph about the harbour tide tables.\n"
    watched = (tmp_path, REPO / "knowledge", Path("/etc/cron.d"), Path.home() / ".ssh")
    before = {p for p in _tree(*watched) if settings.home not in p.parents}

    result = service.add_bytes(data, filename, "telegram:1")

    after = {p for p in _tree(*watched) if settings.home not in p.parents}
    assert after == before, after ^ before
    assert result.source_id == expected_id
    [summary] = service.sources()
    assert summary.source.id == expected_id and "/" not in summary.source.id and ".." not in summary.source.id
    with service.engine.connect() as connection:
        origin = connection.exec_driver_sql("SELECT origin FROM sources").scalar_one()
    assert origin is None or ("/" not in origin and "\\" not in origin and origin != ".."), origin
    assert kb_state(service).passages == 1
