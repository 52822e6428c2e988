"""A news page's text, pasted or scraped: credited from its byline, quoted without the page around it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from index.ingest.documents import parse_bytes
from index.service import QAService

# A page as a browser copies it: menu, headline, byline, caption and notices, the article with its
# section headings, an inserted pointer and advert, then the author's appeal and the newsletter form.
PAGE_TEXT = """Skip to content
Sections
Business

Grain corridor reopens as first ships leave Odesa

By Jane Doe and John Roe, Harbour Times December 2, 2023 8:15 AM 4 min read
Cargo ships wait outside the port of Odesa on Nov. 30, 2023. (Photo: Port of Odesa)
Listen to this article

Support local journalism. Subscribe today for full access.

Become a member Donate once

Sign up for our free newsletter today.

ODESA, Ukraine - The Black Sea grain corridor reopened on Saturday after navy divers cleared its mines.

The first convoy carried 120,000 tonnes of wheat bound for Egypt, port officials said.

Exports

Ukraine exported 33 million tonnes of grain under the earlier deal, according to the United Nations.

Read also: Wheat prices fall to a three-year low

Advertisement

Get the Harbour Times morning briefing in your inbox.

Insurers have cut the premium for ships calling at Odesa by half since October.

Note from the author:

Hello! I have covered the port for ten years, and your support keeps this reporting free for everyone to read.

Support local journalism. Subscribe today for full access.
Every dollar keeps our newsroom independent, and it only takes a minute.
Editors' Picks
Enter your email to subscribe
* indicates required
* indicates required
"""


NOTE_FROM_THE_AUTHOR = """Note from the author:

Hello! I have covered the port for ten years, and your support keeps this reporting free for everyone to read.

