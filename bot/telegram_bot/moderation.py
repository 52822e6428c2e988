"""Changing the knowledge base from Telegram: `/add` (a document, a replied-to message, a URL) and
`/remove`, for those `bot.chat.authority` names; in a community group, into its own collection."""

from __future__ import annotations

import asyncio
import functools
import logging
import re

from telegram import Bot, Message, Update
from telegram.constants import ChatType
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot.chat.attribution import inert
from bot.chat.authority import Grant, Place
from bot.chat.changes import still_adding
from bot.chat.commands import command_arguments, parse_add_arguments
from bot.chat.context import ChatContext
from bot.chat.errors import needs_a_message, user_message
from bot.chat.rate_limit import HEAVY, LIGHT
from bot.chat.uploads import check_upload, download, upload_origin
from bot.telegram_bot.albums import AlbumAdd, Albums
from bot.telegram_bot.downloads import errors_as_bad_documents
from bot.telegram_bot.handlers import UNKNOWN_COMMAND
from bot.telegram_bot.message_credit import credit_of, written_by
from bot.telegram_bot.owed import owe_report, settled
from bot.telegram_bot.places import member_in, place_of, shared_chat_of
from bot.telegram_bot.render import plain_message
from bot.telegram_bot.updates import author_key, message_of, poster_key, quiet_failure, sender, typing
from index.errors import QabotError, StorageUnavailable, is_storage_outage
from index.service import ChangeResult

__all__ = [
    "ADD_CAPTION", "ADD_USAGE", "ANONYMOUS_COMMAND", "FORWARDED_COMMAND", "INLINE_BOT_COMMAND",
    "ModerationHandlers",
]  # fmt: skip

log = logging.getLogger(__name__)

ADD_USAGE = (
    "To add a source, send a document (.md, .txt, .html) with the caption /add, reply /add to a text "
    "message, or send /add URL. Optional: title=… author=… publisher=… published=YYYY-MM-DD url=… id=… "
    "replace=yes"
)
FORWARDED_COMMAND = (
    "I don't carry out forwarded commands: a command speaks for whoever wrote it. Send it yourself "
    "(to add a forwarded document or message, reply /add to it)."
)
INLINE_BOT_COMMAND = "I don't carry out commands another bot wrote: send it yourself."
# Telegram lets a sender change a message's text or file after others read it, and a reply carries the
# message as it is now: /add would store what its author swapped in, not what the moderator read.
EDITED_BY_SOMEONE_ELSE = (
    "That message was edited after it was sent, so what I would add may not be what you read. Forward "
    "it to me in a private chat and reply /add there, or ask its author to send it again."
)
# Its answers quote sources already, with their credit; added, they were quoted again as a source of
# their own, and /help's text answered questions.
OWN_MESSAGE = (
    "I don't add my own messages: my answers quote sources I have already. Reply /add to the original "
    "text, or send its file or link."
)
ANONYMOUS_COMMAND = (
    "I take changes only from people: send it from your own account, not as the group or a channel."
)
# A group's upgrade is tried again over about two minutes of database outage.
MOVE_RETRY_SECONDS = (1.0, 2.0, 5.0, 10.0, 30.0, 60.0)
ADD_CAPTION = re.compile(r"^/add(?:@(?P<bot>\w+))?(?:\s(?P<args>.*))?$", re.DOTALL | re.IGNORECASE)


