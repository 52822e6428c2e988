"""Shared fixtures. The real MiniLM model loads once per test session; each test gets its own
QABOT_HOME (SQLite database and index files) so tests never see each other's knowledge base."""

from __future__ import annotations

import os
import shutil
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings

# No test may reach a model hub or the internet.
os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"

from bot.settings import Settings
from index.ingest.documents import Document
from index.model.encoder import Encoder
from index.model.encoders import shared_encoder
from index.service import QAService
from index.settings import DEFAULT_MODEL
from tests.support import REPO, open_service

# In CI, property tests draw the same examples on every run: a landing must not hinge on a lucky draw.
# Elsewhere they draw new ones, and a failure found so is kept as an @example.
hypothesis_settings.register_profile("ci", derandomize=True, database=None)
hypothesis_settings.load_profile("ci" if os.environ.get("CI") else "default")

KNOWLEDGE = REPO / "knowledge"
SEED_ID = "kyiv-independent-2022-12-05-russia-loses-allies"
# One paragraph longer than a passage: an answer quotes part of it, so "Whole paragraph" has more to
# show (the bundled article's paragraphs are each quoted whole).
LONG_READ = Document(
    id="skerryvane-lighthouse",
    title="The Skerryvane lighthouse",
    author="Ingrid Solberg",
    body=(
        "The Skerryvane lighthouse was built in 1844 by the engineer Alan Mathers on a bare reef twelve "
        "miles west of the island, after three ships and forty-one lives had been lost there in a single "
        "winter. Its granite was quarried on the mainland, cut to shape in a yard at the harbour and "
        "carried out by boat in the calm weeks of each summer, so that the tower took six years to rise "
        "to its full height of 48 metres. The lantern was first lit on the night of 1 February 1844, and "
        "its light could be seen from eighteen miles away in clear weather. Its first keeper, Tomas Reid, "
        "rescued eleven fishermen from the trawler Solvig in the great storm of 1901, rowing out twice "
        "through the breakers in the station's own boat. He was given a medal by the lifeboat society, "
        "and the crew of the Solvig later paid for a window in the island church in his honour. The "
        "light was automated in 1998 and is now watched from the mainland."
    ),
)
LONG_READ_QUESTION = "Who rescued the fishermen from the trawler Solvig?"
SEED_TITLE = "How Russia loses allies, influence amid its aggression against Ukraine"


@pytest.fixture(autouse=True)
def _no_real_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any connection to a non-loopback address fails loudly."""
    real_connect = socket.socket.connect

    def guarded_connect(self: socket.socket, address: object) -> object:
        host = address[0] if isinstance(address, tuple) else address
        is_ip = isinstance(host, str) and self.family in (socket.AF_INET, socket.AF_INET6)
        if is_ip and not (str(host).startswith("127.") or host in {"::1", "localhost"}):
            raise AssertionError(f"test tried to reach the network: {address!r}")
        return real_connect(self, address)  # type: ignore[arg-type]

    monkeypatch.setattr(socket.socket, "connect", guarded_connect)


@pytest.fixture(scope="session")
def encoder() -> Encoder:
    """The real model, loaded once; the same instance the CLI gets when run in-process."""
    return shared_encoder(DEFAULT_MODEL)


@pytest.fixture
def settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    home = tmp_path / "qabot-home"
    monkeypatch.setenv("QABOT_HOME", str(home))
    for name in ("DATABASE_URL", "QABOT_MODEL", "QABOT_MIN_SCORE", "QABOT_KNOWLEDGE_DIR"):
        monkeypatch.delenv(name, raising=False)
    return Settings(_env_file=None)  # type: ignore[call-arg]


@pytest.fixture
def service(settings: Settings, encoder: Encoder) -> Iterator[QAService]:
    """An empty knowledge base with the real model."""
    qa = open_service(settings, encoder=encoder)
    yield qa
    qa.close()


@pytest.fixture(scope="session")
def seeded_template(tmp_path_factory: pytest.TempPathFactory, encoder: Encoder) -> Path:
    """A database with the bundled article, embedded once per session and copied into each test."""
    home = tmp_path_factory.mktemp("seeded-template")
    template = open_service(
        Settings(_env_file=None, QABOT_HOME=str(home), DATABASE_URL=None),  # type: ignore[call-arg]
        encoder=encoder,
    )
    template.sync(KNOWLEDGE)
    template.close()
    return home / "qabot.db"


@pytest.fixture
def seeded(settings: Settings, encoder: Encoder, seeded_template: Path) -> Iterator[QAService]:
    """The knowledge base with the bundled article (synced from `knowledge/`)."""
    settings.home.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(seeded_template, settings.home / "qabot.db")
    qa = open_service(settings, encoder=encoder)
    yield qa
    qa.close()


@pytest.fixture
def long_read(seeded: QAService) -> QAService:
    """`seeded` with `LONG_READ` added too."""
    seeded.add_many([LONG_READ], "test")
    return seeded
