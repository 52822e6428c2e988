"""Storage fixtures: every test here runs against SQLite and against PostgreSQL.

PostgreSQL comes from `QABOT_TEST_POSTGRES_URL` (a superuser URL; `make test` starts a throwaway
server through `scripts/with-postgres`, which sets it). Each test gets a database of its own,
created with `CREATE DATABASE` and dropped afterwards, so tests never see each other's rows.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from bot.settings import Settings
from index.model.encoder import Encoder
from index.service import QAService
from tests.support import open_service

POSTGRES_URL_VARIABLE = "QABOT_TEST_POSTGRES_URL"

# A short article on a subject the bundled knowledge base knows nothing about, so an answer that
# quotes it can only come from it, and its absence is noticed.
ARTICLE = b"""---
id: cape-emine-lighthouse
title: The lighthouse of Cape Emine
author: Mira Petrova
publisher: Black Sea Notes
published: 2024-03-14
url: https://example.org/cape-emine-lighthouse
---
# The lighthouse of Cape Emine

The lighthouse on Cape Emine was first lit in 1897. Its keeper, Stoyan Dobrev, climbed the
ninety-two steps of the tower every evening for forty years to light the paraffin lamp.

In 1972 the lamp was replaced by an electric beacon whose light reaches twenty nautical miles,
and the keeper's house became a small museum of ship models.
"""
ARTICLE_ID = "cape-emine-lighthouse"
ARTICLE_QUESTION = "Who was the keeper of the Cape Emine lighthouse?"
ARTICLE_QUOTE = "Stoyan Dobrev"

REPLACEMENT = ARTICLE.replace(b"Stoyan Dobrev", b"Kalina Ivanova").replace(b"forty", b"thirty")


def postgres_admin_url() -> str:
    url = os.environ.get(POSTGRES_URL_VARIABLE)
    if not url:
        # A missing server is a broken set-up, not a reason to skip half the storage tests.
        pytest.fail(
            f"{POSTGRES_URL_VARIABLE} is not set: run `make test`, or `scripts/with-postgres pytest ...`, "
            "which start a throwaway PostgreSQL."
        )
    return url


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database: a SQLite file, or a fresh PostgreSQL database on the test server."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'shared.db'}"
        return
    admin = postgres_admin_url()
    admin_url = make_url(admin).set(drivername="postgresql+psycopg")
    name = f"qabot_test_{uuid.uuid4().hex[:16]}"
    engine = create_engine(admin_url, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    with engine.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        # Handed over as plain postgresql://, the form users write; qabot picks the psycopg 3 driver.
        yield make_url(admin).set(database=name).render_as_string(hide_password=False)
    finally:
        with engine.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        engine.dispose()


@pytest.fixture
def make_settings(
    database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Callable[[str], Settings]:
    """Settings for one process on the shared database; each process has its own QABOT_HOME."""
    for name in ("QABOT_MODEL", "QABOT_MIN_SCORE", "QABOT_KNOWLEDGE_DIR", "QABOT_QUESTION_RETENTION_DAYS"):
        monkeypatch.delenv(name, raising=False)

    def make(name: str = "a", **overrides: str) -> Settings:
        values: dict[str, str] = {
            "QABOT_HOME": str(tmp_path / f"home-{name}"),
            "DATABASE_URL": database_url,
        }
        values.update(overrides)
        return Settings(_env_file=None, **values)  # type: ignore[arg-type, call-arg]

    return make


@pytest.fixture
def make_service(
    make_settings: Callable[..., Settings], encoder: Encoder
) -> Iterator[Callable[..., QAService]]:
    """QAService instances on the shared database, closed at the end of the test."""
    services: list[QAService] = []

    def make(name: str = "a", **overrides: str) -> QAService:
        service = open_service(make_settings(name, **overrides), encoder=encoder)
        services.append(service)
        return service

    yield make
    for service in services:
        service.close()


@pytest.fixture
def store(make_service: Callable[..., QAService]) -> QAService:
    return make_service("a")
