"""Text every renderer shares: the highlight's place in a quote, inert attribution, upload checks."""

from __future__ import annotations

import re

import pytest

from bot.chat.attribution import SHOWN_HOST_CHARS, inert, link_label
from bot.chat.highlight import QuoteParts, split_highlight
from bot.chat.uploads import check_upload
from index.errors import BadDocument


def test_the_highlight_splits_the_quote_or_leaves_it_whole() -> None:
    assert split_highlight("A. B. C.", "B.") == QuoteParts("A. ", "B.", " C.")
    assert split_highlight("A. B.", "missing") == QuoteParts("A. B.", "", "")
    assert split_highlight("A. B.", None) == QuoteParts("A. B.", "", "")


def test_attribution_fields_lose_mentions_links_and_control_characters() -> None:
    shown = inert("@everyone see https://evil.example\x00\nnow")

    assert "@everyone" not in shown and "https://" not in shown
    assert "\x00" not in shown and "\n" not in shown
    assert shown.replace("\u2060", "") == "@everyone see https://evil.examplenow"


def test_attribution_fields_lose_invisible_characters_that_reorder_the_line() -> None:
    assert (
        inert("Oleg Sukhov\u202e, \u200bThe Kyiv\u2066 Independent\ufeff")
        == "Oleg Sukhov, The Kyiv Independent"
    )


def test_attribution_fields_lose_characters_that_hide_text() -> None:
    hidden = "Oleg\u3164 Sukhov\U000e0041\U000e0042, Kyiv\u00ad Independent\u115f\u180e\x9b"
    assert inert(hidden) == "Oleg Sukhov, Kyiv Independent"


def test_a_bare_domain_in_a_title_is_not_a_link_yet_reads_the_same() -> None:
    text = "Log in at bank.example.com/verify, i❤.ws/login, bank\u0301.com or 203.0.113.5/login, 3.5 million"
    shown = inert(text)

    assert not re.search(r"\.[^\W\d_]", shown)  # no dot before a letter of a domain
    assert not re.search(r"\d+\.\d+\.\d+\.\d+", shown)  # no four numbers of an address
    assert "3.5 million" in shown  # a decimal number is no domain
    assert shown.replace("\u2060", "") == text


def test_a_long_link_is_shown_cut_but_never_inside_its_host() -> None:
    assert (
        link_label("https://news.example.org/" + "story/" * 40, 38)
        == "https://news.example.org/story/story/…"
    )
    host = "a" * 60 + ".example.org"
    assert link_label(f"https://{host}/story", 20) == f"https://{host}…"
    assert link_label("https://news.example.org/a", 30) == "https://news.example.org/a"
    # DNS allows 253 characters: five such hosts took a /sources page past Telegram's message limit.
    longest = "https://" + ".".join(["b" * 63] * 4)[:253] + "/story"
    assert len(link_label(longest, 150)) == 151 and len(link_label(longest, 20)) == SHOWN_HOST_CHARS + 1


def test_a_file_over_a_small_cap_is_told_the_cap_as_it_is() -> None:
    """A cap under 1 MB was told as "at most 0 MB"."""
    with pytest.raises(BadDocument, match=r"^big\.md is too large \(0\.1 MB; at most 0\.1 MB\)\.$"):
        check_upload("big.md", 120_000, 100_000)


@pytest.mark.parametrize(
    ("name", "size", "expected"),
    [
        ("a.pdf", 10, "not a supported file"),
        ("a.md", 6_000_000, "too large"),
        ("a.md", None, "how large"),
        (None, 10, None),
    ],
)
def test_uploads_are_checked_before_download(
    name: str | None, size: int | None, expected: str | None
) -> None:
    if expected is None:
        assert check_upload(name, size, 5_000_000) == "upload.txt"
        return
    with pytest.raises(BadDocument, match=expected):
        check_upload(name, size, 5_000_000)
