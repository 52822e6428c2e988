"""A stop takes no new questions, waits for those in flight, and cuts off only what outlasts the grace."""

from __future__ import annotations

import asyncio
import subprocess
import sys

import pytest

from bot.chat.shutdown import RESTARTING, InFlight, ShuttingDown


async def test_a_stop_waits_for_quick_answers_and_cancels_slow_ones() -> None:
    in_flight = InFlight()
    finished: list[str] = []

    async def answer(name: str, seconds: float) -> None:
        async with in_flight.answering():
            await asyncio.sleep(seconds)
            finished.append(name)

    quick = asyncio.create_task(answer("quick", 0.05))
    slow = asyncio.create_task(answer("slow", 30))
    await asyncio.sleep(0)  # both have started
    assert len(in_flight) == 2

    await in_flight.drain(grace=0.5)

    assert finished == ["quick"] and quick.done() and slow.cancelled()
    with pytest.raises(ShuttingDown, match=RESTARTING):
        async with in_flight.answering():
            pass


STUCK_ANSWER = """
import asyncio, threading, time
from bot.chat.answer_queue import AnswerQueue, storage_queue
from bot.chat.shutdown import exit_past_stuck_answers

queue = AnswerQueue()

async def main() -> None:
    started = threading.Event()

    def held_by_a_frozen_database() -> None:
        started.set()
        time.sleep(3600)

    asking = asyncio.ensure_future(queue.run(held_by_a_frozen_database))
    await asyncio.to_thread(started.wait)
    asking.cancel()  # the asker was told; the thread goes on

asyncio.run(main())
queue.close()
print("Stopped.", flush=True)
exit_past_stuck_answers(0.5)
"""


@pytest.mark.parametrize("queue", ["AnswerQueue()", "storage_queue('read')", "storage_queue('write')"])
def test_a_stopped_bot_exits_though_an_answer_thread_is_stuck(queue: str) -> None:
    """Python joins worker threads at exit: a thread waiting on a frozen database kept a bot that had
    logged "Stopped." alive until `docker stop` killed it (exit 137)."""
    script = STUCK_ANSWER.replace("queue = AnswerQueue()", f"queue = {queue}")
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=False
    )

    assert result.returncode == 0, result.stderr
    assert "Stopped." in result.stdout and "not waiting for them" in result.stderr


def test_a_stopped_bot_with_no_answer_running_exits_as_usual() -> None:
    quiet = STUCK_ANSWER.replace("time.sleep(3600)", "pass").replace("exit_past_stuck_answers(0.5)", "")
    script = quiet + "exit_past_stuck_answers(0.5)\nprint('exited normally', flush=True)\n"
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=False
    )

    assert result.returncode == 0 and "exited normally" in result.stdout, result.stderr


STUCK_CHANGE = """
import asyncio, threading, time
from bot.chat.changes import ChangeQueue
from bot.chat.shutdown import exit_past_stuck_answers

changes = ChangeQueue()

async def main() -> None:
    started = threading.Event()

    def a_large_add() -> None:
        started.set()
        time.sleep(LASTS)

    await changes.run(None, lambda: None)  # an earlier change: its lane's thread stays, idle
    adding = asyncio.ensure_future(changes.run(None, a_large_add))
    await asyncio.to_thread(started.wait)
    adding.cancel()  # the moderator was told; the change goes on

asyncio.run(main())
changes.close()
exit_past_stuck_answers(0.5)
print("exited normally", flush=True)
"""


@pytest.mark.parametrize(("lasts", "exits_normally"), [(3600, False), (0.1, True)])
def test_a_stopped_bot_waits_a_moment_for_a_change_under_way_and_no_longer(
    lasts: float, exits_normally: bool
) -> None:
    """A change thread is joined at exit too: a large add kept a stopped bot up past `docker stop`."""
    script = STUCK_CHANGE.replace("LASTS", str(lasts))
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=False
    )

    assert result.returncode == 0, result.stderr
    assert ("exited normally" in result.stdout) == exits_normally, result.stderr
    assert ("not waiting for them" in result.stderr) != exits_normally
