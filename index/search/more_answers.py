"""Replies that ask for more than the quoted passage said ("What else did he say?", "Anything else?",
"Tell me more"): answered with the earlier question's next passage, about whom or what it named.

Such a reply names nothing, so read as a follow-up it went back to the passage just quoted (its
continuity bonus) and quoted it again, or was refused. "Who else is in it?" is not one: which others
belong is usually in the quoted passage itself.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import replace

from index.answer import Answer
from index.search.answer_types import question_type
from index.search.answering import Answerer, PreparedQuestion
from index.search.keyword import KeywordIndex
from index.search.names import written_as_names
from index.search.phrases import question_phrases
from index.search.ranking import rank
from index.visibility import Visibility

__all__ = ["MORE_REQUEST_WORDS", "MORE_WORDS", "asks_for_more", "next_answer"]

# A reply made of these alone, with "else" or "more" among them, asks for more.
MORE_WORDS = frozenset({"else", "more"})
MORE_REQUEST_WORDS = MORE_WORDS | frozenset(
    {"what", "anything", "something", "any", "other", "others", "thing", "things", "there", "is", "was"}
    | {"did", "does", "do", "can", "could", "you", "me", "us", "we", "he", "she", "they", "it", "him"}
    | {"her", "them", "his", "their", "its", "say", "said", "says", "tell", "told", "mention", "mentioned"}
    | {"write", "wrote", "know", "about", "the", "article", "story", "source", "and", "so", "ok", "okay"}
    | {"please", "pls", "plz", "to", "have", "has", "got", "give", "show", "go", "on", "add", "added"}
    | {"should", "need", "want", "would", "like", "see", "hear", "read", "learn", "that", "this", "be"}
)
# Longer than this, a reply says more than "what else?" in some form.
MAX_REQUEST_CHARS = 200
_WORD = re.compile(r"[^\W\d_]{2,}")  # single letters ("there's", "I") say nothing either way


def asks_for_more(reply: str) -> bool:
    """Whether the reply only asks for more than was quoted."""
    if len(reply) > MAX_REQUEST_CHARS:
        return False
    words = {word.lower() for word in _WORD.findall(reply)}
    return not words.isdisjoint(MORE_WORDS) and words <= MORE_REQUEST_WORDS


def next_answer(
    answerer: Answerer,
    index: KeywordIndex,
    follow_up: str,
    conversation: PreparedQuestion,
    subject: str,
    quoted: Collection[int],
    visibility: Visibility,
) -> Answer:
    """The best passage other than those `quoted` among those naming whom the conversation's `subject`
    question named ("Tseluiko", not the CSTO he was asked about next), the first-named first, then most
    of the rest; when it named nothing, the best other relevant passage. Refused when there is none."""
    found = answerer.candidates(conversation, visibility)
    if found is None:
        return Answer(question=follow_up, answered=False)
    others = [c for c in found.candidates if c.passage_id not in quoted]
    keywords = found.keywords
    stems = keywords.stems[: keywords.own_stems]
    names = written_as_names(stems, (c.text for c in found.candidates), index.stem)
    if names and others:
        # Whom the subject question named first (not places), then the conversation's other names,
        # places last: "What does Oreshkin say about Kazakhstan?" is about Oreshkin, and once no other
        # passage names him, a passage naming only Kazakhstan is not more of it. A passage must name
        # one of the first group.
        places, in_subject = index.place_stems, set(index.stems_of(subject))
        group = {
            i: _name_group(s, places, in_subject)
            for s, i in zip(stems, keywords.stem_ids, strict=False)
            if s in names and i >= 0
        }
        wanted = sorted(group, key=group.__getitem__)  # stable: in the conversation's order within a group
        whom = sum(1 for i in wanted if group[i] == group[wanted[0]])
        held = [tuple(name in keywords.passage_terms(c.passage_id) for name in wanted) for c in others]
        best = max((holds for holds in held if any(holds[:whom])), key=_preference, default=None)
        others = [c for c, holds in zip(others, held, strict=True) if holds == best]
    text = conversation.search_text
    ranked = rank(
        conversation.vector, others, keywords, answerer.config, answerer.ranker,
        question_type(text), question_phrases(text),
    )  # fmt: skip
    if names:  # a passage naming them is about them, however far from the question's meaning
        ranked = [replace(r, relevance=max(r.relevance, answerer.min_score)) for r in ranked]
    return answerer.answer_ranked(follow_up, ranked, found.sources)


def _name_group(stem: str, places: frozenset[str], in_subject: set[str]) -> int:
    """0: whom the subject question named; 1: another name that is not a place; 2: a place."""
    if stem in places:
        return 2
    return 0 if stem in in_subject else 1


def _preference(holds: tuple[bool, ...]) -> tuple[bool, int, tuple[bool, ...]]:
    """Which names a passage holds, as compared: the first-named, then how many, then which."""
    return holds[0], sum(holds), holds
