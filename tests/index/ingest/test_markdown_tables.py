"""A Markdown table reaches a chat as lines that say what each cell is, never as pipes and dashes."""

from __future__ import annotations

import pytest

from index.ingest.chunking import chunk_text
from index.ingest.documents import parse_bytes
from index.ingest.markdown_tables import readable_tables

GUIDE = """# Weather stations

Here is how the types compare:

| Type | Price | Best for |
| :--- | ---: | --- |
| Basic | €30–60 | checking frost |
| All-in-one | €150–300 | most gardens |

Buy the all-in-one.
"""


def test_each_row_is_a_line_of_its_cells_after_their_column_headings() -> None:
    document = parse_bytes(GUIDE.encode(), filename="guide.md")

    (passage,) = [chunk.text for chunk in chunk_text(document.body)]
    assert "|" not in passage and "---" not in passage
    assert "Type: All-in-one; Price: €150–300; Best for: most gardens.\n" in passage


def test_escaped_pipes_empty_cells_and_headless_columns_are_read_as_written() -> None:
    table = "Name | | Note\n--|--|--\nA \\| B | x | \n"

    assert readable_tables(table) == "Name: A | B; x.\n"


def test_pipes_that_make_no_table_and_tables_in_code_are_kept() -> None:
    text = "a | b\n|---|\n| 1 | 2 |\n\n```\n| a | b |\n|---|---|\n| 1 | 2 |\n```\n\nx || y and z - w\n"

    assert readable_tables(text) == text


@pytest.mark.parametrize(
    "text",
    [
        "Choose a | b as the rule.\n---|---\nThis paragraph follows the rule.\n",
        "| Name | Value |\n|---|---|\n\nThe table above is empty for now.\n",
        "Count the lines:\n\n    cat file | wc -l\n    ---- | ----\n    a | b\n\nIt prints a number.\n",
    ],
    ids=["a-rule-under-prose", "no-rows", "indented-code"],
)
def test_a_heading_row_without_rows_and_indented_code_are_kept_as_written(text: str) -> None:
    assert readable_tables(text) == text
