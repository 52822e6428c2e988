"""HTML written into Markdown is not quoted as tags: the text stays, links keep their address."""

from __future__ import annotations

import pytest

from index.ingest.documents import parse_bytes


def body_of(text: str) -> str:
    return parse_bytes(text.encode(), filename="guide.md").body


def test_tags_go_and_their_text_and_addresses_stay() -> None:
    text = (
        'Register on <a href="https://wow.example.org">the WOW network</a>, which publishes more than '
        "<b>20,000</b> stations.<br>\nYour data helps forecasters &amp; farmers.\n"
    )

    assert body_of(text) == (
        "Register on the WOW network (https://wow.example.org), which publishes more than 20,000 "
        "stations.\nYour data helps forecasters & farmers.\n"
    )


def test_a_line_break_inside_a_line_breaks_it() -> None:
    assert body_of("Open daily <br> closed on holidays.\n") == "Open daily\nclosed on holidays.\n"


def test_a_centred_readme_header_reads_as_its_text() -> None:
    text = '<p align="center"><img src="logo.png" alt="Tool library logo" width="90"></p>\n\nWe lend tools.\n'

    assert body_of(text) == "Tool library logo\n\nWe lend tools.\n"


@pytest.mark.parametrize(
    "text",
    [
        "Run `qabot add <file>` to add one.",
        "Write `<b>` for bold and `&amp;` for an ampersand.",
        "Use qabot add <file> for each file.",
        "If a < b and c > d, then a - c < b - d.",
    ],
)
def test_angle_brackets_that_are_no_html_and_code_are_kept(text: str) -> None:
    assert body_of(f"{text}\n") == f"{text}\n"


def test_a_plain_texts_tags_and_escapes_are_its_words() -> None:
    text = "To make a word bold, wrap it in a <b> tag: <b>word</b>. Write \\_ for an underscore.\n"

    assert parse_bytes(text.encode(), filename="notes.txt").body == text


def test_autolinks_lose_their_brackets() -> None:
    assert body_of("Mail <jane@example.org> or see <https://example.org>.\n") == (
        "Mail jane@example.org or see https://example.org.\n"
    )


def test_a_readmes_html_heading_titles_it() -> None:
    text = '<h1 align="center">Seed Swap</h1>\n\n<p align="center">Trade the seeds you saved.</p>\n'

    document = parse_bytes(text.encode(), filename="README.md")

    assert (document.title, document.body) == ("Seed Swap", "# Seed Swap\n\nTrade the seeds you saved.\n")


def test_a_readmes_heading_written_over_lines_titles_it_with_its_name() -> None:
    text = (
        '<h1 align="center">\n  <img src="docs/logo.png" alt="Seed Swap logo" width="120"><br>\n  Seed Swap\n'
        "</h1>\n\nTrade the seeds you saved with your neighbours.\n"
    )

    document = parse_bytes(text.encode(), filename="README.md")

    assert (document.title, document.body) == (
        "Seed Swap",
        "# Seed Swap\n\nTrade the seeds you saved with your neighbours.\n",
    )
