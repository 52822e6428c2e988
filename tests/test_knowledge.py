"""Every article shipped in knowledge/ parses, carries its attribution, and has no site chrome."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from index.ingest.chunking import MAX_PASSAGE_CHARS, chunk_text
from index.ingest.documents import load_path
from tests.conftest import KNOWLEDGE

FILES = sorted(p for p in KNOWLEDGE.iterdir() if p.is_file())
CHROME = [
    "Skip to content",
    "Edit post",
    "This audio is created with AI assistance",
    "Become a member",
    "Support us just once",
    "Support independent journalism",
    "indicates required",
    "Enter your email",
    "Editors' Picks",
    "Successfuly subscribed",
    "visa masterCard",
]


def test_knowledge_folder_is_not_empty() -> None:
    assert FILES, "knowledge/ must ship at least the seed article"


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_article_parses_with_full_attribution(path: Path) -> None:
    document = load_path(path)

    for field in ("title", "author", "publisher", "url", "language"):
        assert getattr(document, field), f"{path.name} lacks {field}"
    assert isinstance(document.published, dt.date)
    assert document.url is not None and document.url.startswith("https://")


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_article_has_no_site_chrome(path: Path) -> None:
    body = load_path(path).body
    for chrome in CHROME:
        assert chrome.lower() not in body.lower(), f"{path.name} still contains {chrome!r}"


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_article_cuts_into_quotable_passages(path: Path) -> None:
    body = load_path(path).body
    chunks = chunk_text(body)

    assert chunks
    assert all(len(c.text) <= MAX_PASSAGE_CHARS for c in chunks)


def test_seed_article_metadata_is_exact() -> None:
    document = load_path(KNOWLEDGE / "kyiv-independent-2022-12-05-russia-loses-allies.md")

    assert document.title == "How Russia loses allies, influence amid its aggression against Ukraine"
    assert document.author == "Oleg Sukhov"
    assert document.publisher == "The Kyiv Independent"
    assert document.published == dt.date(2022, 12, 5)
    assert document.url == (
        "https://kyivindependent.com/how-russia-loses-allies-influence-amid-its-aggression-against-ukraine/"
    )
    assert document.language == "en"
    headings = [line for line in document.body.splitlines() if line.startswith("## ")]
    assert headings == [
        "## Failing Collective Security Treaty",
        "## Waning influence in Central Asia",
        "## China, a crucial neutral",
        "## Outcast allies: Iran, Belarus, North Korea",
    ]
