"""A fake Telegram Bot API server on 127.0.0.1, speaking the real HTTP protocol to python-telegram-bot.

Tests play the users: they queue updates (messages, documents, button presses) that the bot fetches with
`getUpdates`, and read back what the bot sent. Message texts are parsed the way Telegram parses them
(see `telegram_html`), so markup a real server would reject is rejected here with a 400. Faults (429 with
retry_after, 5xx) can be injected per method.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Self

import aiohttp
from aiohttp import web

from tests.fakes.telegram_html import ParsedText, ParseError, check_message

BOT_ID = 4242
BOT_USERNAME = "qabot_test_bot"
# Telegram sends an anonymous group admin's messages as from this placeholder bot, the group as sender_chat.
GROUP_ANONYMOUS_BOT_ID = 1087968824
INLINE_BOT_ID = 777_000_001
JSON_PARAMETERS = {"reply_markup", "reply_parameters", "commands", "allowed_updates", "link_preview_options"}
INT_PARAMETERS = {"chat_id", "message_id", "offset", "timeout", "limit", "user_id"}
ADMINISTRATOR_RIGHTS = (
    "can_be_edited", "is_anonymous", "can_manage_chat", "can_delete_messages", "can_manage_video_chats",
    "can_restrict_members", "can_promote_members", "can_change_info", "can_invite_users", "can_post_stories",
    "can_edit_stories", "can_delete_stories",
)  # fmt: skip
_COMMAND = re.compile(r"^/[a-zA-Z0-9_]+(@[a-zA-Z0-9_]+)?")
_MENTION = re.compile(r"@[a-zA-Z0-9_]{5,32}")


@dataclass
class SentMessage:
    """A message the bot sent (or edited), as the chat shows it."""

    chat_id: int
    message_id: int
    markup: str
    parsed: ParsedText
    reply_markup: dict[str, Any] | None
    reply_to: int | None
    topic: int | None = None  # the forum topic it was sent in

    @property
    def text(self) -> str:
        return self.parsed.text

    def buttons(self) -> dict[str, str]:
        """Button label → callback data."""
        rows = (self.reply_markup or {}).get("inline_keyboard", [])
        return {button["text"]: button.get("callback_data", "") for row in rows for button in row}


@dataclass
class Chat:
    id: int
    type: str
    title: str | None = None

    def to_json(self) -> dict[str, Any]:
        payload: dict[str, Any] = {"id": self.id, "type": self.type}
        if self.title:
            payload["title"] = self.title
        else:
            payload["first_name"] = f"user{self.id}"
        return payload


@dataclass
class FakeBotApi:
    token: str = "4242:fake-token-for-tests"
    messages: list[SentMessage] = field(default_factory=list)
    edits: list[SentMessage] = field(default_factory=list)
    chat_actions: list[tuple[int, str]] = field(default_factory=list)
    chat_action_topics: list[int | None] = field(default_factory=list)  # the topic of each
    callback_answers: list[dict[str, Any]] = field(default_factory=list)
    commands: list[dict[str, Any]] = field(default_factory=list)
    calls: list[str] = field(default_factory=list)
    rejected: list[tuple[str, str]] = field(default_factory=list)
    unauthorized: list[str] = field(default_factory=list)
    webhook: dict[str, Any] | None = None
    webhook_statuses: list[int] = field(default_factory=list)
    chat_member_status: dict[tuple[int, int], str] = field(default_factory=dict)
    faults: dict[str, list[tuple[int, dict[str, Any]]]] = field(default_factory=dict)
    # Methods whose calls wait (recorded in `calls` first) until `release_held()`: a stalled Telegram.
    held: set[str] = field(default_factory=set)
    deleted: set[tuple[int, int]] = field(default_factory=set)  # (chat id, message id)

    def __post_init__(self) -> None:
        self._updates: list[dict[str, Any]] = []
        self._update_ids = itertools.count(1)
        self._message_ids = itertools.count(1000)
        self._callback_ids = itertools.count(1)
        self._files: dict[str, bytes] = {}
        self._sizes_unsaid: set[str] = set()  # files whose size neither the message nor getFile gives
        self._sizes_said: dict[str, int] = {}  # files whose size both say wrong
        self.downloads: list[str] = []  # file paths downloaded
        self.download_delay = 0.0  # seconds before a file download answers
        # Downloads sent in chunks without a Content-Length, and how many of their bytes were sent.
        self.chunked_downloads = False
        self.bytes_served = 0
        self._chats: dict[int, Chat] = {}
        self._changed = asyncio.Condition()
        self._runner: web.AppRunner | None = None
        self._closing = False
        self._released = asyncio.Event()
        self._last_update: dict[str, Any] = {}
        self.base_url = ""

    # -- server ------------------------------------------------------------------------------------

    async def start(self) -> str:
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle_method)
        app.router.add_get("/file/bot{token}/{path:.*}", self._handle_file)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.base_url = f"http://127.0.0.1:{port}"
        return self.base_url

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(self, *_exc: object) -> None:
        await self.stop()

    async def stop(self) -> None:
        async with self._changed:  # long polls still waiting return now instead of at their timeout
            self._closing = True
            self._changed.notify_all()
        if self._runner is not None:
            await self._runner.cleanup()

    async def _handle_method(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        if request.match_info["token"] != self.token:
            self.unauthorized.append(method)
            return _error(401, "Unauthorized")
        params = await _read_params(request)
        async with self._changed:
            self.calls.append(method)
            self._changed.notify_all()
        if method in self.held:
            await self._released.wait()
        pending = self.faults.get(method)
        if pending:
            status, extra = pending.pop(0)
            if "page" in extra:  # a proxy's own error page, as a front of the Bot API may answer
                return web.Response(text=extra["page"], status=status, content_type="text/html")
            return web.json_response(
                {"ok": False, "error_code": status, "description": f"Injected {status}", **extra},
                status=status,
            )
        handler = getattr(self, f"_api_{method}", None)
        if handler is None:
            return _error(404, f"Not Found: method {method} is not faked")
        try:
            result = await handler(params)
        except ParseError as error:
            self.rejected.append((method, str(error)))
            return _error(400, f"Bad Request: {error}")
        async with self._changed:
            self._changed.notify_all()
        return web.json_response({"ok": True, "result": result})

    async def _handle_file(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return _error(401, "Unauthorized")
        data = self._files.get(request.match_info["path"])
        if data is None:
            return _error(404, "Not Found")
        self.downloads.append(request.match_info["path"])
        if self.download_delay:
            await asyncio.sleep(self.download_delay)
        if not self.chunked_downloads:
            return web.Response(body=data)
        response = web.StreamResponse()  # no Content-Length: the size shows only as the bytes come
        response.enable_chunked_encoding()
        await response.prepare(request)
        try:
            for start in range(0, len(data), 65_536):
                await response.write(data[start : start + 65_536])
                self.bytes_served += min(65_536, len(data) - start)
        except ConnectionResetError:  # the bot stopped reading
            return response
        await response.write_eof()
        return response

    # -- the Bot API methods the bot uses -------------------------------------------------------------

    async def _api_getMe(self, params: dict[str, Any]) -> dict[str, Any]:
        return {
            "id": BOT_ID, "is_bot": True, "first_name": "qabot", "username": BOT_USERNAME,
            "can_join_groups": True, "can_read_all_group_messages": False, "supports_inline_queries": False,
        }  # fmt: skip

    async def _api_deleteWebhook(self, params: dict[str, Any]) -> bool:
        self.webhook = None
        return True

    async def _api_setWebhook(self, params: dict[str, Any]) -> bool:
        self.webhook = params
        return True

    async def _api_setMyCommands(self, params: dict[str, Any]) -> bool:
        self.commands = params["commands"]
        return True

    async def _api_getUpdates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        offset = int(params.get("offset") or 0)
        self._updates = [u for u in self._updates if u["update_id"] >= offset]
        deadline = time.monotonic() + float(params.get("timeout") or 0)
        async with self._changed:
            while not self._updates and not self._closing and time.monotonic() < deadline:
                try:
                    await asyncio.wait_for(self._changed.wait(), deadline - time.monotonic())
                except TimeoutError:
                    break
        return list(self._updates[: int(params.get("limit") or 100)])

    async def _api_sendMessage(self, params: dict[str, Any]) -> dict[str, Any]:
        parsed = check_message(str(params.get("text", "")), params.get("parse_mode"))
        chat = self._chat(int(params["chat_id"]))
        reply = params.get("reply_parameters") or {}
        replied_to = reply.get("message_id") or params.get("reply_to_message_id")
        allowed = reply.get("allow_sending_without_reply") or params.get("allow_sending_without_reply")
        if replied_to and (chat.id, int(replied_to)) in self.deleted and not allowed:
            raise ParseError("message to be replied not found")
        sent = SentMessage(
            chat.id, next(self._message_ids), str(params["text"]), parsed, params.get("reply_markup"),
            reply.get("message_id") or params.get("reply_to_message_id"),
            int(params["message_thread_id"]) if params.get("message_thread_id") else None,
        )  # fmt: skip
        self.messages.append(sent)
        return self.message_json(sent)

    async def _api_editMessageText(self, params: dict[str, Any]) -> dict[str, Any]:
        parsed = check_message(str(params.get("text", "")), params.get("parse_mode"))
        original = self._sent(int(params["chat_id"]), int(params["message_id"]))
        current = next((e for e in reversed(self.edits) if e.message_id == original.message_id), original)
        if (current.markup, current.reply_markup) == (str(params["text"]), params.get("reply_markup")):
            raise ParseError(
                "message is not modified: specified new message content and reply markup are exactly "
                "the same as a current content and reply markup of the message"
            )
        edited = SentMessage(
            original.chat_id, original.message_id, str(params["text"]), parsed,
            params.get("reply_markup"), original.reply_to,
        )  # fmt: skip
        self.edits.append(edited)
        return self.message_json(edited)

    async def _api_editMessageReplyMarkup(self, params: dict[str, Any]) -> dict[str, Any]:
        original = self._sent(int(params["chat_id"]), int(params["message_id"]))
        original.reply_markup = params.get("reply_markup")
        self.edits.append(original)
        return self.message_json(original)

    async def _api_answerCallbackQuery(self, params: dict[str, Any]) -> bool:
        self.callback_answers.append(params)
        return True

    async def _api_sendChatAction(self, params: dict[str, Any]) -> bool:
        self.chat_actions.append((int(params["chat_id"]), str(params["action"])))
        topic = params.get("message_thread_id")
        self.chat_action_topics.append(int(topic) if topic is not None else None)
        return True

    async def _api_getChatMember(self, params: dict[str, Any]) -> dict[str, Any]:
        user_id = int(params["user_id"])
        status = self.chat_member_status.get((int(params["chat_id"]), user_id), "member")
        member: dict[str, Any] = {"status": status, "user": _user(user_id)}
        if status == "administrator":
            member.update(dict.fromkeys(ADMINISTRATOR_RIGHTS, False), can_delete_messages=True)
        elif status == "creator":
            member["is_anonymous"] = False
        return member

    async def _api_getFile(self, params: dict[str, Any]) -> dict[str, Any]:
        file_id = str(params["file_id"])
        if file_id not in self._files:
            raise ParseError("Bad Request: invalid file_id")
        found = {"file_id": file_id, "file_unique_id": file_id, "file_path": file_id}
        if file_id not in self._sizes_unsaid:
            found["file_size"] = self._size_of(file_id)
        return found

    # -- playing the users ---------------------------------------------------------------------------

    def private_chat(self, user_id: int) -> Chat:
        return self._chats.setdefault(user_id, Chat(user_id, "private"))

    def group_chat(self, chat_id: int, title: str = "Test group") -> Chat:
        return self._chats.setdefault(chat_id, Chat(chat_id, "supergroup", title))

    async def user_sends(
        self,
        chat: Chat,
        user_id: int,
        text: str,
        *,
        reply_to: SentMessage | dict[str, Any] | None = None,
        edited: bool = False,
        topic: int | None = None,
        forwarded_from: int | None = None,
        anonymously: bool = False,
        via_bot: str | None = None,
    ) -> int:
        """A text message from `user_id` in `chat` (in forum `topic`, if given); returns its message id.
        `forwarded_from`: `user_id` forwards a message that user wrote; `anonymously`: an anonymous group
        admin posts it, which Telegram sends as from its placeholder bot, with the group as sender;
        `via_bot`: `user_id` sent a result of that inline bot, whose text the inline bot wrote."""
        message = self._user_message(chat, user_id, forwarded_from)
        if via_bot is not None:
            message["via_bot"] = _user(INLINE_BOT_ID) | {"is_bot": True, "username": via_bot}
        if anonymously:
            message["from"] = _user(GROUP_ANONYMOUS_BOT_ID) | {
                "is_bot": True,
                "username": "GroupAnonymousBot",
            }
            message["sender_chat"] = chat.to_json()
        message["text"] = text
        if topic is not None:
            message |= {"message_thread_id": topic, "is_topic_message": True}
        if entities := telegram_entities(text):
            message["entities"] = entities
        if reply_to is not None:
            message["reply_to_message"] = (
                reply_to if isinstance(reply_to, dict) else self.message_json(reply_to)
            )
        await self._push({"edited_message" if edited else "message": message})
        return int(message["message_id"])

    def members_message(self, chat: Chat, user_id: int, text: str, *, photo: bool = False) -> dict[str, Any]:
        """A member's message the bot was not sent (in a group it reads only what is addressed to it),
        as the Bot API shows it inside a reply to it (`user_sends(reply_to=…)`); `photo`: a picture
        with `text` as its caption."""
        if photo:
            picture = {"file_id": "photo-1", "file_unique_id": "photo-u1", "width": 640, "height": 480}
            return self._user_message(chat, user_id) | {"photo": [picture], "caption": text}
        return self._user_message(chat, user_id) | {"text": text}

    async def user_sends_poll(self, chat: Chat, user_id: int, poll: dict[str, Any]) -> int:
        """A message carrying `poll` as given (a test may leave out fields the library requires, as a
        Bot API server older than the library does)."""
        message = {**self._user_message(chat, user_id), "poll": poll}
        await self._push({"message": message})
        return int(message["message_id"])

    async def sends_update(self, update: dict[str, Any]) -> None:
        """An update exactly as given (its id added), for shapes Telegram itself never sends."""
        await self._push(update)

    def user_deletes(self, chat: Chat, message_id: int) -> None:
        """The message is deleted (by its sender, an admin, an anti-spam bot): replies to it fail."""
        self.deleted.add((chat.id, message_id))

    def basic_group(self, chat_id: int, title: str = "Test group") -> Chat:
        return self._chats.setdefault(chat_id, Chat(chat_id, "group", title))

    async def group_upgraded(self, old: Chat, new_id: int, user_id: int) -> Chat:
        """Telegram turns basic group `old` into a supergroup (on `user_id`'s change of a setting): a
        service message in each, naming the other, as Telegram sends them."""
        new = self._chats.setdefault(new_id, Chat(new_id, "supergroup", old.title))
        moved_to = self._user_message(old, user_id)
        moved_to["migrate_to_chat_id"] = new_id
        moved_from = self._user_message(new, user_id)
        moved_from["migrate_from_chat_id"] = old.id
        await self._push({"message": moved_to})
        await self._push({"message": moved_from})
        return new

    async def user_replies_to_user(
        self,
        chat: Chat,
        user_id: int,
        text: str,
        replied_text: str,
        replied_author: int,
        edited: bool = False,
        via_inline_bot: bool = False,
        forward_origin: dict[str, Any] | None = None,
    ) -> int:
        """`text` sent as a reply to an earlier message `replied_text` written by `replied_author`
        (`edited`: changed to that text since sending it, as the reply then shows it; `via_inline_bot`:
        sent as an inline bot's result, which that bot may edit; `forward_origin`: forwarded from there,
        as the Bot API writes it)."""
        replied = self._user_message(chat, replied_author)
        replied["text"] = replied_text
        if forward_origin is not None:
            replied["forward_origin"] = forward_origin
        if edited:
            replied["edit_date"] = int(time.time())
        if via_inline_bot:
            replied["via_bot"] = _user(INLINE_BOT_ID) | {"is_bot": True, "username": "some_inline_bot"}
        return await self._user_replies(chat, user_id, text, replied)

    async def user_uploads(
        self,
        chat: Chat,
        user_id: int,
        filename: str,
        data: bytes,
        caption: str | None = None,
        forwarded_from: int | None = None,
        size_unsaid: bool = False,
        size_said: int | None = None,
        album: str | None = None,
    ) -> int:
        """`size_unsaid`: neither the message nor getFile gives the file's size (both may leave it out);
        `size_said`: the size both give, if not the file's own (a server may send more than it says);
        `album`: the media group the file was sent in, each file a message of its own."""
        message = self._user_message(chat, user_id, forwarded_from)
        message["document"] = self._document(filename, data, size_unsaid, size_said)
        if album is not None:
            message["media_group_id"] = album
        if caption is not None:
            message["caption"] = caption
            if entities := telegram_entities(caption):
                message["caption_entities"] = entities
        await self._push({"message": message})
        return int(message["message_id"])

    async def user_replies_to_upload(
        self,
        chat: Chat,
        user_id: int,
        text: str,
        filename: str,
        data: bytes,
        uploader: int,
        forwarded_from: int | None = None,
    ) -> int:
        """`text` sent as a reply to a document `filename` that `uploader` posted earlier (forwarded from
        the user `forwarded_from`, who wrote it)."""
        replied = self._user_message(chat, uploader, forwarded_from)
        replied["document"] = self._document(filename, data)
        return await self._user_replies(chat, user_id, text, replied)

    async def _user_replies(self, chat: Chat, user_id: int, text: str, replied: dict[str, Any]) -> int:
        message = self._user_message(chat, user_id)
        message["text"] = text
        if entities := telegram_entities(text):
            message["entities"] = entities
        message["reply_to_message"] = replied
        await self._push({"message": message})
        return int(message["message_id"])

    def _document(
        self, filename: str, data: bytes, size_unsaid: bool = False, size_said: int | None = None
    ) -> dict[str, Any]:
        file_id = f"documents/file_{len(self._files)}_{filename}"
        self._files[file_id] = data
        document: dict[str, Any] = {
            "file_id": file_id, "file_unique_id": file_id, "file_name": filename, "mime_type": "text/plain",
        }  # fmt: skip
        if size_said is not None:
            self._sizes_said[file_id] = size_said
        if size_unsaid:
            self._sizes_unsaid.add(file_id)
        else:
            document["file_size"] = self._size_of(file_id)
        return document

    def _size_of(self, file_id: str) -> int:
        return self._sizes_said.get(file_id, len(self._files[file_id]))

    async def user_presses(
        self, user_id: int, message: SentMessage, label: str, *, data: str | None = None, seen: bool = True
    ) -> None:
        """`user_id` presses the button `label` under `message`; `data` sends other callback data in its
        stead, as a modified client can (Telegram passes on whatever the client sends). Not `seen`:
        Telegram no longer shows the bot the message (old or deleted), and sends its id and chat alone."""
        data = message.buttons()[label] if data is None else data
        shown = self.message_json(message)
        if not seen:
            shown = {"message_id": message.message_id, "date": 0, "chat": shown["chat"]}
        await self._push(
            {
                "callback_query": {
                    "id": str(next(self._callback_ids)),
                    "from": _user(user_id),
                    "chat_instance": str(message.chat_id),
                    "message": shown,
                    "data": data,
                }
            }
        )

    async def user_posts(self, chat: Chat, user_id: int, **fields: Any) -> int:
        """`user_id` posts a message of any kind in `chat` (a photo, a pin, …): `fields` as in the Bot
        API's Message, added to the sender, chat and date."""
        message = self._user_message(chat, user_id)
        message.update(fields)
        await self._push({"message": message})
        return int(message["message_id"])

    async def wait_until(self, condition: Callable[[], bool], timeout: float = 60.0) -> None:
        """Waits for the bot to do something; the timeout only stops a broken bot from hanging the test."""
        async with self._changed:
            await asyncio.wait_for(self._changed.wait_for(condition), timeout)

    async def replies(self, chat: Chat, count: int = 1, timeout: float = 60.0) -> list[SentMessage]:
        await self.wait_until(lambda: len(self.sent_to(chat)) >= count, timeout)
        return self.sent_to(chat)

    @property
    def waiting_updates(self) -> int:
        """Updates the bot has not yet confirmed (Telegram keeps them, to send again)."""
        return len(self._updates)

    def release_held(self) -> None:
        self.held.clear()
        self._released.set()

    def sent_to(self, chat: Chat) -> list[SentMessage]:
        return [m for m in self.messages if m.chat_id == chat.id]

    def inject(self, method: str, status: int, **extra: Any) -> None:
        """The next call of `method` fails with `status` (extra fields, e.g. parameters, are added; `page`
        answers with that HTML instead of the Bot API's JSON)."""
        self.faults.setdefault(method, []).append((status, extra))

    # -- helpers ---------------------------------------------------------------------------------------

    def _chat(self, chat_id: int) -> Chat:
        if chat_id not in self._chats:
            raise ParseError("Bad Request: chat not found")
        return self._chats[chat_id]

    def _sent(self, chat_id: int, message_id: int) -> SentMessage:
        if (chat_id, message_id) in self.deleted:
            raise ParseError("Bad Request: message to edit not found")
        for message in self.messages:
            if message.chat_id == chat_id and message.message_id == message_id:
                return message
        raise ParseError("Bad Request: message to edit not found")

    def _user_message(self, chat: Chat, user_id: int, forwarded_from: int | None = None) -> dict[str, Any]:
        message = {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": chat.to_json(),
            "from": _user(user_id),
        }
        if forwarded_from is not None:
            origin = {"type": "user", "date": int(time.time()) - 60, "sender_user": _user(forwarded_from)}
            message["forward_origin"] = origin
        return message

    def message_json(self, sent: SentMessage) -> dict[str, Any]:
        """The bot's message `sent` as the Bot API shows it inside another (a reply's `reply_to_message`)."""
        payload: dict[str, Any] = {
            "message_id": sent.message_id,
            "date": int(time.time()),
            "chat": self._chats[sent.chat_id].to_json(),
            "from": {"id": BOT_ID, "is_bot": True, "first_name": "qabot", "username": BOT_USERNAME},
            "text": sent.text,
        }
        if sent.reply_markup:
            payload["reply_markup"] = sent.reply_markup
        if sent.topic is not None:
            payload |= {"message_thread_id": sent.topic, "is_topic_message": True}
        return payload

    async def deliver_again(self) -> None:
        """Posts the last update to the webhook again, as Telegram does when its answer was lost."""
        await self._push(self._last_update)

    async def _push(self, update: dict[str, Any]) -> None:
        """Queues the update for `getUpdates`, or posts it to the webhook once one is set (as Telegram)."""
        update = {"update_id": next(self._update_ids), **update}
        self._last_update = update
        if self.webhook is not None:
            headers = {"X-Telegram-Bot-Api-Secret-Token": str(self.webhook.get("secret_token", ""))}
            async with (
                aiohttp.ClientSession() as session,
                session.post(str(self.webhook["url"]), json=update, headers=headers) as response,
            ):
                self.webhook_statuses.append(response.status)
            return
        async with self._changed:
            self._updates.append(update)
            self._changed.notify_all()


def _user(user_id: int) -> dict[str, Any]:
    return {"id": user_id, "is_bot": False, "first_name": f"User {user_id}", "username": f"user{user_id}"}


def telegram_entities(text: str) -> list[dict[str, Any]]:
    """Command and mention entities, as Telegram's clients attach them."""
    found: list[dict[str, Any]] = []
    command = _COMMAND.match(text)
    if command:
        found.append({"type": "bot_command", "offset": 0, "length": _utf16(command.group(0))})
    for mention in _MENTION.finditer(text):
        if command and mention.start() < command.end():
            continue
        offset = _utf16(text[: mention.start()])
        found.append({"type": "mention", "offset": offset, "length": _utf16(mention.group(0))})
    return found


def _utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _error(status: int, description: str) -> web.Response:
    return web.json_response({"ok": False, "error_code": status, "description": description}, status=status)


async def _read_params(request: web.Request) -> dict[str, Any]:
    if request.content_type == "application/json":
        raw: dict[str, Any] = await request.json()
    else:
        raw = dict(await request.post())
    params: dict[str, Any] = {}
    for key, value in raw.items():
        if key in JSON_PARAMETERS and isinstance(value, str):
            params[key] = json.loads(value)
        elif key in INT_PARAMETERS and isinstance(value, str) and re.fullmatch(r"-?\d+", value):
            params[key] = int(value)
        else:
            params[key] = value
    return params
