"""`QACog`: qabot's slash commands, mention/DM questions and buttons, over one `QAService`.

Add it to any discord.py bot with `await bot.add_cog(QACog(service))`; `create_bot` in `app.py` builds
the standalone bot around it. Every call into the service runs in a worker thread, so a slow question
never stalls the gateway, and interactions are deferred before any slow work.
"""

from __future__ import annotations

import asyncio
import logging
import math
import re
from collections.abc import Callable
from pathlib import PurePath
from typing import Any, TypeVar

import discord
from discord import app_commands
from discord.ext import commands

from bot.discord_bot.errors import NotModerator, send_error, user_message
from bot.discord_bot.render import (
    NOT_FOUND,
    alternative_embeds,
    answer_embed,
    message_text,
    page_count,
    sources_embed,
)
from bot.discord_bot.views import COG_NAME, answer_view, sources_view
from bot.settings import Settings
from index.answer import Answer
from index.errors import BadDocument, QabotError
from index.ingest.documents import ACCEPTED_SUFFIXES
from index.service import MAX_QUESTION_CHARS, Asker, QAService, clean_question

log = logging.getLogger(__name__)

PLATFORM = "discord"
MAX_AUTOCOMPLETE_CHOICES = 25  # Discord's limit
NO_MENTIONS = discord.AllowedMentions.none()
T = TypeVar("T")


def _user_id(user: discord.abc.User) -> int:
    return user.id


def _moderators_only() -> Callable[[T], T]:
    async def predicate(interaction: discord.Interaction) -> bool:
        command = interaction.command
        cog = command.binding if isinstance(command, app_commands.Command) else None
        if isinstance(cog, QACog) and cog.is_moderator(interaction):
            return True
        raise NotModerator()

    return app_commands.check(predicate)


def answer_message(answer: Answer) -> dict[str, Any]:
    """Keyword arguments for `send`/`reply`: the embed and its buttons, or the honest "not found"."""
    if not answer.answered or answer.quote is None or answer.source is None:
        return {"content": NOT_FOUND}
    reply: dict[str, Any] = {"embed": answer_embed(answer)}
    view = answer_view(answer.question_id, has_alternatives=bool(answer.alternatives))
    if view is not None:
        reply["view"] = view
    return reply


