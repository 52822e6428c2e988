"""`ChatContext`: what every front end's handlers share: the service, the limits, the authority rules
and the button signer. One per running bot."""

from __future__ import annotations

import asyncio
from functools import cached_property

from bot.chat.authority import Authority
from bot.chat.buttons import ButtonSigner
from bot.chat.changes import ChangeQueue
from bot.chat.rate_limit import PersonLimits, RequestKind
from bot.chat.startup import seed_and_load
from bot.settings import Settings
from index.service import QAService

__all__ = ["BUTTON_KEY", "ChatContext"]

BUTTON_KEY = "buttons"  # the installation secret that signs button data


class ChatContext:
    def __init__(self, settings: Settings, service: QAService) -> None:
        self.settings = settings
        self.service = service
        self.limits = PersonLimits(settings.rate_limit_per_minute, settings.action_rate_limit_per_minute)
        self.authority = Authority(settings, service)
        self.changes = ChangeQueue()

    @cached_property
    def signer(self) -> ButtonSigner:
        return ButtonSigner(self.service.secret(BUTTON_KEY))

    def limit(self, person: str, kind: RequestKind) -> None:
        """Counts a request of `person` (e.g. `telegram:123`), or raises `RateLimited`."""
        self.limits.check(person, kind)

    async def prepare(self) -> None:
        """Before the first update: seed an empty knowledge base, load the index, read the button key."""

        def work() -> None:
            seed_and_load(self.service)
            _ = self.signer

        await asyncio.to_thread(work)
