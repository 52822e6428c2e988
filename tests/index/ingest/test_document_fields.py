"""Metadata stays bounded whatever the document: titles and headings are shown with every answer."""

from __future__ import annotations

import datetime as dt

import pytest

from index.errors import BadDocument
from index.ingest.chunking import MAX_HEADING_CHARS, chunk_text
from index.ingest.documents import MAX_FIELD_CHARS, Document, parse_bytes
from index.ingest.markdown_inline import without_inline_markup


def test_a_heading_followed_by_a_sea_of_spaces_is_a_short_title_and_heading() -> None:
    data = b"# Bees" + b" " * 1_000_000 + b"in winter\n\nBumblebees shiver to fly in the cold.\n"
    document = parse_bytes(data, filename="bees.md")
    assert document.title == "Bees in winter"
    assert [chunk.heading for chunk in chunk_text(document.body)] == ["Bees in winter"]


def test_long_metadata_is_cut_and_an_overlong_url_refused() -> None:
    front = f"---\ntitle: {'word ' * 5000}\nlanguage: {'x' * 40}\n---\n"
    document = parse_bytes((front + "# " + "long " * 5000 + "\n\nA paragraph.\n").encode(), filename="a.md")
    assert (
        document.title is not None and len(document.title) == MAX_FIELD_CHARS and document.title.endswith("…")
    )
    assert document.language == "x" * 16
    with pytest.raises(BadDocument, match="longer than 2048"):  # a link is never shortened into another
        parse_bytes(f"---\nurl: https://example.org/{'a' * 3000}\n---\nText.\n".encode(), filename="a.md")
    assert len(chunk_text(document.body)[0].heading or "") == MAX_HEADING_CHARS
    overridden = Document(id="a", body="Text.\n").with_metadata({"author": "  Ann\t\tLee \n"})
    assert overridden.author == "Ann Lee"


def test_control_characters_and_lone_surrogates_are_not_stored() -> None:
    """A NUL fails PostgreSQL's insert, an escape sequence drives the operator's terminal (`qabot ask`),
    a lone surrogate ("\\ud800" in JSON front matter) cannot be hashed: none reaches the store."""
    data = (
        b'{\n"title": "Bees \\ud800 fly", "author": "Ann\\u0000 Lee\\u001b[8m",\n'
        b'"publisher": "\\u009bGazette"\n}\n\n'
        b"Bees fly \x1b]52;c;Y2xpcA==\x07in the cold.\tThey shiver.\n"
    )
    document = parse_bytes(data, filename="bees.md")

    assert (document.title, document.author, document.publisher) == ("Bees fly", "Ann Lee[8m", "Gazette")
    assert document.body == "Bees fly ]52;c;Y2xpcA==in the cold.\tThey shiver.\n"
    assert len(document.content_hash) == 64
    with pytest.raises(BadDocument, match="control characters"):
        parse_bytes(b'{\n"url": "https://example.org/\\ud800"\n}\n\nText.\n', filename="a.md")


def test_bold_and_links_are_not_quoted_as_markup() -> None:
    text = "**How does a nursery work?**\n\nFragments hang from [PVC frames](https://x.org/f) for months.\n"

    document = parse_bytes(text.encode(), filename="interview.md")

    assert (
        document.body
        == "How does a nursery work?\n\nFragments hang from PVC frames (https://x.org/f) for months.\n"
    )


def test_italics_are_not_quoted_as_markup_outside_code() -> None:
    text = "It tells what happens *in your own garden*, not at `*an airport*`. Costs 5 * 3 * 2.\n"

    document = parse_bytes(text.encode(), filename="guide.md")

    assert (
        document.body == "It tells what happens in your own garden, not at `*an airport*`. Costs 5 * 3 * 2.\n"
    )


@pytest.mark.parametrize(
    "text", ["In Python, 2**10 is 1024.", "def f(*args, **kwargs): pass", "x**2 + y**2", "Rated *****"]
)
def test_asterisks_that_are_not_bold_are_kept(text: str) -> None:
    document = parse_bytes(f"Some notes.\n\n{text}\n".encode(), filename="notes.md")

    assert text in document.body


@pytest.mark.parametrize(
    ("field", "author", "published"),
    [
        ("date: 5 December 2022", None, "2022-12-05"),
        ("published: Dec. 5, 2022", None, "2022-12-05"),
        ("published: 2022-12-05T09:37:00+02:00", None, "2022-12-05"),
        ("author: [Jane Doe, John Roe]", "Jane Doe; John Roe", None),
        ('authors: ["Jane Doe", "John Roe"]', "Jane Doe; John Roe", None),
        ("author: Jane Doe\nauthors:\n  - name: Jane Doe\n    affiliation: KSE", "Jane Doe", None),
    ],
    ids=[
        "day-month-year",
        "month-day-year",
        "iso-time",
        "author-list",
        "authors-field",
        "authors-as-records",
    ],
)
def test_front_matter_as_site_generators_write_it_credits_the_article(
    field: str, author: str | None, published: str | None
) -> None:
    """A date with its month by name, or a list of authors, made the whole file fail to add; Hugo's
    `authors:` was dropped without a word."""
    document = parse_bytes(
        f"---\ntitle: Town report\n{field}\n---\n\nThe town grew.\n".encode(), filename="t.md"
    )

    assert document.author == author
    assert str(document.published) == str(published)


