"""Answers, alternatives and source lists as Telegram HTML.

Everything that comes from the knowledge base or a user is escaped, so no article can break the markup
("can't parse entities"), and every message stays within Telegram's limit: a long quote is shortened
around its best sentence rather than cut off at the end.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass

from bot.chat.attribution import community_note, inert, link_label, shown_link
from bot.chat.highlight import on_its_own
from bot.chat.listing import SourcesPage
from bot.chat.refusals import NEAR_MISS, closest_sources
from index.answer import Alternative, Answer, Paragraph, SourceInfo, SourceSummary, starts_quoted
from index.store.change_results import passages

# Telegram counts the text after entity parsing, in UTF-16 code units.
MESSAGE_LIMIT = 4096
ELLIPSIS = "…"
# Attribution fields are metadata, not content: a runaway title must not crowd out the quote.
MAX_FIELD_CHARS = 200
MAX_TITLES_IN_HELP = 10
# Quotes longer than this open collapsed, their best sentence shown above them.
EXPANDABLE_FROM = 300
SOURCES_PER_PAGE = 5
# Per field in `/sources`: five entries of such fields stay far below the message limit.
LISTING_FIELD_CHARS = 150

NOT_FOUND = "I couldn't find that in my sources. /sources lists what I know about."
EMPTY_KNOWLEDGE_BASE = "The knowledge base is empty: a moderator can add articles with /add."
OWN_MARK = " · <i>this group's own</i>"  # a community's own source, in /sources and /help


def telegram_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def escape(text: str) -> str:
    return html.escape(text, quote=True)


def _shorten(text: str, limit: int = MAX_FIELD_CHARS) -> str:
    """`text` within `limit` UTF-16 units, as Telegram counts: a title of emoji or of mathematical
    bold letters takes two a character, and overfilled `/sources` pages were refused."""
    if telegram_length(text) <= limit:
        return text
    return _within(text, limit - 1).rstrip() + ELLIPSIS


def _within(text: str, budget: int) -> str:
    """The longest start of `text` of at most `budget` UTF-16 units (one pass)."""
    used = 0
    for position, character in enumerate(text):
        used += 2 if ord(character) > 0xFFFF else 1
        if used > budget:
            return text[:position]
    return text


def _keep_end(text: str, budget: int) -> str:
    """The end of `text` within `budget` units, marked with a leading ellipsis when shortened."""
    if telegram_length(text) <= budget:
        return text
    if budget <= 1:
        return ""
    return ELLIPSIS + _within(text[::-1], budget - 1)[::-1]


def _keep_start(text: str, budget: int) -> str:
    if telegram_length(text) <= budget:
        return text
    if budget <= 1:
        return ""
    return _within(text, budget - 1) + ELLIPSIS


def plain_message(text: str) -> str:
    """Plain text within Telegram's message limit: a longer message is refused outright ("message is
    too long"), and the person would hear nothing."""
    return _keep_start(text, MESSAGE_LIMIT)


