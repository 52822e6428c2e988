"""Answers and source lists as Discord embeds, always inside Discord's size limits.

Discord rejects a whole message when any part is too long, so every string that reaches it goes through
a budget here: a long quote is cut around its best sentence rather than at its end, so the part that
answers stays visible.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import discord
from discord.utils import escape_markdown

from bot.chat.attribution import community_note, inert, link_label, shown_link
from bot.chat.listing import SourcesPage
from bot.chat.refusals import NEAR_MISS, closest_sources
from bot.discord_bot.embed_links import embed_link
from index.answer import Alternative, Answer, Paragraph, SourceInfo
from index.store.change_results import passages

MESSAGE_LIMIT = 2000
EMBED_TITLE_LIMIT = 256
EMBED_DESCRIPTION_LIMIT = 4096
EMBED_FIELD_NAME_LIMIT = 256
EMBED_FIELD_VALUE_LIMIT = 1024
EMBED_FOOTER_LIMIT = 2048
EMBED_TOTAL_LIMIT = 6000  # for all embeds of one message together
SOURCES_PER_PAGE = 8
ELLIPSIS = "…"

NOT_FOUND = (
    "I couldn't find that in my sources, and I'd rather not guess. Use /sources to see what I know about."
)
HELP = (
    "I answer questions by quoting my sources word for word, with who wrote them, where and when. Ask "
    "with /ask, by mentioning me, or in a DM; reply to an answer to ask more. /sources lists my sources."
)
# A DM with nothing written: a picture, a sticker, a forwarded message.
TEXT_ONLY = "Send me a question as text: I read what is written, not pictures, stickers or forwards."
ANSWER_COLOUR = discord.Colour.blurple()


def clip(text: str, limit: int) -> str:
    """`text`, or its start with an ellipsis when it is longer than `limit` characters."""
    if len(text) <= limit:
        return text
    return text[: max(limit - 1, 0)].rstrip() + ELLIPSIS


def message_text(text: str) -> str:
    """Plain message content within Discord's 2,000 characters."""
    return clip(text, MESSAGE_LIMIT)


def error_text(text: str) -> str:
    """A refusal's text: it may name what anyone wrote (a stored title, a file name), so its Markdown
    is shown as written (a masked link shows its address)."""
    return clip(_escaped(text), MESSAGE_LIMIT)


def report_text(text: str) -> str:
    """A change's report: its title and credit come from the document, so from anyone; shown as
    written, line by line (no Markdown, masked link or mention of their own)."""
    return clip("\n".join(_escaped(inert(line)) for line in text.split("\n")), MESSAGE_LIMIT)


def quote_markdown(
    quote: str,
    highlight: str | None,
    limit: int = EMBED_DESCRIPTION_LIMIT,
    cut_before: bool = False,
    cut_after: bool = False,
) -> str:
    """The quote as a Markdown block quote with `highlight` in bold, at most `limit` characters.

    `cut_before` / `cut_after` say the quote's paragraph goes on, shown with an ellipsis as everywhere
    else. Escaping and the `> ` prefixes make the Markdown longer than the quote by an amount that
    depends on the text, so the visible window shrinks until the result fits.
    """
    start = quote.find(highlight) if highlight else -1
    span = (start, start + len(highlight)) if highlight and start >= 0 else (0, 0)
    window = len(quote)
    while True:
        text = _format_window(quote, span, window, cut_before, cut_after)
        if len(text) <= limit or window <= 1:
            return clip(text, limit)
        window = max(1, min(window - 1, math.floor(window * limit / len(text) * 0.95)))


