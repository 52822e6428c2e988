"""A page is dated and credited by its own story: not by a trending box's, a related card's or a
comment's date or byline (`index.ingest.other_stories`)."""

from __future__ import annotations

import datetime as dt

import pytest

from index.ingest.documents import Document, parse_bytes

STORY = "".join(
    f"<p>{text}</p>"
    for text in (
        "The city council voted on Tuesday to approve a new budget that raises spending on parks and "
        "libraries by twelve percent, the largest increase in a decade.",
        "Council members said the money would pay for longer opening hours at six branch libraries and "
        "for repairs to playgrounds damaged in last winter's storms.",
        "The budget now goes to the mayor, who has ten days to sign it or return it to the council.",
    )
)
ARTICLE = f"<article><h1>Council approves budget</h1>{STORY}</article>"
TRENDING = (
    '<div class="trending"><h2>Most read</h2><ul>'
    '<li><a href="/a">Mayor opens new ferry terminal</a> <time datetime="2019-03-02T10:00:00Z">2 March 2019'
    '</time></li><li><a href="/b">School board delays vote</a> <time datetime="2019-02-11">11 Feb 2019</time>'
    "</li></ul></div>"
)
CARD = (
    '<div class="card"><h3><a href="/x">Library hours cut again</a></h3>'
    '<p class="byline">By Bo Chen, June 27, 2021</p></div>'
)


def read(body: str) -> Document:
    page = (
        "<!doctype html><html><head><title>Council approves budget | Lakeside Gazette</title>"
        '<meta property="og:site_name" content="Lakeside Gazette"></head>'
        '<body><nav><a href="/">Home</a></nav>'
        f"{body}<footer>© The Gazette</footer></body></html>"
    )
    return parse_bytes(page.encode(), filename="page.html")


@pytest.mark.parametrize(
    "body",
    [
        TRENDING + ARTICLE,
        "<main><article><h1>Council approves budget</h1>" + STORY + '</article><aside class="most-read">'
        '<h2>Trending</h2><ol><li><a href="/a">Mayor opens new ferry terminal</a>'
        '<time datetime="2019-03-02">2 March 2019</time></li></ol></aside></main>',
        ARTICLE + '<section id="comments"><h2>Comments</h2><div class="comment"><span class="author">Bo Chen'
        '</span> <time datetime="2020-01-05">Jan 5, 2020</time><p>Great news for the library.</p></div>'
        "</section>",
        ARTICLE + '<section class="related-stories"><h2>More stories</h2><ul><li><a href="/x">Library hours '
        'cut again</a><span class="date">June 27, 2021</span></li></ul></section>',
    ],
    ids=["trending box above", "most-read aside", "reader's comment", "related list"],
)
def test_other_stories_dates_do_not_date_an_undated_article(body: str) -> None:
    document = read(body)

    assert document.published is None


@pytest.mark.parametrize(
    "body",
    [
        f'<main>{ARTICLE}<section class="related"><h2>Related</h2>{CARD}</section></main>',
        f"<article><h1>Council approves budget</h1>{STORY}{CARD.replace('card', 'related-card')}</article>",
    ],
    ids=["below the article", "inside the article"],
)
def test_a_related_card_neither_credits_nor_dates_the_page(body: str) -> None:
    document = read(body)

    assert (document.author, document.published) == (None, None)


def test_the_articles_own_dateline_dates_it_beside_a_trending_box() -> None:
    body = TRENDING + ARTICLE.replace("</h1>", '</h1><p class="dateline">Published June 5, 2024</p>')

    assert read(body).published == dt.date(2024, 6, 5)


@pytest.mark.parametrize(
    "body",
    [
        # A commentary is an article, not comments.
        '<div class="commentary-body"><h1>Council approves budget</h1><p class="byline">By Jane Doe, '
        "June 5, 2024</p>" + STORY + "</div>",
        # A theme's byline set in an aside of the article's own.
        '<article><h1>Council approves budget</h1><aside class="byline">By Jane Doe, June 5, 2024</aside>'
        + STORY
        + "</article>",
    ],
    ids=["commentary", "aside byline"],
)
def test_the_articles_own_byline_still_credits_and_dates_it(body: str) -> None:
    document = read(body)

    assert (document.author, document.published) == ("Jane Doe", dt.date(2024, 6, 5))


