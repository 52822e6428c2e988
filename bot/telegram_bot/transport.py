"""The Bot API transport: Telegram's flood limits kept, and its hiccups retried instead of losing a reply."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from typing import Any

from telegram.error import BadRequest, NetworkError
from telegram.ext import AIORateLimiter

__all__ = ["PatientRateLimiter"]

log = logging.getLogger(__name__)

RATE_LIMIT_RETRIES = 3
TRANSIENT_RETRIES = 3


class PatientRateLimiter(AIORateLimiter):
    """`AIORateLimiter` keeps to Telegram's flood limits and waits out a 429's retry_after; this also
    retries 5xx answers, dropped connections and timeouts with backoff, so a hiccup at Telegram delays a
    reply instead of losing it. Requests Telegram refused on their merits (400, 403) are not retried."""

    def __init__(self, transient_retries: int = TRANSIENT_RETRIES, first_delay: float = 0.5) -> None:
        super().__init__(max_retries=RATE_LIMIT_RETRIES)
        self._transient_retries = transient_retries
        self._first_delay = first_delay

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | dict[str, Any] | list[dict[str, Any]]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> bool | dict[str, Any] | list[dict[str, Any]]:
        if endpoint == "sendChatAction":
            # "typing…" is not a message: it should not use up the flood budget the answers need, and
            # retrying it would only delay the answer it announces.
            return await callback(*args, **kwargs)
        retries = self._transient_retries
        for attempt in range(retries + 1):
            try:
                return await super().process_request(callback, args, kwargs, endpoint, data, rate_limit_args)
            except BadRequest:
                raise
            except NetworkError as error:
                if attempt == retries:
                    raise
                delay = self._first_delay * 2**attempt
                log.warning("Telegram %s failed (%s); retrying in %.1f s.", endpoint, error, delay)
                await asyncio.sleep(delay)
        raise AssertionError("unreachable")
