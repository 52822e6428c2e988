"""`KnowledgeBaseCog`: `/kb add` and `/kb remove`, for those `bot.chat.authority` names.

In a home server they change the shared knowledge base; with community collections on, the
administrators of another server change that server's own collection. `/kb` is registered only in
servers, with Manage Server as its default permission unless a moderator role is set and only the
home servers have it (the role's members must see it too); the authority rules decide again on every
use, whatever Discord showed.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
from collections.abc import AsyncIterator, Callable
from typing import Any

import aiohttp
import discord
from discord import app_commands
from discord.ext import commands

from bot.chat.authority import Grant
from bot.chat.changes import ChangeSlot, still_adding, tell_meanwhile
from bot.chat.context import ChatContext
from bot.chat.rate_limit import HEAVY, LOOKUP, RateLimited
from bot.chat.shutdown import CUT_OFF, InFlight
from bot.chat.uploads import check_upload, download, upload_origin
from bot.discord_bot.downloads import AttachmentDownloads
from bot.discord_bot.errors import say_cut_off, send_error, tell_in_dm, token_expired
from bot.discord_bot.owed import owe_report
from bot.discord_bot.places import member_of, person_of, place_of
from bot.discord_bot.render import plain, report_text
from index.errors import BadDocument, QabotError
from index.service import ChangeResult
from index.visibility import SHARED_ONLY, Visibility, collection_prefix

__all__ = ["KnowledgeBaseCog"]

log = logging.getLogger(__name__)

MAX_AUTOCOMPLETE_CHOICES = 25  # Discord's limit
MAX_CHOICE_CHARS = 100  # Discord's limit on a choice's name and value
# A change behind others ("thinking…" alone for the 441 s of a 5 MB add before it) says so at once.
QUEUED = (
    "Another change to my sources is being made; yours runs after it, and I'll report here (or in a DM, "
    "past the 15 minutes Discord gives me to answer here)."
)


class KnowledgeBaseCog(commands.Cog, name="Knowledge base"):
    """Moderators change the knowledge base with `/kb`; every change is answered from at once."""

    kb = app_commands.Group(
        name="kb",
        description="Change the knowledge base (moderators only).",
        guild_only=True,
        allowed_contexts=app_commands.AppCommandContext(guild=True),
        # Installed to a server only: left unset, an app an operator also made user-installable would
        # offer /kb in servers the bot was never invited to.
        allowed_installs=app_commands.AppInstallationType(guild=True),
        default_permissions=discord.Permissions(manage_guild=True),
    )

    def __init__(self, chat: ChatContext, in_flight: InFlight) -> None:
        """`in_flight`: the answers' (`QACog.in_flight`), so a stop waits for changes as for answers."""
        self.chat = chat
        self.in_flight = in_flight
        self.service = chat.service
        self.downloads = AttachmentDownloads()
        if chat.settings.discord_moderator_role_id is not None and not chat.settings.community_collections:
            # Registered in the home servers alone (`setup_qabot`), where Discord would show /kb to
            # Manage Server only and the role's members could not use it until a server owner opened
            # it to them under Integrations. With communities, /kb is in every server: it stays with
            # Manage Server there. `self.kb` is this cog's copy.
            self.kb.default_permissions = None

    async def _grant(self, interaction: discord.Interaction, action: str, target: str) -> Grant:
        self.chat.limit(person_of(interaction.user), HEAVY)
        # Deferred before the first database call: a refusal is written down, and a write waits while
        # another holds the database (an add), past Discord's 3 s for a first response.
        await interaction.response.defer(ephemeral=True, thinking=True)
        member = member_of(interaction.user, interaction.permissions)
        grant = await self.chat.authority.grant(member, place_of(interaction.guild), action, target)
        await owe_report(self.chat, interaction, action, target)
        return grant

    async def _say_if_queued(self, interaction: discord.Interaction, grant: Grant) -> None:
        """Behind others, the moderator is told so before the change runs (its place was claimed
        first: a change the queue then refused had been told it would run)."""
        if self.chat.changes.in_lane(grant) > 1:
            await tell_meanwhile(functools.partial(_notice, interaction, QUEUED))

    async def _run_add(
        self,
        interaction: discord.Interaction,
        grant: Grant,
        slot: ChangeSlot,
        name: str,
        function: Callable[..., ChangeResult],
        *args: Any,
        **kwargs: Any,
    ) -> ChangeResult:
        """`grant`'s add of what `name` names, in its claimed `slot`: one still under way after a while
        is said to be."""
        await self._say_if_queued(interaction, grant)
        tell = functools.partial(_notice, interaction, still_adding(name))
        return await slot.run_telling(tell, function, *args, **kwargs)

    async def _report(self, interaction: discord.Interaction, grant: Grant, result: ChangeResult) -> None:
        """The change's report to whoever made it; past the interaction's 15 minutes (a change queued
        behind long ones), in a DM, as its follow-up can no longer be sent."""
        log.info("%s by %s", result.describe(), grant.actor)
        text = report_text(grant.report(result))
        try:
            await interaction.followup.send(text, ephemeral=True)
        except discord.HTTPException as error:
            if not token_expired(error):
                raise
            await tell_in_dm(interaction, text)

    @contextlib.asynccontextmanager
    async def _changing(self, interaction: discord.Interaction) -> AsyncIterator[None]:
        """Around a change: a stop waits for it with the answers in flight, and past the grace the
        moderator is told it was cut off (the change itself may still be written)."""
        async with self.in_flight.answering():
            try:
                yield
            except asyncio.CancelledError:
                if interaction.response.is_done():
                    await say_cut_off(interaction.followup.send(CUT_OFF, ephemeral=True))
                raise

    @kb.command(name="add", description="Add or replace a source from a file or a web page (moderators).")
    @app_commands.describe(
        file="A Markdown (.md), text (.txt) or HTML (.html) file",
        url="A web page to add; with a file, the link to the original",
        title="Title to use instead of the document's",
        author="Who wrote it",
        publisher="Where it was published",
        published="Publication date, YYYY-MM-DD",
        replace="Take over a source id that another file or page holds",
        source_id="Source id to use (default: from the file name, the page's address or the title)",
    )
    @app_commands.rename(source_id="id")
    async def kb_add(
        self,
        interaction: discord.Interaction,
        file: discord.Attachment | None = None,
        url: str | None = None,
        title: str | None = None,
        author: str | None = None,
        publisher: str | None = None,
        published: str | None = None,
        replace: bool = False,
        source_id: app_commands.Range[str, 1, 120] | None = None,
    ) -> None:
        target = file.filename if file is not None else url or "nothing"
        async with self.chat.reports.settling():  # crossed off once reported (`owed`)
            async with self._changing(interaction):
                grant = await self._grant(interaction, "add", target)
                result = await self._add(interaction, grant, file, url, source_id, replace, title=title,
                                         author=author, publisher=publisher, published=published)  # fmt: skip
            await self._report(interaction, grant, result)

    async def _add(
        self,
        interaction: discord.Interaction,
        grant: Grant,
        file: discord.Attachment | None,
        url: str | None,
        source_id: str | None,
        replace: bool,
        **metadata: str | None,
    ) -> ChangeResult:
        overrides = {**metadata, "id": source_id}
        if file is not None:
            overrides["url"] = url  # a file's link to its original; a fetched page links where it was read
            most = self.chat.settings.max_upload_bytes
            filename = check_upload(file.filename, file.size, most)
            with self.chat.changes.claim(grant) as slot:  # before the download: a busy queue costs none
                try:
                    data = await download(self.downloads.read(file.url, filename, most), filename)
                except aiohttp.ClientError:
                    raise BadDocument(f"I could not download {filename} from Discord; try again.") from None
                return await self._run_add(
                    interaction, grant, slot, plain(filename, 100), self.service.add_bytes, data, filename,
                    grant.actor, overrides,
                    origin=upload_origin(grant.actor, filename), collection=grant.collection,
                    replace=replace,
                )  # fmt: skip
        if url is not None:
            with self.chat.changes.claim(grant) as slot:
                return await self._run_add(
                    interaction, grant, slot, "the page", self.service.add_url, url, grant.actor, overrides,
                    collection=grant.collection, replace=replace,
                )  # fmt: skip
        raise QabotError("Attach a file (.md, .txt or .html) or give a url to add.")

    @kb.command(name="remove", description="Remove a source and its passages (moderators).")
    @app_commands.describe(source_id="The source's id, as /sources shows it")
    async def kb_remove(self, interaction: discord.Interaction, source_id: str) -> None:
        async with self.chat.reports.settling():  # crossed off once reported (`owed`)
            async with self._changing(interaction):
                grant = await self._grant(interaction, "remove", source_id)
                with self.chat.changes.claim(grant) as slot:
                    await self._say_if_queued(interaction, grant)
                    result = await slot.run(
                        self.service.remove, source_id, grant.actor, collection=grant.collection
                    )
            await self._report(interaction, grant, result)

    @kb_remove.autocomplete("source_id")
    async def _source_id_choices(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        """The ids this person may remove here; nothing for anyone else, or past the lookup budget
        (a suggestion list has nowhere to say why)."""
        place = place_of(interaction.guild)
        decision = self.chat.authority.decide(member_of(interaction.user, interaction.permissions), place)
        if not isinstance(decision, Grant):
            return []
        try:
            self.chat.limit(person_of(interaction.user), LOOKUP)
        except RateLimited:
            return []
        collection = decision.collection
        visibility = SHARED_ONLY if collection is None else Visibility(collection)
        prefix = "" if collection is None else collection_prefix(collection)
        ids = await self.chat.read(
            functools.partial(
                self.service.source_ids,
                visibility,
                current.strip(),
                MAX_AUTOCOMPLETE_CHOICES,
                own_only=collection is not None,  # a community removes only its own
            ),
            place=place.community,
        )
        # Discord refuses the whole list if one choice is over its limit: a community's long id is
        # offered without its prefix, which `remove` puts back.
        offered = (i if len(i) <= MAX_CHOICE_CHARS else i.removeprefix(prefix) for i in ids)
        return [app_commands.Choice(name=i, value=i) for i in offered if len(i) <= MAX_CHOICE_CHARS]

    async def cog_unload(self) -> None:
        await self.downloads.close()

    async def cog_app_command_error(
        self, interaction: discord.Interaction, error: app_commands.AppCommandError
    ) -> None:
        await send_error(interaction, error, dm_when_gone=True)


async def _notice(interaction: discord.Interaction, text: str) -> None:
    """Sends a word on a change before its report; Discord's refusal is logged (a courtesy)."""
    try:
        await interaction.followup.send(text, ephemeral=True)
    except (discord.HTTPException, discord.RateLimited) as error:
        log.info("Could not say %r before a change: %r", text, error)
