"""qabot's retrieval core: knowledge base, passages, embeddings, search and quoted answers.

Nothing in this package knows about chat platforms; `bot` depends on it, never the reverse.
"""

from index.answer import Alternative, Answer, SourceInfo, SourceSummary
from index.errors import QabotError

__all__ = ["Alternative", "Answer", "QabotError", "SourceInfo", "SourceSummary"]
