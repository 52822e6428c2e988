"""Which earlier questions of a conversation a reply is read with.

A reply to an answer is read with the question that answer answered and, when that was itself a reply,
with the question before it. When that one does not stand on its own either ("What does he say about
China?" names China, not whom "he" is; "And Belarus?" leaves out what it asks), the reading reaches
further back, to the nearest question that does, within the questions the store hands over
(`index.store.questions.CONTEXT_DEPTH`): after "Who is Sergei Sazonov?", "What does he say about
China?" and "Why?", the reply "Where does he work?" is about Sazonov.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from index.search.keyword import KeywordMatch
from index.search.question_text import MAX_QUESTION_CHARS
from index.store.questions import RecordedQuestion

__all__ = ["REFERRING_WORDS", "context_questions", "names_something", "refers_back"]

# Words that point to someone or something named earlier: a question using one needs the one before it.
REFERRING_WORDS = frozenset(
    {"he", "she", "him", "her", "his", "hers", "himself", "herself", "they", "them", "their", "theirs"}
    | {"themselves", "it", "its", "itself"}
)
# A reply opening with one of these continues the question before it ("And Belarus?", "What about
# China?").
_CONTINUING = re.compile(r"\s*(?:and|or|but|so|also|what about|how about)\b", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_]+")


def refers_back(question: str) -> bool:
    """Whether the question leans on an earlier one: a pronoun, or an opening "And…"/"What about…"."""
    text = question[:MAX_QUESTION_CHARS]  # a stored question was no longer when asked
    if _CONTINUING.match(text):
        return True
    return not REFERRING_WORDS.isdisjoint(word.lower() for word in _WORD.findall(text))


def context_questions(
    previous: RecordedQuestion, names_something: Callable[[str], bool]
) -> list[RecordedQuestion]:
    """The questions before `previous` that a reply to its answer is read with, in the order asked: the
    one `previous` replied to, and further back while the last one taken does not stand on its own
    (names nothing the knowledge base knows, or `refers_back`)."""
    taken: list[RecordedQuestion] = []
    for before in previous.earlier:
        taken.append(before)
        if names_something(before.question) and not refers_back(before.question):
            break
    return taken[::-1]


def names_something(match: KeywordMatch, elliptical: frozenset[str]) -> bool:
    """Whether a question has a word of its own, other than the `elliptical` ones, that passages hold."""
    own = zip(match.stems[: match.own_stems], match.stem_ids[: match.own_stems], strict=True)
    return any(stem_id >= 0 and stem not in elliptical for stem, stem_id in own)
