"""The answering path reads its candidates in two queries, in one snapshot of the database: a source
replaced by another process between them is read as it was, on SQLite and PostgreSQL alike."""

from __future__ import annotations

from collections.abc import Callable

from index.search.candidates import read_candidates, snapshot
from index.service import QAService
from index.visibility import SHARED_ONLY
from tests.storage.conftest import ARTICLE, ARTICLE_ID, REPLACEMENT


def test_a_source_replaced_between_two_reads_of_one_snapshot_is_read_as_it_was(
    make_service: Callable[..., QAService],
) -> None:
    asking, moderating = make_service("asking"), make_service("moderating")
    moderating.add_bytes(ARTICLE, "lighthouse.md", "cli")
    asking.refresh(force=True)
    assert asking.loaded_index is not None
    passages = sorted(asking.loaded_index.source_passages[ARTICLE_ID])
    assert len(passages) >= 2

    with snapshot(asking.engine) as reading:
        first, _ = read_candidates(reading, passages[:1], SHARED_ONLY)
        moderating.add_bytes(REPLACEMENT, "lighthouse.md", "cli")  # committed by another process
        rest, _ = read_candidates(reading, passages[1:], SHARED_ONLY)

    assert [c.passage_id for c in [*first, *rest]] == passages
    assert "Stoyan Dobrev" in " ".join(c.text for c in [*first, *rest])
    with snapshot(asking.engine) as reading:  # the next question reads the replacement
        assert read_candidates(reading, passages, SHARED_ONLY) == ([], {})
