"""A fake Discord without a network, for the real bot.

Messages, members, channels and the bot's own sends go through dpytest's fake gateway and HTTP client.
Slash commands and button clicks arrive the way Discord sends them, as INTERACTION_CREATE payloads that
discord.py parses itself (so option parsing, checks, error handlers and the view store all run); what
the bot answers goes to `FakeInteractionAPI`, a webhook adapter that plays Discord's interaction
endpoints and records every call.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import discord
import discord.ext.test as dpytest
from discord.ext.test import factories
from discord.ext.test.backend import FakeRequest
from discord.webhook.async_ import AsyncWebhookAdapter, async_context

from bot.discord_bot.app import QABot
from tests.fakes.fake_cdn import ServedFile, serve_file

EPHEMERAL = 64
CALLBACK_MESSAGE = 4
CALLBACK_DEFERRED = 5
CALLBACK_DEFERRED_UPDATE = 6  # a button's "edit my message later": its edit is the reply
CALLBACK_UPDATE = 7
CALLBACK_AUTOCOMPLETE = 8
_ids = itertools.count(1_300_000_000_000_000_000)


@dataclass
class Reply:
    """Something the person sees: a message (new or edited) sent in answer to an interaction."""

    content: str | None
    embeds: list[discord.Embed]
    components: list[dict[str, Any]]
    ephemeral: bool
    message: dict[str, Any]

    def custom_ids(self) -> list[str]:
        return [c["custom_id"] for row in self.components for c in row.get("components", [])]

    def button(self, shown: str) -> str:
        """The custom id of the button whose label (or emoji) is `shown`."""
        for row in self.components:
            for component in row.get("components", []):
                emoji = (component.get("emoji") or {}).get("name")
                if shown in (component.get("label"), emoji):
                    return str(component["custom_id"])
        raise AssertionError(f"no button {shown!r} among {self.components}")


@dataclass(frozen=True)
class HttpAnswer:
    """What aiohttp gives discord.py for an error Discord answers (`discord.HTTPException`'s first
    argument): e.g. `discord.Forbidden(HttpAnswer(403, "Forbidden"), {"code": 50013, …})`."""

    status: int
    reason: str


@dataclass
class _InteractionLog:
    deferred_ephemeral: bool = False
    replies: list[Reply] = field(default_factory=list)
    deferred: bool = False
    choices: list[str] = field(default_factory=list)


class FakeInteractionAPI(AsyncWebhookAdapter):
    """Discord's interaction callback and webhook endpoints, answering like Discord and recording."""

    def __init__(self, bot: QABot) -> None:
        super().__init__()
        self.bot = bot
        self.by_token: dict[str, _InteractionLog] = {}
        self.channel_of_token: dict[str, int] = {}
        self.suggesting: set[str] = set()  # the tokens of autocomplete interactions
        # Follow-ups sent past the 15 minutes of their token, which Discord refuses (401, 50027).
        self.follow_ups_expired = False

    async def request(self, route: Any, session: Any, **kwargs: Any) -> Any:
        body = _body(kwargs.get("payload"), kwargs.get("multipart"))
        path: str = route.path
        token = route.webhook_token
        log = self.by_token.setdefault(token, _InteractionLog())
        channel_id = self.channel_of_token.get(token, 0)
        if route.method == "POST" and path.endswith("/callback"):
            data = body.get("data") or {}
            if (body["type"] == CALLBACK_AUTOCOMPLETE) != (token in self.suggesting):
                raise discord.HTTPException(
                    HttpAnswer(400, "Bad Request"),  # type: ignore[arg-type]
                    {"code": 50035, "message": "Invalid Form Body"},
                )
            if body["type"] == CALLBACK_AUTOCOMPLETE:
                log.choices = [choice["value"] for choice in data.get("choices", [])]
                return _callback(route.webhook_id, body["type"], None)
            if body["type"] in (CALLBACK_DEFERRED, CALLBACK_DEFERRED_UPDATE):
                log.deferred = True
                log.deferred_ephemeral = bool(data.get("flags", 0) & EPHEMERAL)
                return _callback(route.webhook_id, body["type"], None)
            message = self._message(data, channel_id)
            log.replies.append(self._reply(data, message, bool(data.get("flags", 0) & EPHEMERAL)))
            return _callback(route.webhook_id, body["type"], message)
        if route.method in {"POST", "PATCH"} and "/webhooks/" in path:
            if self.follow_ups_expired:
                raise discord.HTTPException(
                    HttpAnswer(401, "Unauthorized"),  # type: ignore[arg-type]
                    {"code": 50027, "message": "Invalid Webhook Token"},
                )
            message = self._message(body, channel_id)
            first_after_defer = log.deferred and not log.replies
            # Like Discord: the first follow-up replaces the "thinking…" message and keeps its visibility.
            ephemeral = (
                log.deferred_ephemeral if first_after_defer else bool(body.get("flags", 0) & EPHEMERAL)
            )
            log.replies.append(self._reply(body, message, ephemeral))
            return message
        if route.method == "DELETE":
            return None
        raise AssertionError(
            f"the bot called an interaction endpoint the fake does not know: {route.method} {path}"
        )

    def _message(self, body: dict[str, Any], channel_id: int) -> dict[str, Any]:
        assert self.bot.user is not None
        return {
            "id": str(next(_ids)),
            "channel_id": str(channel_id),
            "type": 0,
            "content": body.get("content") or "",
            "author": factories.dict_from_user(self.bot.user),  # type: ignore[arg-type]
            "embeds": body.get("embeds") or [],
            "components": body.get("components") or [],
            "attachments": [],
            "mentions": [],
            "mention_roles": [],
            "mention_everyone": False,
            "pinned": False,
            "tts": False,
            "timestamp": "2026-01-01T00:00:00+00:00",
            "edited_timestamp": None,
            "flags": body.get("flags", 0),
        }

    @staticmethod
    def _reply(body: dict[str, Any], message: dict[str, Any], ephemeral: bool) -> Reply:
        return Reply(
            content=body.get("content"),
            embeds=[discord.Embed.from_dict(e) for e in body.get("embeds") or []],
            components=body.get("components") or [],
            ephemeral=ephemeral,
            message=message,
        )


