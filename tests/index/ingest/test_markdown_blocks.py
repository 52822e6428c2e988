"""Setext underlines, thematic breaks and HTML comments in a Markdown or text upload are not quoted."""

from __future__ import annotations

import pytest

from index.ingest.chunking import chunk_text
from index.ingest.documents import parse_bytes

README = """Community Tool Library
======================

The library lends power tools to residents of Millbrook for a yearly fee of 25 pounds.

Opening hours
-------------

The library is open on Tuesdays from 5 pm to 8 pm.
"""


def test_underlined_headings_are_headings_not_lines_of_marks() -> None:
    document = parse_bytes(README.encode(), filename="readme.md")

    assert "===" not in document.body and "---" not in document.body
    assert document.title == "Community Tool Library"
    passages = chunk_text(document.body)
    assert [p.heading for p in passages if "Tuesdays" in p.text] == ["Opening hours"]


@pytest.mark.parametrize("mark", ["***", "* * *", "---", "___", "- - - -"])
def test_a_break_between_sections_is_no_passage_and_keeps_them_apart(mark: str) -> None:
    text = f"Bees fly in the cold.\n\n{mark}\n\nWasps do not.\n"

    document = parse_bytes(text.encode(), filename="notes.md")

    assert document.body == "Bees fly in the cold.\n\nWasps do not.\n"


def test_a_line_of_dashes_under_a_sentence_ends_its_paragraph_and_heads_nothing() -> None:
    text = "Intro.\n\nThe fee is 25 pounds a year.\n----------\nMembers may borrow ladders.\n"

    document = parse_bytes(text.encode(), filename="notes.txt")

    assert document.body == "Intro.\n\nThe fee is 25 pounds a year.\n\nMembers may borrow ladders.\n"


def test_html_comments_are_not_quoted_but_code_is_kept_as_written() -> None:
    text = (
        "Bees fly <!-- check this with Ann --> in the cold.\n\n<!--\nTODO: add the survey\n-->\n\n"
        "```html\n<!-- a comment in code -->\n===\n```\n"
    )

    document = parse_bytes(text.encode(), filename="notes.md")

    assert "check this" not in document.body and "TODO" not in document.body
    assert "Bees fly  in the cold." in document.body
    assert "```html\n<!-- a comment in code -->\n===\n```" in document.body


def test_an_unclosed_comment_is_kept_as_text() -> None:
    document = parse_bytes(b"Arrows <!-- point left.\n", filename="notes.md")

    assert document.body == "Arrows <!-- point left.\n"


def test_link_definitions_are_not_quoted_and_an_embedded_image_makes_no_passages() -> None:
    picture = "iVBORw0KGgo" * 3000  # Google Docs writes an image into the file, as base64
    text = (
        "Read the [guide][1].\n\n![][image1]\n\nBring jars.\n\n"
        '[1]: https://x.org/guide "The guide"\n'
        f"[image1]: <data:image/png;base64,{picture}>\n"
    )

    document = parse_bytes(text.encode(), filename="fridge.md")

    assert document.body == "Read the guide.\n\nBring jars.\n"


def test_footnote_and_task_marks_go_and_their_text_stays() -> None:
    text = (
        "The fee is 25 pounds.[^fee]\n\n- [ ] Oil the hinges\n- [x] Sharpen the saw\n\n"
        "[^fee]: Lowered in 2023.\n"
    )

    document = parse_bytes(text.encode(), filename="notes.md")

    assert (
        document.body
        == "The fee is 25 pounds.\n\n- Oil the hinges\n- ✓ Sharpen the saw\n\nLowered in 2023.\n"
    )


def test_a_quote_and_a_callout_are_read_without_their_marks() -> None:
    text = "Members say:\n\n> The library saved me\n> a fortune.\n\n> [!NOTE]\n> Closed on holidays.\n"

    document = parse_bytes(text.encode(), filename="notes.md")

    assert document.body == "Members say:\n\nThe library saved me\na fortune.\n\nClosed on holidays.\n"


def test_a_sentence_that_looks_like_a_definition_is_kept() -> None:
    text = "[Note]: the hall is closed on Mondays.\n"

    assert parse_bytes(text.encode(), filename="notes.md").body == text


def test_an_indented_code_block_is_kept_as_written_but_a_lists_indented_lines_are_read() -> None:
    text = (
        'Embed it like this:\n\n    <div class="widget">\n      <b>[x](y)</b>\n    </div>\n\n'
        "- Open the page\n\n    then <b>save</b> it.\n"
    )

    document = parse_bytes(text.encode(), filename="widget.md")

    assert '    <div class="widget">\n      <b>[x](y)</b>\n    </div>' in document.body
    assert "then save it." in document.body


def test_a_plain_text_keeps_its_lines_as_written_and_its_first_line_as_title() -> None:
    text = (
        "Quarterly Report 2024\n\nRevenue grew this year.\n\n"
        "Revenue\n-------\nRevenue grew 5% to 2 million euros.\n\n[1]: https://example.com/report\n"
    )

    document = parse_bytes(text.encode(), filename="report.txt")

    assert document.title == "Quarterly Report 2024"
    assert "## Revenue" not in document.body and "-------" not in document.body
    assert "[1]: https://example.com/report" in document.body


def test_a_mails_sender_in_angle_brackets_is_its_author() -> None:
    mail = (
        "From: Ann Lee <ann@example.org>\nSubject: Ferry times\nDate: Mon, 4 Mar 2024 10:00:00 +0000\n\n"
        "The ferry leaves at nine on weekdays.\n"
    )

    assert parse_bytes(mail.encode(), filename="ferry-times.md").author == "Ann Lee"
