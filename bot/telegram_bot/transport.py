"""The Bot API transport: Telegram's flood limits kept, its hiccups retried instead of losing a reply,
and no chat able to hold up the others.

Telegram lets a bot send about 20 messages a minute to one group. python-telegram-bot's limiter waits
for that inside the handler that sends, and a waiting handler keeps one of the bot's update slots: a
flood of 200 questions in one group held every slot, and a private question waited 156 s. So a group
keeps at most `MAX_WAITING_PER_GROUP` new messages waiting (half a minute of its budget); more are
dropped (`ReplyDropped`), as a flood's replies are. Edits (a `/sources` page turned, a used button
taken away) spend the group's budget too and have a backlog as long of their own: presses on a
listing's "Next" by a few accounts, each within its own limit, had filled every update slot and the
bot answered nobody. Looking up a member (is this an admin?) sends nothing to the group and skips its
limiter: a busy group's admin was taken for a stranger when look-ups were dropped with messages.

A 429 is waited out by the request it answered, which then goes through the limiters again like any
message: the library's own handling paused every chat while it waited (one group's `retry_after` of
40 s held every answer for 40 s, one of a day silenced the bot). A request spends at most
`MAX_HOLD_SECONDS` waiting, on 429s and on retries of network errors together; past that its message
is dropped.

A post whose answer never came in time (the read timed out once it was sent) may have been
delivered: Telegram still posts a message it was slow to confirm, and retrying it posted the same
answer four times. It is not sent again (`MaybeDelivered`).
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
from collections.abc import Callable, Coroutine, Iterator
from typing import Any

import httpx
from telegram.error import BadRequest, NetworkError, RetryAfter, TelegramError
from telegram.ext import AIORateLimiter

from bot.chat.backlog import Backlog

__all__ = [
    "MAX_HOLD_SECONDS",
    "MAX_WAITING_PER_GROUP",
    "MaybeDelivered",
    "PatientRateLimiter",
    "ReplyDropped",
]

log = logging.getLogger(__name__)

RATE_LIMIT_RETRIES = 3
TRANSIENT_RETRIES = 3
MAX_WAITING_PER_GROUP = 10
MAX_HOLD_SECONDS = 60.0
# The requests that post a new message (each costs one of a group's 20 a minute).
_POSTS = frozenset({"copyMessage", "copyMessages", "forwardMessage", "forwardMessages"})

_Result = bool | dict[str, Any] | list[dict[str, Any]]


class ReplyDropped(TelegramError):
    """A message not sent, so that one chat's backlog holds up no other chat (see the module)."""


class MaybeDelivered(NetworkError):
    """A post sent whose answer never came: it may be in the chat, so it is not sent again."""


# Sent, then no answer in time. A connection dropped without a response is retried: it is mostly a
# pooled connection the server had closed, which the request never reached.
_UNANSWERED = (httpx.ReadTimeout,)


class _AskedToWait(Exception):
    """A 429, kept from the library's limiter (which would pause every chat for it)."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"Telegram asked to wait {seconds:.0f} s")
        self.seconds = seconds


class PatientRateLimiter(AIORateLimiter):
    """`AIORateLimiter` keeps to Telegram's flood limits; this also bounds each group's backlog, waits
    out a 429 in the request it answered, and retries 5xx answers, dropped connections and timeouts with
    backoff, so a hiccup at Telegram delays a reply instead of losing it. Requests Telegram refused on
    their merits (400, 403) are not retried."""

    def __init__(self, transient_retries: int = TRANSIENT_RETRIES, first_delay: float = 0.5) -> None:
        super().__init__(max_retries=RATE_LIMIT_RETRIES)
        self._transient_retries = transient_retries
        self._first_delay = first_delay
        # per group and backlog ("posts", "edits"): requests waiting or being sent
        self._backlogs: Backlog[tuple[int | str, str]] = Backlog(MAX_WAITING_PER_GROUP)

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, _Result]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> _Result:
        if endpoint == "sendChatAction":
            # "typing…" is not a message: it should not use up the flood budget the answers need, and
            # retrying it would only delay the answer it announces.
            return await callback(*args, **kwargs)
        posts = endpoint.startswith("send") or endpoint in _POSTS
        backlog = "posts" if posts else "edits" if endpoint.startswith("edit") else None
        if endpoint.startswith("get"):  # only the library's overall limit: see the module
            data = {key: value for key, value in data.items() if key != "chat_id"}
        attempt = _asking_to_wait(callback)
        loop = asyncio.get_running_loop()
        give_up_at = loop.time() + MAX_HOLD_SECONDS
        waits = failures = 0
        send = super().process_request
        with self._place_in(_group_of(data.get("chat_id")), backlog, endpoint):
            while True:  # each attempt goes through the library's limiters: a retry spends budget too
                try:
                    return await send(attempt, args, kwargs, endpoint, data, rate_limit_args)
                except BadRequest:
                    raise
                except _AskedToWait as asked:
                    waits += 1
                    if waits > RATE_LIMIT_RETRIES or loop.time() + asked.seconds > give_up_at:
                        raise ReplyDropped(f"{endpoint} dropped: {asked}") from None
                    log.info("%s; %s waits.", asked, endpoint)
                    await asyncio.sleep(asked.seconds + 0.1)
                except NetworkError as error:
                    if posts and isinstance(error.__cause__, _UNANSWERED):
                        raise MaybeDelivered(
                            f"Telegram did not answer {endpoint} ({error}); it may have been posted, so "
                            "it is not sent again"
                        ) from error
                    failures += 1
                    delay = self._first_delay * 2 ** (failures - 1)
                    if failures > self._transient_retries or loop.time() + delay > give_up_at:
                        raise
                    log.warning("Telegram %s failed (%s); retrying in %.1f s.", endpoint, error, delay)
                    await asyncio.sleep(delay)

    @contextlib.contextmanager
    def _place_in(self, group: int | str | None, backlog: str | None, endpoint: str) -> Iterator[None]:
        """A place in a group's `backlog`, or `ReplyDropped` when they are all taken."""
        if group is None or backlog is None:
            yield
            return
        with self._backlogs.place((group, backlog)) as placed:
            if not placed:
                most = self._backlogs.most
                raise ReplyDropped(f"{endpoint} to {group} dropped: {most} {backlog} wait for a flood limit")
            yield


def _group_of(chat_id: object) -> int | str | None:
    """The group or channel a request goes to (negative ids, or @names), as the library's limiter
    tells them; None for a private chat or no chat."""
    with contextlib.suppress(ValueError, TypeError):
        chat_id = int(chat_id)  # type: ignore[call-overload]
    if isinstance(chat_id, int):
        return chat_id if chat_id < 0 else None
    return chat_id if isinstance(chat_id, str) else None


def _asking_to_wait(
    callback: Callable[..., Coroutine[Any, Any, _Result]],
) -> Callable[..., Coroutine[Any, Any, _Result]]:
    """`callback`, with a 429 raised as `_AskedToWait`, which the library's limiter does not catch."""

    async def call(*args: Any, **kwargs: Any) -> _Result:
        try:
            return await callback(*args, **kwargs)
        except RetryAfter as error:
            wait = error.retry_after
            seconds = wait.total_seconds() if isinstance(wait, dt.timedelta) else float(wait)
            raise _AskedToWait(seconds) from None

    return call
