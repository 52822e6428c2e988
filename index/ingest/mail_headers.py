"""A newsletter or mail pasted as text → its subject, sender and date, without the header block.

A mail copied from a mail client starts with its headers ("From: …", "Date: …", "Subject: …",
"To: …"), sometimes under a line such as "View this email in your browser". Read as text, the
header block (with the reader's own address) was the first passage and the title was that line.
Only a block naming its sender, its subject and its date or addressee, starting within the text's
first lines, is read; the standard library's `email` package parses its sender and its date. The
sender's address is never kept: only the name it is sent under credits the text.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import re
from dataclasses import dataclass

from index.ingest.bylines import date_line

__all__ = ["MailHeaders", "read_mail_headers"]

_FIRST_LINES = 2  # short lines above the block: "View this email in your browser"
_MAX_LINE_ABOVE_WORDS = 10
_MAX_HEADER_LINES = 12
_MAX_HEADER_CHARS = 400
_FIELD = re.compile(r"(from|to|cc|bcc|date|sent|subject|reply-to)[ \t]*:[ \t]*", re.IGNORECASE)
# A mail says who sent it and what about, and when or to whom: "From: Lisbon / To: Porto" atop a
# train story, or a recipe's "From: Grandma's cookbook / Date: 1962", are the text's own lines.
_NEEDED = ({"from"}, {"subject"}, {"date", "sent", "to"})


@dataclass(frozen=True)
class MailHeaders:
    body: str
    subject: str | None
    sender: str | None
    sent: dt.date | None


def read_mail_headers(text: str) -> MailHeaders | None:
    """The mail's fields and the text after its header block; None when the text opens with none."""
    lines = text.split("\n", _FIRST_LINES + _MAX_HEADER_LINES + 2)
    fields: dict[str, str] = {}
    above = 0
    block_end = None
    last = ""
    for index, line in enumerate(lines[: _FIRST_LINES + _MAX_HEADER_LINES + 1]):
        match = _FIELD.match(line) if len(line) <= _MAX_HEADER_CHARS else None
        if match is not None:
            last = match.group(1).lower()
            fields.setdefault(last, line[match.end() :].strip())
            block_end = index + 1
        elif fields and line[:1] in (" ", "\t") and line.strip() and len(line) <= _MAX_HEADER_CHARS:
            fields[last] = f"{fields[last]} {line.strip()}"  # a long field folded onto the next line
            block_end = index + 1
        elif fields:
            break
        elif line.strip():
            above += 1
            if above > _FIRST_LINES or len(line.split()) > _MAX_LINE_ABOVE_WORDS or line.startswith("#"):
                return None
    if block_end is None or not all(kinds & fields.keys() for kinds in _NEEDED):
        return None
    rest = text.split("\n", block_end)
    body = rest[block_end] if len(rest) > block_end else ""
    sender = email.utils.parseaddr(fields.get("from", ""))[0].strip().strip("\"'") or None
    return MailHeaders(body, fields.get("subject") or None, sender, _date(fields))


def _date(fields: dict[str, str]) -> dt.date | None:
    """RFC 2822's date ("Thu, 7 Mar 2024 08:02:11 +0000"), or one as mail clients show it when
    copying ("Sent: Thursday, March 7, 2024 8:02 AM")."""
    for name in ("date", "sent"):
        value = fields.get(name)
        if not value:
            continue
        try:
            return email.utils.parsedate_to_datetime(value).date()
        except (TypeError, ValueError, IndexError, OverflowError):  # a year of twenty digits
            shown = date_line(value)
            if shown is not None:
                return shown
    return None
