"""A byline element names its people, not its date line, their job or the photographer beside them;
and its own date dates a page that shows no other."""

from __future__ import annotations

import datetime as dt

import pytest

from index.ingest.documents import Document, parse_bytes

STORY = (
    "<p>A powerful coastal storm knocked out electricity to more than 80,000 homes and businesses across the "
    "region on Monday, bringing wind gusts of up to 70 mph and flooding several low-lying roads.</p>"
    "<p>Utility crews had restored power to about half of those customers by Monday evening. Full "
    "restoration could take until Wednesday, a spokesperson for Tidewater Electric said.</p>"
)


def read(top: str, language: str = "en", head: str = "") -> Document:
    page = (
        f"<!DOCTYPE html><html lang='{language}'><head>"
        f"<title>Storm knocks out power | Coastline News</title>{head}</head>"
        f"<body><article><h1>Storm knocks out power</h1>{top}{STORY}</article></body></html>"
    )
    return parse_bytes(page.encode(), filename="storm.html")


@pytest.mark.parametrize(
    ("byline", "author"),
    [
        ("By Jane Doe<br>Published Dec. 18, 2023", "Jane Doe"),  # was "Jane Doe Published Dec", undated
        ("By Jane Doe and Mark Li<br>Dec. 18, 2023", "Jane Doe; Mark Li"),  # was "Jane Doe; Mark Li Dec"
    ],
)
def test_a_byline_with_its_date_on_a_second_line_credits_the_people_and_dates_the_page(
    byline: str, author: str
) -> None:
    document = read(f'<div class="byline">{byline}</div>')

    assert (document.author, document.published) == (author, dt.date(2023, 12, 18))


@pytest.mark.parametrize(
    "job", ["Senior Reporter", "Political Editor", "Health Reporter", "Business Correspondent"]
)
def test_a_job_after_the_name_is_no_second_author(job: str) -> None:
    assert read(f'<p class="byline">Jane Whitfield, {job}</p>').author == "Jane Whitfield"


def test_a_classic_wordpress_entry_line_credits_its_author_not_posted_on() -> None:
    entry = (
        '<div class="entry-meta"><span class="meta-prep meta-prep-author">Posted on</span> '
        '<a href="/2023/06/04/storm/" rel="bookmark"><span class="entry-date">June 4, 2023</span></a> '
        '<span class="meta-sep">by</span> <span class="author vcard"><a class="url fn n" '
        'href="/author/jane/">Jane Whitfield</a></span></div>'
    )

    assert read(entry).author != "Posted on"


def test_a_photographers_credit_is_not_part_of_the_writers_name() -> None:
    assert read('<p class="byline">By Jane Doe<br>Photos by Tom Price</p>').author == "Jane Doe"


@pytest.mark.parametrize(
    "dates",
    [
        'Published <time datetime="2023-12-18T05:40:00Z">Dec. 18, 2023</time>',
        'Posted <time datetime="2023-12-18T05:40:00Z">Dec. 18, 2023</time>',
        'Published <time datetime="2023-12-18T05:40:00Z">Dec. 18, 2023</time> | Updated '
        '<time datetime="2024-01-05T10:00:00Z">Jan. 5, 2024</time>',
        '<time datetime="2023-12-18T05:40:00Z">Dec. 18, 2023</time><span>Updated 8:10 p.m. ET</span>',
    ],
)
def test_a_date_lines_labels_do_not_open_the_first_passage(dates: str) -> None:
    # trafilatura drops the <time> text and kept the rest: the first passage read "Published | Updated".
    document = read(f'<p class="byline">By Jane Doe</p><p>{dates}</p>')

    assert document.published == dt.date(2023, 12, 18)
    assert document.body.split("\n\n")[1].startswith("A powerful coastal storm"), document.body


@pytest.mark.parametrize("css_class", ["post-meta", "entry-meta", "article-meta", "meta"])
def test_a_blog_posts_meta_line_credits_its_author(css_class: str) -> None:
    # trafilatura drops an element its class calls "meta": the same line without it was credited.
    document = read(f'<p class="{css_class}">By Jane Whitfield | 4 June 2023</p>')

    assert (document.author, document.published) == ("Jane Whitfield", dt.date(2023, 6, 4))