def test_a_box_holding_the_article_is_read_whatever_its_class() -> None:
    body = (
        '<div class="sidebar-layout"><article><h1>Council approves budget</h1><p class="dateline">June 5, '
        "2024</p>" + STORY + "</article></div>"
    )

    assert read(body).published == dt.date(2024, 6, 5)


def test_a_date_in_the_articles_own_aside_dates_it() -> None:
    body = ARTICLE.replace(
        "</h1>", "</h1><aside class='article-info'><time datetime='2023-12-18'>Dec. 18, 2023</time></aside>"
    )

    assert read(body).published == dt.date(2023, 12, 18)


@pytest.mark.parametrize("box", ["<div class='popular-science-story'>", "<div id='related-content'>"])
def test_a_story_in_a_box_named_like_other_stories_keeps_its_date(box: str) -> None:
    body = f"{box}<p>Updated <time datetime='2023-12-18T10:00:00Z'>Monday</time></p>{STORY}</div>"

    assert read(body).published == dt.date(2023, 12, 18)


def test_a_blogger_post_in_its_widget_keeps_its_author_and_date() -> None:
    archive = "".join(
        f'<li><a href="/2021/{n:02}/post.html">Post {n} of the year on plot 14</a></li>' for n in range(60)
    )
    page = (
        "<!DOCTYPE html><html><head><title>Allotment Diary: First frost</title></head><body>"
        '<div class="widget Blog" id="Blog1"><h2 class="date-header"><span>Sunday, 14 November 2021</span>'
        '</h2><h3 class="post-title entry-title">First frost</h3><div class="post-body entry-content">'
        "<p>The first "
        "frost came last night and took the last of the dahlias; I lifted the tubers this morning.</p></div>"
        '<div class="post-footer"><span class="post-author vcard">Posted by <span class="fn">Margaret Hale'
        '</span></span> at <abbr class="published" title="2021-11-14T09:12:00Z">09:12</abbr></div></div>'
        '<div class="sidebar section"><div class="widget BlogArchive"><h2>Blog Archive</h2>'
        f"<ul>{archive}</ul></div></div></body></html>"
    )

    document = parse_bytes(page.encode(), filename="blog.html")

    assert (document.author, document.published) == ("Margaret Hale", dt.date(2021, 11, 14))


def test_a_pages_scripts_do_not_count_as_its_text() -> None:
    state = '<script type="application/json">{"ads": "' + "x" * 3000 + '"}</script>'
    body = (
        "<div class='popular-science-story'><p>Updated <time datetime='2023-12-18T10:00:00Z'>Monday</time>"
        f"</p>{STORY}</div>{state}"
    )

    assert read(body).published == dt.date(2023, 12, 18)


def test_an_aside_in_the_article_holding_its_byline_credits_it() -> None:
    body = ARTICLE.replace(
        "</h1>",
        "</h1><aside class='story-rail'><div class='c-byline'>By Jane Doe</div>"
        "<time datetime='2023-12-18T10:00:00Z'>Dec. 18, 2023</time></aside>",
    )

    document = read(body)

    assert (document.author, document.published) == ("Jane Doe", dt.date(2023, 12, 18))


def test_a_layouts_sidebar_class_on_the_posts_wrapper_keeps_its_date() -> None:
    comments = "<div class='comment'><p>" + "A long reader's comment about the budget. " * 40 + "</p></div>"
    body = (
        '<div class="container sidebar-right"><div class="post"><h2>Council approves budget</h2>'
        f"<p>Posted <time datetime='2021-05-04T10:00:00Z'>Tuesday</time></p>{STORY}</div></div>{comments}"
    )

    assert read(body).published == dt.date(2021, 5, 4)


def test_a_page_of_more_elements_than_are_looked_at_is_read_whole() -> None:
    icons = '<svg style="display:none">' + "<g></g>" * 60_000 + "</svg>"
    body = (
        f'<div class="sidebar">{icons}<h1>Council approves budget</h1><p>Posted <time datetime="2021-05-04">'
    )
    body += f"Tuesday</time></p>{STORY}</div>"

    assert read(body).published == dt.date(2021, 5, 4)


def test_related_cards_written_as_articles_neither_credit_nor_date_the_page() -> None:
    cards = (
        '<section class="related-stories"><h2>Related</h2><article class="card"><h3><a href="/x">Library '
        'hours cut again</a></h3><p class="byline">By Bo Chen</p><time datetime="2019-03-02">2 March 2019'
        "</time></article></section>"
    )

    document = read(ARTICLE + cards)

    assert (document.author, document.published) == (None, None)