"""


@pytest.mark.parametrize("note", [True, False], ids=["with-end-marker", "ended-by-the-banner-repeated"])
def test_a_page_text_is_credited_from_its_byline_and_loses_the_page_around_it(note: bool) -> None:
    text = PAGE_TEXT if note else PAGE_TEXT.replace(NOTE_FROM_THE_AUTHOR, "")
    document = parse_bytes(text.encode(), filename="grain-page.txt")

    assert (document.title, document.author, document.published) == (
        "Grain corridor reopens as first ships leave Odesa",
        "Jane Doe and John Roe",
        dt.date(2023, 12, 2),
    )
    assert document.body.startswith("Cargo ships wait outside the port of Odesa")  # the caption stays
    assert "\n\n## Exports\n\n" in document.body  # a section heading, so passages do not cross it
    assert document.body.rstrip().endswith("for ships calling at Odesa by half since October.")
    for chrome in (
        "Skip to content", "Listen to this article", "Support local journalism", "Become a member",
        "Read also", "Advertisement", "Note from the author", "your support", "Every dollar",
        "Editors' Picks", "indicates required", "4 min read", "Sign up", "morning briefing",
    ):  # fmt: skip
        assert chrome not in document.body


def test_notes_with_a_list_over_a_byline_are_kept_as_written() -> None:
    """Read as a page, the notes lost their list and were credited to the byline under it."""
    items = "\n".join(f"- follow-up item {n}: owner to be named" for n in range(20))
    notes = (
        f"Team meeting notes, spring 2026\n\n- the Lisbon office closes at the end of the year\n{items}\n\n"
        "Decision on the office move\nBy Anna Lee and Mark Chan\n\n"
        "We will move to the new building in May. The lease is signed for five years.\n\n"
        "Parking is included for twelve cars. Bicycles go in the basement.\n"
    )
    document = parse_bytes(notes.encode(), filename="meeting-notes.txt")

    assert document.author is None and document.title == "Team meeting notes, spring 2026"
    assert "the Lisbon office closes at the end of the year" in document.body


def test_a_text_wrapped_at_a_width_keeps_its_paragraphs_whole() -> None:
    text = (
        "Council approves the new bridge\n"
        "by Ana Ruiz | May 4, 2023\n\n"
        "The city council voted 7 to 2 on Tuesday to fund a new bridge\n"
        "over the Elm River, ending a debate that lasted three years.\n\n"
        "Mayor Tom Lee said the bridge would cost $42 million and be paid\n"
        "for by a state grant and a local bond.\n"
    )

    document = parse_bytes(text.encode(), filename="bridge.txt")

    assert (document.title, document.author, document.published) == (
        "Council approves the new bridge", "Ana Ruiz", dt.date(2023, 5, 4)
    )  # fmt: skip
    assert document.body == text.split("\n", 2)[2].lstrip("\n")


@pytest.mark.parametrize(
    "text",
    [
        # A sentence starting "By" is not a byline.
        "Putin loses allies\nBy Tuesday, Russia said it would send more troops.\n\nMore text follows here.\n",
        "By the end of 2022, Russia had lost most of its allies.\n\nArmenia turned to the West.\n",
        # No headline above the byline: a note, not a page.
        "By Jane Doe\n\nThe ferry leaves at seven. It returns at noon.\n\nTickets cost $5 each way.\n",
    ],
)
def test_text_without_a_headline_and_byline_is_kept_as_written(text: str) -> None:
    document = parse_bytes(text.encode(), filename="note.txt")

    assert document.body == text.strip("\n") + "\n"
    assert document.author is None


def test_front_matter_is_the_writers_word_over_the_byline() -> None:
    text = "---\ntitle: Our own title\n---\n\n" + PAGE_TEXT

    document = parse_bytes(text.encode(), filename="page.md")

    assert (document.title, document.author) == ("Our own title", None)
    assert document.body.startswith("Skip to content")


def test_a_pasted_page_is_answered_from_its_article_not_its_appeals(
    service: QAService, tmp_path: Path
) -> None:
    path = tmp_path / "grain-page.txt"
    path.write_text(PAGE_TEXT, encoding="utf-8")
    service.add_path(path, "cli")

    answer = service.ask("How much grain went out in the first convoy?")
    assert answer.answered and answer.quote is not None and "120,000 tonnes of wheat" in answer.quote
    assert answer.source is not None
    assert (answer.source.title, answer.source.author, answer.source.published) == (
        "Grain corridor reopens as first ships leave Odesa", "Jane Doe and John Roe", dt.date(2023, 12, 2)
    )  # fmt: skip
    appeal = service.ask("How can I support local journalism with a subscription?")
    assert appeal.quote is None or "Subscribe today" not in appeal.quote


@pytest.mark.parametrize(
    ("text", "title"),
    [
        (
            "How to winterize an outdoor tap\n\nTurn off the isolation valve first.\n",
            "How to winterize an outdoor tap",
        ),
        ("Turn off the valve first.\n\nThen open the tap.\n", None),  # a sentence, not a headline
        ("How to winterize an outdoor tap\n", None),  # nothing under it
        ("Dear residents\n\nThe water will be off on Monday.\n", None),
        ("- Renew the parking permit\n\n- Buy milk\n", None),
        ("Present: Ann, Bob and Carol\n\nThe budget was approved.\n", None),
        ("Episode 58: The Night Shift\n\nWelcome back to the show.\n", "Episode 58: The Night Shift"),
        ("🌊 Odesa Volunteer Hub 🇺🇦\n\nWe delivered water to Mykolaiv today.\n", "🌊 Odesa Volunteer Hub 🇺🇦"),
        (
            "FOR IMMEDIATE RELEASE\n\nHarbourline Ferries to Launch Electric Crossing\n\n"
            "Portmere - The ferry company said on Tuesday that its first electric ship will sail in June.\n",
            "Harbourline Ferries to Launch Electric Crossing",
        ),
    ],
)
def test_a_plain_texts_first_line_is_its_title_when_it_reads_as_a_headline(
    text: str, title: str | None
) -> None:
    document = parse_bytes(text.encode(), filename="guide.txt")

    assert document.title == title
    assert document.body == text  # kept as written


PAGE_HEAD = (
    "Menu\nNews\n\nCouncil approves the new bridge over the river\n\nBy Ana Ruiz and Tom Lee\nMay 4, 2023\n\n"
)


@pytest.mark.parametrize(
    "article",
    [
        # An advert slot above the article and inside it: a repeated line is no end of the article.
        "Sponsored by Acme\n\nThe council voted 7 to 2 to fund the bridge.\n\nIt will cost $42 million.\n\n"
        "Sponsored by Acme\n\nWork starts in spring. The old bridge closes in June.\n",
        # A section heading that is also a word pages end with.
        "The council voted 7 to 2 to fund the bridge.\n\nIt will cost $42 million.\n\nRecommended\n\n"
        "Engineers recommend steel over concrete. Work starts in spring.\n",
        # Sign-ups that are the article's news, not the site's call to its readers.
        "The council voted 7 to 2 to fund the bridge.\n\nSign up to volunteer at the library by Friday.\n\n"
        "Subscribe to the county's flood alerts before the rainy season.\n\n"
        "Get the latest emergency alerts from the weather service by dialing 511.\n\n"
        "Join the daily briefing at 10 a.m. in the press room, the spokesman said.\n",
        # The same answer twice, as an FAQ has it.
        "The old bridge closes in June. Here is what people ask.\n\nCan I walk across it?\n\n"
        "Yes, from the first day.\n\nCan I cycle across it?\n\nYes, from the first day.\n",
    ],
    ids=["advert-slot-repeated", "heading-recommended", "news-of-sign-ups", "faq-answers-repeated"],
)
def test_nothing_of_the_article_is_lost_to_lines_that_look_like_the_pages(article: str) -> None:
    document = parse_bytes((PAGE_HEAD + article).encode(), filename="bridge.txt")

    assert document.author == "Ana Ruiz and Tom Lee" and document.published == dt.date(2023, 5, 4)
    for paragraph in article.split("\n\n"):
        if paragraph.strip() and not paragraph.startswith("Sponsored"):
            assert document.body.count(paragraph.strip()) == article.count(paragraph.strip()), paragraph


@pytest.mark.parametrize(
    "text",
    [
        "Festival guide\n\nThe festival runs every August in the park.\n\nGetting there\n\nBy Car\n\n"
        "Park at the north gate. It costs $5.\n\nThe gate opens at nine.\n\nBy Train\n\nIt is ten minutes.\n",
        "12 High Street\nLondon N1 2AB\n\nBY HAND\n\nDear Sir,\n\n"
        "Please find the keys enclosed. I moved out on Friday.\n\nYours faithfully,\nJane Doe\n",
        "DIRECT EXAMINATION\nBY MS. OKAFOR:\n\nQ. Where were you on May 4? A. At home, all evening.\n",
    ],
    ids=["guide-by-car", "letter-by-hand", "transcript-by-counsel"],
)
def test_lines_starting_with_by_that_are_no_byline_leave_the_text_as_written(text: str) -> None:
    document = parse_bytes(text.encode(), filename="note.txt")

    assert document.author is None
    assert document.body == text.strip("\n") + "\n"


@pytest.mark.parametrize(
    ("byline", "date_under_it"),
    [
        ("By Jane Doe | Dec. 5, 2022, 3:14 p.m.", ""),
        ("By Jane Doe and John Roe, Reuters", "Dec. 5, 2022, 3:14 p.m. ET"),
        ("By Jane Doe", "Updated 9:02 a.m. EST, December 5, 2022"),
    ],
    ids=["pm-in-the-byline", "pm-on-the-date-line", "am-on-the-date-line"],
)
def test_a_byline_or_date_line_with_us_style_times_credits_the_page(byline: str, date_under_it: str) -> None:
    """American papers write "3:14 p.m."; the byline was then not read, and the menu, the adverts and the
    newsletter line around the article stayed in as passages."""
    text = (
        "Menu\nSearch\nLocal\nPolitics\n\nState lawmakers approve a plan to replace lead water pipes\n\n"
        f"{byline}\n{date_under_it}\n\nListen to this article\n\n"
        "COLUMBUS — Ohio lawmakers on Monday approved a plan to replace every lead water line.\n\n"
        "Advertisement\n\nThe measure passed the House 81-12 and the Senate 29-3 after months of talks.\n\n"
        "Sign up for our Statehouse newsletter to get the latest from Columbus in your inbox.\n"
    )
    document = parse_bytes(text.encode(), filename="pipes.txt")

    assert document.title == "State lawmakers approve a plan to replace lead water pipes"
    assert document.author in ("Jane Doe", "Jane Doe and John Roe")
    assert document.published == dt.date(2022, 12, 5)
    assert document.body.startswith("COLUMBUS — Ohio lawmakers")
    for chrome in ("Menu", "Listen to this article", "Advertisement", "Statehouse newsletter"):
        assert chrome not in document.body


def test_a_post_saved_as_markdown_ends_where_its_share_and_comment_headings_begin() -> None:
    """A clipper writes the page's own headings as Markdown ("## Share this:"); read as written, a
    reader's comment under them was quoted and credited to the post's author."""
    text = (
        "# Why our library is ending late fines for good\n\nPosted on March 3, 2023 by Alex Kim\n\n"
        "Starting April 1, the Eastfield Public Library will no longer charge late fines on any books.\n\n"
        "The decision ends a policy that has been in place since the library opened in 1911.\n\n"
        "## Share this:\n\n- Twitter\n- Facebook\n\n## Like this:\n\nLike Loading...\n\n"
        '## 2 thoughts on "Why our library is ending late fines for good"\n\nMargaret Hollis says:\n'
        "March 3, 2023 at 4:12 pm\nAbout time! My grandson has not been able to use his card since 2019.\n"
    )
    document = parse_bytes(text.encode(), filename="late-fines.md")

    assert (document.title, document.author) == ("Why our library is ending late fines for good", "Alex Kim")
    assert document.body.rstrip().endswith("since the library opened in 1911.")
    for chrome in ("Share this", "Twitter", "Like Loading", "thoughts on", "Margaret Hollis", "grandson"):
        assert chrome not in document.body


def test_an_advert_notice_with_its_scroll_prompt_is_no_section_heading() -> None:
    text = (
        "Menu\n\nDutch court orders a halt to the Groningen gas field\n\nBy Bart Meijer, Reuters\n"
        "Dec. 5, 2022, 3:14 p.m. ET\n\nAMSTERDAM - A Dutch court on Monday ordered the field to close.\n\n"
        "Advertisement · Scroll to continue\n\nThe government said it would appeal the ruling next week.\n"
    )
    document = parse_bytes(text.encode(), filename="groningen.txt")

    assert "Advertisement" not in document.body and "Scroll" not in document.body
    assert "The government said it would appeal" in document.body


def test_a_notes_section_named_like_a_share_button_stays_a_section() -> None:
    """ "## Email" and "## Print" as a page's own sections were taken for share buttons and dropped."""
    text = (
        "# How to reach your city council about the new bus routes\n\nBy Jane Doe and John Roe\n"
        "December 5, 2022\n\nThe council takes comments on the new routes until the end of the month.\n\n"
        "## Email\n\nWrite to routes@city.example with your stop; the office answers within a week.\n\n"
        "## Print\n\nPrinted forms are at every library and go in the box at the town hall entrance.\n"
    )
    body = parse_bytes(text.encode(), filename="routes.md").body

    assert "## Email" in body and "## Print" in body and "Printed forms are at every library" in body
