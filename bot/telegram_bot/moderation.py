"""Who may change the knowledge base from Telegram, and what `/add` was asked to do."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from telegram import Bot, Chat, User
from telegram.constants import ChatMemberStatus, ChatType

from index.errors import NotAllowed, QabotError

NOT_A_MODERATOR = "Only moderators can change the knowledge base."
ADD_USAGE = (
    "To add a source, send a document (.md, .txt, .html) with the caption /add, reply /add to a text "
    "message, or send /add URL. Optional: title=… author=… publisher=… published=YYYY-MM-DD url=… id=…"
)
OVERRIDE_KEYS = ("title", "author", "publisher", "published", "url", "id")
_OVERRIDE = re.compile(rf"(?:^|\s)({'|'.join(OVERRIDE_KEYS)})=")
_URL = re.compile(r"^https?://\S+$", re.IGNORECASE)


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


@dataclass(frozen=True)
class AddRequest:
    """`/add [URL] [title=… author=… publisher=… published=… url=… id=…]`, parsed."""

    url: str | None = None
    overrides: dict[str, str] = field(default_factory=dict)


def parse_add_arguments(arguments: str) -> AddRequest:
    """Values may contain spaces: each runs until the next `key=` (e.g. `title=Why it matters author=Jo`)."""
    text = arguments.strip()
    first_key = _OVERRIDE.search(text)
    head = (text[: first_key.start()] if first_key else text).strip()
    overrides: dict[str, str] = {}
    if first_key:
        matches = list(_OVERRIDE.finditer(text))
        for match, following in zip(matches, [*matches[1:], None], strict=True):
            value = text[match.end() : following.start() if following else len(text)].strip()
            if value:
                overrides[match.group(1)] = value
    if head and not _URL.match(head):
        raise QabotError(f"I don't understand {head!r}. {ADD_USAGE}")
    return AddRequest(url=head or None, overrides=overrides)