class QACog(commands.Cog, name=COG_NAME):
    """Answers questions by quoting the knowledge base; moderators change it with `/kb`."""

    kb = app_commands.Group(
        name="kb",
        description="Change the knowledge base (moderators only).",
        guild_only=True,
        allowed_contexts=app_commands.AppCommandContext(guild=True),
    )

    def __init__(self, service: QAService, settings: Settings | None = None) -> None:
        self.service = service
        self.moderator_role = settings.discord_moderator_role if settings else None
        self.max_upload_bytes = (settings or service.settings).max_upload_bytes
        self.questions_per_minute = settings.rate_limit_per_minute if settings else None
        self._question_slots: commands.CooldownMapping[discord.abc.User] | None = (
            commands.CooldownMapping.from_cooldown(self.questions_per_minute, 60.0, _user_id)
            if self.questions_per_minute
            else None
        )

    # -- who may do what ---------------------------------------------------------------------------

    def is_moderator(self, interaction: discord.Interaction) -> bool:
        """Members with Manage Server in this channel's server, or with the configured moderator role."""
        member = interaction.user
        if interaction.guild is None or not isinstance(member, discord.Member):
            return False
        if interaction.permissions.manage_guild:
            return True
        return self.moderator_role is not None and any(
            role.name == self.moderator_role for role in member.roles
        )

    @staticmethod
    def _actor(user: discord.abc.User) -> str:
        return f"{PLATFORM}:{user.id}"

    # -- questions ---------------------------------------------------------------------------------

    def _take_question_slot(self, user: discord.abc.User) -> None:
        """One person cannot keep the model busy for everyone: at most N questions a minute each."""
        bucket = self._question_slots.get_bucket(user) if self._question_slots else None
        retry_after = bucket.update_rate_limit() if bucket else None
        if retry_after:
            raise QabotError(
                f"You're asking more than {self.questions_per_minute} questions a minute; "
                f"please try again in {math.ceil(retry_after)} s."
            )

    async def _ask(self, question: str, user: discord.abc.User) -> Answer:
        return await asyncio.to_thread(self.service.ask, question, Asker(PLATFORM, str(user.id)))

    @app_commands.command(name="ask", description="Ask a question; I answer by quoting my sources.")
    @app_commands.describe(question="What do you want to know?")
    async def ask(
        self, interaction: discord.Interaction, question: app_commands.Range[str, 1, MAX_QUESTION_CHARS]
    ) -> None:
        # Refused privately, before the public "thinking…": a bad question or one too many.
        clean_question(question)
        self._take_question_slot(interaction.user)
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
            self._take_question_slot(message.author)
            async with message.channel.typing():
                answer = await self._ask(question, message.author)
            await message.reply(**answer_message(answer), mention_author=False, allowed_mentions=NO_MENTIONS)
        except Exception as error:
            text = user_message(error)
            try:
                await message.reply(text, mention_author=False, allowed_mentions=NO_MENTIONS)
            except discord.HTTPException:
                log.exception("Could not reply to a message with an error")

    # -- buttons (called by the dynamic items in views.py) -----------------------------------------

    async def show_other_passages(self, interaction: discord.Interaction, question_id: int) -> None:
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
        stored = await asyncio.to_thread(self.service.record_feedback, question_id, 1 if helpful else -1)
        if stored:
            text = "Thanks, noted: " + (
                "👍 this answer helped." if helpful else "👎 this answer did not help."
            )
        else:
            text = "That question is too old to rate."
        await interaction.response.send_message(text, ephemeral=True)

    async def show_sources_page(self, interaction: discord.Interaction, page: int) -> None:
        summaries = await asyncio.to_thread(self.service.sources)
        pages = page_count(len(summaries))
        page = min(page, pages - 1)
        await interaction.response.edit_message(
            embed=sources_embed(summaries, page), view=sources_view(page, pages)
        )

    # -- listing and changing the knowledge base ---------------------------------------------------

    @app_commands.command(name="sources", description="List the sources I quote from.")
    async def sources(self, interaction: discord.Interaction) -> None:
        await interaction.response.defer(thinking=True)
        summaries = await asyncio.to_thread(self.service.sources)
        reply: dict[str, Any] = {"embed": sources_embed(summaries, 0)}
        view = sources_view(0, page_count(len(summaries)))
        if view is not None:
            reply["view"] = view
        await interaction.followup.send(**reply)

    @kb.command(name="add", description="Add or replace a source from a file or a web page (moderators).")
    @app_commands.describe(
        file="A Markdown (.md), text (.txt) or HTML (.html) file",
        url="A web page to add; with a file, the link to the original",
        title="Title to use instead of the document's",
        author="Who wrote it",
        publisher="Where it was published",
        published="Publication date, YYYY-MM-DD",
    )
    @_moderators_only()
    async def kb_add(
        self,
        interaction: discord.Interaction,
        file: discord.Attachment | None = None,
        url: str | None = None,
        title: str | None = None,
        author: str | None = None,
        publisher: str | None = None,
        published: str | None = None,
    ) -> None:
        overrides = {
            "title": title,
            "author": author,
            "publisher": publisher,
            "published": published,
            "url": url,
        }
        actor = self._actor(interaction.user)
        if file is not None:
            self._check_attachment(file)
            await interaction.response.defer(ephemeral=True, thinking=True)
            try:
                data = await file.read()
            except discord.HTTPException:
                raise BadDocument(f"I could not download {file.filename} from Discord; try again.") from None
            result = await asyncio.to_thread(self.service.add_bytes, data, file.filename, actor, overrides)
        elif url is not None:
            if not url.startswith(("http://", "https://")):
                raise BadDocument("The url must start with http:// or https://.")
            await interaction.response.defer(ephemeral=True, thinking=True)
            result = await asyncio.to_thread(self.service.add_url, url, actor, overrides)
        else:
            raise QabotError("Attach a file (.md, .txt or .html) or give a url to add.")
        log.info("%s by %s", result.describe(), actor)
        await interaction.followup.send(message_text(result.describe()), ephemeral=True)

    def _check_attachment(self, file: discord.Attachment) -> None:
        suffix = PurePath(file.filename).suffix.lower()
        if suffix not in ACCEPTED_SUFFIXES:
            accepted = ", ".join(sorted(ACCEPTED_SUFFIXES))
            raise BadDocument(f"{file.filename} is not a file I can read; send one of: {accepted}.")
        if file.size > self.max_upload_bytes:
            raise BadDocument(
                f"{file.filename} is too large ({file.size / 1_048_576:.1f} MB; "
                f"at most {self.max_upload_bytes / 1_048_576:.0f} MB)."
            )

    @kb.command(name="remove", description="Remove a source and its passages (moderators).")
    @app_commands.describe(source_id="The source's id, as /sources shows it")
    @_moderators_only()
    async def kb_remove(self, interaction: discord.Interaction, source_id: str) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        actor = self._actor(interaction.user)
        result = await asyncio.to_thread(self.service.remove, source_id, actor)
        log.info("%s by %s", result.describe(), actor)
        await interaction.followup.send(message_text(result.describe()), ephemeral=True)

    @kb_remove.autocomplete("source_id")
    async def _source_id_choices(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        needle = current.strip().lower()
        ids = await asyncio.to_thread(self.service.source_ids)
        matching = [source_id for source_id in ids if needle in source_id.lower()]
        return [app_commands.Choice(name=s, value=s) for s in matching[:MAX_AUTOCOMPLETE_CHOICES]]

    # -- errors ------------------------------------------------------------------------------------

    async def cog_app_command_error(
        self, interaction: discord.Interaction, error: app_commands.AppCommandError
    ) -> None:
        await send_error(interaction, error)
