"""A fake Discord on 127.0.0.1 for a real bot process: the REST endpoints a bot calls to log in, register
its commands and send messages, and a gateway (websocket) that says hello, reads the bot's identify,
answers heartbeats and dispatches events the test writes.

discord.py is pointed at it with `DISCORD_API_BASE_URL`; the gateway's address comes from
`GET /gateway/bot`, as from Discord. Frames are JSON text (discord.py reads text frames even when it
asked for compression).
"""

from __future__ import annotations

import asyncio
import itertools
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Self

from aiohttp import WSMsgType, web

APPLICATION_ID = 4242
BOT_USER = {"id": str(APPLICATION_ID), "username": "qabot", "discriminator": "0", "avatar": None, "bot": True}
APPLICATION = {
    "id": str(APPLICATION_ID),
    "name": "qabot",
    "description": "",
    "icon": None,
    "bot_public": False,
    "bot_require_code_grant": False,
    "owner": BOT_USER,
    "verify_key": "0" * 64,
    "flags": 0,
}
_ids = itertools.count(1_400_000_000_000_000_000)


def json_response(payload: object) -> web.Response:
    # discord.py parses JSON only when the content type is exactly Discord's, without a charset.
    return web.Response(body=json.dumps(payload).encode(), headers={"Content-Type": "application/json"})


