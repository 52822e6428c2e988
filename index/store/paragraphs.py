"""The whole paragraph around a quoted passage, read from its source's text and bounded.

A passage is at most 700 characters and a quote a window of it; people who want more see the
paragraph (and at most `MAX_PARAGRAPH_CHARS` of it, centred on the passage) without a second search.
Only that much of the source's text around the passage is read: a click read a 5 MB source whole.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from index.answer import Paragraph, SourceInfo
from index.store.models import Passage, Source
from index.visibility import Visibility

__all__ = ["MAX_PARAGRAPH_CHARS", "ParagraphReader"]

MAX_PARAGRAPH_CHARS = 3000
PARAGRAPH_BREAK = "\n\n"


class ParagraphReader:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def around(self, passage_id: int, visibility: Visibility) -> Paragraph | None:
        """None when the passage is gone (its source removed or replaced) or not visible here."""
        with self._sessions() as session:
            row = session.execute(
                select(
                    Passage.start,
                    Passage.end,
                    Passage.text,
                    Source.id,
                    Source.title,
                    Source.author,
                    Source.publisher,
                    Source.published,
                    Source.url,
                    Source.collection,
                )
                .join(Source, Source.id == Passage.source_id)
                .where(Passage.id == passage_id)
            ).first()
            if row is None or not visibility.allows(row.collection):
                return None
            # The text up to `MAX_PARAGRAPH_CHARS` either side (SQL counts characters from 1, as
            # Python counts from 0): more than is ever shown, so a paragraph break within it is found.
            offset = max(0, row.start - MAX_PARAGRAPH_CHARS)
            wanted = row.end + MAX_PARAGRAPH_CHARS - offset
            window: str = (
                session.scalar(
                    select(func.substr(Source.text, offset + 1, wanted)).where(Source.id == row.id)
                )
                or ""
            )
        found = window.rfind(PARAGRAPH_BREAK, 0, row.start - offset)
        start = offset if found < 0 else offset + found + len(PARAGRAPH_BREAK)
        found = window.find(PARAGRAPH_BREAK, row.end - offset)
        end = offset + (len(window) if found < 0 else found)
        # Not known to end in the window: it goes on after it (one that began before the window begins
        # before what is shown too, which is at most half of `MAX_PARAGRAPH_CHARS` before the passage).
        goes_on_after = found < 0 and len(window) == wanted
        # Bounded around the passage: a paragraph can be a whole unbroken document.
        room = max(0, MAX_PARAGRAPH_CHARS - (row.end - row.start))
        shown_start = max(start, row.start - room // 2)
        shown_end = min(end, row.end + (room - (row.start - shown_start)))
        source = SourceInfo.of_row(row)
        shown = window[shown_start - offset : shown_end - offset].strip()
        return Paragraph(shown, row.text, source, shown_start > start, shown_end < end or goes_on_after)
