"""A page's reference marks and a wire story's staff credits are not quoted as its text."""

from __future__ import annotations

import pytest

from index.ingest.documents import parse_bytes

LEAD = (
    "Rotterdam handled 4% less cargo in the first half, the port authority said on Wednesday, as weaker "
    "demand in Germany cut container traffic."
)
LAST = "Container volumes slipped 5.4%, the authority said, blaming slower global trade."


def page(paragraphs: str) -> bytes:
    return (
        "<html><head><title>Rotterdam cargo falls</title></head><body><article><h1>Rotterdam cargo falls</h1>"
        f"{paragraphs}</article></body></html>"
    ).encode()


def body_of(paragraphs: str) -> str:
    return parse_bytes(page(paragraphs), filename="port.html").body


def test_linked_reference_marks_are_not_quoted() -> None:
    body = body_of(
        f'<p>{LEAD}<a href="#cite_note-1">[1]</a></p>'
        '<p>It is Europe\'s largest port<a href="#cite_note-2">[2]</a>'
        '[<a href="/wiki/Citation_needed">citation needed</a>] and its busiest.</p>'
        f"<p>{LAST}</p>"
    )

    assert f"{LEAD}\n" in body
    assert "It is Europe's largest port and its busiest." in body


def test_a_wire_storys_staff_credits_are_not_its_last_paragraph() -> None:
    credits = "Reporting by Bart H. Meijer and Toby Sterling; Editing by Jason Neely and Mark Potter"
    body = body_of(f"<p>{LEAD}</p><p>{LAST}</p><p>{credits}</p>")

    assert "Editing by" not in body and "Reporting by" not in body
    assert body.rstrip().endswith(LAST)


def test_a_code_block_is_kept_as_written_and_inline_code_in_its_sentence() -> None:
    code = "build --remote_cache=https://cache.example.org\nbuild --remote_upload_local_results=true"
    body = body_of(
        f"<p>{LEAD}</p><p>Add two lines to <code>.bazelrc</code> to turn the cache on:</p>"
        f"<pre><code>{code}</code></pre><p>{LAST}</p>"
    )

    assert f"```\n{code}\n```" in body
    assert "Add two lines to .bazelrc to turn the cache on:" in body


@pytest.mark.parametrize(
    "chrome",
    [
        "A version of this article appears in print on March 9, 2023, Section A, Page 14.",
        "Source: Al Jazeera and news agencies",
        "© dpa-infocom, dpa:221205-99-789912/3",
        "This post may contain affiliate links. Please read my disclosure policy.",
        "Jenna Russell is the bureau chief for northern New England. More about Jenna Russell",
        "Lire aussi :",
        "Il vous reste 12 % de cet article à lire. La suite est réservée aux abonnés.",
    ],
    ids=[
        "print-edition",
        "source-line",
        "copyright-line",
        "affiliate-links",
        "bio",
        "pointer-label",
        "paywall",
    ],
)
def test_the_pages_own_lines_around_the_article_are_not_quoted(chrome: str) -> None:
    body = body_of(f"<p>{LEAD}</p><p>{LAST}</p><p>{chrome}</p>")

    assert chrome not in body
    assert body.rstrip().endswith(LAST)


@pytest.mark.parametrize(
    "sentence",
    [
        "Residents can learn more about the scheme at the port office.",
        "Copyright law changed in 2019, the authority said.",
        "Sources close to the board said the chief executive would stay.",
        "Research by the Resolution Foundation found that typical households lost 800 pounds a year.",
        "La grada norte estará reservada para abonados del club durante toda la temporada.",
        "Copyright 2023 changes mean artists can now sue over copies of their work.",
        "Visitors can read the letters in the new wing. More about Frida Kahlo.",
    ],
)
def test_sentences_that_only_look_like_those_lines_are_kept(sentence: str) -> None:
    body = body_of(f"<p>{LEAD}</p><p>{sentence}</p><p>{LAST}</p>")

    assert sentence in body


def test_a_captions_agency_credit_and_a_tweets_picture_link_are_not_quoted() -> None:
    caption = "A dredger works the harbour mouth on April 16, 2024"
    tweet = 'Reported this one in October. Still here. <a href="https://t.co/aB1">pic.twitter.com/aB1</a>'
    body = body_of(
        f"<p>{LEAD}</p><figure><img src='/d.jpg'><figcaption>{caption} [Asaad Niazi/AFP]</figcaption>"
        f"</figure><blockquote><p>{tweet}</p></blockquote><p>{LAST}</p>"
    )

    assert "Niazi" not in body and "pic.twitter.com" not in body
    assert caption in body and "Reported this one in October. Still here." in body


