"""Markdown's ways of writing links, images, emphasis and escapes are not quoted as written."""

from __future__ import annotations

import base64

import pytest

from index.ingest.documents import parse_bytes


def body_of(text: str, filename: str = "guide.md") -> str:
    return parse_bytes(text.encode(), filename=filename).body


@pytest.mark.parametrize(
    ("written", "read"),
    [
        (
            'Read the [guide](https://x.org/guide "The guide") first.',
            "Read the guide (https://x.org/guide) first.",
        ),
        (
            "See [Odesa](https://en.wikipedia.org/wiki/Odesa_(city)).",
            "See Odesa (https://en.wikipedia.org/wiki/Odesa_(city)).",
        ),
        ("Sign up at [https://x.org/join](https://x.org/join) now.", "Sign up at https://x.org/join now."),
        ("Read [the guide](CONTRIBUTING.md) and [setup](#installation).", "Read the guide and setup."),
        ("A photo: ![](https://x.org/hall.png) on the wall.", "A photo:  on the wall."),
        ("Read the [guide][1] first.", "Read the guide first."),
        (
            "[![Build Status](https://ci.x.org/b.svg)](https://ci.x.org) Tools for gardeners.",
            " Tools for gardeners.",
        ),
        ("Keep it _dry_ and __cool__, and ***sealed***.", "Keep it dry and cool, and sealed."),
        ("Step 1\\. Rinse the \\*fresh\\* seeds.", "Step 1. Rinse the *fresh* seeds."),
        (
            "The rule is **never\nleave the gate open** at night.",
            "The rule is never\nleave the gate open at night.",
        ),
        (
            "See [[Greens and browns]], [[Carbon ratio|the carbon ratio]] and [[Heaps#Turning]].",
            "See Greens and browns, the carbon ratio and Heaps.",
        ),
        ("The rule is ==keep it moist==. ![[heap.png]]", "The rule is keep it moist. "),
        ("%% private: check the figure %%\n\nA hot heap reaches 60 °C.", "A hot heap reaches 60 °C."),
        (
            "Version 2 is out :tada: at 10:30:45, see `:tada:`.",
            "Version 2 is out 🎉 at 10:30:45, see `:tada:`.",
        ),
    ],
    ids=[
        "titled-link",
        "address-with-brackets",
        "address-as-text",
        "relative-links",
        "undescribed-image",
        "reference-link",
        "badge",
        "underscores-and-bold-italics",
        "escapes",
        "bold-over-a-line-end",
        "obsidian-wiki-links",
        "obsidian-highlight-and-embed",
        "obsidian-comment",
        "emoji-codes",
    ],
)
def test_markdown_is_read_as_it_shows(written: str, read: str) -> None:
    assert body_of(f"{written}\n") == f"{read}\n"


@pytest.mark.parametrize(
    "text",
    [
        "Set snake_case_names and the _id field.",
        "Cited twice.[1][2] The end.",
        "The cell grid[0][1] is empty.",
        "Escapes in code stay: `a\\_b` and `[x][y]`.",
        "Dilute the concentrate 1:100:1, then check the MAC address 3c:ab:8e.",
        "Growth was 5%% in 2020 and 7%% in 2021, the report said.",
    ],
)
def test_what_only_looks_like_markdown_is_kept(text: str) -> None:
    assert body_of(f"{text}\n").rstrip("\n") == text.replace("[1][2]", "")


def test_a_linked_heading_titles_the_document_without_its_address() -> None:
    document = parse_bytes(b"# [Seed Swap](https://seedswap.org)\n\nTrade seeds.\n", filename="README.md")

    assert document.title == "Seed Swap"


@pytest.mark.parametrize(
    "picture",
    ["![diagram](data:image/png;base64,{data})", '<img src="data:image/png;base64,{data}" alt="diagram">'],
    ids=["markdown-image", "html-img"],
)
def test_a_pasted_picture_reads_as_its_description_not_its_bytes(picture: str) -> None:
    """A 40 KB picture pasted into a note (its bytes in a data: address) was 58 passages of base64."""
    data = base64.b64encode(bytes(range(256)) * 120).decode()
    text = f"# Bees\n\nBees fly in the cold.\n\n{picture.format(data=data)}\n\nThey shiver their muscles.\n"

    document = parse_bytes(text.encode(), filename="bees.md")

    assert document.body == "# Bees\n\nBees fly in the cold.\n\ndiagram\n\nThey shiver their muscles.\n"


def test_a_data_address_written_as_text_or_code_is_kept() -> None:
    text = "# Export\n\nIt writes its metadata:author,title first; `data:text/plain;base64,SGk=` says Hi.\n"

    assert (
        "metadata:author,title first; `data:text/plain;base64,SGk=`"
        in parse_bytes(text.encode(), filename="e.md").body
    )