class ModerationHandlers:
    def __init__(self, chat: ChatContext) -> None:
        self.chat = chat
        self.service = chat.service
        self.albums = Albums()

    async def _grant(
        self, message: Message, bot: Bot, action: str, target: str, charged: bool = True
    ) -> Grant:
        """The grant for a change this message asks for (`charged` to its sender's rate limit), written
        down until its handler ends (`owed`). A command that some other account wrote is refused and
        recorded like any refusal: an anonymous admin's or a channel's post (no person to answer for
        it), a forward (it keeps its command), or an inline bot's result (its text is the inline bot's)."""
        place, authority = place_of(message.chat), self.chat.authority
        actor = poster_key(message)
        if charged:  # first: every reply, a refusal too
            self.chat.limit(actor, HEAVY, shared_chat_of(message.chat))
        if message.from_user is None or message.sender_chat is not None:
            await authority.refuse(actor, place, action, target, ANONYMOUS_COMMAND)
        user = sender(message)
        if message.forward_origin is not None:
            await authority.refuse(actor, place, action, target, FORWARDED_COMMAND)
        if message.via_bot is not None:
            await authority.refuse(actor, place, action, target, INLINE_BOT_COMMAND)
        member = await member_in(authority, bot, place, user)
        grant = await authority.grant(member, place, action, target)
        await owe_report(self.chat, message, action, target)
        return grant

    @settled
    async def on_add_document(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = message_of(update)
        caption = ADD_CAPTION.match(message.caption or "")
        if caption is None or (caption["bot"] and caption["bot"].lower() != context.bot.username.lower()):
            if message.chat.type == ChatType.PRIVATE:  # no other bot here to address: say so
                self.chat.limit(poster_key(message), LIGHT)
                await message.reply_text(UNKNOWN_COMMAND)
            return  # in a group, a caption for another bot
        assert message.document is not None  # the handler's filter requires one
        grant = await self._grant(message, context.bot, "add", message.document.file_name or "a document")
        request = parse_add_arguments(caption["args"] or "", ADD_USAGE)
        if request.url:
            raise QabotError("Send either a document or a URL with /add, not both (use url=… for a link).")
        album, came_before = self.albums.captioned(message, request.overrides, request.replace)
        try:
            async with album.turn:
                result = await self._add_document(
                    message, context.bot, message, grant, request.overrides, request.replace
                )
            await self._report(message, grant, result)
        finally:  # each file's outcome is its own: a refused one stops no other
            for file in came_before:
                try:
                    await self._add_album_file(file, context.bot, album)
                except Exception as error:
                    await _tell_failure(file, error)

    @settled
    async def on_album_file(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A file of an album without a caption: added if the album is captioned /add (`albums`)."""
        message = message_of(update)
        if (album := self.albums.uncaptioned(message)) is not None:  # else its caption is still to come
            await self._add_album_file(message, context.bot, album)

    async def _add_album_file(self, message: Message, bot: Bot, album: AlbumAdd) -> None:
        assert message.document is not None  # the handler's filter requires one
        name = message.document.file_name or "a document"
        grant = await self._grant(message, bot, "add", name, charged=False)  # the album was, once
        async with album.turn:
            result = await self._add_document(message, bot, message, grant, album.overrides, album.replace)
        await self._report(message, grant, result)

    @settled
    async def on_add_command(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = message_of(update)
        arguments = command_arguments(message.text or "")
        grant = await self._grant(message, context.bot, "add", arguments or "a replied-to message")
        request = parse_add_arguments(arguments, ADD_USAGE)
        replied = message.reply_to_message
        collection, replace = grant.collection, request.replace
        if not request.url and replied is not None and _edited_by_someone_else(replied, message):
            raise QabotError(EDITED_BY_SOMEONE_ELSE)
        if not request.url and replied is not None and written_by(replied, context.bot.bot):
            raise QabotError(OWN_MESSAGE)
        if request.url:
            async with typing(context.bot, message.chat_id):
                with self.chat.changes.claim(grant) as slot:
                    result = await slot.run_telling(
                        functools.partial(_notice, message, still_adding("the page")),
                        self.service.add_url, request.url, grant.actor, request.overrides,
                        collection=collection, replace=replace,
                    )  # fmt: skip
        elif replied is not None and replied.document is not None:
            result = await self._add_document(
                message, context.bot, replied, grant, request.overrides, request.replace
            )
        elif replied is not None and (replied.text or replied.caption):
            body = replied.text or replied.caption or ""
            title = request.overrides.get("title")
            # The title names the file, and so the id: a slash in it is no folder ("Budget / draft").
            named = title.replace("/", " ").replace("\\", " ") if title else None
            filename = f"{named}.md" if named else f"telegram-{replied.chat_id}-{replied.message_id}.md"
            origin = f"telegram:message:{replied.chat_id}:{replied.message_id}"
            credited = {**credit_of(replied), **request.overrides}
            async with typing(context.bot, message.chat_id):
                result = await self.chat.changes.run(
                    grant, self.service.add_bytes, body.encode("utf-8"), filename, grant.actor,
                    credited, origin=origin, collection=collection, replace=replace,
                )  # fmt: skip
        else:
            raise QabotError(ADD_USAGE)
        await self._report(message, grant, result)

    @settled
    async def on_remove(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = message_of(update)
        source_id = command_arguments(message.text or "")
        grant = await self._grant(message, context.bot, "remove", source_id or "nothing")
        if not source_id or len(source_id.split()) != 1:
            raise QabotError("Send /remove SOURCE_ID; /sources shows each source's id.")
        result = await self.chat.changes.run(
            grant, self.service.remove, source_id, grant.actor, collection=grant.collection
        )
        await self._report(message, grant, result)

    async def on_migrated(self, update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
        """Telegram upgraded a group to a supergroup, which has a new chat id: the group's own sources
        move with it. Only Telegram sends this message, so no one's authority is needed."""
        message = message_of(update)
        old_id = message.migrate_from_chat_id
        if old_id is None:  # the old group's copy ("migrated to …"): the new one's does the work
            return
        old, new = Place("telegram", old_id).community, place_of(message.chat).community
        assert old is not None and new is not None  # groups, never private chats
        moved = await self._move(old, new)
        log.info("Chat %s became %s: %d of its sources moved with it.", old_id, message.chat.id, len(moved))
        if old_id in self.chat.settings.telegram_home_chats:
            log.warning(
                "Home chat %s is now supergroup %s: list %s in QABOT_TELEGRAM_HOME_CHATS (the old id no "
                "longer gets messages).",
                old_id, message.chat.id, message.chat.id,
            )  # fmt: skip

    async def _move(self, old: str, new: str) -> list[tuple[str, str]]:
        """Moves a collection, tried again while the database is out: Telegram sends the upgrade once,
        and a move that failed left the group's sources under an id no message comes from again."""
        for delay in (*MOVE_RETRY_SECONDS, None):
            try:
                with self.chat.changes.claim(None, collection=old) as move:
                    return await move.run(self.service.move_collection, old, new, "telegram:upgrade")
            except Exception as error:
                if not (isinstance(error, StorageUnavailable) or is_storage_outage(error)):
                    raise
                if delay is None:
                    log.error(
                        "Collection %s was not moved to %s: the database stayed out (%s).", old, new, error
                    )
                    return []
                log.warning(
                    "Could not move collection %s to %s (%s); trying again in %g s.", old, new, error, delay
                )
                await asyncio.sleep(delay)
        return []

    async def _add_document(
        self,
        message: Message,
        bot: Bot,
        sent: Message,
        grant: Grant,
        overrides: dict[str, str],
        replace: bool,
    ) -> ChangeResult:
        """The document `sent` carries (the /add message's own, or the one it replies to)."""
        document = sent.document
        assert document is not None  # both callers checked
        most = self.chat.settings.max_upload_bytes
        name = document.file_name or "the file"
        with errors_as_bad_documents(name):
            # Telegram says a document's size; where the message does not, getFile may (no download yet).
            file = None if document.file_size is not None else await document.get_file()
        filename = check_upload(document.file_name, file.file_size if file else document.file_size, most)
        with self.chat.changes.claim(grant) as slot:  # before the download: a busy queue costs none
            async with typing(bot, message.chat_id):
                with errors_as_bad_documents(filename):
                    file = file or await document.get_file()
                    data = await download(file.download_as_bytearray(), filename)
                return await slot.run_telling(
                    functools.partial(_notice, message, still_adding(inert(filename))),
                    self.service.add_bytes, data, filename, grant.actor, overrides,
                    origin=upload_origin(author_key(sent), filename), collection=grant.collection,
                    replace=replace,
                )  # fmt: skip

    async def _report(self, message: Message, grant: Grant, result: ChangeResult) -> None:
        log.info("Knowledge base change by telegram:%s: %s", sender(message).id, result.describe())
        # Inert line by line: the title and credit come from the document, so from anyone.
        report = "\n".join(inert(line) for line in grant.report(result).split("\n"))
        await message.reply_text(plain_message(report))  # inert lines grow: 300 dots got a joiner each


async def _notice(message: Message, text: str) -> None:
    """Sends a word on a change before its report; Telegram's refusal is logged (a courtesy)."""
    try:
        await message.reply_text(text)
    except TelegramError as error:
        log.info("Could not say %r before a change: %r", text, error)


def _edited_by_someone_else(replied: Message, command: Message) -> bool:
    """An inline bot may edit a result sent through it ("via @bot") whenever it likes."""
    author, commander = replied.from_user, command.from_user
    edited = replied.edit_date is not None
    return edited and (
        author is None or commander is None or author.id != commander.id or replied.via_bot is not None
    )


async def _tell_failure(file: Message, error: Exception) -> None:
    """Tells the sender of an album's `file` why it was not added, as the error handler would."""
    if quiet_failure(error) or not needs_a_message(error):
        return
    try:
        await file.reply_text(plain_message(user_message(error, "a file of an album")))
    except TelegramError as failed:
        if not quiet_failure(failed):
            log.exception("Could not tell the user why a file of an album was not added")