def quote_html(quote: str, highlight: str | None, budget: int) -> str:
    """The quote with its best sentence in bold, shortened around that sentence to `budget` units."""
    start = quote.find(highlight) if highlight else -1
    if highlight is None or start < 0:
        return escape(_keep_start(quote, budget))
    before, after = quote[:start], quote[start + len(highlight) :]
    best = _keep_start(highlight, budget)
    room = budget - telegram_length(best)
    # The context on both sides shares what is left; a short side gives its unused room to the other.
    before_room = max(room // 2, room - telegram_length(after))
    kept_before = _keep_end(before, before_room)
    kept_after = _keep_start(after, room - telegram_length(kept_before))
    return f"{escape(kept_before)}<b>{escape(best)}</b>{escape(kept_after)}"


def _field(text: str, limit: int = MAX_FIELD_CHARS) -> str:
    """An attribution field as inert, escaped, bounded text: no markup, link or mention of its own."""
    return escape(_shorten(inert(text), limit))


def attribution_html(source: SourceInfo) -> str:
    """`— Author, "Title", Publisher, 5 Dec 2022` with the title (or "link") linking to the source."""
    url = shown_link(source.url)
    link = f'<a href="{escape(url)}">' if url else None
    parts: list[str] = []
    if source.author:
        parts.append(_field(source.author))
    if source.title:
        shown = _field(source.title)
        title = shown if starts_quoted(source.title) else f"“{shown}”"
        parts.append(f"{link}{title}</a>" if link else title)
    if source.publisher:
        parts.append(_field(source.publisher))
    if source.published_label():
        parts.append(escape(source.published_label() or ""))
    if link and not source.title:
        parts.append(f"{link}link</a>")
    own = f" · <i>{community_note('group')}</i>" if source.collection is not None else ""
    return "— " + (", ".join(parts) if parts else f"source {escape(source.id)}") + own


def _plain_length(markup: str) -> int:
    """Length of `markup` as Telegram counts it; only markup this module generated is ever measured."""
    return telegram_length(html.unescape(re.sub(r"<[^>]*>", "", markup)))


@dataclass(frozen=True)
class _Passage:
    quote: str
    highlight: str | None
    source: SourceInfo
    cut_before: bool = False
    cut_after: bool = False


def _quoted_passage(passage: _Passage, budget: int, expandable: bool = True) -> str:
    """Blockquote plus attribution; "… " / " …" mark a paragraph that goes on beyond the quote.

    A long quote opens collapsed (`<blockquote expandable>`), and collapsed Telegram shows only its
    first lines; so its best sentence also leads the message, where it is always seen, unless the
    quote opens with it (it was shown twice, one above the other).
    """
    attribution = attribution_html(passage.source)
    lead = "… " if passage.cut_before else ""
    tail = " …" if passage.cut_after else ""
    tag, headline = "blockquote", ""
    if expandable and len(passage.quote) > EXPANDABLE_FROM:
        tag = "blockquote expandable"
        highlight = passage.highlight
        if highlight and highlight in passage.quote and not passage.quote.lstrip().startswith(highlight):
            headline = f"<b>{escape(_keep_start(on_its_own(highlight), budget // 4))}</b>\n"
    # The newline between quote and attribution counts too.
    room = budget - _plain_length(attribution) - _plain_length(headline) - 1 - len(lead) - len(tail)
    inner = quote_html(passage.quote, passage.highlight, room)
    if inner.startswith(ELLIPSIS):  # already shortened at the start: one ellipsis is enough
        lead = ""
    if inner.endswith(ELLIPSIS):
        tail = ""
    return f"{headline}<{tag}>{lead}{inner}{tail}</blockquote>\n{attribution}"


def render_paragraph(paragraph: Paragraph) -> str:
    """The whole paragraph around a quote, the quoted passage in bold, with its attribution."""
    passage = _Passage(
        paragraph.text, paragraph.passage, paragraph.source, paragraph.cut_before, paragraph.cut_after
    )
    return _quoted_passage(passage, MESSAGE_LIMIT, expandable=False)


def render_answer(answer: Answer) -> str:
    if not answer.answered or answer.quote is None or answer.source is None:
        return _refusal(answer)
    passage = _Passage(answer.quote, answer.highlight, answer.source, answer.cut_before, answer.cut_after)
    return _quoted_passage(passage, MESSAGE_LIMIT)


def _refusal(answer: Answer) -> str:
    """ "Not found"; with the sources that came closest, named but not quoted."""
    closest = closest_sources(answer)
    if not closest:
        return NOT_FOUND
    named = "; ".join(
        f"<i>{_field(s.title or s.id)}</i>"
        + (f" — {_field(s.author)}" if s.author else "")
        + (f" ({community_note('group')})" if s.collection is not None else "")
        for s in closest
    )
    return f"{NEAR_MISS} Closest: {named}. /sources lists everything I know about."


def render_alternatives(alternatives: Sequence[Alternative]) -> str:
    """At least one alternative, under a header."""
    header = "<b>Other passages</b>"
    budget_each = (MESSAGE_LIMIT - _plain_length(header)) // len(alternatives) - 2
    blocks = [
        _quoted_passage(_Passage(a.quote, a.highlight, a.source, a.cut_before, a.cut_after), budget_each)
        for a in alternatives
    ]
    return "\n\n".join([header, *blocks])


def _source_entry(summary: SourceSummary, community: str | None) -> str:
    info = summary.source
    lines = [f"<b>{_field(info.title or '', LISTING_FIELD_CHARS).strip() or escape(info.id)}</b>"]
    if community is not None and summary.collection == community:
        lines[0] += OWN_MARK
    details = [_field(p, LISTING_FIELD_CHARS) for p in (info.author, info.publisher) if p]
    if info.published_label():
        details.append(escape(info.published_label() or ""))
    if details:
        lines.append(" · ".join(details))
    if url := shown_link(info.url):
        lines.append(f'<a href="{escape(url)}">{escape(link_label(url, LISTING_FIELD_CHARS))}</a>')
    lines.append(f"id: <code>{escape(info.id)}</code> · {passages(summary.passages)}")
    return "\n".join(lines)


def render_sources(listing: SourcesPage) -> str:
    """One page of `/sources`; `SOURCES_PER_PAGE` entries of bounded fields always fit one message."""
    if not listing.total:
        return EMPTY_KNOWLEDGE_BASE
    header = f"<b>{listing.total} source{'s' if listing.total != 1 else ''}</b>"
    if listing.pages > 1:
        header += f" · page {listing.page + 1} of {listing.pages}"
    return "\n\n".join([header, *(_source_entry(s, listing.community) for s in listing.summaries)])


def render_help(listing: SourcesPage, bot_username: str) -> str:
    # Marked as /sources marks them: a group's admins may title theirs like a shared source.
    titles = [
        _field(s.source.title or s.source.id)
        + (OWN_MARK if s.collection and s.collection == listing.community else "")
        for s in listing.summaries
    ]
    if not titles:
        knows = EMPTY_KNOWLEDGE_BASE
    else:
        shown = titles[:MAX_TITLES_IN_HELP]
        more = listing.total - len(shown)
        knows = "I know about:\n" + "\n".join(f"• {t}" for t in shown)
        if more:
            knows += f"\n…and {more} more."
    mention = escape(f"@{bot_username}")
    return (
        "I answer questions by quoting my sources word for word, with who wrote them, where and when.\n\n"
        f"{knows}\n\n"
        "<b>How to ask</b>\n"
        "In a private chat, just send your question.\n"
        f"In a group, mention me ({mention} your question), reply to one of my messages, "
        "or use /ask your question.\n\n"
        "/sources lists every source with its author, date and link."
    )
