"""Changing the knowledge base from Telegram: `/add` (a document, a replied-to message, a URL) and
`/remove`, for the people the moderator policy names."""

from __future__ import annotations

import asyncio
import logging
import re
from dataclasses import dataclass

from telegram import Bot, Chat, Document, Message, Update, User
from telegram.constants import ChatMemberStatus, ChatType
from telegram.ext import ContextTypes

from bot.chat.commands import command_arguments, parse_add_arguments
from bot.chat.rate_limit import HEAVY, PersonLimits
from bot.chat.uploads import check_upload
from bot.settings import Settings
from bot.telegram_bot.updates import message_of, sender, typing
from index.errors import NotAllowed, QabotError
from index.service import ChangeResult, QAService

__all__ = ["ADD_CAPTION", "ADD_USAGE", "NOT_A_MODERATOR", "ModerationHandlers", "ModeratorPolicy"]

log = logging.getLogger(__name__)

NOT_A_MODERATOR = "Only moderators can change the knowledge base."
ADD_USAGE = (
    "To add a source, send a document (.md, .txt, .html) with the caption /add, reply /add to a text "
    "message, or send /add URL. Optional: title=… author=… publisher=… published=YYYY-MM-DD url=… id=…"
)
ADD_CAPTION = re.compile(r"^/add(?:@(?P<bot>\w+))?(?:\s(?P<args>.*))?$", re.DOTALL | re.IGNORECASE)


@dataclass(frozen=True)
class ModeratorPolicy:
    """Listed user ids always moderate; group administrators do when the setting allows it."""

    moderator_ids: frozenset[int]
    admins_moderate: bool = False

    async def actor_for(self, bot: Bot, chat: Chat | None, user: User | None) -> str:
        """The actor recorded with the change (`telegram:<user id>`), or `NotAllowed`."""
        if user is None:
            raise NotAllowed(NOT_A_MODERATOR)
        if user.id in self.moderator_ids:
            return f"telegram:{user.id}"
        if self.admins_moderate and chat is not None and chat.type in (ChatType.GROUP, ChatType.SUPERGROUP):
            member = await bot.get_chat_member(chat.id, user.id)
            if member.status in (ChatMemberStatus.ADMINISTRATOR, ChatMemberStatus.OWNER):
                return f"telegram:{user.id}"
        raise NotAllowed(NOT_A_MODERATOR)


class ModerationHandlers:
    def __init__(self, settings: Settings, service: QAService, limits: PersonLimits) -> None:
        self.settings = settings
        self.service = service
        self.limits = limits
        self.moderators = ModeratorPolicy(settings.telegram_moderators, settings.telegram_admins_moderate)

    async def _actor(self, message: Message, bot: Bot) -> str:
        self.limits.check(f"telegram:{sender(message).id}", HEAVY)
        return await self.moderators.actor_for(bot, message.chat, message.from_user)

    async def on_add_document(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = message_of(update)
        caption = ADD_CAPTION.match(message.caption or "")
        if caption is None or (caption["bot"] and caption["bot"].lower() != context.bot.username.lower()):
            return  # a caption for another bot
        actor = await self._actor(message, context.bot)
        request = parse_add_arguments(caption["args"] or "", ADD_USAGE)
        if request.url:
            raise QabotError("Send either a document or a URL with /add, not both (use url=… for a link).")
        assert message.document is not None  # the handler's filter requires one
        result = await self._add_document(message, context.bot, message.document, actor, request.overrides)
        await self._report(message, result)

    async def on_add_command(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = message_of(update)
        actor = await self._actor(message, context.bot)
        request = parse_add_arguments(command_arguments(message.text or ""), ADD_USAGE)
        replied = message.reply_to_message
        if request.url:
            async with typing(context.bot, message.chat_id):
                result = await asyncio.to_thread(self.service.add_url, request.url, actor, request.overrides)
        elif replied is not None and replied.document is not None:
            result = await self._add_document(
                message, context.bot, replied.document, actor, request.overrides
            )
        elif replied is not None and (replied.text or replied.caption):
            body = replied.text or replied.caption or ""
            title = request.overrides.get("title")
            filename = f"{title}.md" if title else f"telegram-{replied.chat_id}-{replied.message_id}.md"
            async with typing(context.bot, message.chat_id):
                result = await asyncio.to_thread(
                    self.service.add_bytes, body.encode("utf-8"), filename, actor, request.overrides
                )
        else:
            raise QabotError(ADD_USAGE)
        await self._report(message, result)

    async def on_remove(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = message_of(update)
        actor = await self._actor(message, context.bot)
        source_id = command_arguments(message.text or "")
        if not source_id or len(source_id.split()) != 1:
            raise QabotError("Send /remove SOURCE_ID; /sources shows each source's id.")
        await self._report(message, await asyncio.to_thread(self.service.remove, source_id, actor))

    async def _add_document(
        self, message: Message, bot: Bot, document: Document, actor: str, overrides: dict[str, str]
    ) -> ChangeResult:
        limit = self.settings.max_upload_bytes
        filename = check_upload(document.file_name, document.file_size, limit)
        async with typing(bot, message.chat_id):
            file = await document.get_file()
            data = bytes(await file.download_as_bytearray())
            return await asyncio.to_thread(self.service.add_bytes, data, filename, actor, overrides)

    async def _report(self, message: Message, result: ChangeResult) -> None:
        log.info("Knowledge base change by telegram:%s: %s", sender(message).id, result.describe())
        await message.reply_text(result.describe())
