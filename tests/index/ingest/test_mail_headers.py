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
        "City budget passes after a long night of debate in the council chamber\n\n"
        + "The council met until two in the morning to argue over every line of the plan.\n" * 5
        + "\nFrom: the mayor\nSubject: thanks\n\nThank you all.\n",
    ],
    ids=["a-dateline", "headers-far-down"],
)
def test_a_text_that_does_not_open_with_a_mail_header_block_is_kept_whole(text: str) -> None:
    document = parse_bytes(text.encode(), filename="article.txt")

    assert "From:" in document.body
    assert document.published is None
