"""What a saved news page is credited as: its own address, the people in its byline, the date it shows."""

from __future__ import annotations

import datetime as dt

import pytest

from index.ingest.documents import parse_bytes
from index.ingest.page_identity import site_name
from index.ingest.page_metadata import credited_authors

STORY = "".join(
    f"<p>{p}</p>"
    for p in (
        "WASHINGTON — The Federal Reserve held interest rates steady on Wednesday but signalled it still "
        "expects to raise borrowing costs once more this year, as policymakers weighed slowing inflation.",
        "The central bank kept its benchmark overnight rate in the range of 5.25% to 5.50%, where it has "
        "been since July, in a decision that was approved unanimously by the committee's voting members.",
        "New projections released with the statement showed most policymakers expect one more quarter-point "
        "increase before the end of the year, while seven expect no further rise at all.",
    )
)


def page(head: str = "", byline: str = "", site: str = "Lakeside Gazette") -> bytes:
    return (
        f"<!doctype html><html><head><title>Fed holds rates steady | {site}</title>"
        f'<meta property="og:site_name" content="{site}">{head}</head><body><nav><a href="/">Home</a></nav>'
        f"<article><h1>Fed holds rates steady</h1>{byline}{STORY}</article>"
        "<footer>© The Gazette</footer></body></html>"
    ).encode()


@pytest.mark.parametrize(
    ("byline", "site", "credited"),
    [
        ('<p class="byline">By Howard Schneider and Ann Saphir, Reuters</p>', "Lakeside Gazette", None),
        (
            '<div class="byline"><div class="name">By Kirsty Macleod</div>'
            '<div class="where">BBC Scotland News, Kirkwall</div></div>',
            "BBC News",
            "Kirsty Macleod",
        ),
        (
            '<p class="byline">By Margaret Ostrowski, Staff Writer</p>',
            "Lakeside Gazette",
            "Margaret Ostrowski",
        ),
    ],
    ids=["news-agency", "desk-and-place", "job-title"],
)
def test_a_byline_credits_its_people_not_their_job_desk_or_agency(
    byline: str, site: str, credited: str | None
) -> None:
    document = parse_bytes(page(byline=byline, site=site), filename="fed.html")

    assert document.author is not None
    for words in ("Reuters", "Staff Writer", "Kirkwall", "Scotland"):
        assert words not in document.author
    if credited is not None:
        assert document.author == credited
    else:
        assert "Howard Schneider" in document.author and "Ann Saphir" in document.author


def test_the_canonical_link_is_the_pages_address_not_the_shared_one_with_tracking() -> None:
    head = (
        '<link rel="canonical" href="https://www.gazette.example/business/fed-holds">'
        '<meta property="og:url" content="https://gazette.example/business/fed-holds?utm_source=facebook">'
    )
    document = parse_bytes(page(head=head), filename="fed.html")

    assert document.url == "https://www.gazette.example/business/fed-holds"


@pytest.mark.parametrize(
    "dateline",
    ["<time>Dec. 5, 2022, 3:14 p.m. ET</time>", '<p class="dateline">Dec. 5, 2022, 3:14 p.m. ET</p>'],
    ids=["time-element-without-datetime", "dateline-paragraph"],
)
def test_a_date_the_page_shows_only_as_text_is_its_date(dateline: str) -> None:
    document = parse_bytes(
        page(byline=f"<p>By Emily Cochrane and Jesse McKinley</p>{dateline}"), filename="fed.html"
    )

    assert document.published == dt.date(2022, 12, 5)


def test_a_date_in_a_sentence_of_the_story_is_not_taken_for_the_pages() -> None:
    """ "Back in 2007…": only a line that is a date is one; the story's sentences are not read for it."""
    story = page().replace(b"on Wednesday", b"on Dec. 5, 2022,")

    assert parse_bytes(story, filename="fed.html").published is None