@pytest.mark.parametrize(
    "credit",
    ["Photo courtesy of the Millbrook Fire Department", "(John Smith/Getty Images)"],
)
def test_a_captions_credit_naming_an_institution_or_in_parentheses_is_not_quoted(credit: str) -> None:
    caption = "Volunteers fill sandbags on Elm Street."
    figure = f"<figure><img src='/d.jpg'><figcaption>{caption} {credit}</figcaption></figure>"
    body = body_of(f"<p>{LEAD}</p>{figure}<p>{LAST}</p>")

    assert caption in body and "Millbrook" not in body and "Getty" not in body


@pytest.mark.parametrize(
    "caption", ["Sales grew in every region (Europe/Asia)", "Picture: The Port of Rotterdam"]
)
def test_a_caption_or_paragraph_that_only_looks_like_a_credit_is_kept(caption: str) -> None:
    figure = f"<figure><img src='/d.jpg'><figcaption>{caption}</figcaption></figure>"
    body = body_of(f"<p>{LEAD}</p>{figure}<p>{LAST}</p>")

    assert caption in body


def test_a_footnotes_number_is_not_glued_to_its_sentence() -> None:
    noted = (
        'Rainfall was 40 percent above average.<sup><a href="#fn1">1</a></sup> Officials blamed warm seas.'
    )
    body = body_of(f"<p>{LEAD}</p><p>{noted}</p><p>{LAST}</p>")

    assert "Rainfall was 40 percent above average. Officials blamed warm seas." in body


def test_a_linked_table_number_stays_in_its_sentence() -> None:
    sentence = (
        'The totals are listed in Table <a href="#table-2">2</a> and drawn in Figure <a href="#f3">3</a>.'
    )
    body = body_of(f"<p>{LEAD}</p><p>{sentence}</p><p>{LAST}</p>")

    assert "listed in Table 2 and drawn in Figure 3." in body


def test_a_definition_lists_terms_stay_with_their_descriptions() -> None:
    details = (
        "<dl><dt>Date</dt><dd>Tuesday 14 November 2023</dd><dt>Venue</dt>"
        "<dd>Lindqvist Lecture Theatre, Murray Building</dd><dt>Cost</dt><dd>Free, but registration is "
        "required</dd></dl>"
    )
    body = body_of(f"<p>{LEAD}</p><h2>Event details</h2>{details}<p>{LAST}</p>")

    assert "- Venue: Lindqvist Lecture Theatre, Murray Building" in body.splitlines()
    assert "- Cost: Free, but registration is required" in body.splitlines()


def test_a_code_block_keeps_its_brackets_and_a_pdf_link_its_label() -> None:
    code = 'grid = [[0],[1],[2]]\nfirst = "abc"[0]'
    body = body_of(
        f"<p>{LEAD}</p><pre><code>{code}</code></pre>"
        f'<p>The full report <a href="/r.pdf">[PDF]</a> runs to 40 pages.</p><p>{LAST}</p>'
    )

    assert f"```\n{code}\n```" in body
    assert "The full report [PDF] runs to 40 pages." in body


@pytest.mark.parametrize(
    "slot",
    [
        '<amp-ad width="300" height="250" type="doubleclick"><div fallback>Advertisement</div></amp-ad>',
        '<div class="adthrive-ad"><p>Advertisement</p></div>',
        '<div class="ad"><p>Story continues below advertisement</p></div>',
    ],
)
def test_an_ad_slots_label_is_not_a_paragraph(slot: str) -> None:
    body = body_of(f"<p>{LEAD}</p>{slot}<p>{LAST}</p>")

    assert "dvertisement" not in body and LAST in body


def test_an_articles_own_label_reading_advertising_is_kept() -> None:
    labelled = f"<p>{LEAD}</p><p><strong>Advertising</strong></p><p>{LAST}</p>"

    body = body_of(labelled)

    assert "Advertising" in body


@pytest.mark.parametrize(
    ("block", "apart"),
    [
        (
            "<table><thead><tr><th>Depot</th><th>Opening hours</th></tr></thead><tbody><tr>"
            "<td>Elm Street</td><td>Monday to Friday<br>9am to 5pm</td></tr></tbody></table>",
            "Monday to Friday 9am to 5pm",
        ),
        ("<ul><li>Elm Street depot<br>Monday to Friday</li><li>Harbor Road depot</li></ul>", "depot Monday"),
    ],
)
def test_a_line_break_in_a_table_cell_or_list_item_keeps_its_words_apart(block: str, apart: str) -> None:
    assert apart in body_of(f"<p>{LEAD}</p>{block}<p>{LAST}</p>")


