"""Metadata written as "Field: value" lines (MultiMarkdown, Notion) credits the text and is not quoted."""

from __future__ import annotations

import datetime as dt

import pytest

from index.ingest.documents import parse_bytes

STORY = "New volunteers shadow an experienced member for their first two shifts before working alone.\n"


def test_a_multimarkdown_metadata_block_credits_the_text() -> None:
    text = f"Title: Winter tap care\nAuthor: Tom Baker\nDate: 2023-11-02\n\n{STORY}"

    document = parse_bytes(text.encode(), filename="taps.md")

    assert (document.title, document.author, document.published) == (
        "Winter tap care",
        "Tom Baker",
        dt.date(2023, 11, 2),
    )
    assert document.body == STORY


def test_a_notion_pages_properties_credit_it_and_only_its_own_fields_stay() -> None:
    text = (
        "# Volunteer onboarding\n\nCreated: March 4, 2024 3:12 PM\nCreated by: Priya Natarajan\n"
        f"Tags: onboarding, volunteers\n\n{STORY}"
    )

    document = parse_bytes(text.encode(), filename="onboarding.md")

    assert (document.title, document.author, document.published) == (
        "Volunteer onboarding",
        "Priya Natarajan",
        dt.date(2024, 3, 4),
    )
    assert "Created" not in document.body
    assert "Tags: onboarding, volunteers" in document.body and STORY in document.body


@pytest.mark.parametrize(
    "lines",
    [
        "Date: March 4\nPlace: Town hall",
        "Author: I began writing in 1990.\nInterviewer: Why then?",
        "Title: Winter tap care\nDate: 2023-11-02",
        "Interviewer: Welcome to the show\nAuthor: Thanks for having me",
        "Title: Dune\nAuthor: Frank Herbert",
    ],
    ids=["an-events-details", "a-transcript", "no-author", "a-transcripts-thanks", "a-books-record"],
)
def test_lines_that_credit_nobody_are_the_texts_own(lines: str) -> None:
    document = parse_bytes(f"# Town meeting\n\n{lines}\n\n{STORY}".encode(), filename="meeting.md")

    assert lines in document.body
    assert document.author is None


def test_a_reading_list_of_records_is_the_texts_own() -> None:
    text = "Title: Dune\nAuthor: Frank Herbert\nYear: 1965\n\nTitle: Neuromancer\nAuthor: William Gibson\n"

    document = parse_bytes(text.encode(), filename="reading.md")

    assert document.author is None and "Author: Frank Herbert" in document.body
