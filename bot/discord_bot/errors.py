"""Showing a failure to the person in Discord: unwrap what discord.py wraps, then `bot.chat.errors`.

A refusal from a check and a `QabotError` carry their own message; anything else is logged with its
traceback (by `user_message`) and the person gets a short apology instead of a silent failure.
"""

from __future__ import annotations

import logging

import discord
from discord import app_commands

from bot.chat.errors import APOLOGY, user_message
from bot.discord_bot.render import message_text
from index.errors import NotAllowed

__all__ = [
    "APOLOGY",
    "NOT_IN_DMS",
    "NOT_MODERATOR",
    "NotModerator",
    "RefusedByCheck",
    "discord_message",
    "send_error",
]

log = logging.getLogger(__name__)

NOT_IN_DMS = "That command works only in a server."
NOT_MODERATOR = (
    "Only moderators can change the knowledge base "
    "(members with the Manage Server permission or the moderator role)."
)


class RefusedByCheck(app_commands.CheckFailure):
    """A check's refusal with a message for the person (a rate limit, say), shown like any other."""


class NotModerator(RefusedByCheck):
    """Raised by the moderator check, so the refusal goes through the error handler like any other."""

    def __init__(self, message: str = NOT_MODERATOR) -> None:
        super().__init__(message)


def discord_message(error: BaseException) -> str:
    """What to tell the person about `error`, within Discord's message size."""
    original = error.original if isinstance(error, app_commands.CommandInvokeError) else error
    if isinstance(original, app_commands.TransformerError) and original.__cause__ is not None:
        original = original.__cause__
    if isinstance(original, RefusedByCheck):
        original = NotAllowed(str(original))
    if isinstance(original, app_commands.NoPrivateMessage):
        return NOT_IN_DMS
    return message_text(user_message(original, "a Discord request"))


async def send_error(interaction: discord.Interaction, error: BaseException) -> None:
    """Shows the message for `error` only to the person who asked (if Discord still lets us)."""
    text = discord_message(error)
    try:
        if interaction.response.is_done():
            await interaction.followup.send(text, ephemeral=True)
        else:
            await interaction.response.send_message(text, ephemeral=True)
    except discord.HTTPException:
        log.exception("Could not tell the user about an error")
