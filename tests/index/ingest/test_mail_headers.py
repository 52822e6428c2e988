"""A newsletter pasted as text is credited from its mail headers, and never quotes them."""

from __future__ import annotations

import datetime as dt

import pytest

from index.ingest.chunking import chunk_text
from index.ingest.documents import parse_bytes

NEWSLETTER = """View this email in your browser

From: The Allotment Letter <news@allotmentletter.org>
Date: Thu, 7 Mar 2024 08:02:11 +0000
Subject: Issue 42: Why your tomatoes split
To: reader@example.com

Hi gardeners,

Tomatoes split when the fruit takes up water faster than its skin can stretch.
"""


def test_a_pasted_newsletter_is_credited_from_its_headers_which_are_not_quoted() -> None:
    document = parse_bytes(NEWSLETTER.encode(), filename="letter.txt")

    assert document.title == "Issue 42: Why your tomatoes split"
    assert document.author == "The Allotment Letter"
    assert document.published == dt.date(2024, 3, 7)
    passages = " ".join(chunk.text for chunk in chunk_text(document.body))
    assert "@" not in passages and "View this email" not in passages
    assert passages.startswith("Hi gardeners,")


def test_a_mail_copied_from_a_client_that_shows_its_date_in_words() -> None:
    text = (
        "From: Jane Doe <jane@council.example>\nSent: Thursday, March 7, 2024 8:02 AM\n"
        "To: all-staff@council.example\nSubject: Budget vote\n\nThe budget passed by nine votes to four.\n"
    )

    document = parse_bytes(text.encode(), filename="mail.txt")

    assert (document.title, document.author, document.published) == (
        "Budget vote", "Jane Doe", dt.date(2024, 3, 7)
    )  # fmt: skip
    assert document.body == "The budget passed by nine votes to four.\n"


@pytest.mark.parametrize(
    "text",
    [
        "From: Kyiv\n\nThe war goes on, and the city's lights stay off at night.\n",
        "From: Lisbon\nTo: Porto\nThe train takes about three hours and costs 25 euros.\n",
        "# The coastal walk\n\nFrom: Brighton\nTo: Eastbourne\nSubject: the walk\n\nIt takes a day.\n",
        "Pancakes\nServes: 4\nFrom: Grandma's cookbook\nDate: 1962\n\nMix the flour and eggs.\n",
        "City budget passes after a long night of debate in the council chamber\n\n"
        + "The council met until two in the morning to argue over every line of the plan.\n" * 5
        + "\nFrom: the mayor\nSubject: thanks\n\nThank you all.\n",
    ],
    ids=["a-dateline", "a-route", "under-a-heading", "a-recipe", "headers-far-down"],
)
def test_a_text_that_does_not_open_with_a_mail_header_block_is_kept_whole(text: str) -> None:
    document = parse_bytes(text.encode(), filename="article.txt")

    assert "From:" in document.body
    assert document.published is None


def test_a_folded_subject_is_read_whole() -> None:
    text = (
        "From: Jane Doe <jane@example.com>\nSubject: A very long subject that\n continues on the next line\n"
        "Date: Thu, 7 Mar 2024 08:02:11 +0000\n\nThe news follows here.\n"
    )

    document = parse_bytes(text.encode(), filename="news.txt")

    assert document.title == "A very long subject that continues on the next line"
    assert document.body == "The news follows here.\n"


def test_a_mail_dated_in_a_year_past_any_calendar_is_read_without_a_date() -> None:
    mail = b"From: Ann Lee <ann@example.org>\nDate: Mon, 01 Jan 99999999999999999999 10:00:00 +0000\n"
    document = parse_bytes(mail + b"Subject: Bees\n\nBees fly in the cold.\n", filename="bees.txt")

    assert document.published is None and "Bees fly in the cold." in document.body
