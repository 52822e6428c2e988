"""DATABASE_URL as users write it: provider-style URLs, awkward passwords, and clear errors."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool
from typer.testing import CliRunner

from bot.cli import app

HEALTHCHECK = Path(__file__).parents[2] / "scripts" / "healthcheck.py"
POSTGRES_ONLY = pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
PASSWORD = "p@ss%w:rd/#?;é s3cret"


def _qabot(monkeypatch: pytest.MonkeyPatch, home: Path, url: str, *args: str) -> tuple[int, str]:
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("QABOT_HOME", str(home))
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.output


@POSTGRES_ONLY
def test_a_password_with_url_special_characters_works_percent_encoded(
    database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    role = f"qabot_{uuid.uuid4().hex[:8]}"
    admin = create_engine(
        make_url(database_url).set(drivername="postgresql+psycopg"),
        isolation_level="AUTOCOMMIT",
        poolclass=NullPool,
    )
    with admin.connect() as connection:
        # A literal: CREATE ROLE takes no bind parameters; quotes are doubled as SQL requires.
        literal = PASSWORD.replace("'", "''")
        connection.execute(text(f"CREATE ROLE {role} LOGIN PASSWORD '{literal}'"))
        connection.execute(text(f"GRANT ALL ON SCHEMA public TO {role}"))
    admin.dispose()
    parsed = make_url(database_url)
    url = f"postgresql://{role}:{quote(PASSWORD, safe='')}@{parsed.host}:{parsed.port}/{parsed.database}"

    code, output = _qabot(monkeypatch, tmp_path, url, "db", "upgrade")

    assert code == 0, output
    assert "up to date" in output and PASSWORD not in output and quote(PASSWORD, safe="") not in output


@POSTGRES_ONLY
def test_a_role_that_may_only_read_is_told_in_one_line_that_adds_cannot_be_stored(
    database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Permission denied (SQLSTATE 42501) was a bug's traceback and apology, the SQL statement first."""
    code, output = _qabot(monkeypatch, tmp_path / "admin", database_url, "db", "upgrade")
    assert code == 0, output
    role = f"reader_{uuid.uuid4().hex[:8]}"
    admin = create_engine(
        make_url(database_url).set(drivername="postgresql+psycopg"), isolation_level="AUTOCOMMIT",
        poolclass=NullPool,
    )  # fmt: skip
    with admin.connect() as connection:
        connection.execute(text(f"CREATE ROLE {role} LOGIN PASSWORD 'reader-s3cret'"))
        connection.execute(text(f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {role}"))
    admin.dispose()
    reader = make_url(database_url).set(username=role, password="reader-s3cret")
    page = tmp_path / "bees.md"
    page.write_text("# Bees\n\nBees keep flying in cold weather.\n")

    code, output = _qabot(
        monkeypatch, tmp_path / "reader", reader.render_as_string(hide_password=False), "kb", "add", str(page)
    )

    assert code == 1, output
    assert "cannot be changed now" in output and "no permission to write" in output, output
    assert "Traceback" not in output and "INSERT" not in output


@POSTGRES_ONLY
def test_the_postgres_scheme_of_hosting_providers_is_accepted(
    database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = "postgres://" + database_url.split("://", 1)[1]

    code, output = _qabot(monkeypatch, tmp_path, url, "sources")

    assert code == 0, output


@POSTGRES_ONLY
@pytest.mark.parametrize("driver", ["postgresql+psycopg2", "postgresql+asyncpg"])
def test_a_url_naming_another_postgres_driver_is_served_by_the_one_shipped(
    database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, driver: str
) -> None:
    """Hosting providers show psycopg2 URLs: qabot stopped with a traceback (no module psycopg2)."""
    url = driver + "://" + database_url.split("://", 1)[1]

    code, output = _qabot(monkeypatch, tmp_path, url, "sources")

    assert code == 0, output


@POSTGRES_ONLY
def test_a_wrong_password_is_a_clear_error_that_does_not_echo_it(
    database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = make_url(database_url).set(password="wrong-s3cret-value").render_as_string(hide_password=False)

    code, output = _qabot(monkeypatch, tmp_path, url, "sources")

    assert code == 1
    assert "Cannot connect to the database" in output and "DATABASE_URL" in output
    assert "password authentication failed" in output
    assert "wrong-s3cret-value" not in output and "Traceback" not in output


def test_an_unreachable_server_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]

    code, output = _qabot(
        monkeypatch, tmp_path, f"postgresql://qabot:hunter2-s3cret@127.0.0.1:{port}/qabot", "sources"
    )

    assert code == 1
    assert f"Cannot connect to the database postgresql+psycopg://qabot:***@127.0.0.1:{port}/qabot" in output
    assert "hunter2-s3cret" not in output and "Traceback" not in output


def test_a_password_given_as_a_query_parameter_is_not_echoed_either(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """libpq also takes `?password=` (and `sslpassword=`); such a URL works, and must not be printed."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"postgresql://qabot@127.0.0.1:{port}/qabot?password=hunter2-s3cret&sslpassword=k3y-s3cret"

    code, output = _qabot(monkeypatch, tmp_path, url, "sources")

    assert code == 1 and "Cannot connect to the database" in output
    assert "password=***" in output and "sslpassword=***" in output
    assert "s3cret" not in output and "Traceback" not in output


def test_the_container_health_check_does_not_print_a_password_given_as_a_query_parameter(
    tmp_path: Path,
) -> None:
    """Docker keeps what the health check prints (`docker inspect`), every 30 s."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    environment = {**os.environ, "QABOT_HOME": str(tmp_path)}
    environment["DATABASE_URL"] = f"postgresql://qabot@127.0.0.1:{port}/qabot?password=hunter2-s3cret"

    result = subprocess.run(
        [sys.executable, str(HEALTHCHECK)],
        capture_output=True,
        text=True,
        env=environment,
        timeout=60,
        check=False,
    )

    assert result.returncode == 1 and "password=***" in result.stderr
    assert "s3cret" not in result.stderr + result.stdout


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("mysql://qabot:hunter2-s3cret@db/qabot", "'mysql' is not supported"),
        ("hunter2-s3cret", "DATABASE_URL is not a database URL"),
        ("postgresql://qabot:hunter2-s3cret@db:port/qabot", "DATABASE_URL is not a database URL"),
        ("postgresql://qabot:hunter2-s3cret@x@db/qabot", "holds an '@'; percent-encode it as %40"),
    ],
)
def test_an_unusable_url_is_refused_by_name(
    url: str, message: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    code, output = _qabot(monkeypatch, tmp_path, url, "sources")

    assert code == 1
    assert message in output and "hunter2-s3cret" not in output


@pytest.mark.parametrize("damage", ["not-a-database", "cut-short"])
def test_a_damaged_sqlite_file_is_named_with_what_to_do(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, damage: str
) -> None:
    """A backup restored from the wrong file, or copied back onto a full disk: every command printed
    SQLite's traceback and "something went wrong inside qabot", as for a bug."""
    database = tmp_path / "qabot.db"
    create_engine(f"sqlite:///{database}").dispose()
    assert _qabot(monkeypatch, tmp_path, f"sqlite:///{database}", "db", "upgrade")[0] == 0
    data = database.read_bytes()
    database.write_bytes(b"not a database\n" * 100 if damage == "not-a-database" else data[: len(data) // 2])

    code, output = _qabot(monkeypatch, tmp_path, f"sqlite:///{database}", "sources")

    assert code == 1 and f"The database {database} is damaged" in output
    assert "restore it from a backup" in output and "Traceback" not in output


def test_a_sqlite_file_that_cannot_be_opened_names_the_home_setting_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without DATABASE_URL the file is QABOT_HOME's: the message blamed only DATABASE_URL."""
    (tmp_path / "qabot.db").mkdir()  # what is there cannot be opened as a file
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("QABOT_HOME", str(tmp_path))

    result = CliRunner().invoke(app, ["sources"])

    assert result.exit_code == 1
    assert "(QABOT_HOME or DATABASE_URL)" in result.output and "Traceback" not in result.output
