"""Embeds stay inside every Discord limit, however long the passage or its metadata."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from bot.chat.listing import SourcesPage
from bot.discord_bot.render import (
    EMBED_DESCRIPTION_LIMIT,
    EMBED_FIELD_VALUE_LIMIT,
    EMBED_TITLE_LIMIT,
    EMBED_TOTAL_LIMIT,
    NOT_FOUND,
    SOURCES_PER_PAGE,
    alternative_embeds,
    answer_embed,
    quote_markdown,
    refusal_text,
    report_text,
    sources_embed,
)
from index.answer import Alternative, Answer, SourceInfo, SourceSummary
from tests.reliability.test_linear_time import MAX_GROWTH, N, growth


def _scan(markdown: str) -> tuple[str, list[str]]:
    """What Discord shows for a block quote (no `> ` markers, bold markers or escapes), and its bold runs."""
    lines = [line[2:] if line.startswith("> ") else line.removeprefix(">") for line in markdown.split("\n")]
    text = "\n".join(lines)
    shown: list[str] = []
    runs: list[str] = []
    bold: list[str] | None = None
    i = 0
    while i < len(text):
        if text[i] == "\\" and i + 1 < len(text):
            char, i = text[i + 1], i + 2
        elif text.startswith("**", i):
            if bold is None:
                bold = []
            else:
                runs.append("".join(bold))
                bold = None
            i += 2
            continue
        else:
            char, i = text[i], i + 1
        shown.append(char)
        if bold is not None:
            bold.append(char)
    assert bold is None, "a bold run is never closed"
    return "".join(shown), runs


def visible(markdown: str) -> str:
    return _scan(markdown)[0]


def bold_runs(markdown: str) -> list[str]:
    return _scan(markdown)[1]


def huge_source(n: int = 5000) -> SourceInfo:
    return SourceInfo(
        id="a-very-long-source",
        title="T" * n,
        author="Author " * (n // 7),
        publisher="Publisher " * (n // 10),
        published=dt.date(2024, 2, 29),
        url="https://example.org/" + "p" * 100,
    )


def assert_within_limits(*embeds: object) -> None:
    total = 0
    for embed in embeds:
        assert len(embed.title or "") <= EMBED_TITLE_LIMIT  # type: ignore[attr-defined]
        assert len(embed.description or "") <= EMBED_DESCRIPTION_LIMIT  # type: ignore[attr-defined]
        for item in embed.fields:  # type: ignore[attr-defined]
            assert len(item.name) <= 256 and len(item.value) <= EMBED_FIELD_VALUE_LIMIT
        total += len(embed)  # type: ignore[arg-type]
    assert total <= EMBED_TOTAL_LIMIT


def test_an_overlong_passage_is_cut_around_its_best_sentence_within_every_limit() -> None:
    best = "This is the sentence that answers the question."
    quote = ("Filler words *before* the answer. " * 300) + best + (" Filler_after_it. " * 300)
    answer = Answer(question="q", answered=True, quote=quote, highlight=best, score=0.9, source=huge_source())

    embed = answer_embed(answer)

    assert_within_limits(embed)
    assert bold_runs(embed.description or "") == [best]
    shown = visible(embed.description or "")
    assert shown.startswith("…") and shown.endswith("…")
    assert shown.strip("…") in quote  # what is shown is still a verbatim slice
    assert embed.title and embed.title.startswith("TTT")
    assert embed.url == huge_source().url


def test_a_quote_from_inside_a_paragraph_shows_where_the_paragraph_goes_on() -> None:
    source = SourceInfo("s", "Title", None, None, None, None)
    answer = Answer(
        question="q", answered=True, quote="Middle sentence.", highlight="Middle sentence.", source=source,
        cut_before=True, cut_after=True,
    )  # fmt: skip

    shown = visible(answer_embed(answer).description or "")

    assert shown == "… Middle sentence. …" == answer.display_quote()


def test_other_passages_share_one_message_budget() -> None:
    alternatives = [
        Alternative("word " * 3000, "word word", 0.5, huge_source()),
        Alternative("text " * 3000, "text text", 0.4, huge_source()),
    ]
    assert_within_limits(*alternative_embeds(alternatives))


def test_a_non_web_link_is_left_out_rather_than_breaking_the_embed() -> None:
    source = SourceInfo("local", "Local notes", None, None, None, "file:///etc/passwd")
    answer = Answer(question="q", answered=True, quote="Some text.", highlight="Some text.", source=source)
    assert answer_embed(answer).url is None


@pytest.mark.parametrize(
    "link",
    [
        "https://my_site.example.org/notes",
        "https://example.org:0/notes",
        "https://example.org/%zz",
        "https://1.2.3.4.5/",
    ],
)
def test_a_link_discord_would_not_read_as_well_formed_is_named_not_linked(link: str) -> None:
    """Discord refuses a whole message whose embed has such a URL: every answer from the source failed
    with an apology. The link is named as code, which no client opens."""
    source = SourceInfo("notes", "Notes", None, None, None, link)
    answer = Answer(question="q", answered=True, quote="Some text.", highlight="Some text.", source=source)

    embed = answer_embed(answer)

    assert embed.url is None
    assert [(f.name, f.value) for f in embed.fields] == [("Link", f"`{link}`")]


def test_a_well_formed_link_is_the_titles_link_and_not_repeated() -> None:
    link = "https://news.example.org:8443/a%20b?x=1#top"
    source = SourceInfo("notes", "Notes", None, None, None, link)
    answer = Answer(question="q", answered=True, quote="Some text.", highlight="Some text.", source=source)

    embed = answer_embed(answer)

    assert embed.url == link and not embed.fields


@settings(max_examples=60, deadline=None)
@example(quote=">\n \n>", start=0, length=1, limit=200)
@example(quote=" \n-", start=0, length=1, limit=200)  # a list mark after the best part's line
@given(
    quote=st.text(alphabet=st.sampled_from("ab *_~`|<>\n#-\\é"), min_size=1, max_size=9000),
    start=st.integers(min_value=0, max_value=9000),
    length=st.integers(min_value=1, max_value=3000),
    limit=st.integers(min_value=200, max_value=EMBED_DESCRIPTION_LIMIT),
)
def test_any_quote_fits_and_shows_a_verbatim_slice(quote: str, start: int, length: int, limit: int) -> None:
    start = min(start, len(quote) - 1)
    highlight = quote[start : start + length]

    markdown = quote_markdown(quote, highlight, limit)

    assert len(markdown) <= limit
    assert "<" not in markdown.replace("\\<", ""), "a mention, timestamp or emoji would be drawn"
    shown = visible(markdown)
    # A line of spaces is shown as an empty quote line ("> " with nothing after it would be trimmed).
    lines = "".join(line if line.strip() else "" for line in quote.split("\n"))
    assert shown.removeprefix("…").removesuffix("…").replace("\n", "") in lines
    runs = bold_runs(markdown)
    assert all(run in highlight for run in runs)
    if highlight.strip():
        assert runs, "the best sentence is always visible, in bold"


def test_a_quote_draws_no_mention_date_or_emoji_of_the_server_it_is_read_in() -> None:
    quote = "Approved by <@&1234567890> on <t:1669852800:D>, see <#42> and <:kyiv:55>."

    markdown = quote_markdown(quote, quote)

    assert visible(markdown) == quote
    assert markdown.count("\\<") == 4


def test_a_quote_shows_every_link_written_in_it_as_text_not_as_a_link_hiding_its_address() -> None:
    """discord.py escapes a line's first masked link only: a second one, with parentheses in its
    address as Wikipedia's have, showed "bank login page" linked to evil.example."""
    quote = (
        "The [harbour page](https://en.wikipedia.org/wiki/Harbour_(town)) and the "
        "[bank login page](https://evil.example/phish_(1)) were both cited."
    )

    markdown = quote_markdown(quote, None)

    assert visible(markdown) == quote
    assert re.search(r"(?<!\\)(?:\\\\)*\[", markdown) is None  # no "[" a reader's client opens


