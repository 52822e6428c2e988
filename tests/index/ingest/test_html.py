"""A news page as sites serve it: the article, its tables and lists, without the site around it."""

from __future__ import annotations

import json

import pytest

from index.ingest.chunking import chunk_text
from index.ingest.documents import parse_bytes
from index.ingest.html import TRAFILATURA_MAX_CHARS
from index.ingest.sentences import sentence_spans
from index.service import QAService

PARAGRAPHS = [
    "CARDIFF — A bacterium dug out of a sheep pasture has produced a new class of antibiotic that kills "
    "some of the most dangerous drug-resistant bacteria, researchers at Cardiff University said on Monday.",
    "The compound, which the team named glynmycin, was found in a soil sample collected by Megan Price, "
    "then a 19-year-old undergraduate volunteering on a citizen-science project.",
    "“We were not looking for a miracle. We were looking for something that worked,” said Professor Rhys "
    "Llewellyn, who led the study, adding that the team tested it against eleven species.",
    "In laboratory tests the compound killed every strain it was tried on, at doses that did not harm "
    "human cells. The results against the three most feared bacteria were as follows:",
]
TABLE = """<table><thead><tr><th>Bacterium</th><th>Result</th><th>Lowest effective dose</th></tr></thead>
<tbody><tr><td>MRSA</td><td>Killed</td><td>0.5 micrograms per millilitre</td></tr>
<tr><td>C. difficile</td><td>Killed</td><td>2 micrograms per millilitre</td></tr></tbody></table>"""
AFTER = [
    "Outside experts welcomed the work but warned that most promising compounds fail before they reach "
    "patients, and that human trials are at least five years away.",
    "The university has filed a patent on the compound and is looking for a partner to develop it.",
]


def news_page(code: str = "") -> str:
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS[:2])
    body += '<p>Read more: <a href="/story/9">School board delays vote on boundary changes</a></p>'
    body += '<p><a href="/people/rhys-llewellyn">Rhys Llewellyn</a> leads the team.</p>'  # a sentence
    body += '<blockquote class="pullquote"><p>“We were not looking for a miracle.”</p></blockquote>'
    body += "".join(f"<p>{p}</p>" for p in PARAGRAPHS[2:]) + TABLE
    body += "<ul><li>The compound was tested on mice.</li><li>Two of them fell ill.</li></ul>"
    body += "".join(f"<p>{p}</p>" for p in AFTER)
    return f"""<!doctype html><html lang="en"><head>
<title>Welsh hillside bacterium yields antibiotic | The Northern Ledger</title>
<meta name="author" content="Priya Raman"></head><body>
<nav><a href="/">Home</a> <a href="/science">Science</a></nav>
<div class="cookie">We use cookies and similar technologies. Manage your preferences.</div>
<article><h1>Welsh hillside bacterium yields antibiotic</h1>{body}</article>
<aside><h3>Get the Morning Briefing</h3><p>Sign up for our newsletter.</p></aside>
<footer>© The Northern Ledger</footer>{code}</body></html>"""


def test_a_table_is_read_row_by_row_each_row_naming_its_columns() -> None:
    document = parse_bytes(news_page().encode(), filename="antibiotic.html")

    row = "- Bacterium: MRSA; Result: Killed; Lowest effective dose: 0.5 micrograms per millilitre"
    assert row in document.body.splitlines()
    sentences = [document.body[s:e] for s, e in sentence_spans(document.body)]
    assert row in sentences  # a highlight can be the row
    assert "- The compound was tested on mice." in sentences  # and a list item


def test_numbered_steps_keep_their_numbers_each_step_a_sentence() -> None:
    steps = "<ol><li>Find the valve under the sink.</li><li>Turn it a quarter turn. Then wait.</li></ol>"
    page = news_page().replace(TABLE, steps)

    document = parse_bytes(page.encode(), filename="steps.html")

    assert "1. Find the valve under the sink.\n2. Turn it a quarter turn. Then wait." in document.body
    sentences = [document.body[s:e] for s, e in sentence_spans(document.body)]
    assert "1. Find the valve under the sink." in sentences
    assert "2. Turn it a quarter turn." in sentences and "Then wait." in sentences


