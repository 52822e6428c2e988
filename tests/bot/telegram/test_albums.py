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


def _waiting(albums: Albums, message: Message) -> list[Message]:
    """The files of `message`'s album that came before its caption, `message`."""
    return albums.captioned(message, {}, False)[1]


def test_files_before_the_caption_wait_for_it_and_those_after_get_its_credit() -> None:
    albums = Albums()
    early = _file("a", 1)

    assert albums.uncaptioned(early) is None
    add, waiting = albums.captioned(_file("a", 2), {"author": "Jo", "title": "One", "id": "one"}, True)
    assert waiting == [early] and add.overrides == {"author": "Jo"} and add.replace
    assert albums.uncaptioned(_file("a", 3)) == add


def test_another_persons_file_in_the_same_album_id_gets_nothing_of_the_caption() -> None:
    albums = Albums()
    albums.captioned(_file("a", 1), {}, False)

    assert albums.uncaptioned(_file("a", 2, User(66, "Stranger", is_bot=False))) is None


def test_an_album_takes_at_most_its_number_of_files_caption_included() -> None:
    albums = Albums()
    for number in range(MAX_FILES + 5):
        albums.uncaptioned(_file("a", number))
    assert len(_waiting(albums, _file("a", 99))) == MAX_FILES
    assert albums.uncaptioned(_file("a", 100)) is None  # past the album's files: left alone

    albums.captioned(_file("b", 1), {}, False)
    taken = [albums.uncaptioned(_file("b", number)) for number in range(2, MAX_FILES + 3)]
    assert sum(add is not None for add in taken) == MAX_FILES - 1


def test_albums_are_forgotten_after_their_time_and_past_the_bound() -> None:
    now = [0.0]
    albums = Albums(clock=lambda: now[0])
    albums.uncaptioned(_file("b", 1))
    now[0] = ALBUM_SECONDS + 1
    assert _waiting(albums, _file("b", 2)) == []  # forgotten: its time was up

    people = [User(10_000 + n, "Someone", is_bot=False) for n in range(MAX_ALBUMS + 1)]
    for album, person in enumerate(people):
        albums.uncaptioned(_file(f"c{album}", 1, person))
    assert _waiting(albums, _file("c0", 2, people[0])) == []  # the oldest, past the bound
    assert len(_waiting(albums, _file(f"c{MAX_ALBUMS}", 2, people[-1]))) == 1


def test_one_persons_flood_of_albums_pushes_out_only_their_own() -> None:
    """64 albums from anyone pushed out the files a moderator sent before the caption."""
    albums, stranger = Albums(), User(66, "Stranger", is_bot=False)
    moderators_file = _file("mine", 1)
    albums.uncaptioned(moderators_file)
    for album in range(MAX_ALBUMS + 5):
        albums.uncaptioned(_file(f"flood{album}", 1, stranger))

    assert _waiting(albums, _file("mine", 2)) == [moderators_file]
