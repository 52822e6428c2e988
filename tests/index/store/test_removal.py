"""Which source a removal takes: a community removes its own sources by the ids it gave them."""

from __future__ import annotations

import pytest

from index.errors import NotAllowed
from index.service import QAService
from index.visibility import EVERYWHERE

LAKE = b"# Lake Vattern\n\nLake Vattern is the second largest lake in Sweden.\n"
COMMUNITY = "telegram:-100902"


def test_a_communitys_own_copy_of_a_shared_id_is_removed_by_that_id(seeded: QAService) -> None:
    """With a shared "lake" too, "/remove lake" was refused as the shared one's, naming no other."""
    seeded.add_bytes(LAKE, "lake.md", "cli")
    own = seeded.add_bytes(LAKE, "lake.md", "telegram:5", collection=COMMUNITY)

    removed = seeded.remove("lake", "telegram:5", collection=COMMUNITY)

    assert removed.source_id == own.source_id != "lake"
    assert "lake" in seeded.source_ids(EVERYWHERE)  # the shared one stays
    with pytest.raises(NotAllowed, match="shared"):  # and is still not theirs
        seeded.remove("lake", "telegram:5", collection=COMMUNITY)
