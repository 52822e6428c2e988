"""The buttons under an answer or a listing, pressed: called by `SignedButton` (views.py) with the
press's signed token, which is read for the channel it was pressed in."""

from __future__ import annotations

import discord

from bot.chat.buttons import BROKEN_BUTTON, EXPIRED, GONE, NO_OTHER_PASSAGES, press_kind
from bot.chat.context import ChatContext
from bot.chat.listing import sources_page
from bot.discord_bot.places import PLATFORM, person_of, place_of
from bot.discord_bot.render import SOURCES_PER_PAGE, alternative_embeds, paragraph_embed, sources_embed
from bot.discord_bot.views import sources_view
from index.service import Asker

__all__ = ["ButtonPresses"]


class ButtonPresses:
    def __init__(self, chat: ChatContext) -> None:
        self.chat = chat
        self.service = chat.service

    async def on_button(self, interaction: discord.Interaction, token: str) -> None:
        press = self.chat.signer.read(token, str(interaction.channel_id))
        self.chat.limit(person_of(interaction.user), press_kind(press))
        if press is None:
            await interaction.response.send_message(BROKEN_BUTTON, ephemeral=True)
        elif press.action in ("up", "down"):
            await self._vote(interaction, press.number, press.action == "up")
        elif press.action == "more":
            await self._other_passages(interaction, press.number)
        elif press.action == "page":
            await self._sources_page(interaction, press.number)
        elif press.action == "paragraph":
            await self._whole_paragraph(interaction, press.number)
        else:
            await interaction.response.send_message(BROKEN_BUTTON, ephemeral=True)

    async def _other_passages(self, interaction: discord.Interaction, question_id: int) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        place = place_of(interaction.guild)
        visibility = self.chat.authority.visibility(place)
        answer = await self.chat.alternatives(question_id, visibility, place.community)
        if answer is None:
            await interaction.followup.send(EXPIRED, ephemeral=True)
            return
        embeds = alternative_embeds(answer.alternatives)
        if not embeds:
            await interaction.followup.send(NO_OTHER_PASSAGES, ephemeral=True)
            return
        await interaction.followup.send(embeds=embeds, ephemeral=True)

    async def _whole_paragraph(self, interaction: discord.Interaction, passage_id: int) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        place = place_of(interaction.guild)
        visibility = self.chat.authority.visibility(place)
        paragraph = await self.chat.read(
            self.service.paragraph, passage_id, visibility, place=place.community
        )
        if paragraph is None:
            await interaction.followup.send(GONE, ephemeral=True)
            return
        await interaction.followup.send(embed=paragraph_embed(paragraph), ephemeral=True)

    async def _vote(self, interaction: discord.Interaction, question_id: int, helpful: bool) -> None:
        # Deferred first: a write waits while another holds the database (an add), past Discord's 3 s.
        await interaction.response.defer(ephemeral=True, thinking=True)
        voter = Asker(PLATFORM, str(interaction.user.id))
        place = place_of(interaction.guild).community
        stored = await self.chat.write(
            self.service.vote, question_id, voter, 1 if helpful else -1, place=place
        )
        if stored:
            text = "Thanks, noted: " + (
                "👍 this answer helped." if helpful else "👎 this answer did not help."
            )
        else:
            text = "That question is too old to rate."
        await interaction.followup.send(text, ephemeral=True)

    async def _sources_page(self, interaction: discord.Interaction, page: int) -> None:
        # Deferred first: the read may wait on a slow database for up to its 30 s, past Discord's 3 s.
        await interaction.response.defer()
        place = place_of(interaction.guild)
        visibility = self.chat.authority.visibility(place)
        listing = await sources_page(self.chat, visibility, page, SOURCES_PER_PAGE, place.community)
        view = sources_view(self.chat.signer, listing.page, listing.pages, interaction.channel_id or 0)
        await interaction.edit_original_response(embed=sources_embed(listing), view=view)