@pytest.mark.parametrize(
    "elsewhere",
    [
        "<aside class='related'><h3>Related posts</h3><article><h4><a href='/roses'>Pruning roses</a></h4>"
        "<div class='entry-meta'>By Tom Baker | 2 May 2021</div></article></aside>",
        "<div id='comments'><div class='comment'><div class='meta'>By Tom Baker | 2 May 2021</div>"
        "<p>Great post, thanks!</p></div></div>",
    ],
)
def test_a_related_posts_or_a_comments_meta_line_does_not_credit_the_page(elsewhere: str) -> None:
    page = (
        "<html><head><title>Storm knocks out power</title></head><body><main><article>"
        f"<h1>Storm knocks out power</h1>{STORY}</article>{elsewhere}</main></body></html>"
    )

    assert parse_bytes(page.encode(), filename="storm.html").author is None


@pytest.mark.parametrize(
    "top",
    [
        '<p class="byline">Story by Jane Doe. Photography by Tom Price.</p>',  # was "Story by Jane Doe"
        "<p>Story by Jane Doe. Photography by Tom Price.</p>",  # was no author, and the line quoted
        '<p class="byline">By Jane Doe jane.doe@example.com</p>',  # was no author
        "<p>By Jane Doe jane.doe@example.com</p>",  # was no author, and the line quoted
        '<p class="byline">By <a href="mailto:jane.doe@example.com">Jane Doe</a> | jane.doe@example.com</p>',
    ],
    ids=["story-by-element", "story-by-line", "address-element", "address-line", "mailto"],
)
def test_a_byline_credits_the_writer_alone_not_the_photographer_or_an_address(top: str) -> None:
    document = read(top)

    assert document.author == "Jane Doe"
    assert document.body.split("\n\n")[1].startswith("A powerful coastal storm")


def test_a_story_by_label_in_the_author_tag_is_no_part_of_the_name() -> None:
    head = '<meta name="author" content="Story by Jane Doe. Photography by Tom Price.">'

    assert read("", head=head).author == "Jane Doe"


@pytest.mark.parametrize(
    ("top", "language", "people"),
    [
        ("<p>Por María López y Juan Pérez</p>", "es", ("María López", "Juan Pérez")),
        ("<p>Par Jean Dupont et Marie Curie</p>", "fr-FR", ("Jean Dupont", "Marie Curie")),
    ],
    ids=["spanish", "french"],
)
def test_a_byline_written_in_the_pages_language_credits_its_people(
    top: str, language: str, people: tuple[str, str]
) -> None:
    document = read(top, language)

    assert document.author is not None and all(person in document.author for person in people)
    assert document.body.split("\n\n")[1].startswith("A powerful coastal storm")


@pytest.mark.parametrize(
    ("opening", "language"),
    [
        ("Por primera vez, el puerto cerró.", "es"),
        ("Por Qué Importa", "es"),  # "why it matters", a subhead
        ("Par ailleurs, le conseil a voté.", "fr"),
        ("Von Montag bis Freitag.", "de"),
        ("Von Braun and Korolev", "en"),  # "By" in another language, on an English page
        ("Par Avion and Royal Mail", "en"),
    ],
)
def test_a_line_opening_like_a_foreign_byline_is_quoted(opening: str, language: str) -> None:
    document = read(f"<p>{opening}</p>", language)

    assert document.author is None
    assert opening in document.body


@pytest.mark.parametrize(
    ("opening", "published"),
    [
        (
            "RENO, Nev., April 3, 2024 /PRNewswire/ -- Acme Corp today announced a new plant.",
            dt.date(2024, 4, 3),
        ),
        ("LONDON, March 4, 2025 /BUSINESS WIRE/--Acme Corp today opened an office.", dt.date(2025, 3, 4)),
        ("RENO, Nev. /PRNewswire/ -- Acme Corp today announced a new plant.", None),  # no date given
        ("The 24/7 helpline, open since March 4, 2025, took 900 calls / day -- a record.", None),
    ],
)
def test_a_press_releases_dateline_dates_it(opening: str, published: dt.date | None) -> None:
    document = read(f"<p>{opening}</p>")

    assert document.published == published
    assert opening in document.body  # quoted as written


