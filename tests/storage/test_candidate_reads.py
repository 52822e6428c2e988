"""The answering path may read its candidates in two queries; each read says which revision of the
change log it saw, so a change committed by another process between them is noticed (on SQLite and
PostgreSQL alike) and the candidates are read again together."""

from __future__ import annotations

from collections.abc import Callable

from index.search.candidates import read_candidates
from index.service import QAService
from index.visibility import SHARED_ONLY
from tests.storage.conftest import ARTICLE, ARTICLE_ID, REPLACEMENT


def test_a_read_says_the_revision_it_saw_and_reads_after_another_process_changed_the_source(
    make_service: Callable[..., QAService],
) -> None:
    asking, moderating = make_service("asking"), make_service("moderating")
    moderating.add_bytes(ARTICLE, "lighthouse.md", "cli")
    asking.refresh(force=True)
    assert asking.loaded_index is not None
    passages = sorted(asking.loaded_index.source_passages[ARTICLE_ID])

    before = read_candidates(asking.engine, passages, SHARED_ONLY)
    moderating.add_bytes(REPLACEMENT, "lighthouse.md", "cli")  # committed by another process
    after = read_candidates(asking.engine, passages, SHARED_ONLY)

    assert [c.passage_id for c in before.candidates] == passages and before.revision is not None
    assert "Stoyan Dobrev" in " ".join(c.text for c in before.candidates)
    assert after.candidates == [] and after.revision is None  # the old passages are gone
    assert read_candidates(asking.engine, [], SHARED_ONLY).revision is None
    asking.refresh(force=True)
    replaced = read_candidates(asking.engine, asking.loaded_index.source_passages[ARTICLE_ID], SHARED_ONLY)
    assert replaced.revision is not None and replaced.revision > before.revision
    assert "Kalina Ivanova" in " ".join(c.text for c in replaced.candidates)
