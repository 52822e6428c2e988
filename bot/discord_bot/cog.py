"""`QACog`: questions (`/ask`, mentions, DMs), the buttons under answers, and `/sources`.

Every call into the service runs in a worker thread, so a slow question never stalls the gateway, and
interactions are deferred before any slow work. A question is answered from what its server may see
(`Authority.visibility`); a button is checked against the channel it was clicked in.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.chat.answer_queue import HeldPlace
from bot.chat.backlog import Backlog
from bot.chat.chatter import reply_to_chatter
from bot.chat.commands import asks_for_help
from bot.chat.context import ChatContext
from bot.chat.errors import needs_a_message
from bot.chat.listing import sources_page
from bot.chat.rate_limit import LIGHT, QUESTION
from bot.chat.recent_keys import RecentKeys
from bot.chat.shutdown import CUT_OFF, InFlight
from bot.discord_bot.button_presses import ButtonPresses
from bot.discord_bot.conversations import follow_up_of, question_in, spoken_question, thread_name
from bot.discord_bot.errors import discord_message, discord_unavailable, say_cut_off, send_error
from bot.discord_bot.indicator import typing_while
from bot.discord_bot.places import PLATFORM, person_of, place_of
from bot.discord_bot.render import (
    HELP,
    SOURCES_PER_PAGE,
    TEXT_ONLY,
    answer_embed,
    refusal_text,
    sources_embed,
)
from bot.discord_bot.text_answers import EmbedRights, answer_text
from bot.discord_bot.views import DYNAMIC_ITEMS, answer_view, handle_buttons_with, sources_view
from index.answer import Answer
from index.service import MAX_QUESTION_CHARS, Asker, clean_question

__all__ = ["QACog"]

log = logging.getLogger(__name__)

NO_MENTIONS = discord.AllowedMentions.none()
# New threads a channel may get a minute: each posts "… started a thread" there and stays listed, so
# past this (a raid of many accounts within their own budgets) questions are answered in place.
THREADS_PER_CHANNEL_PER_MINUTE = 5
# Replies waiting for a channel's flood limit (5 posts every 5 s): ten seconds of its budget. Past it a
# reply is dropped: thirty accounts within their own budgets had replies pile up without end.
MAX_WAITING_PER_CHANNEL = 10
CANNOT_REPLY_WITHOUT_HISTORY = 160002  # Discord's code: a reply needs Read Message History
MAX_PAGE = 100_000  # past any list: a later page than there is shows the last
REMEMBERED_QUESTIONS = 4096


async def reply_to(message: discord.Message, **content: Any) -> discord.Message:
    """A reply that mentions nobody; sent as a plain message if the question was deleted meanwhile
    (by its asker, a moderator or AutoMod), or where the bot may not read the channel's history, where
    Discord would refuse the reply and its apology."""
    reference = message.to_reference(fail_if_not_exists=False)
    try:
        return await message.channel.send(
            **content, reference=reference, mention_author=False, allowed_mentions=NO_MENTIONS
        )
    except discord.HTTPException as error:
        if error.code != CANNOT_REPLY_WITHOUT_HISTORY:
            raise
    # No Read Message History here (a server's own choice of the bot's permissions): said, not replied.
    return await message.channel.send(**content, allowed_mentions=NO_MENTIONS)


class QACog(commands.Cog, name="Q&A"):
    """Answers questions by quoting the knowledge base; lists the sources it quotes."""

    def __init__(self, bot: commands.Bot, chat: ChatContext) -> None:
        self.bot = bot
        self.chat = chat
        self.service = chat.service
        self.in_flight = InFlight()
        self.sending: Backlog[str] = Backlog(MAX_WAITING_PER_CHANNEL)
        self.buttons = ButtonPresses(chat)
        self.embed_rights = EmbedRights()
        # Questions taken up lately: an event Discord delivers again (a resume replaying it) is answered once.
        self._taken: RecentKeys[int] = RecentKeys(REMEMBERED_QUESTIONS)

    async def cog_load(self) -> None:
        # Registered up front so buttons under answers sent before a restart still work.
        handle_buttons_with(self.bot, self.buttons)
        self.bot.add_dynamic_items(*DYNAMIC_ITEMS)

    async def cog_unload(self) -> None:
        self.bot.remove_dynamic_items(*DYNAMIC_ITEMS)
        handle_buttons_with(self.bot, None)

    def answer_message(self, answer: Answer, channel_id: int, embeds: bool = True) -> dict[str, Any]:
        """Keyword arguments for `send`/`reply`: the embed (as text where the bot may post no `embeds`)
        and its buttons, or the honest "not found"."""
        if not answer.answered or answer.quote is None or answer.source is None:
            return {"content": refusal_text(answer)}
        reply: dict[str, Any] = (
            {"embed": answer_embed(answer)} if embeds else {"content": answer_text(answer)}
        )
        view = answer_view(self.chat.signer, answer, channel_id)
        if view is not None:
            reply["view"] = view
        return reply

    async def _ask(
        self,
        question: str,
        user: discord.abc.User,
        guild: discord.Guild | None,
        follows: int | None = None,
        held: HeldPlace | None = None,
    ) -> Answer:
        place = place_of(guild)
        visibility = self.chat.authority.visibility(place)
        asker = Asker(PLATFORM, str(user.id))
        return await self.chat.ask(question, asker, visibility, follows, place.community, held)

    # -- questions ---------------------------------------------------------------------------------

    @app_commands.command(name="ask", description="Ask a question; I answer by quoting my sources.")
    @app_commands.describe(question="What do you want to know?")
    async def ask(
        self, interaction: discord.Interaction, question: app_commands.Range[str, 1, MAX_QUESTION_CHARS]
    ) -> None:
        # Refused privately, before the public "thinking…" (which the first follow-up message replaces,
        # for everyone to see): one too many, a bad question (counted), or too many being answered.
        question = spoken_question(question)
        chatter = reply_to_chatter(question)  # "/ask thanks", "/ask what time is it?"
        light = chatter is not None or asks_for_help(question)
        self.chat.limit(person_of(interaction.user), LIGHT if light else QUESTION)
        clean_question(question)
        if asks_for_help(question):  # "/ask help": what the bot does, for the asker alone
            await interaction.response.send_message(HELP, ephemeral=True)
            return
        if chatter is not None:
            await interaction.response.send_message(chatter, ephemeral=True)
            return
        with self.chat.answers.holding(place_of(interaction.guild).community) as held:
            async with self.in_flight.answering():
                await interaction.response.defer(thinking=True)
                try:
                    answer = await self._ask(question, interaction.user, interaction.guild, held=held)
                except asyncio.CancelledError:
                    await say_cut_off(interaction.followup.send(CUT_OFF))
                    raise
                await interaction.followup.send(**self.answer_message(answer, interaction.channel_id or 0))

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        me = message.guild.me if message.guild is not None else self.bot.user
        question = question_in(message, me)
        if question is None or me is None or not self._taken.first_time(message.id):
            return
        try:
            asked = spoken_question(question)
            chatter = reply_to_chatter(asked)  # "thanks!", "👍", "what time is it?"
            # First: an empty mention is a reply too. Help and chatter search nothing: as on Telegram,
            # they count as light requests (ten DM thanks used up the questions of a minute).
            light = chatter is not None or asks_for_help(asked)
            self.chat.limit(person_of(message.author), LIGHT if light else QUESTION)
            if message.guild is None and not message.content.strip():
                await self._reply_to(message, content=TEXT_ONLY)
                return
            clean_question(asked)
            if asks_for_help(asked):  # "help", "what can you do?"
                await self._reply_to(message, content=HELP)
                return
            if chatter is not None:
                await self._reply_to(message, content=chatter)
                return
            # In flight until sent: a stop closed the connection under an answer waiting out a 429. The
            # answering place is taken before a thread's history is read for the follow-up: reading it
            # waits on the channel's rate limit, and many accounts posting in one thread had every
            # message wait there, past every bound on questions in flight.
            with self.chat.answers.holding(place_of(message.guild).community) as held:
                async with self.in_flight.answering():
                    async with typing_while(message.channel):  # not while sending: it outlasts the reply
                        follows = await follow_up_of(message, me, self.chat.signer, self.chat.posts)
                        answer = await self._ask(asked, message.author, message.guild, follows, held)
                    embeds = self.embed_rights.allowed(message.channel, me)
                    await self._reply(message, question, answer, follows, embeds)
        except asyncio.CancelledError:  # stopping, and this answer took too long: say so, then stop
            await say_cut_off(self._reply_to(message, content=CUT_OFF))
            raise
        except Exception as error:
            if isinstance(error, discord.Forbidden | discord.NotFound):  # may not post here: no bug
                log.info("Could not answer in channel %s: %s", message.channel.id, error)
                return
            if discord_unavailable(error):
                log.warning("Discord did not take an answer in channel %s: %s", message.channel.id, error)
                return
            if not needs_a_message(error):
                return
            text = discord_message(error)
            try:
                await self._reply_to(message, content=text, notice=True)
            except discord.RateLimited as failed:
                log.info("Could not reply to a message with an error: %s", failed)
            except discord.HTTPException:
                log.exception("Could not reply to a message with an error")

    async def _reply(
        self, message: discord.Message, question: str, answer: Answer, follows: int | None, embeds: bool
    ) -> None:
        """A reply, or with `QABOT_DISCORD_THREADS` a new thread named after a channel question that
        was answered, where later messages are follow-ups (while the channel has new threads left this
        minute). A reply to a refused follow-up goes on with the conversation (`RecentPosts`)."""
        opens_thread = (
            self.chat.settings.discord_threads
            and answer.answered  # a refusal is no conversation to go on with
            and message.guild is not None
            and isinstance(message.channel, discord.TextChannel)  # no threads in voice chats or threads
            and self._thread_left_in(message.channel.id)
        )
        if opens_thread and await self._answer_in_thread(message, question, answer):
            return
        reply = self.answer_message(answer, message.channel.id, embeds)
        sent = await self._reply_to(message, **reply)
        if sent is not None and not answer.answered and follows is not None:
            self.chat.posts.remember(str(message.channel.id), sent.id, follows)

    async def _reply_to(
        self, message: discord.Message, notice: bool = False, **content: Any
    ) -> discord.Message | None:
        """`reply_to`, or None when `MAX_WAITING_PER_CHANNEL` replies already wait in the channel. A
        `notice` (a refusal, "busy", "too long") takes only half the places: ready at once, ten notices
        to a flood's refused askers had taken the places of the answers worked out after."""
        channel = str(message.channel.id)
        with self.sending.place(channel, most=MAX_WAITING_PER_CHANNEL // 2 if notice else None) as placed:
            if placed:
                return await reply_to(message, **content)
        kind = "notice" if notice else "reply"
        log.info(
            "A %s in channel %s dropped: %d wait to be sent there.",
            kind,
            channel,
            self.sending.waiting(channel),
        )
        return None

    def _thread_left_in(self, channel_id: int) -> bool:
        key = ("threads", str(channel_id))
        return self.chat.limits.windows.hit(key, THREADS_PER_CHANNEL_PER_MINUTE) is None

    async def _answer_in_thread(self, message: discord.Message, question: str, answer: Answer) -> bool:
        """Whether the answer went into a new thread; where the bot may not start one, or may start
        one but not write in it, the caller answers in place (and the empty thread is deleted)."""
        try:
            thread = await message.create_thread(name=thread_name(question))
        except (discord.HTTPException, discord.RateLimited) as error:  # no "Create Public Threads" here
            log.warning("Could not start a thread in %s (%s); replying there.", message.channel.id, error)
            return False
        try:
            # The thread's own rights: where the bot may not post in the channel, it may in threads.
            embeds = self.embed_rights.allowed(thread, thread.guild.me)
            await thread.send(**self.answer_message(answer, thread.id, embeds), allowed_mentions=NO_MENTIONS)
        except (discord.HTTPException, discord.RateLimited) as error:  # no "Send Messages in Threads"
            log.warning("Could not write in the new thread %s (%s); replying in place.", thread.id, error)
            try:
                await thread.delete()
            except (discord.HTTPException, discord.RateLimited) as cleanup:
                log.warning("Could not delete the empty thread %s (%s).", thread.id, cleanup)
            return False
        return True

    # -- what the bot knows ------------------------------------------------------------------------

    @app_commands.command(name="sources", description="List the sources I quote from.")
    @app_commands.describe(page="Which page of the list (the first if left out).")
    async def sources(
        self, interaction: discord.Interaction, page: app_commands.Range[int, 1, MAX_PAGE] = 1
    ) -> None:
        self.chat.limit(person_of(interaction.user), LIGHT)
        await interaction.response.defer(thinking=True)
        place = place_of(interaction.guild)
        visibility = self.chat.authority.visibility(place)
        listing = await sources_page(self.chat, visibility, page - 1, SOURCES_PER_PAGE, place.community)
        reply: dict[str, Any] = {"embed": sources_embed(listing)}
        view = sources_view(self.chat.signer, listing.page, listing.pages, interaction.channel_id or 0)
        if view is not None:
            reply["view"] = view
        await interaction.followup.send(**reply)

    async def cog_app_command_error(
        self, interaction: discord.Interaction, error: app_commands.AppCommandError
    ) -> None:
        await send_error(interaction, error)