def test_a_sources_link_shows_the_site_it_opens() -> None:
    url = "https://evil.example/" + "%E2%88%95news" * 12 + "/(story)"
    source = SourceInfo("s", "Story", None, None, None, url)
    listing = SourcesPage.of([SourceSummary(source, 1, dt.datetime(2024, 1, 1, tzinfo=dt.UTC))], 0, 8)

    value = str(sources_embed(listing).fields[0].value)

    assert "[https://evil.example/" in value and "](https://evil.example/" in value
    assert value.endswith("/%28story%29)"), value  # the link's own brackets cannot end it early
    longer = SourceInfo("s", "Story", None, None, None, "https://evil.example/" + "p" * 1000)
    value = str(
        sources_embed(SourcesPage.of([SourceSummary(longer, 1, listing.summaries[0].added_at)], 0, 8))
        .fields[0]
        .value
    )
    assert "evil.example/ppp" in value and "](" not in value  # named, not linked to a page cut short
    # nor written out as an address a client would link: a code span never is
    assert re.fullmatch(r"`https://evil\.example/p+…`", value.splitlines()[-1])


@pytest.mark.parametrize("credit", ["Pjotr Sauer", "Jane Q. Correspondent, " * 6])
def test_a_long_link_and_long_credits_keep_the_link_whole_and_the_date(credit: str) -> None:
    """A news link with tracking parameters was cut with the field, leaving `[…](…` and a wrong page."""
    url = (
        "https://www.theguardian.com/world/2024/may/17/belarus-lukashenko-russia-nuclear-weapons-exercises-"
        "analysis-what-it-means-for-ukraine-and-nato?utm_source=newsletter&utm_medium=email&utm_campaign="
        "morning_briefing_2024_05_17&utm_content=top_story_link_position_1_variant_b"
    )
    source = SourceInfo(
        "guardian-belarus-2024-05-17", "Belarus", credit, "The Guardian", dt.date(2024, 5, 17), url
    )
    listing = SourcesPage.of([SourceSummary(source, 9, dt.datetime(2024, 5, 18, tzinfo=dt.UTC))], 0, 8)

    value = str(sources_embed(listing).fields[0].value)

    assert value.endswith(f"]({url})")
    if len(credit) < 20:
        assert "Pjotr Sauer · The Guardian · 17 May 2024" in value
    assert len(value) <= 450


