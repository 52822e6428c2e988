"""The keyword index is saved beside the vector index: a start loads both and applies only the changes
made since; a damaged keyword index is rebuilt from the database, with a warning."""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from bot.settings import Settings
from index.model.encoder import Encoder
from index.search.keyword import KeywordIndex
from index.service import QAService
from tests.conftest import KNOWLEDGE, SEED_ID
from tests.support import open_service

QUESTION = "What did Sazonov call Belarus?"
FERRY = "How often does the ferry to Suomenlinna leave?"


def keyword_folder(settings: Settings) -> Path:
    return settings.index_dir / "keywords"


def test_a_restart_loads_the_saved_keyword_index_instead_of_reading_every_passage(
    seeded: QAService, settings: Settings, encoder: Encoder, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = seeded.ask(QUESTION)
    seeded.close()
    assert (keyword_folder(settings) / "state.json").exists()

    def no_rebuild(*_: object) -> KeywordIndex:
        raise AssertionError("the keyword index was built again")

    monkeypatch.setattr(KeywordIndex, "build", no_rebuild)
    restarted = open_service(settings, encoder=encoder)
    try:
        after = restarted.ask(QUESTION)
        assert after.answered and after.quote == before.quote and after.score == pytest.approx(before.score)
    finally:
        restarted.close()


def test_a_restart_applies_a_remove_and_an_add_that_reuses_the_removed_ids(
    seeded: QAService, settings: Settings, encoder: Encoder, tmp_path: Path
) -> None:
    """SQLite gives a new passage the id after the highest one: removing the last source frees its
    ids for the next add, so a start must not take a saved passage for the new one with its id."""
    seeded.ask(QUESTION)  # both indexes saved
    seeded.close()
    other_home = tmp_path / "other-process"
    other = open_service(
        Settings(_env_file=None, QABOT_HOME=str(other_home), DATABASE_URL=settings.resolved_database_url()),  # type: ignore[call-arg]
        encoder=encoder,
    )
    removed = other.remove(SEED_ID, "cli")
    note = tmp_path / "ferry.md"
    note.write_text("# Ferry\n\nThe ferry to Suomenlinna leaves every twenty minutes from Market Square.")
    other.add_path(note, "cli")
    other.close()
    assert removed.passages_removed > 0

    restarted = open_service(settings, encoder=encoder)
    try:
        ferry = restarted.ask(FERRY)
        assert ferry.answered and "twenty minutes" in (ferry.quote or "")
        assert not restarted.ask(QUESTION).answered
        state = restarted.loaded_index
        assert state is not None and len(state.keywords) == state.vectors.count() == 1
    finally:
        restarted.close()


def _truncate_a_segment_file(folder: Path) -> None:
    tokens = next(folder.glob("segment-*/tokens.npy"))
    tokens.write_bytes(tokens.read_bytes()[: tokens.stat().st_size // 2])


def _random_bytes_for_a_segment_file(folder: Path) -> None:
    next(folder.glob("segment-*/posting_rows.npy")).write_bytes(os.urandom(4096))


def _emptied(pattern: str) -> Callable[[Path], None]:
    """A file left empty (a crash or a full disk after its rename): numpy raised EOFError."""
    return lambda folder: next(folder.glob(pattern)).write_bytes(b"")


def _bytes_flipped_in_sentence_ends(folder: Path) -> None:
    """Offsets that still read as an array: each question raised IndexError, and nothing was rebuilt."""
    path = next(folder.glob("segment-*/sentence_ends.npy"))
    data = bytearray(path.read_bytes())
    for at in range(len(data) // 3, len(data), max(1, len(data) // 20)):
        data[at] ^= 0x5A
    path.write_bytes(bytes(data))


def _saved_by_an_older_qabot(folder: Path) -> None:
    """Format 1 stemmed irregular forms apart ("began" and "begin"): its stems no longer match."""
    state = json.loads((folder / "state.json").read_text())
    (folder / "state.json").write_text(json.dumps({**state, "format": 1}))


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda f: (f / "state.json").write_text("{not json"), id="state-garbage"),
        pytest.param(lambda f: next(f.glob("vocabulary-*.json")).unlink(), id="vocabulary-deleted"),
        pytest.param(_truncate_a_segment_file, id="segment-truncated"),
        pytest.param(_random_bytes_for_a_segment_file, id="segment-random-bytes"),
        pytest.param(_emptied("segment-*/ids.npy"), id="segment-emptied"),
        pytest.param(_emptied("dead-*.npy"), id="dead-rows-emptied"),
        pytest.param(_bytes_flipped_in_sentence_ends, id="segment-offsets-garbled"),
        pytest.param(_saved_by_an_older_qabot, id="older-format"),
    ],
)
def test_a_damaged_keyword_index_is_rebuilt_from_the_database_with_a_warning(
    seeded: QAService,
    settings: Settings,
    encoder: Encoder,
    caplog: pytest.LogCaptureFixture,
    damage: Callable[[Path], None],
) -> None:
    good = seeded.ask(QUESTION)
    seeded.close()
    damage(keyword_folder(settings))

    with caplog.at_level(logging.WARNING, logger="index.search.saved_indexes"):
        reopened = open_service(settings, encoder=encoder)
        again = reopened.ask(QUESTION)
    try:
        assert "keyword index is damaged or old" in caplog.text
        assert again.answered and again.quote == good.quote and again.score == pytest.approx(good.score)
        loaded = KeywordIndex.load(keyword_folder(settings))  # saved again, whole
        assert loaded is not None and len(loaded[0]) == len(reopened.loaded_index.keywords)  # type: ignore[union-attr]
    finally:
        reopened.close()


def test_index_files_kept_when_the_database_is_replaced_are_rebuilt_from_the_new_one(
    seeded: QAService, settings: Settings, encoder: Encoder, tmp_path: Path
) -> None:
    """A replaced database (a recreated volume, a restored backup) at the same revision reuses the
    passage ids: its sources were searched by the old texts' vectors and words, and refused."""
    lighthouse = tmp_path / "lighthouse.md"
    lighthouse.write_text("# Lighthouse\n\nThe Skerryvane lighthouse was built in 1844 on a bare reef.")
    seeded.add_path(lighthouse, "cli")
    seeded.ask(QUESTION)  # both indexes saved, at revision 2
    seeded.close()
    other_home = tmp_path / "another-database"
    other = open_service(Settings(_env_file=None, QABOT_HOME=str(other_home)), encoder=encoder)  # type: ignore[call-arg]
    other.sync(KNOWLEDGE)  # as the seeded knowledge base was: the same passages under the same ids
    ferry = tmp_path / "ferry.md"
    ferry.write_text("# Ferry\n\nThe ferry to Suomenlinna leaves every twenty minutes from Market Square.")
    other.add_path(ferry, "cli")  # revision 2 there too, its passage under the lighthouse's id
    other.close()
    for leftover in settings.home.glob("qabot.db*"):
        leftover.unlink()
    (settings.home / "qabot.db").write_bytes((other_home / "qabot.db").read_bytes())

    restarted = open_service(settings, encoder=encoder)
    try:
        answer = restarted.ask(FERRY)
        assert answer.answered and "twenty minutes" in (answer.quote or "")
        state = restarted.loaded_index
        assert state is not None
        searched = state.keywords.match("Suomenlinna lighthouse")  # the words of the database in use
        assert dict(zip(searched.stems, searched.stem_ids, strict=True))["lighthous"] < 0
    finally:
        restarted.close()
