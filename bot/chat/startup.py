"""What every front end does before its first question: seed an empty knowledge base, load the index.

One function for the CLI and both bots, so a newcomer's first question works the same everywhere.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

from index.model.encoder import Progress
from index.service import QAService

__all__ = ["prepare_service", "seed_and_load"]

log = logging.getLogger(__name__)


def seed_and_load(
    service: QAService, report: Callable[[str], None] = log.info, progress: Progress | None = None
) -> None:
    """An empty knowledge base gets the bundled articles; then the indexes load (or catch up)."""
    for result in service.ensure_seeded():
        report(result.describe())
    service.refresh(force=True, progress=progress)


async def prepare_service(service: QAService) -> None:
    """`seed_and_load` in a worker thread, so the event loop keeps its connections alive meanwhile."""
    await asyncio.to_thread(seed_and_load, service)