def test_a_link_stored_before_the_link_rules_is_shown_checked_or_not_at_all() -> None:
    def listed(url: str) -> str:
        source = SourceInfo("s", "Story", None, None, None, url)
        listing = SourcesPage.of([SourceSummary(source, 1, dt.datetime(2024, 1, 1, tzinfo=dt.UTC))], 0, 8)
        return str(sources_embed(listing).fields[0].value)

    masked = listed("https://www.bbc.co.uk/news](https://evil.example/phish)")
    assert masked.endswith(
        "](https://www.bbc.co.uk/news%5D%28https://evil.example/phish%29)"
    )  # one, to the BBC
    upper = listed("https://WWW.BBC.CO.UK.EVIL.EXAMPLE/" + "A" * 120)
    assert "[https://www.bbc.co.uk.evil.example/AAA" in upper  # the whole host, whatever its case
    assert "\n" not in listed("https://editor:pw@news.example.org/").split("passage", 1)[1]  # no link line
    source = SourceInfo("s", "Story", None, None, None, "https://editor:pw@news.example.org/")
    assert answer_embed(Answer("q", True, quote="Text.", highlight="Text.", source=source)).url is None


def test_a_change_report_shows_what_a_page_claims_as_written() -> None:
    report = 'Added page ("[BBC](https://evil.example)"): 3 passages.\nCredited as: @everyone · **BBC News**'

    shown = report_text(report)

    assert "\\[BBC]" in shown and "\\*\\*BBC" in shown and "@everyone" not in shown  # all escaped
    assert shown.count("\n") == 1


def test_sources_are_paged_and_each_page_fits() -> None:
    summaries = [
        SourceSummary(
            SourceInfo(f"source-{n}", "Title " * 100, "A" * 600, "P" * 600, dt.date(2022, 12, 5), None),
            passages=n + 1,
            added_at=dt.datetime(2024, 1, 1, tzinfo=dt.UTC),
        )
        for n in range(SOURCES_PER_PAGE + 3)
    ]
    first = sources_embed(SourcesPage.of(summaries, 0, SOURCES_PER_PAGE))
    second = sources_embed(SourcesPage.of(summaries, 1, SOURCES_PER_PAGE))

    assert_within_limits(first)
    assert_within_limits(second)
    assert len(first.fields) == SOURCES_PER_PAGE and len(second.fields) == 3
    assert "source-0" in str(first.fields[0].value) and "source-10" in str(second.fields[-1].value)
    assert first.footer.text == "Page 1 of 2"


def test_a_refusal_names_the_closest_sources_but_quotes_nothing() -> None:
    source = SourceInfo("s", "A *bold* title", "Ann @everyone", None, None, None)

    text = refusal_text(Answer("q", False, score=0.3, closest=(source,)))

    assert text.startswith("I don't have a passage that answers that. Closest: *A \\*bold\\* title*")
    assert "@everyone" not in text  # inert: no mention
    assert refusal_text(Answer("q", False)) == NOT_FOUND
    own = replace(source, collection="discord:123")
    assert "(added by this server's admins)" in refusal_text(Answer("q", False, score=0.3, closest=(own,)))


def test_escaping_a_quote_grows_linearly_on_links_never_closed() -> None:
    """discord.py's masked-link pattern is cubic on a line of "[](": a 3,000-character paragraph took
    0.4 s, and twice that eight times as long."""
    assert growth(lambda text: quote_markdown(text, None), lambda n: "[](" * (n // 3), 4 * N) <= MAX_GROWTH