def test_the_byline_and_date_lines_credit_the_page_and_are_not_its_first_passage() -> None:
    byline = '<p>Words by Chiara Benedetti</p><div class="when">27 February 2024</div>'
    document = parse_bytes(page(byline=byline), filename="fed.html")

    assert (document.author, document.published) == ("Chiara Benedetti", dt.date(2024, 2, 27))
    assert document.body.lstrip("# ").startswith(("Fed holds rates steady", "WASHINGTON"))
    assert "Words by" not in document.body and "27 February 2024" not in document.body


@pytest.mark.parametrize(
    ("box", "words"),
    [
        (
            '<div class="Newsletter_box"><div class="Newsletter_text">Sign up for our weekly newsletter and '
            'get stories like this one in your inbox every Sunday.</div><div class="Button">Subscribe</div>'
            "</div>",
            ("newsletter", "inbox"),
        ),
        (
            '<div class="paywall"><h3>Thank you for reading!</h3><p>Please log in, or sign up for a new '
            "account and purchase a subscription to continue reading.</p></div>",
            ("subscription", "Thank you for reading"),
        ),
        (
            '<div class="kg-callout-card"><div class="kg-callout-text">Enjoying the Ledger? Forward this '
            'email to a colleague, or <a href="/subscribe">subscribe here</a> to get it every Monday.</div>'
            "</div>",
            ("Forward this email", "subscribe here"),
        ),
    ],
    ids=["newsletter-built-of-divs", "paywall", "newsletter-forwarding-box"],
)
def test_a_box_asking_the_reader_to_sign_up_is_not_part_of_the_article(
    box: str, words: tuple[str, str]
) -> None:
    document = parse_bytes(page().replace(b"</article>", box.encode() + b"</article>"), filename="fed.html")

    assert words[0] not in document.body and words[1] not in document.body
    assert "seven expect no further rise at all." in document.body


def test_a_timelines_date_headings_stay_and_do_not_date_the_page() -> None:
    entries = "".join(
        f"<h2>{day}</h2><p>{text}</p>"
        for day, text in (
            (
                "February 24, 2022",
                "Russia launched a full-scale invasion of Ukraine before dawn, with strikes.",
            ),
            (
                "March 2, 2022",
                "The United Nations General Assembly demanded that Russia withdraw its troops.",
            ),
        )
    )
    html = f"<html><head><title>Timeline of the war</title></head><body><article>{entries}</article></body>"
    document = parse_bytes(html.encode(), filename="timeline.html")

    assert "## February 24, 2022" in document.body and document.published is None


@pytest.mark.parametrize(
    ("people", "publisher"),
    [("Ana María de la Torre", "La Vanguardia"), ("Ahmed Ali Al Omran", "Al Arabiya English")],
)
def test_a_name_sharing_a_word_with_the_publisher_is_kept_whole(people: str, publisher: str) -> None:
    assert credited_authors(people, publisher) == people


@pytest.mark.parametrize(
    ("head", "byline", "credited"),
    [
        ("", "<p>By Katarzyna Nowak, Piotr Lewandowski and Joanna Zielińska</p>", None),
        (
            "",
            '<p class="byline">By <a rel="author" href="/a/kn">Katarzyna Nowak</a>, <a rel="author" '
            'href="/a/pl">Piotr Lewandowski</a> and <a rel="author" href="/a/jz">Joanna Zielińska</a></p>',
            None,
        ),
        (
            '<meta name="author" content="KATARZYNA NOWAK">',
            '<div class="Page-byline">BY <a href="/a/kn">KATARZYNA NOWAK</a> and <a href="/a/pl">PIOTR '
            "LEWANDOWSKI</a></div>",
            "Katarzyna Nowak and Piotr Lewandowski",
        ),
        ('<meta name="author" content="By Dana Kowalczyk dkowalczyk@gazette.com">', "", "Dana Kowalczyk"),
        ("", '<p class="author">Автор: <a href="/a/om">Оксана Мельник</a></p>', "Оксана Мельник"),
    ],
    ids=["comma-list", "author-links", "wire-capitals", "e-mail-in-meta", "cyrillic-label"],
)
def test_every_author_is_credited_by_name_alone(head: str, byline: str, credited: str | None) -> None:
    document = parse_bytes(page(head=head, byline=byline), filename="fed.html")

    if credited is None:
        for name in ("Katarzyna Nowak", "Piotr Lewandowski", "Joanna Zielińska"):
            assert name in (document.author or "")
    else:
        assert document.author == credited


