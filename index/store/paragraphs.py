"""The whole paragraph around a quoted passage, read from its source's text and bounded.

A passage is at most 700 characters and a quote a window of it; people who want more see the
paragraph (and at most `MAX_PARAGRAPH_CHARS` of it, centred on the passage) without a second search.
"""

from __future__ import annotations

from sqlalchemy import select
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
                    Source.text.label("body"),
                )
                .join(Source, Source.id == Passage.source_id)
                .where(Passage.id == passage_id)
            ).first()
        if row is None or not visibility.allows(row.collection):
            return None
        body: str = row.body
        start = body.rfind(PARAGRAPH_BREAK, 0, row.start)
        start = 0 if start < 0 else start + len(PARAGRAPH_BREAK)
        end = body.find(PARAGRAPH_BREAK, row.end)
        end = len(body) if end < 0 else end
        # Bounded around the passage: a paragraph can be a whole unbroken document.
        room = max(0, MAX_PARAGRAPH_CHARS - (row.end - row.start))
        shown_start = max(start, row.start - room // 2)
        shown_end = min(end, row.end + (room - (row.start - shown_start)))
        source = SourceInfo(
            row.id, row.title, row.author, row.publisher, row.published, row.url, row.collection
        )
        return Paragraph(
            body[shown_start:shown_end].strip(), row.text, source, shown_start > start, shown_end < end
        )