def _body(payload: dict[str, Any] | None, multipart: list[dict[str, Any]] | None) -> dict[str, Any]:
    if payload is not None:
        return payload
    for part in multipart or []:
        if part.get("name") == "payload_json":
            return json.loads(part["value"])
    return {}


def _callback(interaction_id: int, response_type: int, message: dict[str, Any] | None) -> dict[str, Any]:
    result: dict[str, Any] = {"interaction": {"id": str(interaction_id), "type": response_type}}
    if message is not None:
        result["interaction"]["response_message_id"] = message["id"]
        result["resource"] = {"type": response_type, "message": message}
    return result


def delete_every_message_replied_to(bot: QABot) -> None:
    """From now on every message the bot replies to is deleted before the reply is sent: as Discord
    does, the reply fails (400, "Unknown message") unless its reference says not to fail."""
    http = bot.http
    send = http.send_message

    async def send_message(channel_id: int, *, params: Any) -> Any:
        reference = (params.payload or {}).get("message_reference") or {}
        if reference and reference.get("fail_if_not_exists", True):
            raise discord.HTTPException(FakeRequest(400, "Bad Request"), "Invalid Form Body: Unknown message")
        # dpytest reads the sending channel from its caller's frame: this one must hold it too.
        channel = sys._getframe(1).f_locals["channel"]  # noqa: F841
        return await send(channel_id, params=params)

    http.send_message = send_message  # type: ignore[method-assign]


def forbid_sending(bot: QABot) -> None:
    """From now on the bot may not post in any channel (its Send Messages permission taken away): every
    send fails as Discord's does, 403 Missing Permissions."""
    refuse_sending(bot, discord.Forbidden(FakeRequest(403, "Forbidden"), "Missing Permissions"))


def refuse_sending(
    bot: QABot, error: discord.HTTPException | discord.RateLimited, *, replies_only: bool = False
) -> list[int]:
    """From now on Discord refuses the bot's messages with `error` (`replies_only`: those that reply to
    a message); returns the channel of every message sent or tried, in order."""
    http, tried = bot.http, []
    send = http.send_message

    async def send_message(channel_id: int, *, params: Any) -> Any:
        tried.append(channel_id)
        if not replies_only or (params.payload or {}).get("message_reference"):
            raise error
        # dpytest reads the sending channel from its caller's frame: this one must hold it too.
        channel = sys._getframe(1).f_locals["channel"]  # noqa: F841
        return await send(channel_id, params=params)

    http.send_message = send_message  # type: ignore[method-assign]
    return tried


