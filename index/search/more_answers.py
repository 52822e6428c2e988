"""Replies that ask for more than the quoted passage said ("What else did he say?", "Anything else?",
"Tell me more"): answered with the earlier question's next passage, about whom or what it named.

Such a reply names nothing, so read as a follow-up it went back to the passage just quoted (its
continuity bonus) and quoted it again, or was refused. "Who else is in it?" is not one: which others
belong is usually in the quoted passage itself.

After a question asking who did something ("Who said that Putin is weak?"), "he" is whom the answer
has saying it (Dmitry Oreshkin, `index.search.speakers`), not whom the question named (Putin).
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import replace

from index.answer import Answer
from index.search.answer_types import question_type
from index.search.answering import MAX_ALTERNATIVES, Answerer, PreparedQuestion
from index.search.keyword import KeywordIndex
from index.search.names import written_as_names
from index.search.phrases import question_phrases
from index.search.ranking import Ranked, rank
from index.search.speaker_highlight import speakers_of_speech
from index.search.speakers import speakers
from index.search.time_words import is_time_word
from index.search.word_forms import english_words
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
    # Other ways of saying "say": "What else did they report?" repeated the report just quoted.
    | {"report", "reported", "reports", "claim", "claimed", "claims", "argue", "argued", "argues", "think"}
    | {"thinks", "thought", "believe", "believes", "believed", "note", "noted", "explain", "explained"}
    | {"warn", "warned", "suggest", "suggested", "point", "pointed", "out", "writes", "mentions"}
)
# Longer than this, a reply says more than "what else?" in some form.
MAX_REQUEST_CHARS = 200
_WORD = re.compile(r"[^\W\d_]{2,}")  # single letters ("there's", "I") say nothing either way
# "Who" followed by one of these asks who someone named is, or whom they acted on ("Who is Sazonov?",
# "Who did Pashinyan criticize?"): "he" is then the one named. Any other word after "who" is what the
# person asked for did ("Who said…", "Who warned…").
_WHO_NOT_ACTING = frozenset({"is", "was", "are", "were", "s", "do", "does", "did"})
_WHO_ACTED = re.compile(
    r"\b(?:who|(?:which|what)\s+(?:analyst|expert|official|politician|scholar|researcher|journalist|"
    r"newspaper|outlet|agency|person|leader)s?)\s+([^\W\d_]+)",
    re.IGNORECASE,
)


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
    subject: tuple[str, int | None],
    quoted: Collection[int],
    visibility: Visibility,
) -> Answer:
    """The best passage other than those `quoted` among those naming whom the conversation's subject
    question named ("Tseluiko", not the CSTO he was asked about next), or whom its answer (`subject`:
    the question and the passage that answered it) named when it asked who did something; the
    first-named first, then most of the rest; when it named nothing, the best other relevant passage.
    Refused when there is none."""
    about, answered_by = subject
    person = _answered_person(answerer, index, about, answered_by, visibility)
    if person is not None:
        about = person
        conversation = replace(conversation, search_text=f"{conversation.search_text} {person}")
    found = answerer.candidates(conversation, visibility)
    if found is None:
        return Answer(question=follow_up, answered=False)
    others = [c for c in found.candidates if c.passage_id not in quoted]
    keywords = found.keywords
    stems = keywords.stems[: keywords.own_stems]
    texts = [c.text for c in found.candidates]
    names = written_as_names(stems, texts, index.stem)
    if person is not None:  # "CNN reported…" opens every sentence naming CNN; "Meanwhile…" is English
        english = english_words()
        not_english = {index.stem(word.lower()) for word in person.split() if word.lower() not in english}
        names |= written_as_names(index.stems_of(person), texts, index.stem, unseen=not_english)
    lead: set[str] = set()  # whom the conversation is about: the passage quoted names one
    if names and others:
        # Whom the subject question named first (not places), then the conversation's other names,
        # places last: "What does Oreshkin say about Kazakhstan?" is about Oreshkin, and once no other
        # passage names him, a passage naming only Kazakhstan is not more of it. A passage must name
        # one of the first group.
        places, in_subject = index.place_stems, set(index.stems_of(about))
        named = {i: s for s, i in zip(stems, keywords.stem_ids, strict=False) if s in names and i >= 0}
        group = {i: _name_group(s, places, in_subject) for i, s in named.items()}
        wanted = sorted(group, key=group.__getitem__)  # stable: in the conversation's order within a group
        whom = sum(1 for i in wanted if group[i] == group[wanted[0]])
        lead = {named[i] for i in wanted[:whom]}
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
    shown = 1 + MAX_ALTERNATIVES
    ranked = [*(_naming_highlight(r, lead, index) for r in ranked[:shown]), *ranked[shown:]]
    return answerer.answer_ranked(follow_up, ranked, found.sources)


def _naming_highlight(ranked: Ranked, lead: set[str], index: KeywordIndex) -> Ranked:
    """The passage with its best sentence among those naming whom the conversation is about, when its
    best sentence names none of them: more from Tanabe highlights what Tanabe said, not the engineer
    quoted before her."""
    text, spans = ranked.candidate.text, ranked.spans
    naming = [
        i for i, (start, end) in enumerate(spans) if not lead.isdisjoint(index.stems_of(text[start:end]))
    ]
    if not naming or ranked.best_sentence in naming:
        return ranked
    best = max(naming, key=lambda i: float(ranked.sentence_scores[i]))
    return replace(ranked, highlight=spans[best], best_sentence=best)


def _answered_person(
    answerer: Answerer, index: KeywordIndex, question: str, passage: int | None, visibility: Visibility
) -> str | None:
    """Whom the answer to `question` has saying something, when it asked who did something, as
    written ("Dmitry Oreshkin" for "Who said that Putin is weak?"): its highlight's speaker (the last
    named before its speech of no one named, where it reached back to its speaker), else the nearest before
    it ('"China wants a weak Putin," he said.' quotes whom the passage named before), less the
    question's own names, places, dates and the source's publisher ("told the Kyiv Independent").
    None for other questions, when the answer has no speaker, or when the answer now is not the
    passage quoted then."""
    acted = _WHO_ACTED.search(question)
    if acted is None or acted.group(1).lower() in _WHO_NOT_ACTING or passage is None:
        return None
    answer = answerer.answer(question, visibility)  # as answered then: cached
    if answer.passage_id != passage or not answer.highlight or not answer.quote:
        return None
    publisher = answer.source.publisher if answer.source is not None else None
    known = {*index.stems_of(question), *index.stems_of(publisher or ""), *index.place_stems}
    before = answer.quote[: answer.quote.find(answer.highlight)]
    for run in (*speakers_of_speech(answer.highlight), *reversed(speakers(before))):
        named = [
            name
            for name in run
            if not is_time_word(name) and (stems := index.stems_of(name)) and known.isdisjoint(stems)
        ]
        if named:
            return " ".join(named)
    return None


def _name_group(stem: str, places: frozenset[str], in_subject: set[str]) -> int:
    """0: whom the subject question named; 1: another name that is not a place; 2: a place."""
    if stem in places:
        return 2
    return 0 if stem in in_subject else 1


def _preference(holds: tuple[bool, ...]) -> tuple[bool, int, tuple[bool, ...]]:
    """Which names a passage holds, as compared: the first-named, then how many, then which."""
    return holds[0], sum(holds), holds
