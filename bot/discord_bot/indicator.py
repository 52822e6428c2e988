""" "typing…" under a Discord channel while a question is answered (`bot.chat.indicator`)."""

from __future__ import annotations

import contextlib
import logging

import aiohttp
import discord

from bot.chat.indicator import indicating

__all__ = ["typing_while"]

log = logging.getLogger(__name__)

REFRESH_SECONDS = 8.0  # Discord shows an indicator for about 10 s


def typing_while(channel: discord.abc.Messageable) -> contextlib.AbstractAsyncContextManager[None]:
    """Not discord.py's `channel.typing()`: an error in it (no permission, an outage of that endpoint)
    ended the block, and the answer it only decorated was lost."""

    async def send() -> None:
        try:
            await channel.typing()  # awaited, it sends one indicator
        except (discord.HTTPException, aiohttp.ClientError, OSError) as error:  # refused, or the connection
            log.info("No typing indicator (%s); answering without one.", error)

    return indicating(send, REFRESH_SECONDS)
