"""Reading an update (its message, its sender, the mentions in it) and answering where it came from."""

from __future__ import annotations

import contextlib
import logging
import re

from telegram import (
    Bot,
    CallbackQuery,
    MaybeInaccessibleMessage,
    Message,
    MessageEntity,
    MessageOriginChannel,
    MessageOriginChat,
    MessageOriginUser,
    Update,
    User,
)
from telegram.constants import ChatAction
from telegram.error import BadRequest, ChatMigrated, Forbidden, NetworkError, TelegramError

from bot.chat.answer_queue import ANSWERS_BUSY
from bot.chat.buttons import CANNOT_POST_HERE
from bot.chat.followups import only_acknowledges
from bot.chat.indicator import indicating
from bot.telegram_bot.render import plain_message
from bot.telegram_bot.transport import MaybeDelivered, ReplyDropped
from index.errors import QabotError

__all__ = [
    "answer_late",
    "author_key",
    "caption_addressed_to",
    "mentions",
    "message_of",
    "not_posted_because",
    "opens_with_mention",
    "poster_key",
    "replies_to_bot",
    "sender",
    "spoken_text",
    "tell",
    "topic_of",
    "typing",
    "undeliverable",
    "without_mentions",
]

log = logging.getLogger(__name__)

TYPING_REFRESH_SECONDS = 4.5  # Telegram shows "typing…" for 5 seconds per action.


def message_of(update: Update) -> Message:
    message = update.effective_message
    assert message is not None  # message handlers only receive updates with a message
    return message


def sender(message: Message) -> User:
    """The person who sent the message. Anonymous group admins and channels have none: Telegram sends
    their posts as from a placeholder bot shared by every group (GroupAnonymousBot), with the group or
    channel as `sender_chat`, so answering them would pool every group's anonymous admins into one
    person, with one rate limit and one vote."""
    if message.from_user is None or message.sender_chat is not None:
        raise QabotError("I can only answer people, not anonymous or channel posts.")
    return message.from_user


def poster_key(message: Message) -> str:
    """Whom a message counts against in the rate limits: its sender, or the channel or group an
    anonymous or channel post came from (`telegram:sender_chat:<id>`), whose posts are refused but
    must not be answered without bound either."""
    if message.from_user is None or message.sender_chat is not None:
        poster = message.sender_chat.id if message.sender_chat is not None else message.chat.id
        return f"telegram:sender_chat:{poster}"
    return f"telegram:{message.from_user.id}"


def author_key(message: Message) -> str:
    """Who wrote what `message` carries: its poster, or for a forward the one it was forwarded from (a
    stranger's file a moderator forwards is the stranger's, and must not pass for the moderator's own
    upload). A sender who hides their account is no one to match: each such forward is its own."""
    origin = message.forward_origin
    if origin is None:
        return poster_key(message)
    if isinstance(origin, MessageOriginUser):
        return f"telegram:{origin.sender_user.id}"
    if isinstance(origin, MessageOriginChat):
        return f"telegram:sender_chat:{origin.sender_chat.id}"
    if isinstance(origin, MessageOriginChannel):
        return f"telegram:sender_chat:{origin.chat.id}"
    return f"telegram:forwarded:{message.chat.id}:{message.message_id}"


def mentions(message: Message) -> list[str]:
    """The @mentions in a message's text, or its caption. Not `Message.parse_entities`: it raises on a
    lone surrogate (an escaped half of an emoji in the update's JSON), which would turn a question
    into an apology."""
    if message.text is None:
        text, entities = message.caption or "", message.caption_entities
    else:
        text, entities = message.text, message.entities
    units = text.encode("utf-16-le", "surrogatepass")
    return [
        units[2 * entity.offset : 2 * (entity.offset + entity.length)].decode("utf-16-le", "replace")
        for entity in entities
        if entity.type == MessageEntity.MENTION
    ]


def without_mentions(message: Message) -> str:
    """The message's text with every mention, of the bot or of anyone ("@alice", a name linked to
    its person), made a space: a question is searched by its words, and a name read as one lowered
    its match so much that "@alice who is Sazonov?" came close to being refused. Mentions alone
    ("@everyone") are left as they are: a message, though no question."""
    spoken = spoken_text(message)
    return spoken if spoken.strip() else message.text or ""


def spoken_text(message: Message) -> str:
    """The message's text with every mention made a space (blank when it holds only mentions): what a
    reply says, "thanks @alice" being thanks."""
    text = message.text or ""
    units = bytearray(text.encode("utf-16-le", "surrogatepass"))
    for entity in message.entities:
        start, end = 2 * entity.offset, 2 * (entity.offset + entity.length)
        if entity.type in (MessageEntity.MENTION, MessageEntity.TEXT_MENTION) and 0 <= start <= end <= len(
            units
        ):
            units[start:end] = " ".encode("utf-16-le") * entity.length
    return units.decode("utf-16-le", "replace")


def opens_with_mention(message: Message) -> bool:
    """Whether the text begins by naming someone ("@alice look at this"): addressed to them."""
    people = (MessageEntity.MENTION, MessageEntity.TEXT_MENTION)
    return any(entity.offset == 0 and entity.type in people for entity in message.entities)


