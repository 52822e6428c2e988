"""What a refusal says, on every front end: honest that nothing answers, and which sources came closest.

A near miss names sources but quotes nothing, so it cannot be taken for an answer.
"""

from __future__ import annotations

from index.answer import Answer, SourceInfo

__all__ = ["NEAR_MISS", "closest_sources"]

NEAR_MISS = "I don't have a passage that answers that."


def closest_sources(answer: Answer) -> tuple[SourceInfo, ...]:
    """The sources a refusal names (none for an answer, or when nothing came near)."""
    return () if answer.answered else answer.closest
