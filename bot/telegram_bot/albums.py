"""Albums captioned `/add`: Telegram sends an album's files as messages of their own that share a
`media_group_id`, with the caption on one of them, so only that file was added and the others were
passed over without a word. Every file of the album is added now, one at a time (a community's second
change at once is refused as busy), in whichever order they come. The caption's credit (author,
publisher, published, replace) is each file's; its title, id and url name one document, the captioned.

Only the person who captioned the album adds its files (each is granted as its own `/add`; the album
is charged to their rate limit once). Files are awaited `ALBUM_SECONDS`, for at most `MAX_ALBUMS`
albums of `MAX_FILES` files: a stranger's albums cost bounded memory, and one never captioned is
forgotten. Each person keeps `MAX_ALBUMS_PER_SENDER` albums waiting, so pushing out a moderator's takes
albums from `MAX_ALBUMS / MAX_ALBUMS_PER_SENDER` accounts within the minute (64 in all let 64 albums
from anyone push out the files a moderator sent before the caption). A file with a caption of its own
(not `/add`) is not one of the album's files to add.
"""

from __future__ import annotations

import asyncio
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field

from telegram import Message
from telegram.ext.filters import MessageFilter

__all__ = [
    "ALBUM_SECONDS",
    "IN_ALBUM",
    "MAX_ALBUMS",
    "MAX_ALBUMS_PER_SENDER",
    "MAX_FILES",
    "AlbumAdd",
    "Albums",
]

ALBUM_SECONDS = 60.0
MAX_ALBUMS = 1024
MAX_ALBUMS_PER_SENDER = 2
MAX_FILES = 10  # Telegram's most in one album
_ONE_DOCUMENT_ONLY = frozenset({"title", "id", "url"})

_AlbumKey = tuple[int, int, str]  # chat, sender, album


class _InAlbum(MessageFilter):
    def filter(self, message: Message) -> bool:
        return message.media_group_id is not None


IN_ALBUM = _InAlbum(name="IN_ALBUM")


@dataclass(frozen=True)
class AlbumAdd:
    """What a file of a captioned album is added with, and the lock held while one of the album's
    files is added (one at a time)."""

    overrides: dict[str, str]
    replace: bool
    turn: asyncio.Lock


@dataclass
class _Album:
    started: float
    caption: AlbumAdd | None = None
    waiting: list[Message] = field(default_factory=list)
    files: int = 0  # taken, waiting or added: at most MAX_FILES
    turn: asyncio.Lock = field(default_factory=asyncio.Lock)


class Albums:
    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._albums: OrderedDict[_AlbumKey, _Album] = OrderedDict()

    def captioned(
        self, message: Message, overrides: dict[str, str], replace: bool
    ) -> tuple[AlbumAdd, list[Message]]:
        """Notes the `/add` caption of `message`'s album: how its files are added, and those that came
        before it (added with what is returned, however long the captioned file's add takes)."""
        album = self._album(message)
        shared = {key: value for key, value in overrides.items() if key not in _ONE_DOCUMENT_ONLY}
        add = AlbumAdd(shared, replace, album.turn if album is not None else asyncio.Lock())
        if album is None:
            return add, []
        album.caption = add
        album.files += 1
        waiting, album.waiting = album.waiting, []
        return add, waiting

    def uncaptioned(self, message: Message) -> AlbumAdd | None:
        """How to add `message`, a file of an album without a caption, if its album's caption came;
        else it waits for it (None). Past `MAX_FILES` a file is left alone."""
        album = self._album(message)
        if album is None or album.files >= MAX_FILES:
            return None
        album.files += 1
        if album.caption is None:
            album.waiting.append(message)
        return album.caption

    def _album(self, message: Message) -> _Album | None:
        if message.media_group_id is None or message.from_user is None:
            return None
        now = self._clock()
        while self._albums and next(iter(self._albums.values())).started < now - ALBUM_SECONDS:
            self._albums.popitem(last=False)
        sender = message.from_user.id
        key = (message.chat.id, sender, message.media_group_id)
        album = self._albums.get(key)
        if album is None:
            own = [waiting for waiting in self._albums if waiting[1] == sender]
            if len(own) >= MAX_ALBUMS_PER_SENDER:
                del self._albums[own[0]]
            album = self._albums[key] = _Album(now)
            if len(self._albums) > MAX_ALBUMS:
                self._albums.popitem(last=False)
        return album