COMMENTS = (
    "<div class='comments'>" + "<div class='comment'><p>" + "A reader's long reply. " * 30 + "</p></div>" * 6
)
COMMENTS += "</div>"


@pytest.mark.parametrize("wrapper", ['<div id="recommended-layout">', '<div class="popular-theme">'])
def test_a_story_in_a_layout_named_like_other_stories_keeps_its_byline_and_date(wrapper: str) -> None:
    story = (
        "<article><h2>Council approves budget</h2><p class='byline'>By Jane Doe</p>"
        f"<p>Posted <time datetime='2021-05-04T10:00:00Z'>Tuesday</time></p>{STORY}</article>"
    )
    body = wrapper + story + "</div>"

    document = read(body + COMMENTS)

    assert (document.author, document.published) == ("Jane Doe", dt.date(2021, 5, 4))


def test_a_date_shown_in_the_breadcrumb_dates_the_page() -> None:
    crumbs = (
        "<nav class='breadcrumb'><a href='/'>Home</a> › <time datetime='2021-05-04'>4 May 2021</time></nav>"
    )

    assert read(crumbs + ARTICLE).published == dt.date(2021, 5, 4)


@pytest.mark.parametrize("box", ["related-content", "comments-wrap", "trending-container"])
def test_a_box_of_other_stories_named_with_a_wrappers_word_is_still_left_out(box: str) -> None:
    cards = (
        f'<div class="{box}"><div class="card"><h3><a href="/x">Library hours cut again</a></h3>'
        '<p class="byline">By Bo Chen</p><time datetime="2019-03-02">2 March 2019</time></div></div>'
    )

    document = read(ARTICLE + cards)

    assert (document.author, document.published) == (None, None)


TEASER = (
    "A long teaser paragraph that summarises another story at great length so that readers click on it, "
    "describing the ferry terminal, its cost overruns, the contractors involved and the mayor's remarks."
)
SHORT_ARTICLE = (
    "<article><h1>Council approves budget</h1><p>The council approved the budget on Tuesday.</p>"
    "<p>The mayor has ten days to sign it.</p><ul>" + f"<li>{TEASER}</li>" * 5 + "</ul></article>"
)


@pytest.mark.parametrize(
    "box",
    [
        '<div class="most-read"><h2>Most read</h2><div class="item">'
        f'<p>{TEASER}</p><p>{TEASER}</p><span class="byline">By Bo Chen</span> '
        '<time datetime="2019-03-02T10:00:00Z">2 March 2019</time></div></div>',
        '<section id="comments"><h2>Comments</h2><div class="comment"><span class="author">Bo Chen</span> '
        f'<time datetime="2020-01-05">Jan 5, 2020</time><p>{TEASER}</p><p>{TEASER}</p></div></section>',
    ],
    ids=["long teasers", "one long comment"],
)
def test_a_box_holding_more_paragraphs_than_a_short_article_does_not_credit_or_date_it(box: str) -> None:
    document = read(SHORT_ARTICLE + box)

    assert (document.author, document.published) == (None, None)


def test_related_article_cards_beside_a_post_without_story_parts_do_not_date_it() -> None:
    cards = (
        '<div class="related"><h3>Related</h3><article class="card"><h3><a href="/x">Library hours cut '
        'again</a></h3><p class="byline">By Bo Chen</p><time datetime="2021-06-27">June 27, 2021</time>'
        "</article></div>"
    )

    document = read(f'<div class="post"><h2>Council approves budget</h2>{STORY}</div>{cards}')

    assert (document.author, document.published) == (None, None)


def test_a_box_at_the_root_of_a_fragment_is_read_without_error() -> None:
    import lxml.html

    from index.ingest.other_stories import without_other_stories

    assert without_other_stories(lxml.html.fragment_fromstring('<div class="related"></div>')) is not None


def test_an_html_comment_is_no_text_of_the_page() -> None:
    import lxml.html

    from index.ingest.other_stories import without_other_stories

    # The story sits in a box named like other stories, written without paragraphs: it is kept as over
    # half the page's text, which a long comment in the markup must not outweigh.
    story = "The city council voted on Tuesday to approve a new budget for parks and libraries.<br>" * 4
    page = f"<html><body><div class='related-story'>{story}</div><!-- {'x' * 5000} --></body></html>"

    pruned = without_other_stories(lxml.html.document_fromstring(page))

    assert "The city council voted" in pruned.text_content()