class HeldSends:
    """Every message the bot sends waits until `release`, as discord.py waits out a channel's flood
    limit inside the task that sends; `waiting` counts the sends held."""

    def __init__(self, bot: QABot) -> None:
        self.released = asyncio.Event()
        self.waiting = 0
        send = bot.http.send_message

        async def send_message(channel_id: int, *, params: Any) -> Any:
            self.waiting += 1
            try:
                await self.released.wait()
            finally:
                self.waiting -= 1
            # dpytest reads the sending channel from its caller's frame: this one must hold it too.
            channel = sys._getframe(1).f_locals["channel"]  # noqa: F841
            return await send(channel_id, params=params)

        bot.http.send_message = send_message  # type: ignore[method-assign]

    def release(self) -> None:
        self.released.set()


def mention(bot: QABot, member: discord.Member, content: str) -> None:
    """`member` mentions the bot in dpytest's first channel, as the gateway delivers it; its handling
    is left running."""
    config = dpytest.get_config()
    channel, guild = config.channels[0], config.guilds[0]
    data = factories.make_message_dict(channel, member, content=content, guild_id=guild.id, member=member)
    data["mentions"] = [factories.dict_from_user(bot.user)]  # type: ignore[arg-type]
    bot._connection.parse_message_create(data)  # type: ignore[arg-type]


