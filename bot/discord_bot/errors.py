"""Showing a failure to the person in Discord: unwrap what discord.py wraps, then `bot.chat.errors`.

A refusal from a check and a `QabotError` carry their own message; anything else is logged with its
traceback (by `user_message`) and the person gets a short apology instead of a silent failure.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable
from typing import Any

import aiohttp
import discord
from discord import app_commands

from bot.chat.errors import APOLOGY, user_message
from bot.discord_bot.render import error_text, message_text, plain
from index.errors import NotAllowed

__all__ = [
    "APOLOGY",
    "NOT_IN_DMS",
    "NOT_MODERATOR",
    "OUTDATED_COMMAND",
    "LateSuggestions",
    "NotModerator",
    "RefusedByCheck",
    "ReportingCommandTree",
    "discord_message",
    "discord_unavailable",
    "interaction_gone",
    "say_cut_off",
    "send_error",
    "tell_in_dm",
    "token_expired",
]

log = logging.getLogger(__name__)

NOT_IN_DMS = "That command works only in a server."
NOT_MODERATOR = (
    "Only moderators can change the knowledge base "
    "(members with the Manage Server permission or the moderator role)."
)
# Discord keeps showing a command as it was registered before an update (or in a server no longer
# a home server) until the app reloads its list: no bug here, and the person can do something.
OUTDATED_COMMAND = (
    "Discord showed you an older version of this command, or one I no longer offer here. "
    "Reload Discord (Ctrl+R, or reopen the app) and try again: my commands are /ask and /sources, and "
    "/kb for moderators."
)


class RefusedByCheck(app_commands.CheckFailure):
    """A check's refusal with a message for the person (a rate limit, say), shown like any other."""


class NotModerator(RefusedByCheck):
    """Raised by the moderator check, so the refusal goes through the error handler like any other."""

    def __init__(self, message: str = NOT_MODERATOR) -> None:
        super().__init__(message)


# Discord's codes for an interaction that can no longer be answered: past its 3 s, answered already, or
# past the 15 minutes of its follow-ups' token (an unknown or invalid webhook token). No bug here, and
# telling the person would fail the same way.
_TOKEN_EXPIRED = frozenset({10015, 50027})
_INTERACTION_GONE = frozenset({10062, 40060}) | _TOKEN_EXPIRED


def interaction_gone(error: BaseException) -> bool:
    """Whether `error` (as discord.py wraps it or not) says the interaction can no longer be answered."""
    original = error.original if isinstance(error, app_commands.CommandInvokeError) else error
    return isinstance(original, discord.HTTPException) and original.code in _INTERACTION_GONE


def token_expired(error: BaseException) -> bool:
    """Whether `error` says the interaction's follow-ups are past their 15 minutes."""
    return isinstance(error, discord.HTTPException) and error.code in _TOKEN_EXPIRED


def discord_unavailable(error: BaseException) -> bool:
    """Whether `error` is Discord failing (a 5xx after discord.py's retries) or refusing for load (a
    429 it raises at once, as from Cloudflare, or one asking for a longer wait than replies are held):
    no bug here, and an apology would fail the same way."""
    original = error.original if isinstance(error, app_commands.CommandInvokeError) else error
    return isinstance(original, discord.DiscordServerError | discord.RateLimited) or (
        isinstance(original, discord.HTTPException) and original.status == 429
    )


def discord_message(error: BaseException) -> str:
    """What to tell the person about `error`, within Discord's message size."""
    original = error.original if isinstance(error, app_commands.CommandInvokeError) else error
    if isinstance(original, app_commands.TransformerError) and original.__cause__ is not None:
        original = original.__cause__
    if isinstance(original, RefusedByCheck):
        original = NotAllowed(str(original))
    if isinstance(original, app_commands.NoPrivateMessage):
        return NOT_IN_DMS
    if isinstance(original, app_commands.CommandSignatureMismatch | app_commands.CommandNotFound):
        log.warning(
            "Discord sent a command as it no longer is (%s); the person was told to reload.", original
        )
        return OUTDATED_COMMAND
    # A refusal may name what anyone wrote (a stored title, a file name): shown as written.
    return error_text(user_message(original, "a Discord request"))


async def send_error(
    interaction: discord.Interaction, error: BaseException, dm_when_gone: bool = False
) -> None:
    """Shows the message for `error` only to the person who asked (if Discord still lets us; else,
    with `dm_when_gone`, in a DM: a change's refusal past the interaction's 15 minutes)."""
    if interaction_gone(error):
        log.info("An interaction could not be answered in time: %s", error)
        return
    if discord_unavailable(error):
        log.warning("Discord did not take an answer to an interaction: %s", error)
        return
    text = discord_message(error)
    try:
        if interaction.type is discord.InteractionType.autocomplete:
            # Suggestions have nowhere to show a message, and Discord refuses one in their place.
            log.info("No suggestions for %s: %s", interaction.command, text)
            if not interaction.response.is_done():
                await interaction.response.autocomplete([])
        elif interaction.response.is_done():
            await interaction.followup.send(text, ephemeral=True)
        else:
            await interaction.response.send_message(text, ephemeral=True)
    except discord.HTTPException as failed:
        if not interaction_gone(failed):
            log.exception("Could not tell the user about an error")
        elif dm_when_gone and token_expired(failed):
            await tell_in_dm(interaction, text)
        else:
            log.info("Could not tell the user %r: the interaction is gone (%s)", text, failed)
    except discord.RateLimited as failed:
        log.info("Could not tell the user %r: %s", text, failed)


