"""Which earlier questions of a conversation a reply is read with.

A reply to an answer is read with the question that answer answered and, when that was itself a reply,
with the ones before it, back to the nearest question that says what it is about (`stands_alone`),
within the questions the store hands over (`index.store.questions.CONTEXT_DEPTH`). After "Who is
Sergei Sazonov?", "What does he say about China?" and "Why?", the reply "What else does he say?" is
about Sazonov; after "Who is Sergei Sazonov?" and "And Oreshkin?" it is about Oreshkin alone. Whom a
question names counts, not where: "And Belarus?" after "What does Oreshkin say about Kazakhstan?"
still leans on the question before it. Questions that name nothing ("Why?", "When?") are passed
through but add nothing to the reading.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Callable, Collection, Sequence

from index.search.keyword import KeywordIndex, KeywordMatch
from index.search.names import names_written, written_as_names
from index.search.question_text import MAX_QUESTION_CHARS
from index.search.ranking import Candidate
from index.search.speakers import speakers
from index.search.word_forms import english_words
from index.store.questions import RecordedQuestion
from index.visibility import Visibility

__all__ = [
    "REFERRING_WORDS", "SUBJECT_BONUS", "TOPIC_BONUS", "context_questions", "known_words", "naming_subject",
    "passage_holds", "questions_read_with", "stands_alone", "subject_bonuses", "topic_shares",
]  # fmt: skip

# Pronouns that point to someone named earlier. "It" is left out: "Is it true that…", "When did it
# happen?" seldom point to a person, and a question made of "it" and light words names nothing anyway.
REFERRING_WORDS = frozenset(
    {"he", "she", "him", "her", "his", "hers", "himself", "herself", "they", "them", "their", "theirs"}
    | {"themselves"}
)
# A question opening with one of these continues the one before ("what about china"), unless it names
# someone ("And Oreshkin?").
_CONTINUING = re.compile(r"\s*(?:and|or|but|so|also|what about|how about)\b", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_]+")
# Log-odds for a passage naming whom the conversation's subject question named, when a reply names no
# one new: "And Belarus?" after "What does Oreshkin say about Kazakhstan?" asks what Oreshkin says about
# Belarus, and quoted "Meanwhile, Belarus is all in" from a passage about Iran. Chosen on the dev
# conversations (docs/quality.md, "Follow-ups").
SUBJECT_BONUS = 1.0
# Log-odds for a passage naming whom a reply names instead ("And Oreshkin?"), times the share of the
# subject question's topic it holds: after "What does Sazonov say about sanctions evasion?" the reply
# asks what Oreshkin says about sanctions, and quoted "Kazakhstan is a sovereign state," Oreshkin
# added. On the dev conversations (eval/conversations_elliptical.jsonl) 2 and 3 gained one reply, 4
# to 6 two, and none was lost in any set (docs/quality.md, "Follow-ups").
TOPIC_BONUS = 4.0


def stands_alone(question: str, known: frozenset[str], is_place: Callable[[str], bool]) -> bool:
    """Whether a question says what it is about without the ones before it: it has a word the knowledge
    base holds (`known`, lower-case), and neither a pronoun nor an opening "And…" comes before the first
    name it writes that is not a place ("What did Iran admit about its drones?" and "And Oreshkin?"
    stand alone; "What does he say about China?" and "And Belarus?" do not)."""
    return _reading(question, known, is_place) is not _Reading.LEANS


def context_questions(
    previous: RecordedQuestion,
    known_words: Callable[[str], frozenset[str]],
    is_place: Callable[[str], bool],
) -> list[RecordedQuestion]:
    """The questions before `previous` that a reply to its answer is read with, in the order asked: none
    when `previous` names whom it is about ("And Oreshkin?": "he" is Oreshkin now); else back from the
    one `previous` replied to until one `stands_alone`, leaving out those naming nothing the knowledge
    base holds (`known_words`: a question's words it holds; `is_place`: whether a word names a place)."""
    if _reading(previous.question, known_words(previous.question), is_place) is _Reading.NAMES_WHOM:
        return []
    taken: list[RecordedQuestion] = []
    for before in previous.earlier:
        known = known_words(before.question)
        if known:
            taken.append(before)
        if stands_alone(before.question, known, is_place):
            break
    return taken[::-1]


class _Reading(enum.Enum):
    NAMES_WHOM = "names whom it is about"
    STANDS_ALONE = "says what it is about"
    LEANS = "leans on the questions before"


def _reading(question: str, known: frozenset[str], is_place: Callable[[str], bool]) -> _Reading:
    text = question[:MAX_QUESTION_CHARS]  # a stored question was no longer when asked
    written = set(names_written(text))
    english = english_words()
    words = _WORD.findall(text)
    for word in words:
        # A name: capitalised where no sentence begins, or, typed in lower case ("and what does sazonov
        # say"), a word the knowledge base holds that English does not.
        lowered = word.lower()
        if lowered in known and (word in written or lowered not in english) and not is_place(word):
            return _Reading.NAMES_WHOM
        if lowered in REFERRING_WORDS:
            return _Reading.LEANS
    if _CONTINUING.match(text) or not any(word.lower() in known for word in words):
        return _Reading.LEANS
    return _Reading.STANDS_ALONE


def _own_known_stems(match: KeywordMatch, elliptical: frozenset[str]) -> set[str]:
    """A question's own stems that passages hold, other than the `elliptical` ones ("say", "since")."""
    own = zip(match.stems[: match.own_stems], match.stem_ids[: match.own_stems], strict=True)
    return {stem for stem, stem_id in own if stem_id >= 0 and stem not in elliptical}


def known_words(
    keywords: KeywordIndex, question: str, visibility: Visibility, elliptical: frozenset[str]
) -> frozenset[str]:
    """The question's words (lower-case) whose stems the passages `visibility` may see hold."""
    held = _own_known_stems(keywords.match(question, visibility=visibility), elliptical)
    words = {word.lower() for word in _WORD.findall(question[:MAX_QUESTION_CHARS])}
    return frozenset(word for word in words if keywords.stem(word) in held)


def questions_read_with(
    previous: RecordedQuestion, keywords: KeywordIndex, visibility: Visibility, elliptical: frozenset[str]
) -> list[RecordedQuestion]:
    """`context_questions` with what the keyword index (as `visibility` sees it) knows of words and
    places."""

    def known(question: str) -> frozenset[str]:
        return known_words(keywords, question, visibility, elliptical)

    def is_place(word: str) -> bool:
        return keywords.stem(word.lower()) in keywords.place_stems

    return context_questions(previous, known, is_place)


def subject_bonuses(
    subject: str,
    new: Sequence[str],
    new_names: Collection[str],
    candidates: Sequence[Candidate],
    match: KeywordMatch,
    keywords: KeywordIndex,
    elliptical: frozenset[str],
) -> dict[int, float]:
    """Log-odds for candidates that keep to what the conversation is about, when the reply brings new
    words (`new`; those the candidates write as names, `new_names`): `SUBJECT_BONUS` for naming whom
    the subject question named when the reply names only places ("And Belarus?"), `TOPIC_BONUS` times
    the share of its topic when it names someone instead ("And Oreshkin?")."""
    if not new:
        return {}
    bonuses = dict.fromkeys(naming_subject(subject, new_names, candidates, match, keywords), SUBJECT_BONUS)
    shares = topic_shares(subject, new, new_names, candidates, match, keywords, elliptical)
    for passage_id, share in shares.items():
        bonuses[passage_id] = bonuses.get(passage_id, 0.0) + TOPIC_BONUS * share
    return bonuses


def naming_subject(
    subject: str,
    new_names: Collection[str],
    candidates: Sequence[Candidate],
    match: KeywordMatch,
    keywords: KeywordIndex,
) -> set[int]:
    """The candidates naming whom the `subject` question named, when the reply's new words that the
    candidates write as names (`new_names`) are all places; none when it names someone ("And Putin?"
    may move on to him). Whom: a name the candidates have saying something (`index.search.speakers`),
    so "And the fighting with Armenia?" after a question about the Lachin corridor is not held to the
    corridor. `match` is a keyword match of text holding the subject question."""
    places, stem, texts = keywords.place_stems, keywords.stem, [c.text for c in candidates]
    if any(name not in places for name in new_names):
        return set()
    named = written_as_names([word for word in keywords.stems_of(subject) if word not in places], texts, stem)
    ids = {word: i for word, i in zip(match.stems, match.stem_ids, strict=True) if word in named and i >= 0}
    naming = [c for c in candidates if not match.passage_terms(c.passage_id).isdisjoint(ids.values())]
    speaking = {stem(word.lower()) for c in naming for run in speakers(c.text) for word in run}
    whom = {i for word, i in ids.items() if word in speaking}
    return {c.passage_id for c in naming if not whom.isdisjoint(match.passage_terms(c.passage_id))}


def passage_holds(
    new: Sequence[str], new_names: Collection[str], passage: Candidate, keywords: KeywordMatch
) -> tuple[bool, bool]:
    """Whether the passage holds every one of the reply's new words that the candidates write as a name
    (`new_names`), and whether it holds any of its new words."""
    held = keywords.passage_terms(passage.passage_id)
    ids = dict(zip(keywords.stems, keywords.stem_ids, strict=True))
    holds_names = all(ids.get(name, -1) in held for name in new_names)
    return holds_names, any(ids.get(word, -1) in held for word in new)


def topic_shares(
    subject: str,
    new: Sequence[str],
    new_names: Collection[str],
    candidates: Sequence[Candidate],
    match: KeywordMatch,
    keywords: KeywordIndex,
    elliptical: frozenset[str],
) -> dict[int, float]:
    """When the reply's new words all name someone (`new_names`, no place: "And Oreshkin?"), each
    candidate naming them, with the share it holds of the `subject` question's topic: that question's
    words the knowledge base holds, other than whom it names and the `elliptical` ones ("What does
    Sazonov say about sanctions evasion?": sanctions, evasion). `match` is a keyword match of text
    holding both questions."""
    places, stem = keywords.place_stems, keywords.stem
    if not new_names or set(new) != set(new_names) or not places.isdisjoint(new_names):
        return {}
    stems = [word for word in keywords.stems_of(subject) if word not in elliptical]
    texts = [c.text for c in candidates]
    whom = written_as_names([word for word in stems if word not in places], texts, stem)
    ids = dict(zip(match.stems, match.stem_ids, strict=True))
    topic = {ids[word] for word in stems if word not in whom and ids.get(word, -1) >= 0}
    named = {ids[name] for name in new_names if ids.get(name, -1) >= 0}
    if not topic or len(named) != len(set(new_names)):
        return {}
    shares = {}
    for candidate in candidates:
        held = match.passage_terms(candidate.passage_id)
        if named <= held:
            shares[candidate.passage_id] = len(topic & held) / len(topic)
    return shares
