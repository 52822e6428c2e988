"""`/sources` a page at a time, for both front ends: only the page's sources are read."""

from __future__ import annotations

import math
from dataclasses import dataclass

from bot.chat.context import ChatContext
from index.answer import SourceSummary
from index.visibility import Visibility

__all__ = ["SourcesPage", "page_asked", "sources_page"]


@dataclass(frozen=True)
class SourcesPage:
    summaries: list[SourceSummary]
    page: int  # from 0
    pages: int
    total: int
    community: str | None  # the place's own collection, whose sources the listing marks

    @classmethod
    def of(
        cls, summaries: list[SourceSummary], page: int, per_page: int, community: str | None = None
    ) -> SourcesPage:
        """Page `page` (clamped) of a list already read."""
        pages = max(1, math.ceil(len(summaries) / per_page))
        shown = min(max(page, 0), pages - 1)
        return cls(
            summaries[shown * per_page : (shown + 1) * per_page], shown, pages, len(summaries), community
        )


async def sources_page(
    chat: ChatContext, visibility: Visibility, page: int, per_page: int, place: str | None
) -> SourcesPage:
    """Page `page` (clamped to the pages there are) of the sources a place is answered from; `place`:
    the group or server asking (None: a private chat), as for `ChatContext.read`."""
    service = chat.service

    def read() -> SourcesPage:
        total = service.count_sources(visibility)
        pages = max(1, math.ceil(total / per_page))
        shown = min(max(page, 0), pages - 1)
        summaries = service.sources(visibility, shown * per_page, per_page)
        return SourcesPage(summaries, shown, pages, total, visibility.community)

    return await chat.read(read, place=place)


def page_asked(arguments: str) -> int:
    """The page (from 0) that "/sources 3" asks for: the first page for anything but a page number (the
    number was ignored, and page 1 shown)."""
    words = arguments.split()
    number = words[0] if len(words) == 1 else ""
    return int(number) - 1 if number.isascii() and number.isdecimal() and len(number) <= 6 else 0