def test_a_json_ld_page_name_beside_the_headline_is_not_the_publisher() -> None:
    graph = (
        '<script type="application/ld+json">{"@context": "https://schema.org", "@graph": ['
        '{"@type": "WebPage", "name": "Fed holds rates steady - Coastline Chronicle"},'
        '{"@type": "WebSite", "name": "Coastline Chronicle"}]}</script>'
    )
    html = page(head=graph).replace(b'<meta property="og:site_name" content="Lakeside Gazette">', b"")
    html = html.replace(
        b"Fed holds rates steady | Lakeside Gazette", b"Fed holds rates steady - Coastline Chronicle"
    )

    assert parse_bytes(html, filename="fed.html").publisher == "Coastline Chronicle"


def test_the_title_names_the_publisher_where_trafilatura_falls_back_on_the_host_name() -> None:
    html = page(site="Ministry of Environment and Water").replace(
        b'<meta property="og:site_name" content="Ministry of Environment and Water">', b""
    )

    document = parse_bytes(html, filename="fed.html", url="https://gov.example/news/fed-holds-rates-steady")

    assert document.publisher == "Ministry of Environment and Water"


@pytest.mark.parametrize(
    ("title", "head"),
    [
        # A social headline longer than the page's own: the <title> named the site, and none was found.
        (
            "Fed holds rates steady | Coastline News",
            '<meta property="og:title" content="Fed holds rates steady on jobs">',
        ),
        ("Fed holds rates steady | Economy | Coastline News", ""),  # headline, section, site
    ],
)
def test_the_publisher_is_the_far_end_of_the_title_from_the_headline(title: str, head: str) -> None:
    html = page(head=head).replace(b'<meta property="og:site_name" content="Lakeside Gazette">', b"")
    html = html.replace(b"Fed holds rates steady | Lakeside Gazette", title.encode())

    assert parse_bytes(html, filename="fed.html").publisher == "Coastline News"


@pytest.mark.parametrize(
    ("title", "url", "headline"),
    [
        ("Vellmar Viaduct - Wikipedia", "https://en.wikipedia.org/wiki/Vellmar_Viaduct", "Vellmar Viaduct"),
        ("Fed holds rates steady - Lakeside Gazette", "https://news.example/fed", "Fed holds rates steady"),
        ("Budget 2024 - what changes", "https://news.example/budget", "Budget 2024 - what changes"),
    ],
    ids=["site-in-the-host-name", "the-publisher", "a-headline-with-a-dash"],
)
def test_the_title_is_the_headline_without_the_sites_name(title: str, url: str, headline: str) -> None:
    html = page(head=f'<meta property="og:title" content="{title}">')

    assert parse_bytes(html, filename="fed.html", url=url).title == headline


def test_a_wire_storys_rule_and_trailer_are_not_part_of_the_article() -> None:
    trailer = (
        "<p>___</p><p>Follow AP’s coverage of the war in Ukraine at "
        '<a href="https://apnews.com/hub/russia-ukraine">https://apnews.com/hub/russia-ukraine</a></p>'
    )
    document = parse_bytes(
        page().replace(b"</article>", trailer.encode() + b"</article>"), filename="fed.html"
    )

    assert "___" not in document.body and "Follow AP" not in document.body
    assert document.body.rstrip().endswith("seven expect no further rise at all.")


