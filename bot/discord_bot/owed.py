"""Discord's side of `bot.chat.owed_reports`: a moderator whose change a hard kill cut short is told
in a DM once the bot is back (the interaction's token, a credential, is not kept to answer it with)."""

from __future__ import annotations

import logging

import discord

from bot.chat.context import ChatContext
from bot.discord_bot.places import PLATFORM
from bot.discord_bot.render import message_text, plain
from index.store.owed_reports import LeftReport

__all__ = ["owe_report", "tell_left_changes"]

log = logging.getLogger(__name__)

MAX_NAMED_CHARS = 100


async def owe_report(chat: ChatContext, interaction: discord.Interaction, action: str, target: str) -> None:
    """Writes down the granted change `interaction` asks for, to be told of after a hard kill."""
    address = {"user": interaction.user.id, "server": interaction.guild_id or 0}
    verb = "adding" if action == "add" else "removing"
    await chat.reports.owe(PLATFORM, address, f"{verb} {plain(target, MAX_NAMED_CHARS)}")


async def tell_left_changes(chat: ChatContext, client: discord.Client) -> None:
    """DMs the senders of changes a killed process left unreported: once a person and server."""

    async def tell(report: LeftReport, text: str) -> bool:
        server_id = report.address.get("server", 0)
        server = client.get_guild(server_id) if server_id else None
        named = plain(server.name, 100) if server is not None and server.name else f"server {server_id}"
        try:
            user = client.get_user(report.address["user"]) or await client.fetch_user(report.address["user"])
            await user.send(message_text(f"In {named}: {text}" if server_id else text))
        except (discord.HTTPException, discord.RateLimited) as error:  # DMs closed, the account gone
            log.info("Could not tell %s of a change a restart cut off: %s", report.address["user"], error)
            return False
        return True

    await chat.reports.tell_left(PLATFORM, tell, lambda r: (r.address["user"], r.address.get("server", 0)))
