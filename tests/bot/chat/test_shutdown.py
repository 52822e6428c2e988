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
from bot.chat.answer_queue import AnswerQueue
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


def test_a_stopped_bot_exits_though_an_answer_thread_is_stuck() -> None:
    """Python joins worker threads at exit: a thread waiting on a frozen database kept a bot that had
    logged "Stopped." alive until `docker stop` killed it (exit 137)."""
    result = subprocess.run(
        [sys.executable, "-c", STUCK_ANSWER], capture_output=True, text=True, timeout=60, check=False
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