def bbc(top: str) -> Document:
    page = (
        "<!DOCTYPE html><html><head><title>Storm knocks out power - BBC News</title>"
        '<meta property="og:site_name" content="BBC News"></head>'
        f"<body><article><h1>Storm knocks out power</h1>{top}{STORY}</article></body></html>"
    )
    return parse_bytes(page.encode(), filename="storm.html")


def test_a_byline_block_without_by_credits_its_name_and_is_not_quoted() -> None:
    document = bbc(
        '<div data-component="byline-block"><div><span>Kirsty Macleod</span></div>'
        "<div>BBC Scotland News, Kirkwall</div></div>"
    )

    assert document.author == "Kirsty Macleod"
    assert document.body.split("\n\n")[1].startswith("A powerful coastal storm")


def test_the_publishers_desk_line_is_not_quoted() -> None:
    document = bbc("<div>BBC Scotland News, Kirkwall</div>")

    assert document.body.split("\n\n")[1].startswith("A powerful coastal storm")


def test_a_byline_class_wrapped_around_the_story_keeps_it_quoted() -> None:
    page = (
        "<!DOCTYPE html><html><head><title>Storm knocks out power | Coastline News</title></head><body>"
        f'<article><h1>Storm knocks out power</h1><div class="byline-and-body"><p>Ann Lee</p>{STORY}</div>'
        "</article></body></html>"
    )

    assert "A powerful coastal storm" in parse_bytes(page.encode(), filename="storm.html").body


@pytest.mark.parametrize(
    ("line", "author"), [("By J.K. Rowling", "J.K. Rowling"), ("By Dr. Jane Doe", "Dr. Jane Doe")]
)
def test_joined_initials_or_a_title_do_not_end_the_name(line: str, author: str) -> None:
    document = read(f"<p>{line}</p>")

    assert document.author == author
    assert line not in document.body


@pytest.mark.parametrize(
    ("publisher", "line"),
    [
        ("The Guardian", "The Guardian view on storms"),
        ("BBC News", "BBC News presenter Huw Edwards to leave"),
        ("The Washington Post", "Washington Post owner Jeff Bezos"),
        ("BBC News", "BBC News, Kirkwall and Orkney council, Friday"),  # not a place after the comma
    ],
)
def test_a_line_about_the_publisher_is_quoted(publisher: str, line: str) -> None:
    head = f'<meta property="og:site_name" content="{publisher}">'

    assert line in read(f"<p>{line}</p>", head=head).body


def test_a_surname_that_is_an_addresses_ending_is_kept() -> None:
    head = '<meta name="author" content="Marieke van Es">'
    top = "<p>By Marieke van Es</p><p>Write to redactie@krant.es with tips.</p>"

    assert read(top, head=head).author == "Marieke van Es"


@pytest.mark.parametrize(
    "name", ["Md. Jahangir Alam", "Ma. Cristina Arayata", "Mohd. Farhan Darwis", "Maj. Gen. John Smith"]
)
def test_an_abbreviated_first_name_or_rank_is_part_of_the_name(name: str) -> None:
    document = read(f"<p>By {name}, June 5, 2024</p>")

    assert (document.author, document.published) == (name, dt.date(2024, 6, 5))


@pytest.mark.parametrize(
    ("line", "language", "author"),
    [
        ("By J. Doe. Additional reporting by Bo Chen.", "en", "J. Doe"),
        # A credit in another language after the name: not read as part of it, nor as a byline.
        ("Por M. López. Edición de Ana Ruiz.", "es", None),
        ("Par Jean-Luc M. Dupont. Photos de Anne Roy.", "fr", None),
    ],
)
def test_a_surnames_period_after_an_initial_ends_the_name(
    line: str, language: str, author: str | None
) -> None:
    from index.ingest.bylines import read_byline

    read = read_byline(line, language)

    assert (read.author if read is not None else None) == author


def test_a_middle_name_written_short_is_part_of_the_name() -> None:
    assert read("<p>By Jose Ma. Sison, Reuters</p>").author == "Jose Ma. Sison"