def typing(bot: Bot, chat_id: int, topic: int | None = None) -> contextlib.AbstractAsyncContextManager[None]:
    """Shows "typing…" (in a forum `topic`) while the block runs (`bot.chat.indicator`); the action is
    cosmetic, so failing to send it is no error."""

    async def send() -> None:
        try:
            await bot.send_chat_action(chat_id, ChatAction.TYPING, message_thread_id=topic)
        except TelegramError as error:
            log.warning("Could not send the typing action: %s", error)

    return indicating(send, TYPING_REFRESH_SECONDS)


# What Telegram answers (400) where the bot may not write: its right to post taken away (muted, the
# chat's permissions), the chat gone, the forum topic closed or gone, or the bot's own message deleted
# (or too old) before its buttons could be changed.
_MAY_NOT_WRITE = (
    "not enough rights", "have no rights to send", "chat_write_forbidden", "chat_restricted",
    "need administrator rights", "chat not found", "topic_closed", "thread not found",
    "message to edit not found", "message can't be edited",
)  # fmt: skip
# A button press answered after Telegram stopped waiting for it (about 15 s): its presser is out of reach.
_TOO_OLD = "query is too old"


def undeliverable(error: BaseException) -> bool:
    """Whether a reply failed because the chat cannot be written to: the bot was removed or blocked
    (403), may not post there (a 400 saying so), the group became a supergroup (its new chat is
    answered from its next message), the chat's backlog was full (`ReplyDropped`), or a button press
    was answered too late to be shown."""
    if isinstance(error, BadRequest):
        reason = error.message.lower()
        return _TOO_OLD in reason or any(refusal in reason for refusal in _MAY_NOT_WRITE)
    return isinstance(error, Forbidden | ChatMigrated | ReplyDropped)


def quiet_failure(error: BaseException) -> bool:
    """Whether `error` is no bug and telling the chat would not help, logged here as one line: the chat
    cannot be written to (`undeliverable`), Telegram failed past the transport's retries, or it may
    have made the post without saying so (an apology would fail, or follow the answer)."""
    if undeliverable(error):
        log.info("A reply was not delivered: %s", error)
        return True
    if isinstance(error, NetworkError) and not isinstance(error, BadRequest):
        said = "may not have been delivered" if isinstance(error, MaybeDelivered) else "was not delivered"
        log.warning("A reply %s: %s", said, error)
        return True
    return False


def not_posted_because(error: BaseException) -> str | None:
    """What a button's presser is told when its post was not delivered: the chat refused it (a forum
    topic closed since, the bot's right to post taken away) or its backlog was full; None for an error
    that is no such refusal."""
    if not undeliverable(error):
        return None
    return CANNOT_POST_HERE if isinstance(error, BadRequest | Forbidden | ChatMigrated) else ANSWERS_BUSY


async def answer_late(query: CallbackQuery) -> None:
    """Answers a button press once its post is made. A post that waited out the chat's flood limit
    comes after Telegram stopped waiting for the answer (about 15 s): it refuses it as too old, and the
    presser's spinner has gone by itself."""
    try:
        await query.answer()
    except BadRequest as error:
        if _TOO_OLD not in error.message.lower():
            raise


async def tell(update: object, text: str) -> None:
    """Shows `text` where the update came from; if Telegram refuses even that, the log says so."""
    if not isinstance(update, Update):
        return
    try:
        if update.callback_query is not None:
            await update.callback_query.answer(text[:200], show_alert=True)
        elif update.effective_message is not None:
            await update.effective_message.reply_text(plain_message(text))
    except TelegramError as error:
        if undeliverable(error):
            log.info("Could not tell the user %r: %s", text, error)
        else:
            log.exception("Could not tell the user %r", text)


def topic_of(message: MaybeInaccessibleMessage) -> int | None:
    """The forum topic a message is in (a reply chain in any group has a thread id too)."""
    return message.message_thread_id if isinstance(message, Message) and message.is_topic_message else None


def replies_to_bot(message: Message, bot: Bot) -> bool:
    """Whether `message` replies to one of `bot`'s own."""
    replied = message.reply_to_message
    return replied is not None and replied.from_user is not None and replied.from_user.id == bot.id


_ASK_CAPTION = re.compile(r"/ask(?:@(?P<bot>\w+))?(?:\s|$)", re.IGNORECASE)


def caption_addressed_to(message: Message, bot: Bot) -> bool:
    """Whether a caption is addressed to `bot` as a group's text would be: a mention of it, `/ask`
    (without another bot's name), or a reply to it that does more than thank."""
    caption = message.caption or ""
    mention = f"@{bot.username}".lower()
    asked = _ASK_CAPTION.match(caption)
    return (
        any(text.lower() == mention for text in mentions(message))
        or (asked is not None and (asked["bot"] or bot.username).lower() == bot.username.lower())
        or (replies_to_bot(message, bot) and not only_acknowledges(caption))
    )