@pytest.mark.parametrize(
    "wrapper", ["{}", "<html><body>{}</body></html>", "<html><body>{}<script>go()</script></body></html>"]
)
def test_a_small_pages_paragraphs_stay_apart_and_its_heading_out_of_them(wrapper: str) -> None:
    """Under 250 characters of article trafilatura took the whole page's text as one paragraph: the
    octopus was quoted as "Scripted The octopus has three hearts … It lives …"."""
    page = wrapper.format(
        "<h1>Scripted</h1><p>The octopus has three hearts and blue blood.</p><p>It lives among rocks.</p>"
    )

    document = parse_bytes(page.encode(), filename="octopus.html")

    assert document.title == "Scripted"
    blocks = [block.strip() for block in document.body.split("\n\n")]
    assert "The octopus has three hearts and blue blood." in blocks and "It lives among rocks." in blocks
    assert set(blocks) <= {
        "## Scripted",
        "The octopus has three hearts and blue blood.",
        "It lives among rocks.",
    }


def test_a_small_page_under_a_menu_keeps_its_paragraphs_apart_and_the_menu_out() -> None:
    menu = "".join(f"<a href='/s{n}'>Section {n}</a> " for n in range(30))
    notice = "<h1>Notice</h1><p>The pool is closed until 3 June.</p><p>It reopens on 4 June.</p>"
    page = f"<html><body><nav>{menu}</nav>{notice}</body></html>"

    document = parse_bytes(page.encode(), filename="notice.html")

    blocks = [block.strip() for block in document.body.split("\n\n")]
    assert "The pool is closed until 3 June." in blocks and "It reopens on 4 June." in blocks
    assert "Section 7" not in document.body


def test_a_header_shorter_than_its_rows_still_names_their_columns() -> None:
    table = (
        "<table><tr><th>Department</th><th>Budget</th></tr>"
        "<tr><td>Police</td><td>$14.8m</td><td>up 3%</td></tr></table>"
    )
    page = news_page().replace(TABLE, table)

    document = parse_bytes(page.encode(), filename="budget.html")

    assert "- Department: Police; Budget: $14.8m; up 3%" in document.body.splitlines()


def test_links_away_pull_quotes_and_the_site_around_the_article_are_left_out() -> None:
    document = parse_bytes(news_page().encode(), filename="antibiotic.html")

    assert "Read more" not in document.body and "School board" not in document.body
    assert "Rhys Llewellyn leads the team." in document.body
    assert document.body.count("We were not looking for a miracle") == 1
    for chrome in ("cookies", "Morning Briefing", "newsletter", "Home"):
        assert chrome not in document.body
    assert document.publisher == "The Northern Ledger"  # from the <title>, not the headline
    assert document.title == "Welsh hillside bacterium yields antibiotic"


def test_a_photos_caption_is_article_text_and_its_credit_is_not() -> None:
    caption = "Megan Price holds the soil sample near Brecon on 4 May 2023."
    figures = (
        f'<figure><img src="/soil.jpg" alt="A jar of soil"><figcaption>{caption} (Photo: Cardiff '
        "University)</figcaption></figure>"
        '<FIGURE><img src="/lab.jpg"><FIGCAPTION>Photo: Getty Images</FIGCAPTION></FIGURE>'
        '<figure><img src="/hill.jpg"><figcaption>Volunteers walk the hillside above Brecon where the sample '
        'was found. <span class="credit">Photo by Rhys Llewellyn/AP</span></figcaption></figure>'
    )
    page = news_page().replace(
        "<h1>Welsh hillside bacterium yields antibiotic</h1>",
        "<h1>Welsh hillside bacterium yields antibiotic</h1>" + figures,
    )

    document = parse_bytes(page.encode(), filename="antibiotic.html")

    paragraphs = document.body.split("\n\n")
    assert caption in paragraphs
    assert "Volunteers walk the hillside above Brecon where the sample was found." in paragraphs
    assert "Getty" not in document.body and "Photo" not in document.body


