"""Questions run apart from other blocking work, and no more of them wait than the bound: past it a
person is told at once, and a question given up on still counts until its thread is done with it."""

from __future__ import annotations

import asyncio
import threading

import pytest

from bot.chat.answer_queue import ANSWERS_BUSY, AnswerQueue, AnswersBusy


def held(release: threading.Event, name: str) -> str:
    """An answer that lasts until `release` is set (a database that stopped answering)."""
    release.wait(timeout=30)
    return name


async def settled(queue: AnswerQueue, expected: int) -> None:
    """Waits until the queue counts `expected` (threads report back through the event loop)."""
    for _ in range(200):
        if len(queue) == expected:
            return
        await asyncio.sleep(0.01)
    assert len(queue) == expected


async def test_past_the_bound_a_question_is_refused_at_once_until_one_is_done() -> None:
    queue, release = AnswerQueue(max_in_flight=3, threads=2), threading.Event()
    waiting = [asyncio.create_task(queue.run(held, release, f"q{n}")) for n in range(3)]
    await asyncio.sleep(0.05)

    with pytest.raises(AnswersBusy, match=ANSWERS_BUSY):
        await queue.run(str, "one too many")

    release.set()
    assert await asyncio.gather(*waiting) == ["q0", "q1", "q2"]
    await settled(queue, 0)
    assert await queue.run(str.upper, "after") == "AFTER"


async def test_a_question_given_up_on_counts_until_its_thread_is_done() -> None:
    queue, release = AnswerQueue(max_in_flight=2, threads=1), threading.Event()
    running = asyncio.create_task(queue.run(held, release, "running"))
    waiting = asyncio.create_task(queue.run(held, release, "waiting"))  # no thread free yet
    await asyncio.sleep(0.05)

    running.cancel()  # the person was told "not in time"; the thread still holds the question
    waiting.cancel()  # never started: it frees its place at once
    await settled(queue, 1)

    later = asyncio.create_task(queue.run(str.upper, "later"))  # waits behind the hung one
    await asyncio.sleep(0.05)
    with pytest.raises(AnswersBusy):  # the hung question and the one behind it fill the bound
        await queue.run(str, "one too many")

    release.set()
    assert await later == "LATER"
    await settled(queue, 0)


async def test_questions_do_not_wait_behind_other_blocking_work() -> None:
    queue, release = AnswerQueue(), threading.Event()
    # More blocking calls than the event loop's default executor has threads (listings, votes…).
    others = [asyncio.create_task(asyncio.to_thread(held, release, f"other {n}")) for n in range(40)]
    await asyncio.sleep(0.05)

    answers = await asyncio.wait_for(asyncio.gather(*(queue.run(str, n) for n in range(12))), 5)

    assert answers == [str(n) for n in range(12)]
    release.set()
    await asyncio.gather(*others)


async def test_one_crowded_server_cannot_take_every_place() -> None:
    queue, release = AnswerQueue(max_in_flight=8, threads=2, max_per_place=3), threading.Event()
    crowd = [asyncio.create_task(queue.run(held, release, n, place="discord:1")) for n in range(3)]
    await asyncio.sleep(0.05)

    with pytest.raises(AnswersBusy):
        await queue.run(str, "one more from the crowd", place="discord:1")
    elsewhere = asyncio.create_task(queue.run(str.upper, "another server", place="discord:2"))
    in_private = asyncio.create_task(queue.run(str.upper, "a private chat"))

    release.set()
    assert await asyncio.gather(*crowd) == [0, 1, 2]
    assert await elsewhere == "ANOTHER SERVER" and await in_private == "A PRIVATE CHAT"
    await settled(queue, 0)
    assert await queue.run(str, "again", place="discord:1") == "again"


async def test_a_place_taken_before_a_public_thinking_cannot_be_taken_meanwhile() -> None:
    """Discord's /ask shows "thinking…" to the channel before answering; the refusal for a full queue
    must come before it. A check alone left the last place free for another question meanwhile, and the
    refusal then replaced "thinking…" for the whole channel to see."""
    queue = AnswerQueue(max_in_flight=1, threads=1)

    with queue.holding("discord:1") as place:
        with pytest.raises(AnswersBusy):  # another question, while this one's "thinking…" is shown
            await queue.run(str, "meanwhile")
        assert await queue.run(str.upper, "held", held=place) == "HELD"
    await settled(queue, 0)

    with queue.holding("discord:1"):  # taken, then never asked (the interaction failed)
        assert len(queue) == 1
    assert len(queue) == 0
