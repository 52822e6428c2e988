"""One at a time per key, in the order asked; a key no one waits on takes no memory."""

from __future__ import annotations

import asyncio

from bot.chat.in_order import InOrder


async def test_turns_of_a_key_come_in_the_order_asked_and_other_keys_wait_for_none() -> None:
    order, done = InOrder(), []

    async def work(key: str, name: str, seconds: float) -> None:
        async with order.turn(key):
            await asyncio.sleep(seconds)
            done.append(name)

    await asyncio.gather(work("a", "a1 slow", 0.05), work("a", "a2 fast", 0), work("b", "b1", 0.01))

    assert done == ["b1", "a1 slow", "a2 fast"]
    assert order._locks == {}  # nothing kept once every turn is over
