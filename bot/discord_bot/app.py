"""The standalone Discord bot: `create_bot(service, settings)`, `setup_qabot` for any bot, and `run`."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal

import aiohttp
import discord
import yarl
from discord.ext import commands
from discord.gateway import DiscordWebSocket

from bot.chat.context import ChatContext
from bot.discord_bot.cog import QACog
from bot.discord_bot.errors import ReportingCommandTree
from bot.discord_bot.gateway_events import skip_unreadable_events
from bot.discord_bot.knowledge_base import KnowledgeBaseCog
from bot.discord_bot.owed import tell_left_changes
from bot.discord_bot.reconnects import quiet_reconnects
from bot.settings import Settings
from index.errors import QabotError
from index.service import QAService

log = logging.getLogger(__name__)

TOKEN_HELP = (
    "Create a bot at https://discord.com/developers/applications (Bot → Reset Token) "
    "and set DISCORD_BOT_TOKEN to its token."
)
CONNECTION_CLOSE_SECONDS = 2.0
GLOBAL_SYNC_HELP = "The commands registered before stay; mentions and DMs are answered."
HOME_SYNC_HELP = (
    "/kb is not offered there. Is the bot in server {guild_id}, invited with the applications.commands "
    "scope? If not, invite it, or take the id out of QABOT_DISCORD_HOME_GUILDS."
)
# Gateway closes discord.py does not reconnect after, in words the operator can act on.
CLOSED_BECAUSE = {
    4004: f"Discord rejected the token in DISCORD_BOT_TOKEN. {TOKEN_HELP}",
    4011: "Discord asks for sharding: the bot is in too many servers for one connection (code 4011).",
    4013: "Discord refused the intents qabot asked for (code 4013); update qabot and its discord.py.",
}


# A reply waits out a channel's 429 up to this long (discord.py's least is 30 s), as on Telegram; past
# it, it is dropped (`discord.RateLimited`): discord.py would otherwise wait five times any retry_after.
MAX_RATE_LIMIT_WAIT = 60.0


class QABot(commands.Bot):
    """A bot that only answers: slash commands, mentions and DMs, all handled by `QACog`."""

    def __init__(self, service: QAService, settings: Settings) -> None:
        intents = discord.Intents.default()
        # Privileged (switched on in the Developer Portal): the text of channel messages, for mention
        # questions. Discord also delivers DMs and mentions without it, so it is a belt-and-braces choice.
        intents.message_content = True
        super().__init__(
            command_prefix=commands.when_mentioned,
            intents=intents,
            help_command=None,
            allowed_mentions=discord.AllowedMentions.none(),
            tree_cls=ReportingCommandTree,
            max_ratelimit_timeout=MAX_RATE_LIMIT_WAIT,
        )
        self.service = service
        self.settings = settings
        self.chat = ChatContext(settings, service)
        self._telling_left: asyncio.Task[None] | None = None
        skip_unreadable_events(self._connection)

    async def setup_hook(self) -> None:
        await setup_qabot(self, self.chat)

    async def on_message(self, message: discord.Message, /) -> None:
        """No text commands: a mention is a question for QACog's listener, not a command prefix."""

    async def sync_commands(self) -> None:
        """Registers the slash commands: globally, and `/kb` in each home server (where it shows at once).
        One that Discord refuses is a warning, and the bot goes on: a home server it was removed from,
        or a mistyped id, stopped it from starting anywhere."""
        log.info("Registering the slash commands with Discord.")
        await self._sync(None, "globally", GLOBAL_SYNC_HELP)
        for guild_id in sorted(self.settings.discord_home_guilds):
            home = discord.Object(id=guild_id)
            await self._sync(home, f"in home server {guild_id}", HOME_SYNC_HELP.format(guild_id=guild_id))

    async def _sync(self, guild: discord.abc.Snowflake | None, where: str, help_text: str) -> None:
        try:
            synced = await self.tree.sync(guild=guild)
        except (discord.HTTPException, aiohttp.ClientError, OSError) as error:
            if not self.is_closed():  # a stop closed the connection under it: nothing to tell
                log.warning(
                    "Could not register the slash commands %s (%s). %s", where, _said(error), help_text
                )
            return
        log.info("Synced %d slash commands %s", len(synced), where)

    async def on_ready(self) -> None:
        log.info("Connected to Discord as %s in %d servers", self.user, len(self.guilds))
        if self._telling_left is None:  # once: a reconnect is "ready" again
            self._telling_left = asyncio.create_task(tell_left_changes(self.chat, self))

    async def close(self) -> None:
        if self._telling_left is not None:
            self._telling_left.cancel()
        await super().close()


