"""Albums captioned /add: which files wait for their album's caption, and for how long."""

from __future__ import annotations

import datetime as dt

from telegram import Chat, Document, Message, User

from bot.telegram_bot.albums import ALBUM_SECONDS, MAX_ALBUMS, MAX_FILES, Albums

MODERATOR = User(1001, "Mod", is_bot=False)


def _file(album: str, number: int, sender: User = MODERATOR) -> Message:
    document = Document(f"f{number}", f"u{number}", file_name=f"{number}.md")
    return Message(
        number, dt.datetime.now(dt.UTC), Chat(sender.id, Chat.PRIVATE), from_user=sender,
        document=document, media_group_id=album,
    )  # fmt: skip


def test_files_before_the_caption_wait_for_it_and_those_after_get_its_credit() -> None:
    albums = Albums()
    early = _file("a", 1)

    assert albums.uncaptioned(early) is None
    assert albums.captioned(_file("a", 2), {"author": "Jo", "title": "One", "id": "one"}, True) == [early]
    late = albums.uncaptioned(_file("a", 3))
    assert late is not None and late.overrides == {"author": "Jo"} and late.replace


def test_another_persons_file_in_the_same_album_id_gets_nothing_of_the_caption() -> None:
    albums = Albums()
    albums.captioned(_file("a", 1), {}, False)

    assert albums.uncaptioned(_file("a", 2, User(66, "Stranger", is_bot=False))) is None


def test_albums_are_forgotten_after_their_time_and_past_the_bound() -> None:
    now = [0.0]
    albums = Albums(clock=lambda: now[0])
    for number in range(MAX_FILES + 5):
        albums.uncaptioned(_file("a", number))
    assert len(albums.captioned(_file("a", 99), {}, False)) == MAX_FILES  # a file waits per album slot

    albums.uncaptioned(_file("b", 1))
    now[0] = ALBUM_SECONDS + 1
    assert albums.captioned(_file("b", 2), {}, False) == []  # forgotten: its time was up

    for album in range(MAX_ALBUMS + 1):
        albums.uncaptioned(_file(f"c{album}", 1, User(10_000 + album, "Someone", is_bot=False)))
    assert albums.captioned(_file("c0", 2, User(10_000, "Someone", is_bot=False)), {}, False) == []  # oldest
    assert (
        len(
            albums.captioned(
                _file(f"c{MAX_ALBUMS}", 2, User(10_000 + MAX_ALBUMS, "S", is_bot=False)), {}, False
            )
        )
        == 1
    )


def test_one_persons_flood_of_albums_pushes_out_only_their_own() -> None:
    """64 albums from anyone pushed out the files a moderator sent before the caption."""
    albums, stranger = Albums(), User(66, "Stranger", is_bot=False)
    moderators_file = _file("mine", 1)
    albums.uncaptioned(moderators_file)
    for album in range(MAX_ALBUMS + 5):
        albums.uncaptioned(_file(f"flood{album}", 1, stranger))

    assert albums.captioned(_file("mine", 2), {}, False) == [moderators_file]
