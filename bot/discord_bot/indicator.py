""" "typing…" under a channel while a question is answered, if Discord lets the bot show it.

discord.py's `channel.typing()` context sends the first indicator before its block runs, and an error
there (no permission, an outage of that endpoint, which discord.py retries for about 25 s first) lost
the answer it only decorated. Here the indicator is a task of its own, cancelled with the block; a
failure costs only the indicator.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator

import discord

__all__ = ["typing_while"]

log = logging.getLogger(__name__)

REFRESH_SECONDS = 8.0  # Discord shows an indicator for about 10 s


@contextlib.asynccontextmanager
async def typing_while(channel: discord.abc.Messageable) -> AsyncIterator[None]:
    """Shows "typing…" in `channel` while the block runs, without ever holding it up."""
    indicator = asyncio.create_task(_keep_typing(channel))
    try:
        yield
    finally:
        indicator.cancel()


async def _keep_typing(channel: discord.abc.Messageable) -> None:
    try:
        while True:
            await channel.typing()  # awaited, it sends one indicator
            await asyncio.sleep(REFRESH_SECONDS)
    except discord.HTTPException as error:
        log.info("No typing indicator (%s); answering without one.", error)