async def setup_qabot(bot: commands.Bot, chat: ChatContext) -> None:
    """Adds qabot to any discord.py bot: questions, `/sources`, the buttons and `/kb`.

    Without community collections, `/kb` can do something only in the home servers, so it is
    registered there alone (and shows there at once); with them, every server has it.
    """
    questions = QACog(bot, chat)
    await bot.add_cog(questions)
    changes = KnowledgeBaseCog(chat, questions.in_flight)
    home = [discord.Object(id=guild_id) for guild_id in sorted(chat.settings.discord_home_guilds)]
    if home and not chat.settings.community_collections:
        await bot.add_cog(changes, guilds=home)
    else:
        await bot.add_cog(changes)


def create_bot(service: QAService, settings: Settings) -> QABot:
    return QABot(service, settings)


def require_token(settings: Settings) -> str:
    token = settings.discord_bot_token.get_secret_value().strip() if settings.discord_bot_token else ""
    if not token:
        raise QabotError(f"DISCORD_BOT_TOKEN is not set. {TOKEN_HELP}")
    return token


def run(bot: QABot, token: str) -> None:
    """Logs in, loads the knowledge base and answers until SIGTERM or SIGINT; problems the user can
    fix are `QabotError`s, and the token never appears in them."""
    if bot.settings.discord_api_base_url:
        discord.http.Route.BASE = bot.settings.discord_api_base_url.rstrip("/")
    quiet_reconnects()
    asyncio.run(_serve(bot, token))


async def _serve(bot: QABot, token: str) -> None:
    """Runs the bot until SIGTERM or SIGINT, then stops cleanly: no new questions, the ones in flight
    finished (or apologised for), the gateway closed. A signal while starting stops it too: a login or
    a command registration Discord left hanging kept the process past `docker stop`'s 10 s."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signal_number in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signal_number, stop.set)
    async with bot:
        running = asyncio.create_task(_start_and_connect(bot, token))
        stopping = asyncio.create_task(stop.wait())
        await asyncio.wait({running, stopping}, return_when=asyncio.FIRST_COMPLETED)
        if running.done():
            stopping.cancel()
            running.result()  # the gateway ended on its own, or starting failed: say why
            return
        log.info("Stopping (signal received).")
        cog = bot.get_cog(QACog.__cog_name__)
        if isinstance(cog, QACog):
            await cog.in_flight.drain()
        await bot.chat.reports.drain()  # crossings off of changes cut off at the stop
        bot.chat.close()
        await bot.close()
        # During an outage the gateway task waits out its reconnect back-off (30 s seen) before it
        # notices the close: it is not waited for past a moment.
        done, _pending = await asyncio.wait({running}, timeout=CONNECTION_CLOSE_SECONDS)
        if not done:
            running.cancel()
        with contextlib.suppress(BaseException):
            await running


async def _start_and_connect(bot: QABot, token: str) -> None:
    await _log_in(bot, token)
    # Logging in first means a wrong token fails in a second, before the model and index load.
    await bot.chat.prepare()
    await bot.sync_commands()
    await _connect(bot)


async def _log_in(bot: QABot, token: str) -> None:
    try:
        await bot.login(token)
    except discord.LoginFailure:
        raise QabotError(f"Discord rejected the token in DISCORD_BOT_TOKEN. {TOKEN_HELP}") from None
    except discord.HTTPException as error:
        raise QabotError(f"Discord refused the login (HTTP {error.status}); try again later.") from None
    except (aiohttp.ClientError, OSError) as error:
        raise QabotError(f"Could not reach Discord to log in: {error.__class__.__name__}.") from None
    if bot.settings.discord_api_base_url:
        # discord.py connects to Discord's own gateway unless told otherwise: ask this API for its.
        _shards, url, _limits = await bot.http.get_bot_gateway()
        DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(url)


async def _connect(bot: QABot) -> None:
    try:
        await bot.connect(reconnect=True)
    except discord.PrivilegedIntentsRequired:
        raise QabotError(
            "Discord refused the Message Content intent. Enable it for this bot in the developer "
            "portal (Bot → Privileged Gateway Intents → Message Content Intent)."
        ) from None
    except discord.ConnectionClosed as closed:  # a close discord.py does not reconnect after
        raise QabotError(
            CLOSED_BECAUSE.get(closed.code)
            or f"Discord closed the connection (code {closed.code}: {closed.reason or 'no reason given'})."
        ) from None


def _said(error: BaseException) -> str:
    """An HTTP error as Discord's status and message, else the error's kind."""
    if isinstance(error, discord.HTTPException):
        return f"HTTP {error.status}: {error.text or error.__class__.__name__}"
    return str(error) or error.__class__.__name__