@pytest.mark.parametrize(
    "sentence",
    [
        "Students who register before May 1 get unlimited access to the gym and pool.",
        "The Times said new subscribers would get unlimited digital access for $1 a week.",
    ],
)
def test_a_news_sentence_about_subscribers_is_not_taken_for_a_paywall(sentence: str) -> None:
    story = f"<p>{sentence}</p><p>The offer ends in June, the council said.</p></article>"
    document = parse_bytes(page().replace(b"</article>", story.encode()), filename="fed.html")

    assert sentence in document.body


@pytest.mark.parametrize(
    "aside",
    [
        '<aside><ul><li><a href="/s1">Port strike ends</a> by <a rel="author" href="/a/bo">Bo Chen</a></li>'
        '<li><a href="/s2">Bridge closed</a> by <a rel="author" href="/a/cy">Cy Day</a></li></ul></aside>',
        '<aside><div class="card"><a href="/s1">Port strike ends</a>'
        '<span class="byline">By Ann Lee and Bo Chen</span></div></aside>',
    ],
    ids=["author-links", "byline-on-a-card"],
)
def test_a_related_storys_authors_are_not_the_articles(aside: str) -> None:
    html = page(
        head='<meta name="author" content="Ann Lee">',
        byline='<div class="byline">By <a rel="author" href="/a/ann">Ann Lee</a></div>',
    ).replace(b"</body>", aside.encode() + b"</body>")

    assert parse_bytes(html, filename="fed.html").author == "Ann Lee"


@pytest.mark.parametrize(
    "name",
    ["José Ortega y Gasset", "Juan Carlos del Río", "Karl Theodor zu Guttenberg", "Von der Leyen Ursula"],
)
def test_a_name_with_a_lower_case_particle_is_credited_whole(name: str) -> None:
    assert credited_authors(name, "Lakeside Gazette") == name


@pytest.mark.parametrize(
    ("byline", "credited"),
    [("Par Camille Roussel", "Camille Roussel"), ("Door Eva de Vries", "Eva de Vries"), ("Par", None)],
)
def test_by_in_other_languages_is_not_part_of_the_name(byline: str, credited: str | None) -> None:
    assert credited_authors(byline, "Lakeside Gazette") == credited


@pytest.mark.parametrize("byline", ["Jane Doe; June 5", "Jane Doe; 5 June", "Jane Doe; Dec. 18th"])
def test_a_bylines_day_and_month_are_no_second_author(byline: str) -> None:
    assert credited_authors(byline, "Lakeside Gazette") == "Jane Doe"


def test_a_name_that_is_a_month_is_a_name() -> None:
    assert credited_authors("June Carter; May Li", "Lakeside Gazette") == "June Carter; May Li"


def test_a_headline_holding_a_dash_names_no_publisher() -> None:
    title = "Storm Ciarán latest - thousands without power"
    html = f"<html><head><title>{title}</title></head><body></body></html>"

    assert site_name(None, title, html) is None
    assert site_name("coastline.example", title, html) == "coastline.example"


@pytest.mark.parametrize(
    "name", ["Ana del Mar", "Kim Dae Jun", "Pieter de Jan", "Larry Writer", "Tom Critic"]
)
def test_a_name_ending_like_a_month_or_a_job_is_credited_whole(name: str) -> None:
    assert credited_authors(name, "Lakeside Gazette") == name


@pytest.mark.parametrize("author", ["Business Reporter; Jane Whitfield", "Jane Whitfield; Political Editor"])
def test_a_job_beside_a_name_is_no_author(author: str) -> None:
    assert credited_authors(author, None) == "Jane Whitfield"


def test_a_headline_written_with_another_dash_names_no_publisher() -> None:
    html = "<html><head><title>Storm Ciarán latest – thousands without power</title></head></html>"

    assert site_name(None, "Storm Ciarán latest - thousands without power", html) is None
