"""One chat's backlog holds up no other chat: a flooded group keeps a bounded number of replies
waiting for its flood limit, and a 429 delays only the chat it was for (a long one is not waited)."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import httpx
import pytest
from telegram.error import NetworkError, RetryAfter, TimedOut

from bot.telegram_bot import transport
from bot.telegram_bot.transport import MAX_WAITING_PER_GROUP, MaybeDelivered, PatientRateLimiter, ReplyDropped

GROUP, PRIVATE = -100_321, 42


async def _send(limiter: PatientRateLimiter, chat_id: int, reply: Any) -> Any:
    return await limiter.process_request(reply, (), {}, "sendMessage", {"chat_id": chat_id}, None)


async def test_a_flooded_group_keeps_a_bounded_backlog_and_other_chats_are_answered() -> None:
    limiter, sending = PatientRateLimiter(), asyncio.Event()

    async def slow() -> bool:  # waiting for the group's flood limit
        await sending.wait()
        return True

    async def fast() -> bool:
        return True

    flood = [asyncio.create_task(_send(limiter, GROUP, slow)) for _ in range(MAX_WAITING_PER_GROUP + 5)]
    await asyncio.sleep(0.05)
    dropped = [task for task in flood if task.done()]
    started = time.monotonic()
    private_answered = await asyncio.wait_for(_send(limiter, PRIVATE, fast), 1)

    assert private_answered and time.monotonic() - started < 0.5
    assert len(dropped) == 5 and all(isinstance(task.exception(), ReplyDropped) for task in dropped)
    sending.set()
    waited = [task for task in flood if task not in dropped]
    assert await asyncio.gather(*waited) == [True] * MAX_WAITING_PER_GROUP
    assert await _send(limiter, GROUP, fast)  # its backlog gone, the group is answered again


async def test_a_429_asking_for_a_long_wait_is_not_waited_for_and_pauses_no_other_chat() -> None:
    limiter = PatientRateLimiter()

    async def flood_controlled() -> bool:
        raise RetryAfter(86_400)

    async def fast() -> bool:
        return True

    started = time.monotonic()
    with pytest.raises(ReplyDropped):
        await asyncio.wait_for(_send(limiter, GROUP, flood_controlled), 5)
    assert await asyncio.wait_for(_send(limiter, PRIVATE, fast), 5)
    assert time.monotonic() - started < 1


async def test_a_429_for_one_chat_delays_that_chat_only() -> None:
    limiter, refused = PatientRateLimiter(), []

    async def flood_controlled_once() -> bool:
        if not refused:
            refused.append(True)
            raise RetryAfter(1)
        return True

    async def fast() -> bool:
        return True

    started = time.monotonic()
    waiting = asyncio.create_task(_send(limiter, GROUP, flood_controlled_once))
    await asyncio.sleep(0.05)
    assert await asyncio.wait_for(_send(limiter, PRIVATE, fast), 0.5)  # not paused behind it
    assert not waiting.done()
    assert await waiting and time.monotonic() - started >= 1  # the chat told to wait, waited


async def test_a_busy_group_still_gets_its_admins_looked_up_and_buttons_edited() -> None:
    """Only new messages wait for a group's budget: the cap on them must not drop a getChatMember
    (a busy group's admin was taken for a stranger) or an edit."""
    limiter, sending = PatientRateLimiter(), asyncio.Event()

    async def slow() -> bool:
        await sending.wait()
        return True

    async def fast() -> bool:
        return True

    backlog = [asyncio.create_task(_send(limiter, GROUP, slow)) for _ in range(MAX_WAITING_PER_GROUP)]
    await asyncio.sleep(0.05)
    for endpoint in ("getChatMember", "editMessageReplyMarkup", "deleteMessage"):
        request = limiter.process_request(fast, (), {}, endpoint, {"chat_id": GROUP}, None)
        assert await asyncio.wait_for(request, 1), endpoint
    with pytest.raises(ReplyDropped):
        await _send(limiter, GROUP, fast)  # a new message waits its turn, or is dropped
    sending.set()
    await asyncio.gather(*backlog)


async def test_a_message_waits_at_most_its_hold_in_all(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(transport, "MAX_HOLD_SECONDS", 1.5)
    limiter, calls = PatientRateLimiter(), []

    async def always_flood_controlled() -> bool:
        calls.append(time.monotonic())
        raise RetryAfter(1)

    started = time.monotonic()
    with pytest.raises(ReplyDropped):
        await _send(limiter, GROUP, always_flood_controlled)

    assert len(calls) == 2 and time.monotonic() - started < 1.5  # one wait fits; a second would not


async def test_a_groups_edits_keep_a_bounded_backlog_of_their_own() -> None:
    """Pages of a listing turned by a few accounts, each within its limit, waited for the group's
    budget without bound, and their updates took every slot the bot had."""
    limiter, editing = PatientRateLimiter(), asyncio.Event()

    async def slow() -> bool:
        await editing.wait()
        return True

    async def fast() -> bool:
        return True

    def edit(reply: Any) -> Any:
        return limiter.process_request(reply, (), {}, "editMessageText", {"chat_id": GROUP}, None)

    backlog = [asyncio.create_task(edit(slow)) for _ in range(MAX_WAITING_PER_GROUP)]
    await asyncio.sleep(0.05)
    with pytest.raises(ReplyDropped):
        await edit(fast)
    assert await asyncio.wait_for(_send(limiter, GROUP, fast), 1)  # new messages have their own
    editing.set()
    assert await asyncio.gather(*backlog) == [True] * MAX_WAITING_PER_GROUP


async def test_looking_up_a_member_does_not_wait_for_a_groups_flood_limit(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A look-up sends nothing to the group: it waited behind the group's messages, 3 s each."""
    limiter = PatientRateLimiter()
    limited: list[object] = []
    run_request = limiter._run_request

    async def recording(*, group: object, **rest: Any) -> Any:
        limited.append(group)
        return await run_request(group=group, **rest)

    monkeypatch.setattr(limiter, "_run_request", recording)

    async def fast() -> bool:
        return True

    await limiter.process_request(fast, (), {}, "getChatMember", {"chat_id": GROUP, "user_id": 1}, None)
    await _send(limiter, GROUP, fast)

    assert limited == [False, GROUP]


async def test_a_message_sent_but_never_confirmed_is_not_sent_again() -> None:
    """Telegram posts a message it is slow to confirm: each retry posted the same answer again (four
    copies, then four apologies)."""
    limiter, calls = PatientRateLimiter(first_delay=0.01), []

    async def posted_unconfirmed() -> bool:
        calls.append(1)
        raise TimedOut() from httpx.ReadTimeout("slow")

    with pytest.raises(MaybeDelivered):
        await _send(limiter, PRIVATE, posted_unconfirmed)

    assert len(calls) == 1


@pytest.mark.parametrize(
    "unsent",
    [
        httpx.ConnectError("refused"),
        httpx.RemoteProtocolError("Server disconnected without sending a response."),
    ],
)
async def test_a_message_that_never_reached_telegram_is_sent_again(unsent: httpx.HTTPError) -> None:
    """A closed pooled connection ("disconnected without sending a response") is met before the
    request reaches Telegram."""
    limiter, calls = PatientRateLimiter(first_delay=0.01), []

    async def unreachable_once() -> bool:
        calls.append(1)
        if len(calls) == 1:
            raise NetworkError(f"httpx.{type(unsent).__name__}") from unsent
        return True

    assert await _send(limiter, PRIVATE, unreachable_once)
    assert len(calls) == 2
