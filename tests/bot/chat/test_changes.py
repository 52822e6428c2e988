"""Changes to the knowledge base run apart from questions: a stranger's adds neither hold up anyone's
questions nor a moderator's changes, and no more of them wait than the bound."""

from __future__ import annotations

import asyncio
import threading

import pytest

from bot.chat.authority import Grant
from bot.chat.changes import MAX_WAITING, ChangeQueue, ChangesBusy
from index.errors import CollectionFull, NotAllowed

STRANGER = Grant("telegram:66", "telegram:-1001")
MODERATOR = Grant("telegram:1", None)


def held(release: threading.Event, name: str) -> str:
    """A change that lasts until `release` is set (an add embedding for minutes)."""
    release.wait(timeout=30)
    return name


async def test_questions_and_a_moderators_change_go_on_while_strangers_adds_run() -> None:
    changes, release = ChangeQueue(), threading.Event()
    strangers = [
        asyncio.create_task(changes.run(Grant(f"telegram:{n}", f"telegram:-{n}"), held, release, f"add {n}"))
        for n in range(6)
    ]  # telegram:1 is also the moderator: their community's add holds up no change to the shared sources
    await asyncio.sleep(0.05)

    # Six blocking calls fill the default executor's threads on two cores; these must not wait behind them.
    answers = await asyncio.wait_for(asyncio.gather(*(asyncio.to_thread(str, n) for n in range(12))), 5)
    moderators = await asyncio.wait_for(changes.run(MODERATOR, str.upper, "shared add"), 5)

    assert answers == [str(n) for n in range(12)] and moderators == "SHARED ADD"
    release.set()
    assert await asyncio.gather(*strangers) == [f"add {n}" for n in range(6)]


async def test_one_change_per_person_and_community_waits_at_a_time() -> None:
    changes, release = ChangeQueue(), threading.Event()
    first = asyncio.create_task(changes.run(STRANGER, held, release, "first"))
    await asyncio.sleep(0.05)

    with pytest.raises(ChangesBusy, match="still being made"):
        await changes.run(STRANGER, str, "again")  # the same person
    with pytest.raises(ChangesBusy, match="still being made"):
        await changes.run(Grant("telegram:77", STRANGER.collection), str, "co-admin")  # the same group

    release.set()
    assert await first == "first"
    assert await changes.run(STRANGER, str.upper, "after") == "AFTER"  # free again once it is done


async def test_no_more_changes_wait_than_the_bound_and_moderators_may_queue() -> None:
    changes, release = ChangeQueue(max_waiting=3, moderators_max_waiting=3), threading.Event()
    waiting = [
        asyncio.create_task(changes.run(Grant(f"telegram:{n}", f"telegram:-{n}"), held, release, n))
        for n in range(3)
    ]
    queued = [asyncio.create_task(changes.run(MODERATOR, held, release, f"m{n}")) for n in range(3)]
    await asyncio.sleep(0.05)

    with pytest.raises(ChangesBusy, match="busy with other changes"):
        await changes.run(Grant("telegram:9", "telegram:-9"), str, "one too many")
    with pytest.raises(ChangesBusy, match="busy with other changes"):
        await changes.run(MODERATOR, str, "one too many")

    release.set()
    assert await asyncio.gather(*waiting) == [0, 1, 2]
    assert await asyncio.gather(*queued) == ["m0", "m1", "m2"]


async def test_a_moderators_folder_of_files_queues_where_strangers_adds_are_refused() -> None:
    """A moderator sent 15 files at once; past the 8th they were refused, though each took a second."""
    changes, release = ChangeQueue(), threading.Event()
    files = [asyncio.create_task(changes.run(MODERATOR, held, release, f"file {n}")) for n in range(15)]
    strangers = [Grant(f"telegram:{n}", f"telegram:-{n}") for n in range(MAX_WAITING)]
    groups = [asyncio.create_task(changes.run(grant, held, release, grant.actor)) for grant in strangers]
    await asyncio.sleep(0.05)

    with pytest.raises(ChangesBusy, match=rf"\({MAX_WAITING} in line\); send this one again once"):
        await changes.run(Grant("telegram:99", "telegram:-99"), str, "one group too many")

    release.set()
    assert await asyncio.gather(*files) == [f"file {n}" for n in range(15)]
    assert len(await asyncio.gather(*groups)) == MAX_WAITING


async def test_the_platforms_own_change_is_never_refused_as_busy() -> None:
    """A group's upgrade moving its collection: no one could send it again."""
    changes, release = ChangeQueue(max_waiting=2), threading.Event()
    communities = [Grant(f"telegram:{n}", f"telegram:-{n}") for n in range(3)]
    queued = [
        asyncio.create_task(changes.run(grant, held, release, f"c{n}"))
        for n, grant in enumerate(communities[:2])
    ]
    await asyncio.sleep(0.05)

    move = asyncio.create_task(changes.run(None, str.upper, "move"))
    with pytest.raises(ChangesBusy, match="busy with other changes"):
        await changes.run(communities[2], str, "one too many")

    release.set()
    assert await asyncio.gather(*queued) == ["c0", "c1"]
    assert await move == "MOVE"


