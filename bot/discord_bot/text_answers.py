"""Answers as a message's text, where the bot may not post embeds.

A server that invites the bot without Embed Links (or takes it away in a channel) has Discord refuse
an embed-only message (403 Missing Permissions): the bot said what it did not know, in text, and was
silent on everything it did. There an answer is the same quote as text, with its credit under it, and
the channel is named in one warning saying which permission to give.
"""

from __future__ import annotations

import logging

import discord

from bot.chat.attribution import community_note, link_label, shown_link
from bot.chat.recent_keys import RecentKeys
from bot.discord_bot.embed_links import embed_link
from bot.discord_bot.render import MESSAGE_LIMIT, plain, quote_markdown
from index.answer import Answer

__all__ = ["EmbedRights", "answer_text"]

log = logging.getLogger(__name__)

MAX_LINK_CHARS = 300
_REMEMBERED_CHANNELS = 1024


class EmbedRights:
    """Whether the bot may post embeds in a channel; each channel where it may not is logged once."""

    def __init__(self) -> None:
        self._told: RecentKeys[int] = RecentKeys(_REMEMBERED_CHANNELS)

    def allowed(self, channel: discord.abc.Messageable, me: discord.abc.User) -> bool:
        if not isinstance(me, discord.Member) or not isinstance(
            channel, discord.abc.GuildChannel | discord.Thread
        ):
            return True  # a DM: embeds always
        try:
            rights = channel.permissions_for(me)
        except discord.ClientException:  # a thread whose channel is not cached: nothing to go by
            return True
        # Where it may not post at all, the post fails and is logged as such, embeds or not.
        posting = (
            rights.send_messages_in_threads if isinstance(channel, discord.Thread) else rights.send_messages
        )
        if rights.embed_links or not posting:
            return True
        where = channel.parent_id if isinstance(channel, discord.Thread) else channel.id  # where to give it
        if self._told.first_time(where):
            log.warning(
                "No Embed Links permission in channel %s of server %s: answering there as plain text. "
                "Give the bot Embed Links for answers with their full credit.",
                where, channel.guild.id,
            )  # fmt: skip
        return False


def answer_text(answer: Answer) -> str:
    """An answered question as text: the quote (best sentence in bold), then who wrote it, where and
    when, and its link (in <>, so no preview is drawn)."""
    if answer.quote is None or answer.source is None:
        raise ValueError("an unanswered question has no quote to show")
    source = answer.source
    title = plain(source.title or "", 200)
    credit = [
        plain(source.author or "", 200),
        f"“{title}”" if title else "",
        plain(source.publisher or "", 200),
    ]
    credit.append(source.published_label() or "")
    lines = ["— " + (", ".join(part for part in credit if part) or f"source {plain(source.id, 200)}")]
    link, shown = embed_link(source.url), shown_link(source.url)
    if link is not None and len(link) <= MAX_LINK_CHARS:
        lines.append(f"<{link}>")
    elif shown is not None:  # named, as code: never a link
        lines.append(f"`{link_label(shown, MAX_LINK_CHARS).replace('`', '%60')}`")
    if source.collection is not None:
        lines.append(f"({community_note('server')})")
    credit_lines = "\n".join(lines)
    room = MESSAGE_LIMIT - len(credit_lines) - 1
    quote = quote_markdown(answer.quote, answer.highlight, room, answer.cut_before, answer.cut_after)
    return f"{quote}\n{credit_lines}"
