"""Rendering holds for any passage text and metadata (hypothesis): what Telegram and Discord would refuse
is never produced.

Telegram: the HTML parses the way Telegram parses it (only its tags, balanced, every `<`, `>` and `&`
of the text escaped, attributes quoted) and the visible text is at most 4,096 UTF-16 code units.
Discord: every embed limit (title, description, fields, footer, 6,000 per message) and the 2,000
characters of a message.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from html.parser import HTMLParser

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from bot.chat.listing import SourcesPage
from bot.discord_bot import render as discord_render
from bot.telegram_bot import render as telegram_render
from index.answer import Alternative, Answer, SourceInfo, SourceSummary

# Telegram's HTML: https://core.telegram.org/bots/api#html-style
TELEGRAM_TAGS = {
    "b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "span", "tg-spoiler", "a", "tg-emoji",
    "code", "pre", "blockquote",
}  # fmt: skip
TELEGRAM_LIMIT = 4096
ENTITY = re.compile(r"&(?:lt|gt|amp|quot|#\d+|#x[0-9a-fA-F]+);")

# Anything a database string can hold (no lone surrogates), weighted towards what breaks markup.
nasty = st.sampled_from([*"<>&\"'*_~`|[]()#>@\\\n ", "</b>", "<b>", "&amp;", "@everyone", "```", "🇺🇦", "é"])
text = st.lists(st.one_of(st.text(st.characters(codec="utf-8"), max_size=40), nasty), max_size=60).map(
    "".join
)
long_text = st.one_of(text, st.integers(1, 9000).map(lambda n: ("Słowo 🐝 <b>&amp; " * n)[:n]))
optional = st.one_of(st.none(), text, long_text)
urls = st.one_of(
    st.none(),
    text,
    st.builds(lambda path: f"https://example.org/{path}", text),
    st.integers(1, 5000).map(lambda n: "https://example.org/" + "a" * n),
)
sources = st.builds(
    SourceInfo,
    id=st.from_regex(r"[a-z0-9][a-z0-9-]{0,79}", fullmatch=True),
    title=optional,
    author=optional,
    publisher=optional,
    published=st.one_of(st.none(), st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31))),
    url=urls,
)


@st.composite
def quote_and_highlight(draw: st.DrawFn) -> tuple[str, str | None]:
    quote = draw(st.one_of(text, long_text).filter(bool))
    kind = draw(st.sampled_from(["slice", "none", "foreign"]))
    if kind == "none":
        return quote, None
    if kind == "foreign":
        return quote, draw(text)
    start = draw(st.integers(0, len(quote) - 1))
    end = draw(st.integers(start + 1, len(quote)))
    return quote, quote[start:end]


@st.composite
def answers(draw: st.DrawFn) -> Answer:
    quote, highlight = draw(quote_and_highlight())
    alternatives = tuple(
        Alternative(q, h or "", 0.5, draw(sources))
        for q, h in draw(st.lists(quote_and_highlight(), max_size=2))
    )
    return Answer(
        question=draw(text),
        answered=True,
        quote=quote,
        highlight=highlight,
        score=0.7,
        source=draw(sources),
        alternatives=alternatives,
    )


class _TelegramHtml(HTMLParser):
    """Checks markup the way Telegram's parser would reject it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.stack: list[str] = []
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in TELEGRAM_TAGS:
            self.problems.append(f"tag <{tag}>")
        if tag == "a" and [name for name, _ in attrs] != ["href"]:
            self.problems.append(f"link attributes {attrs}")
        self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack.pop() != tag:
            self.problems.append(f"unbalanced </{tag}>")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.problems.append(f"self-closing <{tag}/>")

    def handle_data(self, data: str) -> None:
        if "<" in data or ">" in data:
            self.problems.append(f"unescaped bracket in {data[:40]!r}")

    def handle_comment(self, data: str) -> None:
        self.problems.append("comment")

    def unknown_decl(self, data: str) -> None:
        self.problems.append("declaration")


