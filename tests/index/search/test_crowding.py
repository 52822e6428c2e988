"""A community's passages never crowd a place's own sources out of its answers: searches leave out
what the asking place may not see while they search, not after."""

from __future__ import annotations

from index.service import QAService
from index.visibility import SHARED_ONLY, Visibility

QUESTION = "What did Iran admit about the drones?"
SHARED_SENTENCE = (
    "Earlier in November, Iran admitted supplying the drones but claimed that it had delivered them "
    "before the invasion, trying to have a way out of a toxic partnership with Russia"
)
CROWDER = "telegram:-100555"
OTHER_COMMUNITY = "telegram:-100111"
COPIES = 400  # more than the old widened search's 320 candidates


def test_near_copies_of_a_shared_passage_in_one_community_do_not_hide_it_elsewhere(seeded: QAService) -> None:
    body = "\n\n".join(f"{SHARED_SENTENCE} (note {n})." for n in range(COPIES))
    added = seeded.add_bytes(f"# Flood\n\n{body}\n".encode(), "flood.md", "telegram:2", collection=CROWDER)
    assert added.passages_added > 320

    for visibility in (SHARED_ONLY, Visibility(community=OTHER_COMMUNITY)):
        answer = seeded.ask(QUESTION, visibility=visibility)
        assert answer.answered and answer.source is not None
        assert answer.source.title != "Flood" and "Iran admitted supplying the drones" in (answer.quote or "")

    crowder = seeded.ask(QUESTION, visibility=Visibility(community=CROWDER))
    assert crowder.answered and "Iran admitted supplying the drones" in (crowder.quote or "")
