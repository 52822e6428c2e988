"""Adding many documents at once (`qabot kb sync`, the benchmark): checked first, written in batches."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.settings import Settings
from index.errors import BadDocument
from index.ingest.documents import Document
from index.model.encoder import Encoder
from index.service import QAService
from index.store.models import Change
from tests.support import open_service

LIGHTHOUSE = Document(
    id="cape-light",
    title="The Cape light",
    body="The Cape lighthouse was lit in 1856. Its lamp burned whale oil until 1902.",
)
HARBOUR = Document(
    id="old-harbour",
    title="The old harbour",
    body="The old harbour silted up after the storm of 1911, and the fishing fleet moved to Varn.",
)
MILL = Document(
    id="tide-mill",
    title="The tide mill",
    body="The tide mill ground grain for the island until a fire destroyed it in 1934.",
)


def test_many_documents_are_added_replaced_or_left_alone_in_one_call(service: QAService) -> None:
    service.add_many([LIGHTHOUSE, HARBOUR], "test")
    revised = Document(
        id=HARBOUR.id, title=HARBOUR.title, body=HARBOUR.body + " A new quay opened there in 2004."
    )

    results = service.add_many([LIGHTHOUSE, revised, MILL], "test")

    assert [(r.source_id, r.action) for r in results] == [
        ("cape-light", "unchanged"),
        ("old-harbour", "replaced"),
        ("tide-mill", "added"),
    ]
    assert service.source_ids() == ["cape-light", "old-harbour", "tide-mill"]
    answer = service.ask("When did the new quay open?")
    assert answer.source is not None and answer.source.id == "old-harbour" and "2004" in (answer.quote or "")
    answer = service.ask("What destroyed the tide mill?")
    assert answer.source is not None and answer.source.id == "tide-mill"
    assert [e.action for e in service.moderation_events()] == ["added", "replaced", "added", "added"]
    with service.engine.connect() as connection:  # what other processes follow, one row per change, in order
        logged = connection.execute(select(Change.source_id, Change.action).order_by(Change.revision)).all()
    assert [tuple(row) for row in logged] == [
        ("cape-light", "add"),
        ("old-harbour", "add"),
        ("old-harbour", "replace"),
        ("tide-mill", "add"),
    ]


@pytest.mark.parametrize(
    ("documents", "message"),
    [
        ([LIGHTHOUSE, Document(id="cape-light", title="Again", body="Another text.")], "both be the source"),
        ([LIGHTHOUSE, Document(id="empty", title="Empty", body="   \n\n  ")], "no text to quote"),
    ],
)
def test_a_bad_document_among_many_changes_nothing(
    service: QAService, documents: list[Document], message: str
) -> None:
    with pytest.raises(BadDocument, match=message):
        service.add_many([MILL, *documents], "test")

    assert service.source_ids() == []
    assert service.moderation_events() == []


def test_nothing_new_loads_no_model(settings: Settings, encoder: Encoder) -> None:
    open_service(settings, encoder=encoder).add_many([LIGHTHOUSE, HARBOUR], "test")

    def no_model(name: str) -> Encoder:
        raise AssertionError("the model was loaded although nothing needed embedding")

    restarted = open_service(settings, encoder_factory=no_model)
    assert restarted.add_many([], "test") == []
    assert [r.action for r in restarted.add_many([HARBOUR, LIGHTHOUSE], "test")] == ["unchanged"] * 2
    restarted.close()


def test_progress_counts_passages_across_groups(service: QAService, monkeypatch: pytest.MonkeyPatch) -> None:
    import index.store.writing

    monkeypatch.setattr(index.store.writing, "GROUP_PASSAGES", 1)  # a group per document
    reports: list[tuple[int, int]] = []

    results = service.add_many([LIGHTHOUSE, HARBOUR, MILL], "test", lambda *report: reports.append(report))

    total = sum(r.passages_added for r in results)
    assert reports[-1] == (total, total)
    assert [done for done, _ in reports] == sorted(done for done, _ in reports)
    assert {t for _, t in reports} == {total}