def test_a_docs_pages_permalink_marks_are_not_part_of_its_title_or_headings() -> None:
    html = (
        "<html><head><title>Configuring logging &mdash; Flaskery 2.3 documentation</title></head><body>"
        '<div role="main" class="document"><div itemprop="articleBody"><section id="configuring-logging">'
        '<h1>Configuring logging<a class="headerlink" href="#configuring-logging">¶</a></h1><p>Flaskery uses '
        "Python's standard logging module. The application logger is named flaskery.app, and it writes to "
        'standard error unless you configure it.</p><section id="basic"><h2>Basic configuration<a '
        'class="headerlink" href="#basic">¶</a></h2><p>Call logging.basicConfig() before creating the app, '
        "and set the level you want to see; the default is WARNING.</p></section></section></div></div>"
        "</body></html>"
    )
    document = parse_bytes(html.encode(), filename="logging.html")

    assert document.title == "Configuring logging"
    assert "## Basic configuration\n" in document.body and "¶" not in document.body


def test_a_saved_wiki_pages_edit_links_are_not_part_of_its_headings() -> None:
    html = (
        "<html><head><title>Vellmar Viaduct - Wikipedia</title></head><body>"
        "<div id='content' class='mw-body'><h1 id='firstHeading'>Vellmar Viaduct</h1>"
        "<div id='mw-content-text'><div class='mw-parser-output'><p>The <b>Vellmar Viaduct</b> is a stone "
        "railway viaduct near Vellmar in Hesse, Germany. It was built between 1846 and 1849 and is one of "
        "the oldest railway bridges in Germany still in use.</p>"
        '<h2><span class="mw-headline" id="History">History</span><span class="mw-editsection">'
        '<span class="mw-editsection-bracket">[</span><a href="/w/index.php?title=Vellmar_Viaduct&amp;'
        'action=edit&amp;section=1">edit</a><span class="mw-editsection-bracket">]</span></span></h2>'
        "<p>Construction began in 1846 under the engineer Georg Ludwig Rudolph. About 600 workers were "
        "employed at its peak. The viaduct was damaged by bombing in 1945 and repaired in 1947.</p>"
        "</div></div></div></body></html>"
    )

    assert "## History\n" in parse_bytes(html.encode(), filename="vellmar.html").body


def test_a_list_of_other_stories_under_the_article_is_not_its_end() -> None:
    more = (
        '<div data-component="links-block"><h2>More on this story</h2><ul><li><a href="/news/67890">Orkney '
        'ferries replacement plan backed</a><div class="date">Published 5 January</div></li></ul></div>'
    )
    body = body_of(f"<p>{LEAD}</p><p>{LAST}</p>{more}")

    assert body.rstrip().endswith(LAST) and "Orkney" not in body


@pytest.mark.parametrize(
    ("table", "row"),
    [
        (
            "<table><caption>Table 1: Rainfall by month</caption><thead><tr><th>Month</th><th>Rain (mm)</th>"
            "</tr></thead><tbody><tr><td>January</td><td>88</td></tr><tr><td>February</td><td>61</td></tr>"
            "</tbody></table>",
            "- Month: January; Rain (mm): 88",
        ),
        (
            '<table class="infobox"><tbody><tr><th colspan="2">Vellmar Viaduct</th></tr><tr><th>Carries</th>'
            "<td>Kassel–Warburg railway</td></tr><tr><th>Total length</th><td>412 m</td></tr>"
            "</tbody></table>",
            "| Carries | Kassel–Warburg railway |",
        ),
    ],
)
def test_a_tables_caption_or_title_row_does_not_name_its_columns(table: str, row: str) -> None:
    body = body_of(f"<p>{LEAD}</p>{table}<p>{LAST}</p>")

    assert row in body.splitlines(), body


def test_a_header_rows_empty_corner_cell_leaves_the_columns_named() -> None:
    table = (
        "<table><thead><tr><th></th><th>Population</th></tr></thead><tbody><tr><th>Hamburg</th>"
        "<td>1.9 million</td></tr><tr><th>Munich</th><td>1.5 million</td></tr></tbody></table>"
    )
    body = body_of(f"<p>{LEAD}</p>{table}<p>{LAST}</p>")

    assert "- Hamburg; Population: 1.9 million" in body.splitlines(), body


def test_a_bracketed_citation_number_is_kept() -> None:
    cited = 'Demand fell sharply last year (<a href="#ref12">12</a>), the authority said.'
    body = body_of(f"<p>{LEAD}</p><p>{cited}</p><p>{LAST}</p>")

    assert "last year (12), the authority" in body
