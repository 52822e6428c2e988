"""Correcting misspelt question words against the knowledge base's own vocabulary.

A chat question ("wat did irn admit about the dronnes") has words neither index knows: BM25 and
coverage miss them and the sentence model reads them as noise. A word whose stem the knowledge base
lacks becomes the most frequent knowledge-base word within one edit (two for long words), found in a
symmetric-deletes index (`index.search.spelling_near`: a few binary searches, whatever the
vocabulary's size, at most `MAX_STEMS` stems). Misspelt question words ("wat", "wen") become the
question word; among words as near, the likelier slip of the fingers wins (`typing_slip`), and a slip
on a function word ("teh", "andd") is that word. Words typed as one ("russianled") are written apart
(`index.search.spelling_joined`); real English words ("host") are left as typed (docs/quality.md).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from index.search.spelling_edits import edit_distance
from index.search.spelling_joined import apart, apart_misspelt, numbers_apart, with_numbers_apart
from index.search.spelling_near import NearWords, frequent_near_words
from index.search.spelling_numbers import numbers_retyped, with_numbers_retyped
from index.search.spelling_shorthand import spelt_out
from index.search.spelling_words import (
    AUXILIARIES,
    CHAT_WORDS,
    CONTRACTIONS,
    HOW_FOLLOWERS,
    NEGATIONS,
    QUESTION_WORDS,
    WH_WORDS,
)

if TYPE_CHECKING:
    from index.search.keyword import KeywordIndex

MAX_STEMS = 200_000
_WORD = re.compile(r"(?u)\b[^\W\d_]{2,}\b")
_DIGIT = re.compile(r"\d")
MIN_LENGTH = 3  # shorter words are too often right to correct ("uk", "eu")
LONG_WORD = 7  # from this length, two edits are allowed
MIN_ENGLISH_LENGTH = 5  # shorter misspellings are within one edit of too many English words
MIN_SLIP_LENGTH = 4  # but one slip from fewer: "topp" is "top"
# Longer words are neither corrected nor corrected into ("antidisestablishmentarianism" is 28): a page
# of 690-letter near-identical "words" made each question compare them all, 12 minutes for one.
MAX_LENGTH = 32


@dataclass(frozen=True)
class Correction:
    """The question with misspelt words replaced, and which words were replaced by what."""

    text: str
    replaced: tuple[tuple[str, str], ...]


class SpellingCorrector:
    def __init__(
        self,
        vocabulary: Mapping[str, int],
        surface: Callable[[str], str | None],
        stem: Callable[[str], str],
        stopwords: frozenset[str],
        dictionary: frozenset[str] = frozenset(),
        forms: Mapping[str, str] | None = None,
        frequent_words: tuple[str, ...] = (),
    ) -> None:
        """`vocabulary`: stem → number of passages holding it; `surface`: a word the text uses for a
        stem; `stem` and `stopwords` as the keyword index sees words; `dictionary`: words spelt right
        (lower case), which only a question word's misspelling ("wat") is corrected from; `forms`: words
        the index reads as, or with, another word (irregular forms, demonyms and capitals, as
        `index.search.word_forms` lists them); `frequent_words`: real words, the most frequent first, which a
        misspelling the knowledge base has no word near is corrected to (within one edit)."""
        correctable = ((stem_, n) for stem_, n in vocabulary.items() if len(stem_) <= MAX_LENGTH)
        frequent = sorted(correctable, key=lambda item: (-item[1], item[0]))[:MAX_STEMS]
        # Words read as another word's stem ("ukrainian" as "ukraine") are looked for as written too:
        # a misspelt "ukainian" is one edit from "ukrainian" but three from the stem "ukrain".
        held = ((form, vocabulary.get(stem(base), 0)) for form, base in (forms or {}).items())
        # And each stem's written word: "unilling" is a slip from "unwilling", far from its stem "unwil".
        written = ((surface(stem_), count) for stem_, count in frequent)
        read_as = sorted(
            {
                form: count
                for form, count in [*held, *written]
                if form is not None and count and form not in vocabulary
            }.items()
        )
        self._targets = [stem_ for stem_, _ in frequent] + [form for form, _ in read_as]
        self._first_form = len(frequent)  # stems before it, words (replaced as they are) from it
        self._frequency = np.asarray([count for _, count in frequent + read_as], dtype=np.int64)
        self._known = vocabulary
        self._numbers = frozenset(stem_ for stem_ in vocabulary if stem_.isdigit() and len(stem_) >= 3)
        self._surface = surface
        self._stem = stem
        self._stopwords = stopwords
        self._dictionary = dictionary
        self._read_as_another = frozenset(forms or ())
        self._english_rank = _english_ranks(frequent_words)
        self._near_targets = NearWords(self._targets, self._frequency)
        # On a tie, the word listed first ("wat": "what" before "was"; the more frequent English word).
        self._near_question_words = NearWords(QUESTION_WORDS)
        self._near_function_words = NearWords(
            sorted(w for w in stopwords if len(w) >= MIN_LENGTH and w.isalpha())
        )
        self._near_english = frequent_near_words(frequent_words)
        self._near_affirmations = NearWords(
            sorted(w for w in stopwords if len(w) >= MIN_LENGTH and w.isalpha() and w not in NEGATIONS)
        )

    def correct(self, question: str, also_known: Callable[[str], bool] | None = None) -> Correction:
        """`also_known`: stems to leave as they are besides the vocabulary's (a community's own words:
        the vocabulary is the shared knowledge base's, so no community's words change another's)."""
        holds = functools.partial(self._holds, also_known=also_known)
        question, replaced = spelt_out(question, holds)
        typed = _WORD.findall(question)
        words = list(dict.fromkeys(w.lower() for w in typed))
        # Capitals past the first word ("CA", "Celeron"): a name, not chat's typing ("CA" is no "can").
        named = frozenset(w.lower() for i, w in enumerate(typed) if w.isupper() or (i > 0 and w[0].isupper()))
        asks = not WH_WORDS.isdisjoint(words) or (bool(words) and words[0] in AUXILIARIES)
        for word in words:
            if word in CONTRACTIONS and not self._holds(word, also_known):  # "Ive" may be Jony Ive
                replaced[word] = CONTRACTIONS[word]
                continue
            if len(word) < MIN_LENGTH:
                short = self._short_word(word, word == words[0] and not asks, also_known, word in named)
                if short is not None:
                    replaced[word] = short
                continue
            if not MIN_LENGTH <= len(word) <= MAX_LENGTH or word in self._stopwords or word in CHAT_WORDS:
                continue
            stem = self._stem(word)
            if stem in self._known or (also_known is not None and also_known(stem)):
                continue
            replacement = self._replacement(word, stem, asks, words, word not in named)
            if replacement is not None and replacement != word:
                replaced[word] = replacement
        numbered = numbers_apart(question, holds)
        retyped = numbers_retyped(question, self._numbers) if _DIGIT.search(question) else {}
        if not replaced and not numbered and not retyped:
            return Correction(question, ())
        text = with_numbers_retyped(with_numbers_apart(question, numbered), retyped)
        text = _WORD.sub(lambda m: replaced.get(m.group(0).lower(), m.group(0)), text)
        return Correction(text, tuple(replaced.items()) + tuple(numbered.items()) + tuple(retyped.items()))

    def _holds(self, word: str, also_known: Callable[[str], bool] | None) -> bool:
        stem = self._stem(word)
        return stem in self._known or (also_known is not None and also_known(stem))

    def _replacement(self, word: str, stem: str, asks: bool, words: list[str], plain: bool) -> str | None:
        """`asks`: the question already holds a question word ("what", "how", …) spelt right, or
        starts with an auxiliary ("is", "did", …); `words`: the question's words; `plain`: no name."""
        english = word in self._dictionary
        if not (english and asks):
            asked = self._near_question_words.closest((word,), 1, worst_slip=1)
            meant = QUESTION_WORDS[asked.position] if asked is not None else None
            # An English word past the first is no auxiliary: "putin age" was "putin are".
            if meant is not None and (meant in WH_WORDS or not english or word == words[0]):
                if word == "hwo" and not HOW_FOLLOWERS.isdisjoint(words):
                    return "how"
                return meant
        if english:
            return None
        limit = 2 if len(stem) >= LONG_WORD else 1
        # Stems are compared with the misspelling's stem, words kept as written with the word as
        # typed: the stemmer cuts "bejing" to "beje", 2 edits from "beij" but 1 from "beijing".
        found = self._near_targets.closest((stem, word), limit, tie_break=self._english_order)
        # A slip on a function word ("teh", "andd", "forr") is that word: the index holds none, so
        # these became "tech", "added" and "force". Only a slip counts (a letter dropped, doubled or
        # swapped): "nyt" is one letter from "not", but it is not "not".
        function_words = self._near_function_words
        slip = function_words.closest((word,), 1, worst_slip=0)
        if slip is not None and (found is None or (found.distance, found.slip) >= (1, 0)):
            return function_words.words[slip.position]
        if found is None:
            # Not a word of the knowledge base, but spelt right the sentence model reads it: a
            # misspelt "doocument" is noise to it, "document" is not.
            if len(word) >= MIN_ENGLISH_LENGTH and (near := self._english_near(word)) is not None:
                return near
            if not plain:
                return None
            # Shorter, a function word first ("frod", "wity"), then one slip from a word: "topp", "raar".
            read = self._unjoined(word) or self._function_word_off_by_a_letter(word)
            return read or (self._english_near(word, worst_slip=0) if len(word) >= MIN_SLIP_LENGTH else None)
        written = self._written(found.position, word)
        if edit_distance(word, written, limit) <= limit:
            return written
        # Near by its stem only: an English word near as typed is the likelier ("roun" is "round", not
        # the article's "running"; "contries" "countries"); failing one, two words typed as one
        # ("russianled" as "russianl"), if they are.
        return self._english_near(word) or (self._unjoined(word) if plain else None) or written

    def _english_near(self, word: str, worst_slip: int = 2) -> str | None:
        """The most frequent English word one edit from `word` (no slip worse than `worst_slip`)."""
        near = self._near_english.closest((word,), 1, worst_slip)
        return None if near is None else self._near_english.words[near.position]

    def _short_word(
        self, word: str, asks_here: bool, also_known: Callable[[str], bool] | None, named: bool
    ) -> str | None:
        """A two-letter word with a letter dropped: a question word where one stands ("hy", "ow",
        "id": `asks_here`, the first word of a question with none), which sets the answer's kind, or
        else a function word ("th", "nd" for "the", "and"), not noise to the sentence model. Too short
        to correct to anything else; names and the knowledge base's words ("uk") are left alone."""
        if named or word in self._stopwords or word in CHAT_WORDS or self._holds(word, also_known):
            return None
        if asks_here:
            asked = self._near_question_words.closest((word,), 1, worst_slip=0)
            if asked is not None:
                return QUESTION_WORDS[asked.position]
        dropped = self._function_word_off_by_a_letter(word, worst_slip=0)
        return dropped if dropped is not None and len(dropped) == len(word) + 1 else None

    def _function_word_off_by_a_letter(self, word: str, worst_slip: int = 2) -> str | None:
        """A function word with any one letter wrong ("thz", "jhe" for "the"), once nothing else is
        near: read as noise, "why hs jhe kremlin grown so much feebler" fell from 0.36 to 0.25 relevance
        and was refused. The more common word on a tie ("the", not "she"); never a negation."""
        words = self._near_affirmations.words
        found = self._near_affirmations.closest(
            (word,),
            1,
            worst_slip,
            tie_break=lambda at: self._english_rank.get(words[at], len(self._english_rank)),
        )
        return None if found is None else words[found.position]

    def _unjoined(self, word: str) -> str | None:
        """Two words typed as one, written apart (`index.search.spelling_joined`)."""
        return apart(word, self._held, self._dictionary.__contains__) or apart_misspelt(
            word, self._held, self._near_written
        )

    def _held(self, part: str) -> bool:
        return self._stem(part) in self._known

    def _near_written(self, part: str) -> tuple[str, int] | None:
        """The knowledge-base word one edit from `part`, as written, and how likely the slip."""
        near = self._near_targets.closest((self._stem(part), part), 1)
        return None if near is None else (self._written(near.position, part), near.slip)

    def _written(self, target: int, typed: str | None = None) -> str:
        """A correction target as the knowledge base writes it (nearest the word as `typed`)."""
        stem_ = self._targets[target]
        if target >= self._first_form:
            return stem_
        surface = self._surface(stem_) or stem_
        # "russian" is read as "russia", so the first word indexed with its stem is "russians": the
        # nearer to what was typed of the two ("rrussian", "russains").
        if typed is not None and stem_ in self._read_as_another and surface != stem_:
            return min((stem_, surface), key=lambda written: edit_distance(typed, written, 2))
        return surface

    def _english_order(self, target: int) -> int:
        """Breaks a tie between targets as near and as frequent in the knowledge base (in a single
        article most words occur once or twice): the more common English word is the likelier meant,
        "presedent" is "president", not "preceding"."""
        return self._english_rank.get(self._written(target), len(self._english_rank))