def _format_window(quote: str, span: tuple[int, int], window: int, cut_before: bool, cut_after: bool) -> str:
    bold_start, bold_end = span
    if len(quote) <= window:
        start, end = 0, len(quote)
    elif bold_end - bold_start >= window:
        start, end = bold_start, bold_start + window
    else:
        context = window - (bold_end - bold_start)
        start = max(0, bold_start - context // 2)
        end = min(len(quote), start + window)
        start = max(0, end - window)
    bold_start, bold_end = max(bold_start, start), min(bold_end, end)
    if bold_start >= bold_end:
        bold_start = bold_end = start
    before = quote[start:bold_start]
    best = quote[bold_start:bold_end]
    after = quote[bold_end:end]
    lead = ELLIPSIS if start > 0 else f"{ELLIPSIS} " if cut_before else ""
    trail = ELLIPSIS if end < len(quote) else f" {ELLIPSIS}" if cut_after else ""
    markdown = lead + _escaped(before) + _bold(best) + _escaped(after) + trail
    return "\n".join(f"> {line}" if line.strip() else ">" for line in markdown.split("\n"))


def _bold(text: str) -> str:
    """Bold per line: Markdown emphasis does not span the lines of a block quote."""
    lines = []
    for line in text.split("\n"):
        core = line.strip()
        if not core:
            lines.append(line)
            continue
        lead = line[: len(line) - len(line.lstrip())]
        trail = line[len(line.rstrip()) :]
        lines.append(f"{lead}**{_escaped(core)}**{trail}")
    return "\n".join(lines)


def plain(text: str, limit: int) -> str:
    """An attribution field for Discord: no Markdown, masked link, mention or bare link of its own."""
    return clip(_escaped(inert(text)), limit)


def _escaped(text: str) -> str:
    """`text` shown as written: no Markdown, and no `<@&role>`, `<#channel>`, `<t:…>` or custom emoji,
    which Discord draws as badges, each reader's local date or pictures (a quote must read verbatim).
    Every "[" is escaped: discord.py's pattern escapes only a line's first masked link, and a second
    one ("the [bank login page](https://evil.example/…)") stayed a live link hiding its address. The
    brackets are out of its sight meanwhile: that pattern (`\\[.+\\]\\(.+\\)`) is cubic on a line of
    "[](" (0.4 s for a 3,000-character paragraph). escape_markdown doubles every backslash, so each
    bracket put back after it follows an even number of them. Line by line: a line opening with a
    list or heading mark ("- ", "# ") had its backslash put before the newline ahead of it, where it
    escaped the line break instead (a quote's best sentence ending a line before a list item)."""
    hidden = text.replace(_BRACKET_HIDDEN, "").replace("[", _BRACKET_HIDDEN)
    escaped = "\n".join(escape_markdown(line) for line in hidden.split("\n"))
    return escaped.replace(_BRACKET_HIDDEN, "\\[").replace("<", "\\<")


_BRACKET_HIDDEN = "\x00"  # never shown: stored text holds no control characters


def _link_target(url: str) -> str:
    """A stored link as a Markdown link's target: brackets and spaces would end it early."""
    return (
        url.replace("(", "%28")
        .replace(")", "%29")
        .replace("<", "%3C")
        .replace(">", "%3E")
        .replace(" ", "%20")
    )


def quote_embed(
    quote: str,
    highlight: str | None,
    source: SourceInfo,
    budget: int = EMBED_TOTAL_LIMIT,
    footer: str | None = None,
    cut: tuple[bool, bool] = (False, False),
) -> discord.Embed:
    """An embed with the quote, the source title linking to it, and author, publisher and date fields."""
    embed = discord.Embed(
        title=plain(source.title or "", EMBED_TITLE_LIMIT) or plain(source.id, EMBED_TITLE_LIMIT),
        url=embed_link(source.url),
        colour=ANSWER_COLOUR,
    )
    if embed.url is None and (unlinked := shown_link(source.url)):  # named, as code: never a link
        embed.add_field(name="Link", value=f"`{clip(unlinked, 200).replace('`', '%60')}`", inline=False)
    for name, value in (
        ("Author", source.author),
        ("Publisher", source.publisher),
        ("Published", source.published_label()),
    ):
        shown = plain(value or "", min(EMBED_FIELD_VALUE_LIMIT, budget // 8))
        if shown.strip():  # Discord refuses an empty field
            embed.add_field(name=name, value=shown, inline=True)
    if source.collection is not None:
        embed.add_field(name="Source", value=community_note("server"), inline=True)
    if footer:
        embed.set_footer(text=clip(footer, min(EMBED_FOOTER_LIMIT, budget // 8)))
    room = min(EMBED_DESCRIPTION_LIMIT, budget - len(embed))
    embed.description = quote_markdown(quote, highlight, room, *cut)
    return embed


def refusal_text(answer: Answer) -> str:
    """ "Not found"; with the sources that came closest, named (in italics) but not quoted."""
    closest = closest_sources(answer)
    if not closest:
        return NOT_FOUND
    named = "; ".join(
        f"*{plain(s.title or s.id, 200)}*"
        + (f" — {plain(s.author, 100)}" if s.author else "")
        + (f" ({community_note('server')})" if s.collection is not None else "")
        for s in closest
    )
    return message_text(f"{NEAR_MISS} Closest: {named}. Use /sources to see everything I know about.")


def answer_embed(answer: Answer, budget: int = EMBED_TOTAL_LIMIT) -> discord.Embed:
    """The embed for an answered question; `answer.answered` must be true."""
    if answer.quote is None or answer.source is None:
        raise ValueError("an unanswered question has no embed; reply with NOT_FOUND")
    return quote_embed(
        answer.quote,
        answer.highlight,
        answer.source,
        budget,
        footer=f"Quoted verbatim from source {answer.source.id}; the best sentence is in bold.",
        cut=(answer.cut_before, answer.cut_after),
    )


def paragraph_embed(paragraph: Paragraph) -> discord.Embed:
    """The whole paragraph around a quote, with the quoted passage in bold."""
    return quote_embed(
        paragraph.text,
        paragraph.passage,
        paragraph.source,
        footer=f"The whole paragraph · source {paragraph.source.id}",
        cut=(paragraph.cut_before, paragraph.cut_after),
    )


def alternative_embeds(alternatives: Sequence[Alternative]) -> list[discord.Embed]:
    """One embed per other passage, sharing the one message's 6,000 characters."""
    if not alternatives:
        return []
    budget = EMBED_TOTAL_LIMIT // len(alternatives)
    return [
        quote_embed(
            alternative.quote,
            alternative.highlight,
            alternative.source,
            budget,
            footer=f"Other passage {number} of {len(alternatives)} · source {alternative.source.id}",
            cut=(alternative.cut_before, alternative.cut_after),
        )
        for number, alternative in enumerate(alternatives, start=1)
    ]


LISTED_LINK_CHARS = 280


def sources_embed(listing: SourcesPage) -> discord.Embed:
    """One page of `/sources`: title, author, publisher, date, link and passage count of each source."""
    embed = discord.Embed(title="Sources", colour=ANSWER_COLOUR)
    if not listing.total:
        embed.description = "The knowledge base is empty. Moderators can add an article with /kb add."
        return embed
    embed.description = (
        f"{listing.total} source{'s' if listing.total != 1 else ''}. "
        "I answer only by quoting these, with their author, publisher and date."
    )
    # Eight fields of 600 characters stay under the 6,000 total with room for the rest.
    name_budget, value_budget = 150, 450
    for summary in listing.summaries:
        info = summary.source
        details = " · ".join(
            plain(p, 120) for p in (info.author, info.publisher, info.published_label()) if p
        )
        own = listing.community is not None and summary.collection == listing.community
        head = f"id: `{info.id}` · {passages(summary.passages)}" + (" · this server's own" if own else "")
        link = ""
        if url := shown_link(info.url):
            # A short label: the target is long enough (up to `LISTED_LINK_CHARS`) for the field's budget.
            label, target = _escaped(link_label(url, 60)), _link_target(url)
            link = f"[{label}]({target})"
            # A link that does not fit is named, not cut: a cut target would open another page. The name
            # is code, which Discord's clients never turn into a link (to the address as cut).
            if len(target) > LISTED_LINK_CHARS or len(head) + len(link) + 1 > value_budget:
                link = f"`{link_label(url, 60).replace('`', '%60')}`"
        # The details give way to the link: only they are ever shortened.
        room = value_budget - len(head) - (len(link) + 1 if link else 0) - 1
        lines = [head, clip(details, room) if details and room > 1 else "", link]
        embed.add_field(
            name=plain(info.title or "", name_budget).strip() or plain(info.id, name_budget),
            value=clip("\n".join(line for line in lines if line), value_budget),
            inline=False,
        )
    if listing.pages > 1:
        embed.set_footer(text=f"Page {listing.page + 1} of {listing.pages}")
    return embed