def test_a_quotations_speaker_in_its_footer_stays_with_it_and_the_pages_footer_does_not() -> None:
    quote = (
        "<blockquote><p>Antibiotics are the foundation of modern medicine.</p>"
        "<footer>— <cite>Dame Sally Davies, former chief medical officer</cite></footer></blockquote>"
    )
    page = news_page().replace(f"<p>{PARAGRAPHS[3]}</p>", f"{quote}<p>{PARAGRAPHS[3]}</p>")

    paragraphs = parse_bytes(page.encode(), filename="antibiotic.html").body.split("\n\n")

    speaker = paragraphs.index("— Dame Sally Davies, former chief medical officer")
    assert paragraphs[speaker - 1] == "Antibiotics are the foundation of modern medicine."
    assert not any("Northern Ledger" in paragraph for paragraph in paragraphs)


@pytest.mark.parametrize("opener", ["<script>var quote = '<blockquote>';</script>", "<!-- <blockquote> -->"])
def test_the_articles_own_footer_is_not_quoted(opener: str) -> None:
    bio = "Priya Raman is the science reporter of The Northern Ledger and can be reached on the news desk."
    page = (
        news_page()
        .replace("<h1>", f"{opener}<h1>")
        .replace("</article>", f"<footer><p>{bio}</p></footer></article>")
    )

    assert bio not in parse_bytes(page.encode(), filename="antibiotic.html").body


def test_a_quotation_closed_after_a_comment_on_a_turkish_page_leaves_the_pages_footer_out() -> None:
    page = (
        "<!doctype html><html lang='tr'><head><title>İSTANBUL'DA İLK KAR: İKİ İLÇEDE İKAZ</title></head>"
        "<body><div class='haber'><h1>İstanbul'da ilk kar yağdı</h1>"
        "<p>İstanbul'da mevsimin ilk karı dün gece yağdı "
        "ve sabah saatlerinde şehrin yüksek kesimlerinde trafikte aksamalara yol açtı.</p><blockquote><p>"
        "Vatandaşlarımızın zorunlu olmadıkça yola çıkmamalarını rica ediyoruz.</p><!-- alıntı sonu -->"
        "</blockquote><p>Meteoroloji, kar yağışının hafta sonuna kadar aralıklarla süreceğini bildirdi.</p>"
        "<footer>Gazete Marmara, Kadıköy Cad. No 12. Tüm hakları saklıdır.</footer></div></body></html>"
    )

    assert "Tüm hakları saklıdır" not in parse_bytes(page.encode(), filename="kar.html").body


def test_an_empty_comment_does_not_hide_a_quotations_speaker() -> None:
    quote = (
        "<blockquote><p>Antibiotics are the foundation of modern medicine.</p>"
        "<footer>— <cite>Dame Sally Davies</cite></footer></blockquote>"
    )
    page = news_page().replace("<article>", "<!--><article>").replace(f"<p>{PARAGRAPHS[3]}</p>", quote)

    assert "— Dame Sally Davies" in parse_bytes(page.encode(), filename="antibiotic.html").body


def test_a_caption_labelled_photo_that_describes_the_picture_is_kept() -> None:
    caption = "Photo: Volunteers clear rubble in Irpin on March 30, 2022"
    page = news_page().replace(
        TABLE, f"<figure><img src='/a.jpg'><figcaption>{caption}</figcaption></figure>"
    )

    document = parse_bytes(page.encode(), filename="irpin.html")

    assert caption in document.body


@pytest.mark.parametrize(
    "page",
    [
        news_page().replace(
            TABLE, "<table><tr><th>" + "word " * 400 + "</th></tr>" + "<tr><td>v</td></tr>" * 3000
        ),
        "<html><body><article>" + ("<table><tr><td>" + "word " * 200) * 80 + "end</article></body></html>",
    ],
    ids=["long-header-over-many-rows", "tables-nested-80-deep"],
)
def test_a_tables_text_grows_with_the_page_not_with_its_header_or_nesting(page: str) -> None:
    document = parse_bytes(page.encode(), filename="table.html")

    assert len(document.body) < 2 * len(page)


