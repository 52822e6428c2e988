"""A copied text quoted for its own words: not its reference list, end mark, footer or citation marks."""

from __future__ import annotations

import pytest

from index.ingest.documents import parse_bytes

STORY = (
    "Lake Vostryk is a glacial lake in the Carpathians. It sits on the shore of a pine forest.[1]\n\n"
    "Camping is allowed on the northern shore from May to September,[2][3] and fires only in the "
    "rings the park keeps.[citation needed]\n\n"
    "The lake is 14 metres deep at its deepest point, and it freezes over from December to March.\n\n"
)


@pytest.mark.parametrize(
    ("ending", "left_out"),
    [
        (
            "References\n\n^ Land survey of 1734. Retrieved 12 May 2020.\n\nSee also\n\nList of lakes\n",
            "Retrieved",
        ),
        ("###\n\nAbout Carpathian Parks\n\nThe company welcomes 900,000 visitors a year.\n", "900,000"),
        (
            "--\nYou are receiving this email because you signed up. Unsubscribe | Preferences\n",
            "Unsubscribe",
        ),
    ],
    ids=["encyclopedia-references", "press-release-end-mark", "mail-footer"],
)
def test_what_follows_a_texts_end_is_not_quoted(ending: str, left_out: str) -> None:
    document = parse_bytes(f"# Lake Vostryk\n\n{STORY}{ending}".encode(), filename="lake.md")

    assert left_out not in document.body
    assert document.body.rstrip().endswith("it freezes over from December to March.")


def test_citation_marks_html_tags_and_footnote_marks_are_not_quoted_but_code_is_kept() -> None:
    text = (
        "# Weather stations\n\nMore than <b>20,000</b> stations report to "
        '<a href="https://wow.example.org">the WOW network</a>.<br>It grew in 2021.[^1]\n\n'
        f"{STORY}In code, items[0] is the first station.\n"
    )
    body = parse_bytes(text.encode(), filename="stations.md").body

    assert "More than 20,000 stations report to the WOW network. It grew in 2021." in body
    assert "pine forest.\n" in body and "September, and fires" in body and "keeps.\n" in body
    assert "items[0]" in body


def test_a_marker_early_in_a_text_is_part_of_it() -> None:
    """An article may quote a "--" line or discuss references in its first half: nothing is cut."""
    text = f"# Notes\n\nReferences\n\n{STORY}"
    assert "freezes over" in parse_bytes(text.encode(), filename="notes.md").body
