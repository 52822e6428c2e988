"""Adding, replacing and removing sources, and the moderation log, on SQLite and PostgreSQL."""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, func, select

from index.errors import UnknownSource
from index.service import QAService
from index.store.models import Passage, Source
from tests.storage.conftest import ARTICLE, ARTICLE_ID, ARTICLE_QUESTION, ARTICLE_QUOTE, REPLACEMENT


def _passage_rows(service: QAService) -> list[tuple[str, int]]:
    with service.engine.connect() as connection:
        return [
            (row.source_id, row.position)
            for row in connection.execute(
                select(Passage.source_id, Passage.position).order_by(Passage.source_id, Passage.position)
            )
        ]


def test_added_source_is_answered_from_with_its_attribution(store: QAService) -> None:
    result = store.add_bytes(ARTICLE, "lighthouse.md", "cli")

    assert result.action == "added" and result.source_id == ARTICLE_ID and result.passages_added >= 1
    answer = store.ask(ARTICLE_QUESTION)
    assert answer.answered and answer.quote is not None and ARTICLE_QUOTE in answer.quote
    assert answer.source is not None
    assert answer.source.attribution() == (
        '— Mira Petrova, "The lighthouse of Cape Emine", Black Sea Notes, 14 Mar 2024, '
        "https://example.org/cape-emine-lighthouse"
    )
    [summary] = store.sources()
    assert (summary.source.id, summary.passages) == (ARTICLE_ID, result.passages_added)


def test_adding_the_same_content_again_changes_nothing(store: QAService) -> None:
    store.add_bytes(ARTICLE, "lighthouse.md", "cli")
    before = _passage_rows(store)

    again = store.add_bytes(ARTICLE, "lighthouse.md", "cli")

    assert again.action == "unchanged"
    assert _passage_rows(store) == before
    assert [e.action for e in store.moderation_events()] == ["added"]


def test_changed_source_replaces_its_passages(store: QAService) -> None:
    first = store.add_bytes(ARTICLE, "lighthouse.md", "cli")

    second = store.add_bytes(REPLACEMENT, "lighthouse.md", "telegram:42")

    assert second.action == "replaced"
    assert second.passages_removed == first.passages_added
    assert len(_passage_rows(store)) == second.passages_added
    answer = store.ask(ARTICLE_QUESTION)
    assert answer.answered and answer.quote is not None
    assert "Kalina Ivanova" in answer.quote and ARTICLE_QUOTE not in answer.quote


def test_removed_source_is_no_longer_answered_from(store: QAService) -> None:
    added = store.add_bytes(ARTICLE, "lighthouse.md", "cli")
    assert store.ask(ARTICLE_QUESTION).answered

    removed = store.remove(ARTICLE_ID, "discord:7")

    assert removed.action == "removed" and removed.passages_removed == added.passages_added
    assert store.sources() == []
    assert _passage_rows(store) == []
    assert not store.ask(ARTICLE_QUESTION).answered
    with pytest.raises(UnknownSource, match=ARTICLE_ID):
        store.remove(ARTICLE_ID, "cli")


def test_a_removed_sources_passage_ids_are_never_given_to_another_source(store: QAService) -> None:
    """A "whole paragraph" button names its passage by id: after the newest source is removed, it must
    not show the paragraph of whatever was added next."""
    store.add_bytes(ARTICLE, "lighthouse.md", "cli")
    answer = store.ask(ARTICLE_QUESTION)
    assert answer.passage_id is not None
    store.remove(ARTICLE_ID, "cli")

    store.add_bytes(ARTICLE.replace(ARTICLE_ID.encode(), b"another-lighthouse"), "other.md", "cli")

    with store.engine.connect() as connection:
        first_new = connection.execute(select(func.min(Passage.id))).scalar_one()
    assert first_new > answer.passage_id
    assert store.paragraph(answer.passage_id) is None


