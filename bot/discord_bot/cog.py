"""`QACog`: questions (`/ask`, mentions, DMs), the buttons under answers, and `/sources`.

Every call into the service runs in a worker thread, so a slow question never stalls the gateway, and
interactions are deferred before any slow work. `setup_qabot` adds it, with `KnowledgeBaseCog`, to
any discord.py bot.
"""

from __future__ import annotations

import asyncio
import logging
import re
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.chat.rate_limit import LIGHT, QUESTION, PersonLimits, RequestKind
from bot.discord_bot.errors import discord_message, send_error
from bot.discord_bot.render import NOT_FOUND, alternative_embeds, answer_embed, page_count, sources_embed
from bot.discord_bot.views import DYNAMIC_ITEMS, answer_view, handle_buttons_with, sources_view
from bot.settings import Settings
from index.answer import Answer
from index.service import MAX_QUESTION_CHARS, Asker, QAService, clean_question

__all__ = ["PLATFORM", "QACog", "answer_message", "person_of"]

log = logging.getLogger(__name__)

PLATFORM = "discord"
NO_MENTIONS = discord.AllowedMentions.none()


def person_of(user: discord.abc.User) -> str:
    return f"{PLATFORM}:{user.id}"


def answer_message(answer: Answer) -> dict[str, Any]:
    """Keyword arguments for `send`/`reply`: the embed and its buttons, or the honest "not found"."""
    if not answer.answered or answer.quote is None or answer.source is None:
        return {"content": NOT_FOUND}
    reply: dict[str, Any] = {"embed": answer_embed(answer)}
    view = answer_view(answer.question_id, has_alternatives=bool(answer.alternatives))
    if view is not None:
        reply["view"] = view
    return reply


class QACog(commands.Cog, name="Q&A"):
    """Answers questions by quoting the knowledge base; lists the sources it quotes."""

    def __init__(
        self, bot: commands.Bot, service: QAService, settings: Settings, limits: PersonLimits
    ) -> None:
        self.bot = bot
        self.service = service
        self.settings = settings
        self.limits = limits

    async def cog_load(self) -> None:
        # Registered up front so buttons under answers sent before a restart still work.
        handle_buttons_with(self.bot, self)
        self.bot.add_dynamic_items(*DYNAMIC_ITEMS)

    async def cog_unload(self) -> None:
        self.bot.remove_dynamic_items(*DYNAMIC_ITEMS)
        handle_buttons_with(self.bot, None)

    def _limit(self, user: discord.abc.User, kind: RequestKind) -> None:
        self.limits.check(person_of(user), kind)

    async def _ask(self, question: str, user: discord.abc.User) -> Answer:
        return await asyncio.to_thread(self.service.ask, question, Asker(PLATFORM, str(user.id)))

    # -- questions ---------------------------------------------------------------------------------

    @app_commands.command(name="ask", description="Ask a question; I answer by quoting my sources.")
    @app_commands.describe(question="What do you want to know?")
    async def ask(
        self, interaction: discord.Interaction, question: app_commands.Range[str, 1, MAX_QUESTION_CHARS]
    ) -> None:
        # Refused privately, before the public "thinking…": a bad question or one too many.
        clean_question(question)
        self._limit(interaction.user, QUESTION)
        await interaction.response.defer(thinking=True)
        answer = await self._ask(question, interaction.user)
        await interaction.followup.send(**answer_message(answer))

    def question_in(self, message: discord.Message) -> str | None:
        """The question a message asks the bot: any DM, or a channel message that mentions the bot."""
        if message.author.bot:
            return None
        me = message.guild.me if message.guild is not None else getattr(message.channel, "me", None)
        if me is None or message.author.id == me.id:
            return None
        if message.guild is None:
            return message.content
        if not any(user.id == me.id for user in message.mentions):
            return None
        return re.sub(rf"<@!?{me.id}>", " ", message.content)

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        question = self.question_in(message)
        if question is None:
            return
        try:
            clean_question(question)
            self._limit(message.author, QUESTION)
            async with message.channel.typing():
                answer = await self._ask(question, message.author)
            await message.reply(**answer_message(answer), mention_author=False, allowed_mentions=NO_MENTIONS)
        except Exception as error:
            text = discord_message(error)
            try:
                await message.reply(text, mention_author=False, allowed_mentions=NO_MENTIONS)
            except discord.HTTPException:
                log.exception("Could not reply to a message with an error")

    # -- buttons (called by the dynamic items in views.py) -----------------------------------------

    async def show_other_passages(self, interaction: discord.Interaction, question_id: int) -> None:
        self._limit(interaction.user, LIGHT)
        await interaction.response.defer(ephemeral=True, thinking=True)
        answer = await asyncio.to_thread(self.service.alternatives_for, question_id)
        if answer is None:
            await interaction.followup.send(
                "That question is too old; ask it again to see other passages.", ephemeral=True
            )
            return
        embeds = alternative_embeds(answer.alternatives)
        if not embeds:
            await interaction.followup.send(
                "No other passage matches that question well enough.", ephemeral=True
            )
            return
        await interaction.followup.send(embeds=embeds, ephemeral=True)

    async def store_feedback(self, interaction: discord.Interaction, question_id: int, helpful: bool) -> None:
        self._limit(interaction.user, LIGHT)
        stored = await asyncio.to_thread(self.service.record_feedback, question_id, 1 if helpful else -1)
        if stored:
            text = "Thanks, noted: " + (
                "👍 this answer helped." if helpful else "👎 this answer did not help."
            )
        else:
            text = "That question is too old to rate."
        await interaction.response.send_message(text, ephemeral=True)

    async def show_sources_page(self, interaction: discord.Interaction, page: int) -> None:
        self._limit(interaction.user, LIGHT)
        summaries = await asyncio.to_thread(self.service.sources)
        pages = page_count(len(summaries))
        page = min(page, pages - 1)
        await interaction.response.edit_message(
            embed=sources_embed(summaries, page), view=sources_view(page, pages)
        )

    # -- what the bot knows ------------------------------------------------------------------------

    @app_commands.command(name="sources", description="List the sources I quote from.")
    async def sources(self, interaction: discord.Interaction) -> None:
        self._limit(interaction.user, LIGHT)
        await interaction.response.defer(thinking=True)
        summaries = await asyncio.to_thread(self.service.sources)
        reply: dict[str, Any] = {"embed": sources_embed(summaries, 0)}
        view = sources_view(0, page_count(len(summaries)))
        if view is not None:
            reply["view"] = view
        await interaction.followup.send(**reply)

    async def cog_app_command_error(
        self, interaction: discord.Interaction, error: app_commands.AppCommandError
    ) -> None:
        await send_error(interaction, error)
