"""A stop takes no new questions, waits for those in flight, and cuts off only what outlasts the grace."""

from __future__ import annotations

import asyncio

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