def test_every_change_is_a_moderation_event_with_who_and_what(store: QAService) -> None:
    added = store.add_bytes(ARTICLE, "lighthouse.md", "telegram:42")
    replaced = store.add_bytes(REPLACEMENT, "lighthouse.md", "discord:7")
    store.remove(ARTICLE_ID, "cli")

    events = list(reversed(store.moderation_events()))

    assert [(e.actor, e.action, e.source_id) for e in events] == [
        ("telegram:42", "added", ARTICLE_ID),
        ("discord:7", "replaced", ARTICLE_ID),
        ("cli", "remove", ARTICLE_ID),
    ]
    assert [(e.passages_added, e.passages_removed) for e in events] == [
        (added.passages_added, 0),
        (replaced.passages_added, added.passages_added),
        (0, replaced.passages_added),
    ]
    assert all(e.at is not None for e in events)


def _meet_before_writing(writers: list[QAService], monkeypatch: pytest.MonkeyPatch) -> None:
    """Both writers reach their transaction together, so the race is certain rather than likely."""
    barrier = threading.Barrier(len(writers), timeout=30)
    for writer in writers:
        store = writer._knowledge_base._writer._store
        calls = itertools.count()

        def meeting_store(*args: Any, _store: Any = store, _calls: Any = calls) -> Any:
            if next(_calls) == 0:
                barrier.wait()
            return _store(*args)

        monkeypatch.setattr(writer._knowledge_base._writer, "_store", meeting_store)


def test_two_writers_adding_the_same_source_at_once_store_it_once(
    make_service: Callable[..., QAService], monkeypatch: pytest.MonkeyPatch
) -> None:
    writers = [make_service("a"), make_service("b")]
    _meet_before_writing(writers, monkeypatch)

    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(lambda s: s.add_bytes(ARTICLE, "lighthouse.md", "cli"), writers))

    assert sorted(r.action for r in results) == ["added", "unchanged"]
    [added] = [r for r in results if r.action == "added"]
    rows = _passage_rows(writers[0])
    assert len(rows) == len(set(rows)) == added.passages_added
    with writers[0].engine.connect() as connection:
        assert connection.scalar(select(func.count()).select_from(Source)) == 1
    assert [e.action for e in writers[0].moderation_events()] == ["added"]


def test_two_writers_adding_different_sources_at_once_lose_neither(
    make_service: Callable[..., QAService], monkeypatch: pytest.MonkeyPatch
) -> None:
    writers = [make_service("a"), make_service("b")]
    _meet_before_writing(writers, monkeypatch)
    other = REPLACEMENT.replace(b"id: cape-emine-lighthouse", b"id: lighthouse-later")

    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(
            pool.map(
                lambda job: job[0].add_bytes(job[1], job[2], "cli"),
                [(writers[0], ARTICLE, "lighthouse.md"), (writers[1], other, "lighthouse-later.md")],
            )
        )

    assert [r.action for r in results] == ["added", "added"]
    for service in writers:
        assert sorted(service.source_ids()) == ["cape-emine-lighthouse", "lighthouse-later"]
    assert len(_passage_rows(writers[0])) == sum(r.passages_added for r in results)


def test_listing_sources_does_not_read_their_text(store: QAService) -> None:
    """/sources shows titles and counts: reading every source's full text made it slow and big."""
    store.add_bytes(ARTICLE, "lighthouse.md", "cli")
    statements: list[str] = []

    def note(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        statements.append(statement)

    event.listen(store.engine, "before_cursor_execute", note)
    try:
        summaries = store.sources()
    finally:
        event.remove(store.engine, "before_cursor_execute", note)

    assert [s.source.id for s in summaries] == [ARTICLE_ID]
    assert summaries[0].source.title == "The lighthouse of Cape Emine" and summaries[0].passages > 0
    assert statements and not any("sources.text" in statement for statement in statements)


def test_syncing_a_folder_leaves_the_sources_of_a_folder_whose_name_differs_only_by_a_wildcard(
    store: QAService, tmp_path: Path
) -> None:
    """`_` and `%` in a folder name are literal: syncing `a_b` must not remove what came from `axb`."""
    other, synced = tmp_path / "axb", tmp_path / "a_b"
    for folder, name in ((other, "lighthouse"), (synced, "harbour")):
        folder.mkdir()
        (folder / f"{name}.md").write_bytes(ARTICLE.replace(b"cape-emine-lighthouse", name.encode()))
    store.sync(other)
    store.sync(synced)
    (synced / "harbour.md").unlink()

    results = store.sync(synced)

    assert [(r.source_id, r.action) for r in results] == [("harbour", "removed")]
    assert sorted(store.source_ids()) == ["lighthouse"]
