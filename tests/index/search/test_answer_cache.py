"""Recent answers are reused only for the same question from a place that sees the same sources."""

from __future__ import annotations

from index.service import QAService
from index.visibility import EVERYWHERE, SHARED_ONLY, Visibility

COMMUNITY = "telegram:-100321"
NOTES = b"# Orchard notes\n\nThe orchard keeper Anfisa Korzhavina planted forty quince trees in 1911.\n"
QUESTION = "Who planted the quince trees in the orchard?"


def test_an_answer_from_every_collection_is_not_reused_where_only_the_shared_sources_show(
    seeded: QAService,
) -> None:
    seeded.add_bytes(NOTES, "orchard.md", "telegram:1", collection=COMMUNITY)

    everywhere = seeded.ask(QUESTION, visibility=EVERYWHERE)
    shared = seeded.ask(QUESTION, visibility=SHARED_ONLY)
    community = seeded.ask(QUESTION, visibility=Visibility(community=COMMUNITY))

    assert everywhere.source is not None and everywhere.source.title == "Orchard notes"
    assert community.source is not None and community.source.title == "Orchard notes"
    assert shared.source is None or shared.source.title != "Orchard notes"