@functools.lru_cache(maxsize=2)
def _english_ranks(words: tuple[str, ...]) -> dict[str, int]:
    """Each word's place in `words` (the most frequent first), made once, not per corrector."""
    return {word: rank for rank, word in enumerate(words)}


def corrector_for(
    index: KeywordIndex, dictionary: frozenset[str] = frozenset(), frequent_words: tuple[str, ...] = ()
) -> SpellingCorrector:
    """A corrector over the shared knowledge base's vocabulary in a keyword index (a community's words
    are neither corrected to nor, elsewhere, taken as known), stemming words the way it does; `dictionary`
    holds real words to leave alone (see `index.model.encoder.dictionary_words`), `frequent_words`
    the model's whole words, most frequent first (`dictionary_in_order`), to correct into when the
    index has no word near."""
    from bm25s.stopwords import STOPWORDS_EN_PLUS

    from index.search.word_forms import base_forms, capital_countries

    # A one-word capital is a word to correct to when its country is in the knowledge base: the
    # question then also asks about the country (`Terms.countries_of_capitals`).
    capitals = {name: country.split()[-1] for name, country in capital_countries().items() if name.isalpha()}
    return SpellingCorrector(
        index.shared_vocabulary(),
        index.surface,
        index.stem,
        frozenset(STOPWORDS_EN_PLUS),
        dictionary,
        {**capitals, **base_forms()},
        frequent_words,
    )


def vocabulary_size(index: KeywordIndex) -> int:
    """How many distinct stems the shared passages hold (what building a corrector over it costs)."""
    return len(index.shared_vocabulary())


__all__ = ["Correction", "SpellingCorrector", "corrector_for"]
