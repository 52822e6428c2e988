"""Whose words a chat message carries, for a source added by replying /add to it: the forward's
origin (a person, a group, a channel and who signed the post) or the message's own sender, and when
it was written. Added with no credit, such a source was quoted as "— source telegram-1001-1007":
no author, place or date, though the message carried them. A moderator's `author=`, `publisher=` or
`published=` still wins (`QabotError`-free: a message without a name credits no one)."""

from __future__ import annotations

import datetime as dt

from telegram import (
    Message,
    MessageOriginChannel,
    MessageOriginChat,
    MessageOriginHiddenUser,
    MessageOriginUser,
    User,
)

__all__ = ["credit_of", "written_by"]


def credit_of(message: Message) -> dict[str, str]:
    """`author`, `publisher` and `published` (YYYY-MM-DD) for the words `message` carries, as far as
    Telegram tells them; a field it does not tell is left out."""
    origin = message.forward_origin
    author: str | None
    publisher: str | None = None
    written: dt.datetime = origin.date if origin is not None else message.date
    if isinstance(origin, MessageOriginUser):
        author = origin.sender_user.full_name
    elif isinstance(origin, MessageOriginHiddenUser):
        author = origin.sender_user_name
    elif isinstance(origin, MessageOriginChannel):
        author, publisher = origin.author_signature, origin.chat.title
    elif isinstance(origin, MessageOriginChat):
        author, publisher = origin.author_signature, origin.sender_chat.title
    elif message.sender_chat is not None:  # an anonymous admin's or a channel's own post
        author, publisher = message.author_signature, message.sender_chat.title
    else:
        author = message.from_user.full_name if message.from_user is not None else None
    credit = {"author": author, "publisher": publisher, "published": written.date().isoformat()}
    return {field: value.strip() for field, value in credit.items() if value and value.strip()}


def written_by(message: Message, user: User) -> bool:
    """Whether `user` wrote what `message` carries: sent it, or sent what it forwards."""
    origin = message.forward_origin
    if isinstance(origin, MessageOriginUser):
        return origin.sender_user.id == user.id
    return origin is None and message.from_user is not None and message.from_user.id == user.id