async def test_groups_upgraded_one_after_another_hold_up_no_moderators_change() -> None:
    """Anyone may make a group and upgrade it: each upgrade's move went on the moderators' lane."""
    changes, release = ChangeQueue(), threading.Event()
    moves = [asyncio.create_task(changes.run(None, held, release, f"move {n}")) for n in range(20)]
    await asyncio.sleep(0.05)

    assert await asyncio.wait_for(changes.run(MODERATOR, str.upper, "shared add"), 5) == "SHARED ADD"
    release.set()
    assert await asyncio.gather(*moves) == [f"move {n}" for n in range(20)]


async def test_a_change_whose_asker_stopped_waiting_still_counts_until_it_ends() -> None:
    changes, release = ChangeQueue(), threading.Event()
    waiting = asyncio.create_task(changes.run(STRANGER, held, release, "first"))
    await asyncio.sleep(0.05)
    waiting.cancel()  # the chat handler was cut off (a stop); the add goes on in its thread
    await asyncio.sleep(0.05)

    with pytest.raises(ChangesBusy, match="still being made"):
        await changes.run(STRANGER, str, "again")
    release.set()
    await asyncio.sleep(0.1)
    assert await changes.run(STRANGER, str.upper, "after") == "AFTER"


async def test_a_place_claimed_for_a_download_that_fails_is_given_back() -> None:
    changes = ChangeQueue(max_waiting=1, moderators_max_waiting=1)
    with pytest.raises(ConnectionError), changes.claim(STRANGER):
        raise ConnectionError("the chat platform dropped the download")

    assert await changes.run(STRANGER, str.upper, "after") == "AFTER"
    with changes.claim(MODERATOR) as slot:
        with pytest.raises(ChangesBusy, match="busy with other changes"):
            changes.claim(Grant("telegram:2", None))  # the lane's one place is claimed, not yet used
        assert await slot.run(str.upper, "claimed") == "CLAIMED"


async def test_a_change_the_core_refuses_after_its_grant_is_recorded_and_still_refused() -> None:
    recorded: list[Grant] = []

    async def record(grant: Grant) -> None:
        recorded.append(grant)

    def refuse(source_id: str) -> None:
        raise NotAllowed(f"{source_id} is in the shared knowledge base.")

    def full(source_id: str) -> None:
        raise CollectionFull(f"{source_id} would make this collection too large.")

    changes = ChangeQueue(on_refused=record)
    with pytest.raises(NotAllowed):
        await changes.run(STRANGER, refuse, "seed-article")
    with pytest.raises(ValueError):
        await changes.run(STRANGER, int, "not a number")  # a failure, not a refusal
    with pytest.raises(CollectionFull):
        await changes.run(STRANGER, full, "big-book")  # its own limit: no attempt on anyone's sources

    assert recorded == [STRANGER]


async def test_a_persons_changes_apply_in_the_order_sent_though_the_first_downloads() -> None:
    """An upload claims its place before its download; a /remove sent right after it ran first, so the
    moderator read "no source with the id zed", then "Added zed", and the file stayed."""
    changes, done = ChangeQueue(), []
    downloaded = asyncio.Event()

    async def upload() -> None:
        with changes.claim(MODERATOR) as slot:
            await downloaded.wait()  # the file still coming
            await slot.run(done.append, "add zed")

    uploading = asyncio.create_task(upload())
    await asyncio.sleep(0)
    removing = asyncio.create_task(changes.run(MODERATOR, done.append, "remove zed"))
    other = await asyncio.wait_for(changes.run(Grant("telegram:2", None), done.append, "another's add"), 5)
    downloaded.set()
    await asyncio.wait_for(asyncio.gather(uploading, removing), 5)

    assert other is None and done == ["another's add", "add zed", "remove zed"]  # another's waits for no one


async def test_a_failed_download_between_two_changes_keeps_the_order_of_the_others() -> None:
    """The failed upload's place, given back at once, let the /remove after it run before the upload
    claimed ahead of both."""
    changes, done = ChangeQueue(), []
    downloaded = asyncio.Event()

    async def upload() -> None:
        with changes.claim(MODERATOR) as slot:
            await downloaded.wait()
            await slot.run(done.append, "add A")

    uploading = asyncio.create_task(upload())
    await asyncio.sleep(0)
    with pytest.raises(ConnectionError), changes.claim(MODERATOR):
        raise ConnectionError("upload B's download failed")
    removing = asyncio.create_task(changes.run(MODERATOR, done.append, "remove A"))
    await asyncio.sleep(0.05)
    downloaded.set()
    await asyncio.wait_for(asyncio.gather(uploading, removing), 5)

    assert done == ["add A", "remove A"]


async def test_a_group_upgraded_while_its_upload_downloads_moves_that_upload_too() -> None:
    """The upgrade moved the group's sources while an admin's upload was still coming; the upload was
    then added under the old group's id, where no message comes from again."""
    changes, done = ChangeQueue(), []
    downloaded = asyncio.Event()

    async def upload() -> None:
        with changes.claim(STRANGER) as slot:
            await downloaded.wait()
            await slot.run(done.append, "add club rules")

    async def move(label: str) -> None:
        with changes.claim(None, collection="telegram:-1001") as slot:
            await slot.run(done.append, label)

    uploading = asyncio.create_task(upload())
    await asyncio.sleep(0)
    moving = asyncio.create_task(move("move"))
    await asyncio.sleep(0.05)
    downloaded.set()
    await asyncio.wait_for(asyncio.gather(uploading, moving), 5)

    assert done == ["add club rules", "move"]
    await asyncio.wait_for(move("move again"), 5)