def test_a_page_made_large_by_inline_code_is_still_read_as_an_article() -> None:
    state = json.dumps({"ads": [{"slot": f"ad-{n}", "targeting": "x" * 60} for n in range(12_000)]})
    page = news_page(f'<script id="__NEXT_DATA__" type="application/json">{state}</script>')
    assert len(page) > TRAFILATURA_MAX_CHARS

    document = parse_bytes(page.encode(), filename="antibiotic.html")

    assert "cookies" not in document.body and "Morning Briefing" not in document.body
    assert "0.5 micrograms per millilitre" in document.body
    assert all("Read more" not in chunk.text for chunk in chunk_text(document.body))


def test_a_question_about_a_table_row_is_answered_with_that_row(service: QAService) -> None:
    service.add_bytes(news_page().encode(), "antibiotic.html", "cli")

    answer = service.ask("What is the lowest effective dose against MRSA?")

    assert answer.answered and answer.highlight is not None
    assert "0.5 micrograms per millilitre" in answer.highlight


STORY_LINES = [
    "HARLAN COUNTY — The county fair board voted on Wednesday night to cancel this year's poultry show "
    "after bird flu was confirmed in two flocks a few miles from the fairgrounds.",
    "About 85 young people had entered birds in the show, according to Linda Marsh, who runs the county's "
    "extension office and its 4-H programme.",
    "She said the extension office was working on an alternative event for young exhibitors later in the "
    "summer, once the state lifts its restrictions.",
]


@pytest.mark.parametrize("layout", ["div", "p"])
def test_paragraphs_a_page_separates_with_blank_lines_stay_apart(layout: str) -> None:
    """Old sites and CMS exports lay a story out with `<br><br>`: read as one paragraph, a passage began
    "She said…", apart from the sentence saying who she is."""
    story = "<br><br>\n".join(STORY_LINES)
    address = "<p>Harlan County Extension<br>12 Main Street<br>Harlan, KY</p>"
    html = (
        "<html><head><title>County fair cancels poultry show</title></head><body><article>"
        f"<h1>County fair cancels poultry show</h1><{layout}>{story}</{layout}>{address}"
        "</article></body></html>"
    )
    document = parse_bytes(html.encode(), filename="fair.html")

    paragraphs = document.body.split("\n\n")
    assert all(line in paragraphs for line in STORY_LINES)
    assert "Harlan County Extension 12 Main Street Harlan, KY" in document.body  # lines, no sentences
    assert not any(chunk.text.startswith("She said") for chunk in chunk_text(document.body))


def test_words_for_screen_readers_only_are_not_quoted() -> None:
    figure = (
        '<figure><img src="/ferry.jpg"><figcaption><span class="visually-hidden">Image caption, </span>'
        "The ferry was built in 1990 and is the oldest vessel in the island fleet.</figcaption></figure>"
    )
    page = news_page().replace(TABLE, figure)

    body = parse_bytes(page.encode(), filename="ferry.html").body

    assert "The ferry was built in 1990 and is the oldest vessel in the island fleet." in body.split("\n\n")
    assert "Image caption" not in body


def test_words_shown_from_a_breakpoint_on_are_kept() -> None:
    paragraph = '<p>The <span class="md:not-sr-only">council</span> voted to keep the clinic open.</p>'
    page = news_page().replace(TABLE, paragraph)

    assert "The council voted to keep the clinic open." in parse_bytes(page.encode(), filename="c.html").body


def test_a_doctype_with_declarations_of_its_own_is_not_quoted() -> None:
    """libxml2 ends a doctype at its first ">": the passage quoted began "]>"."""
    page = (
        '<!DOCTYPE html [<!ENTITY bee "bumblebee">]><html><body><article><p>Bumblebees keep flying in '
        "cold weather because they shiver their flight muscles.</p></article></body></html>"
    )
    document = parse_bytes(page.encode(), filename="bees.html")

    assert document.body.startswith("Bumblebees keep flying")