@pytest.mark.parametrize(
    "front",
    [
        "---\nTitle: Winter tap care\nAuthor: Tom Baker\nDate: 2023-11-02\n---",
        "---\ntitle: Winter tap care\nauthor: Tom Baker\ndate: 2023-11-02\n...",
    ],
    ids=["capitalised-names", "closed-by-dots"],
)
def test_front_matter_as_obsidian_and_pandoc_write_it_credits_the_text(front: str) -> None:
    document = parse_bytes(
        f"{front}\n\nDrain the outdoor tap before the first frost.\n".encode(), filename="t.md"
    )

    assert (document.title, document.author, str(document.published)) == (
        "Winter tap care",
        "Tom Baker",
        "2023-11-02",
    )
    assert document.body == "Drain the outdoor tap before the first frost.\n"


@pytest.mark.parametrize(
    "field",
    ["date: 05/12/2022", "author: [[Jane Doe]]", "date: 2022-12-051", "date: 2022-12-05 or 2023-01-10"],
    ids=["ambiguous", "nested", "a-digit-too-many", "two-dates"],
)
def test_a_date_that_could_be_either_day_or_month_and_a_nested_list_are_refused(field: str) -> None:
    with pytest.raises(BadDocument):
        parse_bytes(f"---\ntitle: Town report\n{field}\n---\n\nThe town grew.\n".encode(), filename="t.md")


def test_hugo_toml_front_matter_credits_the_article_and_is_not_quoted() -> None:
    """Hugo writes its front matter as TOML between `+++` lines; it was read as the article's text."""
    text = (
        '+++\ntitle = "Why sourdough needs time"\nauthors = ["Ines Barros", "Tom Vale"]\n'
        "date = 2023-02-11T08:00:00+01:00\ndraft = false\n+++\n\nSourdough rises slowly.\n"
    )

    document = parse_bytes(text.encode(), filename="sourdough.md")

    assert (document.title, document.author) == ("Why sourdough needs time", "Ines Barros; Tom Vale")
    assert str(document.published) == "2023-02-11"
    assert document.body == "Sourdough rises slowly.\n"


@pytest.mark.parametrize("front", ["The score was tied.", "a = " + "[" * 5000], ids=["prose", "deep"])
def test_text_between_plus_lines_that_is_no_toml_is_read_as_text(front: str) -> None:
    document = parse_bytes(
        f"+++\n{front}\n+++\n\nThe home side won on penalties.\n".encode(), filename="t.md"
    )

    assert front in document.body and "won on penalties" in document.body


@pytest.mark.parametrize(
    "text",
    ["Delete *.tmp,*.bak files", "Notes (*) and (*) mean estimates", "```\nSELECT *, COUNT(*) FROM t\n```"],
    ids=["globs", "footnote-marks", "code-block"],
)
def test_asterisks_that_are_no_emphasis_are_kept(text: str) -> None:
    assert without_inline_markup(text) == text


def test_a_note_opening_with_a_rule_and_holding_a_pause_is_read_as_text() -> None:
    document = parse_bytes(
        b"---\n\nThe rule opens the note.\n\n...\n\nAnd then it went on.\n", filename="n.md"
    )

    assert "The rule opens the note." in document.body and "And then it went on." in document.body


@pytest.mark.parametrize(
    "front",
    [
        "+++\ntitle = " + "9" * 5000 + "\n+++",
        "---\ntitle: !!timestamp abc\n---",
        "---\ntitle: !!bool x\n---",
    ],
    ids=["toml-integer-past-pythons-digit-limit", "yaml-timestamp-tag-on-text", "yaml-bool-tag-on-text"],
)
def test_front_matter_its_library_cannot_build_is_read_as_text_or_refused_with_a_message(front: str) -> None:
    """The libraries raised what they met (ValueError, AttributeError, KeyError): logged as a bug, and
    the moderator read only "reading it failed"."""
    try:
        document = parse_bytes(f"{front}\nBees fly in the cold.\n".encode(), filename="t.md")
    except BadDocument as refused:
        assert "does not parse" in str(refused)
    else:
        assert "Bees fly in the cold." in document.body


@pytest.mark.parametrize(
    "value",
    [
        "2022-12-05",
        "2022-12-05T10:00:00Z",
        "2022-12-05T10:00:00 UTC",
        "2022-12-05 10:00",
        "2022-12-05T10:00 GMT",
    ],
)
def test_a_date_with_or_without_a_time_credits_its_day(value: str) -> None:
    """A date and time with its zone named was refused, and the whole note with it, once the value had
    to be ISO throughout to refuse "2022-12-051"."""
    document = parse_bytes(
        f"---\ntitle: Lamp notes\ndate: {value}\n---\nThe lamp is cleaned.\n".encode(), filename="l.md"
    )

    assert str(document.published) == "2022-12-05"


def test_a_published_date_given_in_the_future_is_refused_and_today_taken() -> None:
    """`published=2999-01-01` (for 2023) was stored, and shown under every quote from the source."""
    document = parse_bytes(b"Rooftop hives in Malmo produced 38 kilograms of honey.", filename="bees.md")

    with pytest.raises(BadDocument, match="2999-01-01 is in the future"):
        document.with_metadata({"published": "2999-01-01"})
    today = dt.date.today()
    assert document.with_metadata({"published": today.isoformat()}).published == today
