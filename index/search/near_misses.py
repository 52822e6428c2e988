"""The sources a refusal names as closest, so the person knows where to look.

Only a source that holds some of the question's own words, in a passage or in its title or byline
("Who is Oleg Sukhov?" of his own article), is named, best relevance first. In a knowledge base of
unrelated articles some article always reaches the similarity of unrelated English sentences: "How
tall is Mount Everest?" named a history of the Salt March.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from index.answer import SourceInfo
from index.search.keyword_terms import english_stopwords
from index.search.ranking import Ranked

__all__ = ["MAX_CLOSEST", "NEAR_MISS_FLOOR", "closest_sources"]

MAX_CLOSEST = 3
# Below this nothing in the knowledge base is even near (MiniLM's similarity of unrelated sentences).
NEAR_MISS_FLOOR = 0.25
_WORD = re.compile(r"\w{4,}")


def closest_sources(
    question: str, ranked: Sequence[Ranked], sources: Mapping[str, SourceInfo]
) -> tuple[SourceInfo, ...]:
    """The distinct sources of the passages nearest the question that share its words, nearest first."""
    asked = set(_WORD.findall(question.lower())) - english_stopwords()  # "What is NATO?" shares no "what"
    near = sorted(
        (
            r
            for r in ranked
            if r.relevance >= NEAR_MISS_FLOOR
            and (r.coverage > 0 or not asked.isdisjoint(_credited(sources[r.candidate.source_id])))
        ),
        key=lambda r: -r.relevance,
    )
    seen = dict.fromkeys(r.candidate.source_id for r in near)
    return tuple(sources[source_id] for source_id in list(seen)[:MAX_CLOSEST])


def _credited(source: SourceInfo) -> set[str]:
    return set(_WORD.findall(f"{source.title or ''} {source.author or ''}".lower()))
