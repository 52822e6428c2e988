"""A source's date as people and tools write it: ISO with or without a time, or with its month named."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from index.errors import BadDocument, shown
from index.ingest.bylines import date_line

__all__ = ["parse_date", "readable_date"]

# A date, or a date and a time ("2022-12-05T10:00:00 UTC"); not "2022-12-051", a typo.
_ISO_DATE = re.compile(r"(\d{4}-\d{2}-\d{2})(?:[T ]\d{1,2}:\d{2}|$)")


def parse_date(value: Any) -> dt.date:
    """The day `value` names, or `BadDocument` saying how to write one."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    if (iso := _ISO_DATE.match(text)) is not None:
        try:
            return dt.date.fromisoformat(iso[1])
        except ValueError:
            pass
    # "5 December 2022", "Dec. 5, 2022": a month by name is never ambiguous; "05/12/2022" is.
    if (written := date_line(text)) is not None:
        return written
    raise BadDocument(f"Cannot read the date {shown(text)}: use YYYY-MM-DD.")


def readable_date(value: str | None) -> dt.date | None:
    """A date written in a text's own lines, or None: a text is not refused over one it cannot read."""
    try:
        return parse_date(value) if value else None
    except BadDocument:
        return None
