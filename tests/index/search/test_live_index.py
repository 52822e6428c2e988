"""The database is the source of truth: the FAISS index is rebuilt or caught up from it when needed."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import numpy as np
import pytest

from bot.settings import Settings
from index.model.encoder import Encoder, Progress
from index.service import QAService
from tests.conftest import KNOWLEDGE, SEED_ID
from tests.support import open_service

QUESTION = "What did Sazonov call Belarus?"


def index_files(settings: Settings) -> list[Path]:
    return sorted(settings.index_dir.glob("*.faiss"))


def test_deleted_index_is_rebuilt_from_stored_embeddings(
    seeded: QAService, settings: Settings, encoder: Encoder
):
    before = seeded.ask(QUESTION)
    seeded.close()
    for path in index_files(settings):
        path.unlink()

    reopened = open_service(settings, encoder=encoder)
    after = reopened.ask(QUESTION)

    assert after.answered and after.quote == before.quote
    assert index_files(settings), "the rebuilt index is saved again"
    reopened.close()


def test_corrupted_index_is_rebuilt(seeded: QAService, settings: Settings, encoder: Encoder) -> None:
    seeded.ask(QUESTION)
    seeded.close()
    for path in index_files(settings):
        path.write_bytes(b"not a faiss index")

    reopened = open_service(settings, encoder=encoder)

    assert reopened.ask(QUESTION).quote is not None
    assert "de facto an occupied country" in (reopened.ask(QUESTION).quote or "")
    reopened.close()


def test_index_saved_before_a_change_is_caught_up_not_stale(
    seeded: QAService, settings: Settings, encoder: Encoder, tmp_path: Path
) -> None:
    seeded.ask(QUESTION)  # builds and saves the index
    other = open_service(settings, encoder=encoder)
    note = tmp_path / "ferry.md"
    note.write_text("# Ferry\n\nThe ferry to Suomenlinna leaves every twenty minutes from Market Square.")
    other.add_path(note, "cli")
    other.remove(SEED_ID, "cli")
    other.close()

    seeded.refresh(force=True)

    assert seeded.ask("How often does the ferry to Suomenlinna leave?").answered
    assert not seeded.ask(QUESTION).answered


class TinyEncoder:
    """A stand-in model of another dimension: this test is about model bookkeeping, not retrieval."""

    name = "tiny-test-model"
    dimension = 8

    def encode(self, texts: Sequence[str], progress: Progress | None = None) -> np.ndarray:
        vectors = np.ones((len(texts), self.dimension), dtype=np.float32)
        return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def test_switching_models_reembeds_instead_of_mixing_vector_spaces(
    settings: Settings, encoder: Encoder, caplog: pytest.LogCaptureFixture
) -> None:
    first = open_service(settings, encoder=TinyEncoder())
    first.sync(KNOWLEDGE)
    first.ask(QUESTION)
    first.close()

    with caplog.at_level(logging.WARNING):
        switched = open_service(settings, encoder=encoder)
        answer = switched.ask(QUESTION)

    assert "embedded with another model" in caplog.text
    assert answer.answered and "de facto an occupied country" in (answer.quote or "")
    switched.close()


def test_words_of_removed_sources_do_not_stay_in_memory(
    seeded: QAService, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Anyone administering a group can add a source of junk words and remove it again, over and over:
    the keyword vocabulary must follow the passages there are, not everything ever added."""
    from index.search import live_index

    monkeypatch.setattr(live_index, "REBUILD_KEYWORDS_UNUSED_STEMS", 300)
    seeded.refresh(force=True)
    for cycle in range(4):
        junk = " ".join(f"qz{cycle}v{n:04x}k" for n in range(400))
        added = seeded.add_bytes(f"# Junk {cycle}\n\n{junk}.\n".encode(), f"junk-{cycle}.md", "test")
        seeded.remove(added.source_id, "test")
        assert seeded.wait_for_background_work(60)

        state = seeded.loaded_index
        assert state is not None
        # At most the bound (or as many as are used) before the index is built again: 400 a cycle.
        assert state.keywords.unused_stems <= max(300, len(state.keywords.vocabulary())), cycle

    answer = seeded.ask(QUESTION)
    assert answer.answered and answer.source is not None and answer.source.id == SEED_ID
    assert "occupied country" in (answer.quote or "")


def test_a_change_during_a_rebuild_does_not_start_another(
    seeded: QAService, monkeypatch: pytest.MonkeyPatch
) -> None:
    """At a large knowledge base a build is minutes of one core: the one under way catches up with
    what changes meanwhile."""
    from index.search import keyword, live_index

    monkeypatch.setattr(live_index, "REBUILD_KEYWORDS_UNUSED_STEMS", 300)
    seeded.refresh(force=True)
    builds: list[int] = []
    building, go_on = threading.Event(), threading.Event()
    build = keyword.KeywordIndex.build

    def held_build(
        passages: Iterable[keyword.PassageText], collections: Mapping[int, str] | None = None
    ) -> keyword.KeywordIndex:
        builds.append(1)
        building.set()
        go_on.wait(30)
        return build(passages, collections)

    monkeypatch.setattr(keyword.KeywordIndex, "build", held_build)
    junk = " ".join(f"qzv{n:04x}k" for n in range(2000))
    added = seeded.add_bytes(f"# Junk\n\n{junk}.\n".encode(), "junk.md", "test")
    seeded.remove(added.source_id, "test")
    assert building.wait(30)
    tide = b"# Tide\n\nThe harbour tide turned at four in the afternoon near the old pier.\n"
    seeded.add_bytes(tide, "tide.md", "test")  # applied while the build waits
    go_on.set()
    assert seeded.wait_for_background_work(60)

    assert builds == [1]
    answer = seeded.ask("When did the harbour tide turn?")
    assert answer.answered and answer.source is not None and answer.source.id == "tide"


def test_a_refresh_cut_short_by_the_database_leaves_nothing_behind_in_the_indexes(
    seeded: QAService, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sqlalchemy.exc import OperationalError

    from index.search import live_index

    added = seeded.add_bytes(
        b"# Tide\n\nThe harbour tide turned at four near the old pier.\n", "tide.md", "test"
    )
    seeded.refresh(force=True)
    counted = seeded.loaded_index.vectors.count()  # type: ignore[union-attr]
    fetch = live_index.passages_of_sources
    failures = [OperationalError("SELECT", {}, Exception("server closed the connection"))]

    def fails_once(*args: object, **kwargs: object) -> object:
        if failures:
            raise failures.pop()
        return fetch(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(live_index, "passages_of_sources", fails_once)
    seeded.remove(added.source_id, "test")  # its refresh fails part-way: the index in memory answers
    seeded.refresh(force=True)

    state = seeded.loaded_index
    assert state is not None and state.vectors.count() == counted - added.passages_added
    assert len(state.keywords) == state.vectors.count()
