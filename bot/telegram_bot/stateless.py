"""`StatelessApplication`: python-telegram-bot's `Application` that keeps nothing per chat or user.

The library marks every update's chat id and user id for its persistence to save, and empties the marks
only when it saves them: with no persistence (qabot keeps its state in its own database) they were
never emptied. Every chat and person the bot ever saw stayed in memory: 143 MB a million, found by a
long-run review of a real process.
"""

from __future__ import annotations

from typing import Any

from telegram.ext import Application, Job

__all__ = ["StatelessApplication"]


class StatelessApplication(Application[Any, Any, Any, Any, Any, Any]):
    def _mark_for_persistence_update(
        self, *, update: object | None = None, job: Job[Any] | None = None
    ) -> None:
        if self.persistence is not None:
            super()._mark_for_persistence_update(update=update, job=job)