class FakeDiscord:
    """Sends interactions to the bot the way the gateway does and returns what the person saw."""

    def __init__(self, bot: QABot) -> None:
        self.bot = bot
        self.api = FakeInteractionAPI(bot)
        config = dpytest.get_config()
        self.guild: discord.Guild = config.guilds[0]
        self.channel = config.channels[0]
        self.members: list[discord.Member] = list(config.members)
        self.served: dict[str, ServedFile] = {}

    async def slash(
        self,
        command: str,
        *,
        member: discord.Member | None = None,
        permissions: discord.Permissions | None = None,
        in_dm: bool = False,
        attachments: dict[str, dict[str, Any]] | None = None,
        **options: str | int,
    ) -> list[Reply]:
        """Runs `/command` (`"kb add"` for a subcommand) with string (or integer) options and attachment
        options."""
        option_list: list[dict[str, Any]] = [
            {"name": k, "type": 3 if isinstance(v, str) else 4, "value": v} for k, v in options.items()
        ]
        resolved: dict[str, Any] = {}
        for name, attachment in (attachments or {}).items():
            resolved.setdefault("attachments", {})[attachment["id"]] = attachment
            option_list.append({"name": name, "type": 11, "value": attachment["id"]})
        name, *sub = command.split()
        if sub:
            option_list = [{"name": sub[0], "type": 1, "options": option_list}]
        data = {"id": str(next(_ids)), "name": name, "type": 1, "options": option_list, "resolved": resolved}
        token = await self._send(2, data, member=member, permissions=permissions, in_dm=in_dm)
        return self.api.by_token.get(token, _InteractionLog()).replies

    async def autocomplete(
        self,
        command: str,
        option: str,
        typed: str,
        *,
        member: discord.Member | None = None,
        permissions: discord.Permissions | None = None,
    ) -> list[str]:
        """The choices the bot offers while someone types `typed` into `option`."""
        name, *sub = command.split()
        options: list[dict[str, Any]] = [{"name": option, "type": 3, "value": typed, "focused": True}]
        if sub:
            options = [{"name": sub[0], "type": 1, "options": options}]
        data = {"id": str(next(_ids)), "name": name, "type": 1, "options": options}
        token = await self._send(4, data, member=member, permissions=permissions)
        return self.api.by_token.get(token, _InteractionLog()).choices

    async def click(
        self, reply: Reply, custom_id: str, *, member: discord.Member | None = None, forged: bool = False
    ) -> list[Reply]:
        """A click on `reply`'s button `custom_id`.

        `forged`: the interaction claims the message's first button has `custom_id` instead, as a
        modified payload would (discord.py only runs buttons the message it names has).
        """
        message = reply.message
        if forged:
            message = json.loads(json.dumps(message))
            message["components"][0]["components"][0]["custom_id"] = custom_id
        else:
            assert custom_id in reply.custom_ids(), f"{custom_id!r} is not a button of {reply.custom_ids()}"
        data = {"custom_id": custom_id, "component_type": 2}
        token = await self._send(3, data, member=member, message=message)
        return self.api.by_token.get(token, _InteractionLog()).replies

    async def user_replies(
        self, reply: Reply, content: str, *, member: discord.Member | None = None, pings: bool = True
    ) -> None:
        """`member` replies to one of the bot's messages (a reply Discord resolves, as the gateway sends);
        `pings`, Discord's default, puts the replied-to author, the bot, in the message's mentions."""
        member = member or self.members[0]
        data = factories.make_message_dict(
            self.channel, member, content=content, guild_id=self.guild.id, member=member, type=19
        )
        data["message_reference"] = {
            "message_id": reply.message["id"], "channel_id": reply.message["channel_id"],
            "guild_id": str(self.guild.id),
        }  # fmt: skip
        data["referenced_message"] = reply.message
        if pings:
            data["mentions"] = [factories.dict_from_user(self.bot.user)]  # type: ignore[arg-type]
        before = asyncio.all_tasks()
        self.bot._connection.parse_message_create(data)  # type: ignore[arg-type]
        await _settle(before)

    async def _send(
        self,
        interaction_type: int,
        data: dict[str, Any],
        *,
        member: discord.Member | None,
        permissions: discord.Permissions | None = None,
        in_dm: bool = False,
        message: dict[str, Any] | None = None,
    ) -> str:
        """Delivers one interaction and waits for everything it set off; returns its token."""
        member = member or self.members[0]
        token = f"token-{next(_ids)}"
        if interaction_type == 4:  # Discord takes only suggestions (a type 8 callback) in answer
            self.api.suggesting.add(token)
        perms = permissions or discord.Permissions(send_messages=True, read_messages=True)
        payload: dict[str, Any] = {
            "id": str(next(_ids)),
            "application_id": str(self.bot.user.id if self.bot.user else 1),
            "type": interaction_type,
            "token": token,
            "version": 1,
            "data": data,
            "locale": "en-US",
            "app_permissions": str(discord.Permissions.all().value),
            "entitlements": [],
            "authorizing_integration_owners": {},
            "attachment_size_limit": 25 * 1024 * 1024,
        }
        if in_dm:
            dm = await member.create_dm()
            self.api.channel_of_token[token] = dm.id
            payload |= {
                "context": 1,
                "user": factories.dict_from_user(member._user),
                "channel": {"id": str(dm.id), "type": 1},
            }
        else:
            self.api.channel_of_token[token] = self.channel.id
            payload |= {
                "context": 0,
                "guild_id": str(self.guild.id),
                "guild_locale": "en-US",
                "channel": {**factories.dict_from_channel(self.channel), "type": 0},
                "member": {
                    "user": factories.dict_from_user(member._user),
                    # Every role id the member has, as Discord sends them, known to the bot's cache or not.
                    "roles": [str(role_id) for role_id in member._roles],
                    "joined_at": "2025-01-01T00:00:00+00:00",
                    "deaf": False,
                    "mute": False,
                    "flags": 0,
                    "permissions": str(perms.value),
                },
            }
        if message is not None:
            payload["message"] = message
        context_token = async_context.set(self.api)
        try:
            before = asyncio.all_tasks()
            self.bot._connection.parse_interaction_create(payload)  # type: ignore[arg-type]
            await _settle(before)
        finally:
            async_context.reset(context_token)
        return token

    def attachment(
        self, path: Path, *, size: int | None = None, chunked: bool = False, redirect: str | None = None
    ) -> dict[str, Any]:
        """An uploaded file as Discord describes it (`size`: the size Discord says it has), its bytes on
        the fake CDN (`chunked`, `redirect`: as `serve_file`); `self.served[name]` records its downloads."""
        served = serve_file(path.read_bytes(), path.name, chunked=chunked, redirect=redirect)
        self.served[path.name] = served
        said = len(served.data) if size is None else size
        described = factories.make_attachment_dict(path.name, said, served.url, served.url)
        return described | {"id": str(next(_ids))}


async def _settle(before: set[asyncio.Task[Any]]) -> None:
    """Waits for every task the interaction started (the command, the view, their events)."""
    current = asyncio.current_task()
    while True:
        pending = [t for t in asyncio.all_tasks() if t not in before and t is not current and not t.done()]
        if not pending:
            return
        await asyncio.wait(pending)
