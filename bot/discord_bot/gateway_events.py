"""discord.py reads each gateway event inside its connection loop, so one event it cannot read (a
field missing, a shape newer than the library) ends the connection and with it the process: every
server loses the bot over one message. Here such an event is logged with its traceback and skipped;
the session goes on with the next event."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import Any

from discord.state import ConnectionState

__all__ = ["skip_unreadable_events"]

log = logging.getLogger(__name__)

# Without these the session has no identity or no resume point: ending the connection (and being
# restarted) is the honest outcome.
_VITAL_EVENTS = frozenset({"READY", "RESUMED"})


def skip_unreadable_events(state: ConnectionState[Any]) -> None:
    """Wraps `state`'s event parsers, in place: the gateway holds the same dictionary."""
    for event, parse in list(state.parsers.items()):
        if event not in _VITAL_EVENTS and not getattr(parse, "skips_unreadable", False):
            state.parsers[event] = _skipping(event, parse)


def _skipping(event: str, parse: Callable[[Any], None]) -> Callable[[Any], None]:
    @functools.wraps(parse)
    def parse_or_skip(data: Any) -> None:
        try:
            parse(data)
        except Exception:
            # The event's content is a stranger's message: its type and id are enough to find it.
            event_id = data.get("id") if isinstance(data, dict) else None
            log.exception("Skipped a %s event discord.py could not read (id %s)", event, event_id)

    parse_or_skip.skips_unreadable = True  # type: ignore[attr-defined]
    return parse_or_skip