def assert_valid_telegram_html(markup: str) -> None:
    parser = _TelegramHtml()
    parser.feed(markup)
    parser.close()
    assert not parser.problems and not parser.stack, (parser.problems, parser.stack, markup[:500])
    outside_tags = re.sub(r"<[^>]*>", "", markup)
    assert all(ENTITY.match(outside_tags, m.start()) for m in re.finditer("&", outside_tags)), markup[:500]
    visible = html.unescape(outside_tags)
    assert len(visible.encode("utf-16-le")) // 2 <= TELEGRAM_LIMIT, len(visible)


SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(answers())
def test_telegram_answer_is_valid_html_within_4096(answer: Answer) -> None:
    markup = telegram_render.render_answer(answer)

    assert_valid_telegram_html(markup)
    if answer.highlight and answer.highlight in (answer.quote or "") and len(answer.highlight) <= 1000:
        # The best sentence is what answers the question: it is never the part that gets cut.
        assert f"<b>{html.escape(answer.highlight)}</b>" in markup


@SETTINGS
@given(answers())
def test_telegram_alternatives_are_valid_html_within_4096(answer: Answer) -> None:
    assume(answer.alternatives)  # none left: the presser alone is told, nothing is rendered
    assert_valid_telegram_html(telegram_render.render_alternatives(answer.alternatives))


@SETTINGS
@given(
    st.lists(st.builds(SourceSummary, sources, st.integers(0, 10**6), st.datetimes()), max_size=40),
    st.text(max_size=40),
)
def test_telegram_source_lists_and_help_are_valid_html_within_4096(
    summaries: list[SourceSummary], bot_username: str
) -> None:
    per_page = telegram_render.SOURCES_PER_PAGE
    pages = [
        SourcesPage.of(summaries, page, per_page) for page in range(max(1, -(-len(summaries) // per_page)))
    ]
    messages = [telegram_render.render_sources(page) for page in pages]

    for message in messages:
        assert_valid_telegram_html(message)
    assert_valid_telegram_html(telegram_render.render_help(SourcesPage.of(summaries, 0, 10), bot_username))
    listed = "".join(messages)
    for summary in summaries:
        assert f"<code>{html.escape(summary.source.id)}</code>" in listed  # every source is on a page


def assert_embed_limits(embeds: list[object]) -> None:
    total = 0
    for embed in embeds:
        assert isinstance(embed, discord_render.discord.Embed)
        assert len(embed.title or "") <= 256
        assert len(embed.description or "") <= 4096
        assert len(embed.fields) <= 25
        for field in embed.fields:
            assert 0 < len(field.name or "") <= 256 and 0 < len(field.value or "") <= 1024
        assert len(embed.footer.text or "") <= 2048
        assert embed.url is None or str(embed.url).startswith(("http://", "https://"))
        embed.to_dict()  # serialises as discord.py would send it
        total += len(embed)
    assert total <= 6000, total


@SETTINGS
@given(answers())
def test_discord_answer_and_alternative_embeds_keep_every_limit(answer: Answer) -> None:
    assert_embed_limits([discord_render.answer_embed(answer)])
    assert_embed_limits(list(discord_render.alternative_embeds(answer.alternatives)))


@SETTINGS
@given(
    st.lists(st.builds(SourceSummary, sources, st.integers(0, 10**6), st.datetimes()), max_size=30),
    st.integers(-3, 10),
)
def test_discord_source_pages_keep_every_limit(summaries: list[SourceSummary], page: int) -> None:
    assert_embed_limits(
        [discord_render.sources_embed(SourcesPage.of(summaries, page, discord_render.SOURCES_PER_PAGE))]
    )


@SETTINGS
@given(long_text)
def test_discord_plain_messages_fit_2000(message: str) -> None:
    assert len(discord_render.message_text(message)) <= 2000
