"""A community's collection is bounded, in sources and in passages, and a document that would take it
past the bound is refused before the model spends any time on it. The shared knowledge base is not."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import numpy as np
import pytest

from bot.settings import Settings
from index.errors import CollectionFull
from index.model.encoder import Encoder, Progress
from index.service import QAService
from index.visibility import EVERYWHERE
from tests.support import open_service

COMMUNITY = "telegram:-100777"


class RecordingEncoder:
    """The real model, noting every text it is asked to embed."""

    def __init__(self, encoder: Encoder) -> None:
        self.name, self.dimension = encoder.name, encoder.dimension
        self._encoder = encoder
        self.seen: list[str] = []

    def encode(self, texts: Sequence[str], progress: Progress | None = None) -> np.ndarray:
        self.seen.extend(texts)
        return self._encoder.encode(texts, progress)


def article(topic: str, passages: int) -> bytes:
    """`passages` paragraphs, each too long to share a passage with the next."""
    paragraph = " ".join(
        f"The {topic} keeper noted entry {{n}} of the season in sentence {s}." for s in range(6)
    )
    return "\n\n".join(paragraph.format(n=n) for n in range(passages)).encode()


@pytest.fixture
def recorder(encoder: Encoder) -> RecordingEncoder:
    return RecordingEncoder(encoder)


@pytest.fixture
def bounded(settings: Settings, recorder: RecordingEncoder) -> Iterator[QAService]:
    limits = {"community_max_sources": 2, "community_max_passages": 5}
    service = open_service(settings.model_copy(update=limits), encoder=recorder)
    yield service
    service.close()


def test_a_document_that_would_overfill_a_collection_is_refused_before_it_is_embedded(
    bounded: QAService, recorder: RecordingEncoder
) -> None:
    added = bounded.add_bytes(article("lighthouse", 3), "lighthouse.md", "telegram:1", collection=COMMUNITY)
    assert (added.action, added.passages_added) == ("added", 3)
    recorder.seen.clear()

    with pytest.raises(CollectionFull, match="6 passages; it may hold at most 2 and 5"):
        bounded.add_bytes(article("orchard", 3), "orchard.md", "telegram:1", collection=COMMUNITY)

    assert not [text for text in recorder.seen if "orchard" in text]
    assert [s.source.id for s in bounded.sources(EVERYWHERE) if s.collection] == [
        "telegram-100777-lighthouse"
    ]


def test_all_communities_together_are_bounded_too(settings: Settings, encoder: Encoder) -> None:
    """One person can make any number of servers, each under its own bound."""
    limits = {"community_max_passages": 5, "communities_max_passages": 8}
    service = open_service(settings.model_copy(update=limits), encoder=encoder)
    try:
        for n in (1, 2):  # two people: one person's adds together are bounded like one collection
            service.add_bytes(article("lighthouse", 4), "notes.md", f"discord:{n}", collection=f"discord:{n}")
        with pytest.raises(CollectionFull, match="Communities' own collections are full"):
            service.add_bytes(article("orchard", 1), "orchard.md", "discord:3", collection="discord:3")
        service.add_bytes(article("lighthouse", 3), "notes.md", "discord:1", collection="discord:1")
        service.add_bytes(article("orchard", 1), "orchard.md", "discord:3", collection="discord:3")
        shared = service.add_bytes(article("harbour", 4), "harbour.md", "cli")  # the shared ones are not
    finally:
        service.close()
    assert shared.action == "added"


def test_what_one_person_keeps_in_every_community_together_is_bounded_like_one_collection(
    bounded: QAService,
) -> None:
    """One person with servers of their own filled the room every community shares."""
    bounded.add_bytes(article("lighthouse", 3), "lighthouse.md", "discord:1", collection="discord:10")

    with pytest.raises(CollectionFull, match="one person may keep at most 5 in all of them together"):
        bounded.add_bytes(article("orchard", 3), "orchard.md", "discord:1", collection="discord:11")
    bounded.add_bytes(article("orchard", 3), "orchard.md", "discord:2", collection="discord:11")  # another
    replaced = bounded.add_bytes(
        article("lighthouse", 5), "lighthouse.md", "discord:1", collection="discord:10"
    )
    bounded.remove("discord-10-lighthouse", "discord:1", collection="discord:10")
    again = bounded.add_bytes(article("orchard", 2), "orchard.md", "discord:1", collection="discord:12")

    assert (replaced.action, again.action) == ("replaced", "added")  # their own replaced, then removed


def test_replacing_a_source_counts_only_what_it_adds(bounded: QAService) -> None:
    bounded.add_bytes(article("lighthouse", 3), "lighthouse.md", "telegram:1", collection=COMMUNITY)

    replaced = bounded.add_bytes(
        article("lighthouse", 5), "lighthouse.md", "telegram:1", collection=COMMUNITY
    )

    assert (replaced.action, replaced.passages_added, replaced.passages_removed) == ("replaced", 5, 3)


def test_a_collection_holds_at_most_its_number_of_sources(bounded: QAService) -> None:
    for topic in ("lighthouse", "orchard"):
        bounded.add_bytes(article(topic, 1), f"{topic}.md", "telegram:1", collection=COMMUNITY)

    with pytest.raises(CollectionFull, match="3 sources"):
        bounded.add_bytes(article("quarry", 1), "quarry.md", "telegram:1", collection=COMMUNITY)


def test_the_shared_knowledge_base_and_other_collections_are_not_bounded_by_a_community(
    bounded: QAService,
) -> None:
    bounded.add_bytes(article("lighthouse", 5), "lighthouse.md", "telegram:1", collection=COMMUNITY)

    shared = bounded.add_bytes(article("orchard", 8), "orchard.md", "cli")
    other = bounded.add_bytes(article("quarry", 4), "quarry.md", "telegram:2", collection="telegram:-100888")

    assert (shared.passages_added, other.passages_added) == (8, 4)


def test_a_document_of_one_sentence_and_megabytes_of_emoji_counts_as_its_length_in_passages(
    bounded: QAService, recorder: RecordingEncoder
) -> None:
    # Cut into passages it was one (the emoji hold no word), and its whole text was stored with it.
    padded = ("The lighthouse keeper noted one entry.\n\n" + "🙂 " * 200_000).encode()

    with pytest.raises(CollectionFull, match="at most 2 and 5"):
        bounded.add_bytes(padded, "padded.md", "telegram:1", collection=COMMUNITY)

    assert recorder.seen == []
    assert bounded.sources(EVERYWHERE) == []
