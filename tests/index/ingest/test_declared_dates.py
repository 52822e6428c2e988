"""A page is dated by the publication date it declares for machines (meta tags, schema.org), not by a
`<time>` elsewhere on it or the date it was last modified."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from index.ingest.documents import parse_bytes

STORY = (
    "<p>A powerful coastal storm knocked out electricity to more than 80,000 homes and businesses across the "
    "region on Monday, bringing wind gusts of up to 70 mph and flooding several low-lying roads.</p>"
    "<p>Utility crews had restored power to about half of those customers by Monday evening. Full "
    "restoration could take until Wednesday, a spokesperson for Tidewater Electric said.</p>"
)
RELATED = (
    '<section class="more"><h2>More on this story</h2><ul><li><a href="/x">Ferry boss resigns</a> '
    '<time datetime="2023-06-27">27 Jun 2023</time></li></ul></section>'
)


def page(head: str, after: str = "") -> bytes:
    return (
        f"<!DOCTYPE html><html lang='en'><head><title>Storm knocks out power | Coastline News</title>{head}"
        f"</head><body><article><h1>Storm knocks out power</h1>{STORY}</article>{after}</body></html>"
    ).encode()


def json_ld(data: object) -> str:
    return f'<script type="application/ld+json">{json.dumps(data)}</script>'


@pytest.mark.parametrize(
    "head",
    [
        # JavaScript's toISOString(), as many sites write it: htmldate passed over it as a phone number.
        '<meta property="article:published_time" content="2024-08-06T10:31:15.000Z">',
        '<meta itemprop="datePublished" content="2024-08-06T10:31:15.000+01:00">',
        json_ld(
            {
                "@context": "https://schema.org",
                "@graph": [{"@type": "WebSite"}, {"datePublished": "2024-08-06"}],
            }
        ),
    ],
    ids=["meta-with-milliseconds", "microdata", "json-ld-graph"],
)
def test_the_declared_publication_date_wins_over_a_related_storys_time(head: str) -> None:
    assert parse_bytes(page(head, after=RELATED), filename="storm.html").published == dt.date(2024, 8, 6)


@pytest.mark.parametrize("modified", ["article:modified_time", "og:updated_time"])
def test_a_json_ld_publication_date_wins_over_a_meta_modification_date(modified: str) -> None:
    head = json_ld({"@type": "NewsArticle", "datePublished": "2023-12-18T05:40:00Z"}) + (
        f'<meta property="{modified}" content="2024-01-05T10:00:00Z">'
    )

    assert parse_bytes(page(head), filename="storm.html").published == dt.date(2023, 12, 18)


@pytest.mark.parametrize(
    "broken",
    ['{"datePublished": "2024-08-06"', "[" * 100_000, json.dumps({"datePublished": "not a date"})],
    ids=["cut-short", "nested-past-recursion", "no-date"],
)
def test_broken_json_ld_leaves_the_page_dated_by_its_other_marks(broken: str) -> None:
    head = f'<script type="application/ld+json">{broken}</script>'
    head += '<meta property="article:modified_time" content="2024-01-05T10:00:00Z">'

    assert parse_bytes(page(head), filename="storm.html").published == dt.date(2024, 1, 5)


def test_a_readers_comment_does_not_date_the_article_it_is_under() -> None:
    head = json_ld({"@type": "NewsArticle", "datePublished": "2024-03-01T09:00:00Z"})
    comment = (
        '<section class="comments"><div itemscope itemtype="https://schema.org/Comment"><time '
        'itemprop="datePublished" datetime="2024-05-09">9 May 2024</time><p itemprop="text">Great piece.</p>'
        "</div></section>"
    )
    comment += json_ld({"@type": "Comment", "datePublished": "2024-05-10"})

    assert parse_bytes(page(head, after=comment), filename="storm.html").published == dt.date(2024, 3, 1)
