"""Whatever a source contains, the HTML parses the way Telegram parses it and fits in one message."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.chat.listing import SourcesPage
from bot.telegram_bot.render import (
    MESSAGE_LIMIT,
    NOT_FOUND,
    SOURCES_PER_PAGE,
    render_alternatives,
    render_answer,
    render_help,
    render_sources,
)
from index.answer import Alternative, Answer, SourceInfo, SourceSummary
from tests.fakes.telegram_html import check_message, utf16_length

SOURCE = SourceInfo(
    "long-read", "A long read", "Ann Author", "The Paper", dt.date(2024, 1, 2), "https://x.org/a"
)


def test_a_long_quote_opens_collapsed_under_its_best_sentence_and_fits_a_message() -> None:
    before = "Context & <more> context. " * 200
    best = "The one sentence that answers the question, with <b>tags</b> & ampersands."
    after = " Trailing </blockquote> detail." * 200
    answer = Answer("q", True, quote=before + best + after, highlight=best, score=0.9, source=SOURCE)

    parsed = check_message(render_answer(answer), "HTML")  # raises like Telegram on bad markup or length

    assert utf16_length(parsed.text) <= MESSAGE_LIMIT
    assert parsed.text.startswith(best)  # collapsed, the quote shows its first lines: this is seen
    assert parsed.spans("b") == [best, best]  # and in bold where it stands in the quote
    [quote] = [e for e in parsed.entities if e.tag == "blockquote"]
    assert "expandable" in quote.attrs
    shown = parsed.text[quote.start : quote.end]
    assert shown.startswith("…") and shown.endswith("…")
    assert "Context & <more> context." in shown and "Trailing </blockquote> detail." in shown
    assert parsed.text.endswith("— Ann Author, “A long read”, The Paper, 2 Jan 2024")


def test_the_best_sentence_over_a_collapsed_quote_has_no_unpaired_quotation_mark() -> None:
    """The demo's best sentence ends a quotation opened a sentence earlier: over the quote it was shown
    as `…losing control over his army."`, its closing mark without the opening one."""
    best = 'Sending Belarusian troops to Ukraine would mean he is losing control over his army."'
    quote = "Context sentences come first. " * 30 + '"He is afraid of his own army. ' + best + " More after."
    answer = Answer("q", True, quote=quote, highlight=best, score=0.9, source=SOURCE)

    parsed = check_message(render_answer(answer), "HTML")

    headline, in_quote = parsed.spans("b")
    assert headline == best.removesuffix('"')
    assert in_quote == best  # verbatim where it stands in the quote


def test_a_long_quote_that_opens_with_its_best_sentence_does_not_show_it_twice() -> None:
    """Collapsed, the quote shows its first lines: the best sentence was over it and again right under."""
    best = "The one sentence that answers the question."
    answer = Answer(
        "q", True, quote=best + " More context follows." * 40, highlight=best, score=0.9, source=SOURCE
    )

    parsed = check_message(render_answer(answer), "HTML")

    [quote] = [e for e in parsed.entities if e.tag == "blockquote"]
    assert "expandable" in quote.attrs and quote.start == 0  # nothing over the quote
    assert parsed.spans("b") == [best] and parsed.text.count(best) == 1


def test_a_short_quote_is_shown_whole() -> None:
    quote = "First sentence. The best one. Last one."
    answer = Answer("q", True, quote=quote, highlight="The best one.", score=0.9, source=SOURCE)

    parsed = check_message(render_answer(answer), "HTML")

    [block] = [e for e in parsed.entities if e.tag == "blockquote"]
    assert "expandable" not in block.attrs and parsed.spans("blockquote") == [quote]


def test_a_title_that_is_a_quote_is_not_wrapped_in_another_pair_of_quotation_marks() -> None:
    title = "“We are gardening, and we are proud of it”: an interview"
    answer = Answer(
        "q", True, quote="Text.", highlight="Text.", score=0.9, source=replace(SOURCE, title=title)
    )

    parsed = check_message(render_answer(answer), "HTML")

    assert parsed.text.endswith(f"— Ann Author, {title}, The Paper, 2 Jan 2024")
    assert answer.source is not None and answer.source.attribution().startswith(f"— Ann Author, {title}, ")


def test_ellipses_mark_a_paragraph_that_goes_on_beyond_the_quote() -> None:
    answer = Answer(
        "q", True, quote="Middle sentence.", highlight="Middle sentence.", score=0.9, source=SOURCE,
        cut_before=True, cut_after=True,
    )  # fmt: skip
    parsed = check_message(render_answer(answer), "HTML")
    assert parsed.spans("blockquote") == ["… Middle sentence. …"]
    assert parsed.spans("b") == ["Middle sentence."]


def test_a_quote_without_its_highlight_is_still_quoted() -> None:
    answer = Answer("q", True, quote="x<y & z" * 1000, highlight="not in the quote", score=0.5, source=SOURCE)
    parsed = check_message(render_answer(answer), "HTML")
    assert parsed.spans("blockquote")[0].startswith("x<y & z")


texts = st.text(min_size=1, max_size=3000)
fields = st.none() | st.text(max_size=400)


@settings(max_examples=150, deadline=None)
@given(
    quote=texts, start=st.integers(0, 3000), length=st.integers(1, 3000), title=fields, author=fields,
    publisher=fields, url=st.none() | st.text(min_size=1, max_size=300),
)  # fmt: skip
def test_any_passage_and_metadata_render_to_valid_telegram_html(
    quote: str, start: int, length: int, title: str | None, author: str | None, publisher: str | None,
    url: str | None,
) -> None:  # fmt: skip
    highlight = quote[start : start + length] or None
    source = SourceInfo("some-id", title, author, publisher, None, url)
    alternative = Alternative(quote, highlight or "", 0.4, source)
    answer = Answer("q", True, quote=quote, highlight=highlight, score=0.5, source=source)

    for markup in [render_answer(answer), render_alternatives([alternative, alternative])]:
        parsed = check_message(markup, "HTML")
        assert utf16_length(parsed.text) <= MESSAGE_LIMIT
    listed = [SourceSummary(source, 3, dt.datetime(2024, 1, 1))] * 30
    for page in range(6):
        parsed = check_message(render_sources(SourcesPage.of(listed, page, SOURCES_PER_PAGE)), "HTML")
        assert utf16_length(parsed.text) <= MESSAGE_LIMIT


@pytest.mark.parametrize(
    "url",
    ["https://x.org/" + "🐝" * 50, "https://" + ".".join(["b" * 63] * 4)[:253] + "/story"],
    ids=["emoji-path", "longest-host-dns-allows"],
)
def test_sources_and_help_fit_a_message_when_every_field_takes_two_units_a_character(url: str) -> None:
    """Emoji and mathematical letters are two UTF-16 units each, as Telegram counts; a link's host may
    be 253 characters, which was shown whole."""
    widest = "𝐓𝐡𝐞 𝐛𝐞𝐬𝐭 🐝🍯" * 30  # 300 characters, as long as a stored field may be
    source = SourceInfo("wide-" + "x" * 100, widest, widest, widest, dt.date(2024, 1, 2), url)
    listed = [SourceSummary(source, 3, dt.datetime(2024, 1, 1))] * 30

    for markup in [
        render_sources(SourcesPage.of(listed, 0, SOURCES_PER_PAGE)),
        render_help(SourcesPage.of(listed, 0, 30), "qabot_test_bot"),
    ]:
        parsed = check_message(markup, "HTML")
        assert utf16_length(parsed.text) <= MESSAGE_LIMIT
        assert "𝐓𝐡𝐞 𝐛𝐞𝐬𝐭 🐝🍯" in parsed.text  # shortened, not dropped


def test_a_refusal_names_the_closest_sources_but_quotes_nothing() -> None:
    near = Answer("q", False, score=0.3, closest=(SOURCE,))

    parsed = check_message(render_answer(near), "HTML")

    assert parsed.text.startswith("I don't have a passage that answers that. Closest: ")
    assert "A long read" in parsed.spans("i")[0] and "Ann Author" in parsed.text
    assert parsed.spans("blockquote") == []
    assert render_answer(Answer("q", False, score=0.1)) == NOT_FOUND  # nothing near: no names
    assert "admins" not in parsed.text
    own = replace(SOURCE, collection="telegram:-100123")
    assert (
        "Ann Author (added by this group's admins)"
        in check_message(render_answer(Answer("q", False, score=0.3, closest=(own,))), "HTML").text
    )
