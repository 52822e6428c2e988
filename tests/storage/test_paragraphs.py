"""The "whole paragraph" under an answer: the paragraph around its passage, bounded, read without
reading the rest of the source (on SQLite and PostgreSQL)."""

from __future__ import annotations

import pytest
from sqlalchemy import event, select

from index.service import QAService
from index.store.models import Passage
from index.store.paragraphs import MAX_PARAGRAPH_CHARS

# Paragraphs long enough to be passages of their own.
OPENING = (
    "The harbour of Varna was rebuilt after the storm of 1911, which sank eleven ships at anchor and "
    "tore away the old wooden pier that fishermen had used for a century."
)
CLOSING = (
    "The new breakwater was finished in 1925, and the harbour master wrote that no ship inside it had "
    "been lost since, though the winter gales were as fierce as ever."
)
# One unbroken paragraph of some 12,000 characters, each sentence its own.
LONG = " ".join(f"Ledger entry {n} records a ship called Vega {n} and her cargo of salt." for n in range(170))
ARTICLE = f"---\ntitle: The harbour of Varna\n---\n\n{OPENING}\n\n{LONG}\n\n{CLOSING}\n".encode()


def _passages(store: QAService) -> list[tuple[int, str]]:
    with store.engine.connect() as connection:
        rows = connection.execute(select(Passage.id, Passage.text).order_by(Passage.position))
        return [(row.id, row.text) for row in rows]


@pytest.fixture
def passages(store: QAService) -> list[tuple[int, str]]:
    store.add_bytes(ARTICLE, "harbour.md", "cli")
    return _passages(store)


def test_a_short_paragraph_is_shown_whole(store: QAService, passages: list[tuple[int, str]]) -> None:
    [(opening_id, _)] = [(i, text) for i, text in passages if text == OPENING]

    paragraph = store.paragraph(opening_id)

    assert paragraph is not None
    assert (paragraph.text, paragraph.cut_before, paragraph.cut_after) == (OPENING, False, False)


def test_a_long_paragraph_is_shown_around_the_passage_and_marked_as_cut(
    store: QAService, passages: list[tuple[int, str]]
) -> None:
    in_long = [(i, text) for i, text in passages if text.startswith("Ledger entry")]
    (first_id, first_text), (middle_id, middle_text) = in_long[0], in_long[len(in_long) // 2]

    first, middle = store.paragraph(first_id), store.paragraph(middle_id)

    assert first is not None and middle is not None
    assert first.text.startswith("Ledger entry 0 ") and first_text in first.text
    assert (first.cut_before, first.cut_after) == (False, True)
    assert middle_text in middle.text and middle.text in LONG
    assert (middle.cut_before, middle.cut_after) == (True, True)
    assert len(first.text) <= MAX_PARAGRAPH_CHARS and len(middle.text) <= MAX_PARAGRAPH_CHARS


def test_the_paragraph_is_read_without_reading_the_whole_source(
    store: QAService, passages: list[tuple[int, str]]
) -> None:
    """A click on "Whole paragraph" under an answer from a 5 MB source read all 5 MB of it."""
    statements: list[str] = []

    def note(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        statements.append(statement)

    event.listen(store.engine, "before_cursor_execute", note)
    try:
        paragraph = store.paragraph(passages[1][0])
    finally:
        event.remove(store.engine, "before_cursor_execute", note)

    assert paragraph is not None and passages[1][1] in paragraph.text
    reads_text = [s for s in statements if "sources.text" in s]
    assert reads_text and all("substr(sources.text" in s for s in reads_text)
