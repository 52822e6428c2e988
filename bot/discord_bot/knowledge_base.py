"""`KnowledgeBaseCog`: `/kb add` and `/kb remove`, for the members the moderator policy names."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import TypeVar

import discord
from discord import app_commands
from discord.ext import commands

from bot.chat.rate_limit import HEAVY, PersonLimits, RateLimited
from bot.chat.uploads import check_upload
from bot.discord_bot.cog import person_of
from bot.discord_bot.errors import NotModerator, RefusedByCheck, send_error
from bot.discord_bot.render import message_text
from bot.settings import Settings
from index.errors import BadDocument, QabotError
from index.service import QAService

__all__ = ["KnowledgeBaseCog"]

log = logging.getLogger(__name__)

MAX_AUTOCOMPLETE_CHOICES = 25  # Discord's limit
T = TypeVar("T")


def _moderators_only() -> Callable[[T], T]:
    async def predicate(interaction: discord.Interaction) -> bool:
        command = interaction.command
        cog = command.binding if isinstance(command, app_commands.Command) else None
        if not isinstance(cog, KnowledgeBaseCog):
            raise NotModerator()
        try:
            cog.limits.check(person_of(interaction.user), HEAVY)
        except RateLimited as error:
            raise RefusedByCheck(str(error)) from None
        if cog.is_moderator(interaction):
            return True
        raise NotModerator()

    return app_commands.check(predicate)


class KnowledgeBaseCog(commands.Cog, name="Knowledge base"):
    """Moderators change the knowledge base with `/kb`; every change is answered from at once."""

    kb = app_commands.Group(
        name="kb",
        description="Change the knowledge base (moderators only).",
        guild_only=True,
        allowed_contexts=app_commands.AppCommandContext(guild=True),
    )

    def __init__(self, service: QAService, settings: Settings, limits: PersonLimits) -> None:
        self.service = service
        self.settings = settings
        self.limits = limits
        self.moderator_role = settings.discord_moderator_role

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
        actor = person_of(interaction.user)
        if file is not None:
            filename = check_upload(file.filename, file.size, self.settings.max_upload_bytes)
            await interaction.response.defer(ephemeral=True, thinking=True)
            try:
                data = await file.read()
            except discord.HTTPException:
                raise BadDocument(f"I could not download {filename} from Discord; try again.") from None
            result = await asyncio.to_thread(self.service.add_bytes, data, filename, actor, overrides)
        elif url is not None:
            if not url.startswith(("http://", "https://")):
                raise BadDocument("The url must start with http:// or https://.")
            await interaction.response.defer(ephemeral=True, thinking=True)
            result = await asyncio.to_thread(self.service.add_url, url, actor, overrides)
        else:
            raise QabotError("Attach a file (.md, .txt or .html) or give a url to add.")
        log.info("%s by %s", result.describe(), actor)
        await interaction.followup.send(message_text(result.describe()), ephemeral=True)

    @kb.command(name="remove", description="Remove a source and its passages (moderators).")
    @app_commands.describe(source_id="The source's id, as /sources shows it")
    @_moderators_only()
    async def kb_remove(self, interaction: discord.Interaction, source_id: str) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        actor = person_of(interaction.user)
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

    async def cog_app_command_error(
        self, interaction: discord.Interaction, error: app_commands.AppCommandError
    ) -> None:
        await send_error(interaction, error)
