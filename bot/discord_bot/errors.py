"""The one place where a failure becomes what the person in Discord reads.

A `QabotError` (and a refusal from a check) carries its own message. Anything else is a bug: it is
logged with its traceback and the person gets a short apology instead of a silent failure.
"""

from __future__ import annotations

import logging

import discord
from discord import app_commands

from bot.discord_bot.render import message_text
from index.errors import QabotError

log = logging.getLogger(__name__)

APOLOGY = "Sorry, something went wrong on my side. It has been logged; please try again later."
NOT_IN_DMS = "That command works only in a server."
NOT_MODERATOR = (
    "Only moderators can change the knowledge base "
    "(members with the Manage Server permission or the moderator role)."
)


class NotModerator(app_commands.CheckFailure):
    """Raised by the moderator check, so the refusal goes through the error handler like any other."""

    def __init__(self) -> None:
        super().__init__(NOT_MODERATOR)


def user_message(error: BaseException) -> str:
    """What to tell the user about `error`; unexpected errors are logged here with their traceback."""
    original = error.original if isinstance(error, app_commands.CommandInvokeError) else error
    if isinstance(original, app_commands.TransformerError) and original.__cause__ is not None:
        original = original.__cause__
    if isinstance(original, QabotError | NotModerator):
        return message_text(str(original))
    if isinstance(original, app_commands.NoPrivateMessage):
        return NOT_IN_DMS
    log.error("Unexpected error while handling a Discord request", exc_info=original)
    return APOLOGY


async def send_error(interaction: discord.Interaction, error: BaseException) -> None:
    """Shows the user message for `error` only to the person who asked (if Discord still lets us)."""
    text = user_message(error)
    try:
        if interaction.response.is_done():
            await interaction.followup.send(text, ephemeral=True)
        else:
            await interaction.response.send_message(text, ephemeral=True)
    except discord.HTTPException:
        log.exception("Could not tell the user about an error")
