"""Helpers for the reliability suite: what the knowledge base looks like, read straight from the database."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from bot.settings import Settings
from index.service import QAService
from index.store.models import Change, Passage, Source


@dataclass(frozen=True)
class KbState:
    """Everything a change to the knowledge base would move: sources, their passages, the revision."""

    sources: tuple[tuple[str, str, int], ...]  # (id, content hash, passage count)
    revision: int

    @property
    def passages(self) -> int:
        return sum(count for _, _, count in self.sources)


def kb_state(service: QAService) -> KbState:
    with service.engine.connect() as connection:
        counts = dict(
            connection.execute(select(Passage.source_id, func.count()).group_by(Passage.source_id)).all()
        )
        sources = tuple(
            (source_id, content_hash, int(counts.get(source_id, 0)))
            for source_id, content_hash in connection.execute(
                select(Source.id, Source.content_hash).order_by(Source.id)
            )
        )
        revision = connection.scalar(select(func.coalesce(func.max(Change.revision), 0)))
    return KbState(sources, int(revision or 0))


@pytest.fixture
def cli(settings: Settings) -> CliRunner:
    """The `qabot` command in-process, against the test's own QABOT_HOME."""
    return CliRunner()
