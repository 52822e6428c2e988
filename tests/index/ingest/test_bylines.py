"""Who a byline credits: every author it lists, not their desk, agency or the date line after them."""

from __future__ import annotations

import datetime as dt

import pytest

from index.ingest.bylines import read_byline


@pytest.mark.parametrize(
    ("line", "author", "published"),
    [
        ("By Ann Lee, Bo Chen and Cy Day", "Ann Lee, Bo Chen and Cy Day", None),
        ("By Ann Lee, Bo Chen, and Cy Day, Staff Writers", "Ann Lee, Bo Chen, and Cy Day", None),
        ("By Jane Doe, Reuters", "Jane Doe", None),
        ("By Jane Doe, Staff Writer", "Jane Doe", None),
        ("By Jane Doe and John Roe, Reuters", "Jane Doe and John Roe", None),
        ("By Jane Doe, Senior Editor and Columnist", "Jane Doe", None),
        ("By Jane Doe, Health and Science Reporter", "Jane Doe", None),
        (
            "BY HANNA ARHIROVA and ILLIA NOVIKOV Updated 12:18 PM GMT+3, August 6, 2024",
            "HANNA ARHIROVA and ILLIA NOVIKOV",
            dt.date(2024, 8, 6),
        ),
    ],
)
def test_a_byline_credits_every_author_it_lists(line: str, author: str, published: dt.date | None) -> None:
    read = read_byline(line)

    assert read is not None
    assert (read.author, read.published) == (author, published)