@dataclass
class FakeDiscordServer:
    command_uploads: list[tuple[str, list[dict[str, Any]]]] = field(default_factory=list)
    sent: list[dict[str, Any]] = field(default_factory=list)  # messages the bot posted
    identified: asyncio.Event = field(default_factory=asyncio.Event)
    # What a test makes Discord do: refuse a command registration (by server id, None for the global
    # one) with (status, code); leave registrations unanswered; close the gateway at identify.
    refuse_commands: dict[int | None, tuple[int, int]] = field(default_factory=dict)
    hold_commands: bool = False
    close_gateway_with: int | None = None
    commands_asked: asyncio.Event = field(default_factory=asyncio.Event)
    gateway_closed: asyncio.Event = field(default_factory=asyncio.Event)
    base_url: str = ""
    _sockets: list[web.WebSocketResponse] = field(default_factory=list)
    _sequence: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    _changed: asyncio.Condition = field(default_factory=asyncio.Condition)
    _runner: web.AppRunner | None = None

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_get("/api/v10/users/@me", self.me)
        app.router.add_get("/api/v10/oauth2/applications/@me", self.application)
        app.router.add_get("/api/v10/gateway", self.gateway_address)
        app.router.add_get("/api/v10/gateway/bot", self.gateway_address)
        app.router.add_put("/api/v10/applications/{app_id}/commands", self.upload_commands)
        app.router.add_put("/api/v10/applications/{app_id}/guilds/{guild_id}/commands", self.upload_commands)
        app.router.add_post("/api/v10/channels/{channel_id}/messages", self.post_message)
        app.router.add_post("/api/v10/channels/{channel_id}/typing", self.typing)
        app.router.add_get("/gateway", self.gateway)
        return app

    async def __aenter__(self) -> Self:
        self._runner = web.AppRunner(self.app(), access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.base_url = f"http://127.0.0.1:{port}"
        return self

    async def __aexit__(self, *_exc: object) -> None:
        for socket in self._sockets:
            await socket.close()
        if self._runner is not None:
            await self._runner.cleanup()

    # -- REST ------------------------------------------------------------------------------------------

    async def me(self, _request: web.Request) -> web.Response:
        return json_response(BOT_USER)

    async def application(self, _request: web.Request) -> web.Response:
        return json_response(APPLICATION)

    async def typing(self, _request: web.Request) -> web.Response:
        return web.Response(status=204)

    async def gateway_address(self, _request: web.Request) -> web.Response:
        url = self.base_url.replace("http://", "ws://") + "/gateway"
        limits = {"total": 1000, "remaining": 1000, "reset_after": 0, "max_concurrency": 1}
        return json_response({"url": url, "shards": 1, "session_start_limit": limits})

    async def upload_commands(self, request: web.Request) -> web.Response:
        commands = await request.json()
        self.commands_asked.set()
        if self.hold_commands:
            await asyncio.Event().wait()  # until the bot gives up the request
        guild = request.match_info.get("guild_id")
        refusal = self.refuse_commands.get(int(guild) if guild is not None else None)
        if refusal is not None:
            status, code = refusal
            body = json.dumps({"message": "Missing Access", "code": code}).encode()
            return web.Response(status=status, body=body, headers={"Content-Type": "application/json"})
        self.command_uploads.append((request.path, commands))
        return json_response(
            [
                {**c, "id": str(next(_ids)), "application_id": str(APPLICATION_ID), "version": "1"}
                for c in commands
            ]
        )

    async def post_message(self, request: web.Request) -> web.Response:
        body = await _body(request)
        message = {
            "id": str(next(_ids)), "channel_id": request.match_info["channel_id"], "type": 0,
            "content": body.get("content") or "", "author": BOT_USER, "embeds": body.get("embeds") or [],
            "components": body.get("components") or [], "attachments": [], "mentions": [],
            "mention_roles": [], "mention_everyone": False, "pinned": False, "tts": False,
            "timestamp": "2026-01-01T00:00:00+00:00", "edited_timestamp": None, "flags": 0,
        }  # fmt: skip
        async with self._changed:
            self.sent.append(message)
            self._changed.notify_all()
        return json_response(message)

    # -- the gateway -------------------------------------------------------------------------------

    async def gateway(self, request: web.Request) -> web.WebSocketResponse:
        socket = web.WebSocketResponse()
        await socket.prepare(request)
        self._sockets.append(socket)
        await socket.send_str(json.dumps({"op": 10, "d": {"heartbeat_interval": 45_000}}))
        async for frame in socket:
            if frame.type != WSMsgType.TEXT:
                continue
            payload = json.loads(frame.data)
            if payload["op"] == 2 and self.close_gateway_with is not None:
                await socket.close(code=self.close_gateway_with, message=b"closed by the test")
                break
            if payload["op"] == 2:  # IDENTIFY
                ready = {
                    "v": 10, "user": BOT_USER, "guilds": [], "session_id": "fake-session",
                    "resume_gateway_url": self.base_url.replace("http://", "ws://") + "/gateway",
                    "application": {"id": str(APPLICATION_ID), "flags": 0},
                }  # fmt: skip
                await self._dispatch(socket, "READY", ready)
                self.identified.set()
            elif payload["op"] == 1:  # heartbeat
                await socket.send_str(json.dumps({"op": 11}))
        self.gateway_closed.set()
        return socket

    async def _dispatch(self, socket: web.WebSocketResponse, event: str, data: dict[str, Any]) -> None:
        await socket.send_str(json.dumps({"op": 0, "t": event, "s": next(self._sequence), "d": data}))

    async def send_event(self, event: str, data: dict[str, Any]) -> None:
        """Any gateway event, as written: shapes Discord would not send too."""
        await self._dispatch(self._sockets[-1], event, data)

    async def user_sends_dm(self, user_id: int, channel_id: int, content: str) -> None:
        """A direct message to the bot, as the gateway delivers it."""
        message = {
            "id": str(next(_ids)), "channel_id": str(channel_id), "type": 0, "content": content,
            "author": {"id": str(user_id), "username": f"u{user_id}", "discriminator": "0", "avatar": None},
            "embeds": [], "components": [], "attachments": [], "mentions": [], "mention_roles": [],
            "mention_everyone": False, "pinned": False, "tts": False,
            "timestamp": "2026-01-01T00:00:00+00:00", "edited_timestamp": None, "flags": 0,
        }  # fmt: skip
        await self.send_event("MESSAGE_CREATE", message)

    async def wait_until(self, condition: Callable[[], bool], timeout: float = 60.0) -> None:
        async with self._changed:
            await asyncio.wait_for(self._changed.wait_for(condition), timeout)


async def _body(request: web.Request) -> dict[str, Any]:
    if request.content_type.startswith("multipart/"):
        reader = await request.multipart()
        async for part in reader:
            if getattr(part, "name", None) == "payload_json":
                return dict(json.loads(await part.text()))  # type: ignore[union-attr]
        return {}
    return dict(await request.json())
