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


def html_page(ending: str) -> bytes:
    paragraphs = "".join(f"<p>{paragraph}</p>" for paragraph in STORY.strip().split("\n\n"))
    return f"<html><body><article><h1>Lake Vostryk</h1>{paragraphs}{ending}</article></body></html>".encode()


@pytest.mark.parametrize(
    ("ending", "left_out"),
    [
        (
            '<h2>References</h2><ol><li><a href="#cite_ref-1">^</a> Land survey of 1734. Retrieved 12 May '
            "2020.</li></ol><h2>External links</h2>"
            "<ul><li>Media related to Lake Vostryk at Commons</li></ul>",
            "Retrieved",
        ),
        (
            "<p>- 30 -</p><h3>Contacts</h3><p>Daniel Okafor, Press Secretary, 613-555-0142</p>"
            "<p>About Carpathian Parks: the company welcomes 900,000 visitors a year.</p>",
            "613-555-0142",
        ),
        (
            '<div class="cta"><h3>Tried this recipe?</h3><p>Tag @lakenotes on Instagram so we can see what '
            "you made!</p></div>",
            "Instagram",
        ),
        (
            "<div><h3>Want to work on problems like this?</h3><p>We're hiring engineers across the platform "
            'team. <a href="/careers">See open roles</a></p></div>',
            "hiring",
        ),
        (
            "<h3>Media contact</h3><p>Jordan Ellis, Press Officer<br>jellis@lakes.gov | 555-0134</p>",
            "Jordan Ellis",
        ),
    ],
    ids=[
        "encyclopedia-references",
        "press-release-end-mark",
        "a-recipes-call",
        "a-blogs-job-advert",
        "a-releases-media-contact",
    ],
)
def test_what_follows_a_pages_end_is_not_quoted(ending: str, left_out: str) -> None:
    document = parse_bytes(html_page(ending), filename="lake.html")

    assert left_out not in document.body
    assert document.body.rstrip().endswith("it freezes over from December to March.")
    assert "[" not in document.body  # nor its reference marks


def test_citation_and_footnote_marks_are_not_quoted_but_code_and_written_tags_are_kept() -> None:
    text = (
        "# Weather stations\n\nMore than 20,000 stations report to the WOW network.[^1] Its guide writes "
        "`<b>bold</b>` and `x.[1]` as code.\n\n"
        f"{STORY}In code, items[0], grid[0][1] and rows()[0] are the first station.\n"
    )
    body = parse_bytes(text.encode(), filename="stations.md").body

    assert "report to the WOW network. Its guide writes `<b>bold</b>` and `x.[1]` as code." in body
    assert "pine forest.\n" in body and "September, and fires" in body and "keeps.\n" in body
    assert "items[0], grid[0][1] and rows()[0]" in body


def test_a_marker_early_in_a_text_is_part_of_it() -> None:
    """An article may quote a "--" line or discuss references in its first half: nothing is cut."""
    text = f"# Notes\n\nReferences\n\n{STORY}"
    assert "freezes over" in parse_bytes(text.encode(), filename="notes.md").body


@pytest.mark.parametrize(
    "text",
    [
        "# Energy\n\n"
        + "The grid was hit hard last winter, and crews spent months on repairs. " * 4
        + "\n\n## Sources\n\nPower comes from three sources: nuclear, coal and hydro.\n\n## Repairs\n\n"
        "Crews restored power within hours after each strike.\n",
        "The letter arrived on Monday, and the mayor read it aloud to the council.\n\nIt was short:\n\n"
        "We will rebuild the bridge by spring.\n--\nThe Ministry\n\nThe council voted that night to fund "
        "the new bridge, and work began in March.\n",
        "How to run two statements in one script and keep them apart.\n\n```sql\nSELECT 1;\n--\n"
        "SELECT 2;\n```\n\nAfter the block comes the answer: use a transaction so both run.\n",
    ],
    ids=["a-section-called-sources-with-more-after-it", "a-letter-quoted-in-a-story", "a-sql-comment"],
)
def test_a_marker_that_ends_nothing_cuts_nothing(text: str) -> None:
    body = parse_bytes(text.encode(), filename="text.md").body
    last = text.rstrip().rsplit("\n", 1)[-1]
    assert last in body


@pytest.mark.parametrize(
    ("ending", "kept"),
    [
        (
            "<h2>References</h2><p>Ask two former managers before you apply, and tell them which job it is "
            "so they can speak to what matters.</p>",
            "Ask two former managers before you apply",
        ),
        (
            "<h2>Want to visit?</h2><p>The ferry from Ostrava leaves at nine and takes an hour.</p>",
            "The ferry from Ostrava leaves at nine",
        ),
        (
            "<h2>Want to delete your Facebook account?</h2><p>Open Facebook, then Settings and privacy.</p>"
            "<p>Choose Deactivation or deletion, pick Delete account, and confirm with your password.</p>",
            "pick Delete account",
        ),
    ],
    ids=["references-that-cite-nothing", "a-question-its-section-answers", "a-help-pages-own-steps"],
)
def test_a_pages_closing_section_that_is_its_own_text_is_kept(ending: str, kept: str) -> None:
    assert kept in parse_bytes(html_page(ending), filename="lake.html").body


def test_a_notes_closing_call_is_its_own_text() -> None:
    note = (
        "# Rowing club\n\nWe row on Sundays at eight.\n\n## Want to join?\n\nSign up at the boathouse desk.\n"
    )
    document = parse_bytes(note.encode(), filename="club.md")

    assert "Sign up at the boathouse desk." in document.body
