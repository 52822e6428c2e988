"""A page is credited to the people its metadata or byline names, not to whoever an "author" class holds."""

from __future__ import annotations

import pytest

from index.ingest.documents import parse_bytes
from tests.index.ingest.test_page_metadata import STORY


def page(top: str = "", bottom: str = "") -> bytes:
    return (
        "<!doctype html><html><head><title>Fed holds rates steady</title></head><body>"
        f"<article><h1>Fed holds rates steady</h1>{top}{STORY}</article>{bottom}</body></html>"
    ).encode()


@pytest.mark.parametrize(
    "bottom",
    [
        '<div class="navbox authority-control"><span>Authority control databases</span> Germany</div>',
        '<section class="guestbook"><p class="GuestbookEntry__author">Joan and Bill Reiss</p>'
        "<p>She was the kindest neighbour.</p></section>",
    ],
    ids=["a-navigation-box", "a-guest-book-signer"],
)
def test_an_author_class_below_the_article_credits_nobody(bottom: str) -> None:
    assert parse_bytes(page(bottom=bottom), filename="fed.html").author is None


def test_a_byline_above_the_article_credits_its_author() -> None:
    top = '<div class="author-name">Por <a href="/autores/lf">Lucía Ferrer</a></div>'
    assert parse_bytes(page(top=top), filename="fed.html").author == "Lucía Ferrer"


def test_an_author_the_metadata_names_is_credited_wherever_the_page_shows_them() -> None:
    document = parse_bytes(
        page(bottom='<p class="author-bio">Ann Lee covers the Fed.</p>').replace(
            b"</head>", b'<meta name="author" content="Ann Lee"></head>'
        ),
        filename="fed.html",
    )
    assert document.author == "Ann Lee"


def test_a_label_without_a_name_credits_nobody() -> None:
    top = '<span class="meta__author-label">Par </span><span class="name">Camille Roussel</span>'
    assert parse_bytes(page(top=top), filename="fed.html").author != "Par"


def test_a_blog_footers_posted_by_credits_its_author() -> None:
    bottom = '<p class="byline">Posted by <span class="author">Mary Jones</span> at 10:14</p>'
    assert parse_bytes(page(bottom=bottom), filename="fed.html").author == "Mary Jones"


@pytest.mark.parametrize(
    ("author", "site", "credited"),
    [("Julia Evans", "Julia Evans", "Julia Evans"), ("NASA; ESA", "Space News", "NASA; ESA")],
    ids=["a-blog-named-after-its-writer", "two-agencies-by-their-initials"],
)
def test_credits_the_metadata_gives_whole(author: str, site: str, credited: str) -> None:
    head = f'<meta name="author" content="{author}"><meta property="og:site_name" content="{site}">'
    html = page().replace(b"</head>", f"{head}</head>".encode())
    assert parse_bytes(html, filename="fed.html").author == credited


@pytest.mark.parametrize(
    ("byline", "credited"),
    [
        ("By Bart H. Meijer", "Bart H. Meijer"),
        ("By J.R.R. Tolkien", "J.R.R. Tolkien"),
        ("By Ann B Lee", "Ann B Lee"),
    ],
    ids=["a-middle-initial", "initials-run-together", "an-initial-shown-without-a-period"],
)
def test_initials_are_spelt_as_the_page_shows_them(byline: str, credited: str) -> None:
    top = f'<div class="byline">{byline}</div>'
    assert parse_bytes(page(top=top), filename="fed.html").author == credited


def test_a_job_beside_the_name_on_an_author_card_is_not_part_of_the_name() -> None:
    top = '<div class="author"><span>Priya Natarajan</span><span>Staff Engineer</span></div>'
    assert parse_bytes(page(top=top), filename="fed.html").author == "Priya Natarajan"


@pytest.mark.parametrize("name", ["Anthony Stewart Head", "Mary Ann Chief"])
def test_a_surname_that_is_also_a_job_stays_in_the_name(name: str) -> None:
    top = f'<div class="byline">By {name}</div>'
    assert parse_bytes(page(top=top), filename="fed.html").author == name


def test_a_name_ending_in_a_letter_does_not_take_a_sentences_full_stop() -> None:
    top = '<div class="byline">By Malcolm X</div><p>The speech was given by Malcolm X. It called.</p>'
    assert parse_bytes(page(top=top), filename="fed.html").author == "Malcolm X"