async def tell_in_dm(interaction: discord.Interaction, text: str) -> None:
    """`text` in a DM to whoever made `interaction`, naming its server, for what the interaction, past
    its 15 minutes, can no longer show."""
    guild = interaction.guild
    # A server discord.py has no record of (the bot removed since) stands in nameless.
    named = plain(guild.name, 100) if guild is not None and guild.name else None
    server = named or (f"server {interaction.guild_id}" if interaction.guild_id is not None else None)
    where = f"In {server}: " if server else ""
    try:
        await interaction.user.send(message_text(where + text))
    except (discord.HTTPException, discord.RateLimited) as error:  # DMs closed to the bot
        log.info("Could not tell %s %r here or in a DM: %s", interaction.user.id, text, error)


async def say_cut_off(send: Awaitable[object]) -> None:
    """Sends a stop's apology for an answer it cut off. The stop closes the connection under a message
    still waiting (one waiting out a 429): what fails then is logged, and the stop goes on; raised, it
    replaced the cancellation and discord.py logged it as a bug."""
    try:
        await asyncio.shield(send)
    except (discord.HTTPException, aiohttp.ClientError) as error:
        log.info("Could not say that an answer was cut off by the stop: %s", error)


class LateSuggestions(logging.Filter):
    """discord.py logs suggestions that reach Discord past its 3 s ("Unknown interaction") as an ERROR
    with a traceback, from inside the tree: a slow moment, no bug. Here it is one INFO line."""

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        if error is not None and str(record.msg).startswith(_AUTOCOMPLETE_FAILED) and interaction_gone(error):
            record.msg, record.args = "Suggestions came too late for Discord: %s", (error,)
            record.exc_info = record.exc_text = None
            record.levelno, record.levelname = logging.INFO, "INFO"
        return True


_AUTOCOMPLETE_FAILED = "Ignoring exception in autocomplete"


class ReportingCommandTree(app_commands.CommandTree[Any]):
    """A command tree that answers a command it does not know (a stale registration) instead of
    logging an ERROR and leaving Discord to say "The application did not respond"; suggestions that
    come too late are logged as late (`LateSuggestions`)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        tree_log = logging.getLogger(app_commands.CommandTree.__module__)
        if not any(isinstance(f, LateSuggestions) for f in tree_log.filters):
            tree_log.addFilter(LateSuggestions())

    async def interaction_check(self, interaction: discord.Interaction, /) -> bool:
        """Refuses a command whose options Discord sent with other types than it takes: a registration
        older than the code (a `url` once a number) passed a number where text is read, and the command
        failed with a TypeError. discord.py checks the options' names only."""
        command = interaction.command
        if isinstance(command, app_commands.Command) and not _options_fit(command, interaction.data or {}):
            await send_error(interaction, app_commands.CommandSignatureMismatch(command))
            return False
        return True

    async def on_error(self, interaction: discord.Interaction, error: app_commands.AppCommandError) -> None:
        if interaction.command is None:  # no command, so no cog's handler has told the person
            await send_error(interaction, error)
            return
        await super().on_error(interaction, error)


# The Python types Discord sends for each option type a command takes (an integer is no boolean).
_OPTION_VALUES: dict[discord.AppCommandOptionType, tuple[type, ...]] = {
    discord.AppCommandOptionType.string: (str,),
    discord.AppCommandOptionType.integer: (int,),
    discord.AppCommandOptionType.number: (int, float),
    discord.AppCommandOptionType.boolean: (bool,),
}
_SUBCOMMAND_TYPES = frozenset({1, 2})  # a subcommand, a subcommand group: their options hold the values


def _options_fit(command: app_commands.Command[Any, ..., Any], data: Any) -> bool:
    """Whether each option value in an interaction's `data` has the type `command` takes for it."""
    parameters = {parameter.display_name: parameter for parameter in command.parameters}
    options = list(data.get("options", ())) if isinstance(data, dict) else []
    while options:
        option = options.pop()
        if not isinstance(option, dict):
            return False
        if option.get("type") in _SUBCOMMAND_TYPES:
            nested = option.get("options") or []
            if not isinstance(nested, list):
                return False
            options.extend(nested)
            continue
        parameter = parameters.get(str(option.get("name")))
        expected = _OPTION_VALUES.get(parameter.type) if parameter is not None else None
        value = option.get("value")
        if expected is not None and (
            not isinstance(value, expected) or (isinstance(value, bool) and bool not in expected)
        ):
            return False
    return True
