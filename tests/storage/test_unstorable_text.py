"""What PostgreSQL cannot hold in text (a NUL) never reaches it from chat: a file's name as sent, or a
source id being typed. Each gave a DataError traceback on PostgreSQL (an apology, or no suggestions),
while SQLite stored it."""

from __future__ import annotations

import pytest

from index.errors import UnknownSource
from index.service import QAService

NOTE = b"# Rooftop bees\n\nRooftop hives in Malmo produced 38 kilograms of honey per hive last summer.\n"


def test_a_file_whose_name_holds_a_nul_is_added(store: QAService) -> None:
    result = store.add_bytes(NOTE, "bee\x00s.md", "discord:7", origin="upload:discord:7:bee\x00s.md")

    assert result.action == "added"
    assert store.ask("How much honey did a rooftop hive in Malmo produce?").source.id == result.source_id  # type: ignore[union-attr]
    again = store.add_bytes(NOTE, "bee\x00s.md", "discord:7", origin="upload:discord:7:bee\x00s.md")
    assert again.action == "unchanged"  # the same upload, known again by its stored name


def test_a_source_id_typed_with_a_nul_is_still_suggested(store: QAService) -> None:
    store.add_bytes(NOTE, "bees.md", "discord:7")

    assert store.source_ids(containing="bee\x00") == ["bees"]
    assert store.source_ids(containing="\x00") == store.source_ids()


def test_an_unknown_id_holding_a_nul_is_refused_as_unknown(store: QAService) -> None:
    """The refusal's "did you mean" looked the id up in lower case: PostgreSQL refused the NUL."""
    store.add_bytes(NOTE, "bees.md", "discord:7")

    for typed in ("BEES\x00", "Bees\udcff"):
        with pytest.raises(UnknownSource):
            store.remove(typed, "discord:7")
    assert store.source_ids() == ["bees"]
