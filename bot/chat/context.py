"""`ChatContext`: what every front end's handlers share: the service, the limits, the authority rules,
the queues, the book of changes under way and the button signer. One per running bot."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from functools import cached_property
from typing import Any, TypeVar

from bot.chat.answer_queue import AnswerQueue, HeldPlace, storage_queue
from bot.chat.authority import Authority
from bot.chat.buttons import ButtonSigner
from bot.chat.changes import ChangeQueue
from bot.chat.followups import RecentPosts
from bot.chat.in_order import InOrder
from bot.chat.owed_reports import ReportBook
from bot.chat.rate_limit import PersonLimits, RequestKind
from bot.chat.startup import seed_and_load
from bot.settings import Settings
from index.answer import Answer
from index.errors import StorageUnavailable
from index.service import Asker, QAService
from index.store.engine import make_sessionmaker
from index.store.owed_reports import OwedReports
from index.visibility import Visibility

__all__ = ["ANSWER_SECONDS", "BUTTON_KEY", "NOT_IN_TIME", "ChatContext"]

log = logging.getLogger(__name__)

BUTTON_KEY = "buttons"  # the installation secret that signs button data
# An answer takes milliseconds; past this the person is told, rather than left waiting on something
# hung (a PostgreSQL server stopped but still accepting packets holds a query for good).
ANSWER_SECONDS = 30.0
NOT_IN_TIME = "I couldn't reach my sources in time. Please try again in a minute."
_Result = TypeVar("_Result")


class ChatContext:
    def __init__(self, settings: Settings, service: QAService) -> None:
        self.settings = settings
        self.service = service
        self.limits = PersonLimits(settings.rate_limit_per_minute, settings.action_rate_limit_per_minute)
        self.reads = storage_queue("read")
        self.writes = storage_queue("write")
        self.authority = Authority(settings, service, self)
        self.changes = ChangeQueue(on_refused=self.authority.record_refused)
        self.answers = AnswerQueue()
        self.posts = RecentPosts()  # replies to the bot's posts without buttons, followed up
        self.private_order = InOrder()  # a private chat's answers, in the order asked
        self.reports = ReportBook(OwedReports(make_sessionmaker(service.engine)))

    @cached_property
    def signer(self) -> ButtonSigner:
        return ButtonSigner(self.service.secret(BUTTON_KEY))

    async def ask(
        self,
        question: str,
        asker: Asker,
        visibility: Visibility,
        follows: int | None = None,
        place: str | None = None,
        held: HeldPlace | None = None,
    ) -> Answer:
        """The service's answer, `AnswersBusy` when too many questions are in flight, or
        `StorageUnavailable` once `ANSWER_SECONDS` have passed (the work goes on in its thread, and is
        recorded if it finishes). `place`: the group or server asking, which has a share of the
        answering capacity (None: a private chat); `held`: its place taken before (`AnswerQueue.holding`)."""
        return await self._answering(
            self.answers.run(self.service.ask, question, asker, visibility, follows, place=place, held=held)
        )

    async def alternatives(
        self, question_id: int, visibility: Visibility, place: str | None
    ) -> Answer | None:
        """The other passages for an answer: it asks the question again, so it is answering work, under
        the same bounds as `ask` (a click raid on the button took the executor votes and listings use)."""
        return await self._answering(
            self.answers.run(self.service.alternatives_for, question_id, visibility, place=place)
        )

    async def read(self, function: Callable[..., _Result], *args: Any, place: str | None = None) -> _Result:
        """`function(*args)`: a read beside answering (a listing, a paragraph), bounded as answers are:
        `AnswersBusy` past its queue's places, `StorageUnavailable` past `ANSWER_SECONDS`. `place`:
        the group or server it is for (None: a private chat)."""
        return await self._answering(self.reads.run(function, *args, place=place), "A read")

    async def write(self, function: Callable[..., _Result], *args: Any, place: str | None = None) -> _Result:
        """As `read`, for a small write (a vote, a refusal recorded), on a queue of its own."""
        return await self._answering(self.writes.run(function, *args, place=place), "A write")

    async def _answering(self, work: Awaitable[_Result], what: str = "A question") -> _Result:
        try:
            return await asyncio.wait_for(work, ANSWER_SECONDS)
        except TimeoutError:
            log.warning("%s was not done within %.0f s; the person was told.", what, ANSWER_SECONDS)
            raise StorageUnavailable(NOT_IN_TIME) from None

    def limit(self, person: str, kind: RequestKind, group: str | None = None) -> None:
        """Counts a request of `person` (e.g. `telegram:123`), or raises `RateLimited`; `group`: the
        shared chat its reply is posted in (e.g. `telegram:-100…`), where each person has a share."""
        self.limits.check(person, kind, group)

    def limit_in_group(self, person: str, group: str | None) -> None:
        """Counts one reply posted for `person` in `group` (none in a private chat), or raises
        `RateLimited`: for a button whose answer is posted, already counted as a request."""
        if group is not None:
            self.limits.check_group_share(person, group)

    def close(self) -> None:
        """At a stop, once no more questions or changes are asked (`AnswerQueue.close`,
        `ChangeQueue.close`)."""
        self.answers.close()
        self.reads.close()
        self.writes.close()
        self.changes.close()
        self.reports.close()

    async def prepare(self) -> None:
        """Before the first update: seed an empty knowledge base, load the index, read the button key."""

        def work() -> None:
            seed_and_load(self.service)
            _ = self.signer

        await asyncio.to_thread(work)
