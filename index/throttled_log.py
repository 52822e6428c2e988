"""A warning logged at most once a minute: floods and outages repeat the same event many times a second,
and a line for each would bury the log (and everything else in it)."""

from __future__ import annotations

import logging
import time

__all__ = ["ThrottledLog"]


class ThrottledLog:
    """Logs `message` % the arguments of `warn` at most every `seconds`; the calls between are dropped."""

    def __init__(self, logger: logging.Logger, message: str, seconds: float = 60.0) -> None:
        self._logger, self._message, self._seconds = logger, message, seconds
        self._next = float("-inf")

    def warn(self, *args: object) -> None:
        now = time.monotonic()
        if now >= self._next:
            self._next = now + self._seconds
            self._logger.warning(self._message, *args)
