"""What attribute a question asks for, and whether a text states it: word cues, no model.

"What is the population of Kyiv?" was answered (0.35) from a passage saying "the Kyiv Independent",
"What is the capital of Ukraine?" from "Minsk, the capital of Belarus, became the venue for … talks
between Russia and Ukraine". A quote must name the attribute asked for, or what only an answer names
("inhabitants", "aged", "1991"), and say it of the name it is asked of when it writes that name: in
the same sentence, a few words away. Only the attribute at the head of the question counts: "What
population inhabits the north?" and "In which capital did they meet?" ask for something else.

The cues themselves are in `attribute_cues`; a question is at most `MAX_QUESTION_CHARS`.
"""

from __future__ import annotations

import bisect
import re
import unicodedata

from index.search.asked_names import WORD, mentions_of
from index.search.attribute_cues import ATTRIBUTES, OFFICES, OWNED_ATTRIBUTES
from index.search.keyword_attributes import keyword_attribute
from index.search.word_forms import capital_countries, countries, names_a_place, peoples

__all__ = [
    "HOLDERS",
    "OFFICE_REACH",
    "OWNED_ATTRIBUTES",
    "OWNER_REACH",
    "asked_attribute",
    "states_attribute",
    "untimed",
]

# The attributes that are a person: an office's holder, or whoever leads.
HOLDERS = OFFICES | {"leader"}
# How near a quote must state an attribute to the name it is asked of: "Karakorum, the capital of the
# Mongol Empire" (2 words), "Warsaw's population" (1); not "the capital of Belarus … Russia and Ukraine".
OWNER_REACH = 8
# An office is written near whose it is ("Kazakh President Tokayev", "the IPCC was led by his
# vice-Chair": SQuAD half A's are 1 to 6 words apart), not "Armenian Prime Minister Nikol Pashinyan has
# repeatedly called on Russia" (8) for Russia's prime minister.
OFFICE_REACH = 6
# "What's" and chat's "whats" (which spelling correction writes back as "what's") ask as "what is"
# does: "What's Pashinyan's political party?" asks for a party.
_IS_CONTRACTED = re.compile(r"\b(what|who|where|when|how)(?:'s|’s|s)\b")
# "Who rules Belarus?", "Who heads the government in Yerevan?", "Who runs Armenia's government?",
# "Who is in charge of Belarus?", "whos in power in minsk"
_LEADS = re.compile(
    r"\s*who(?:(?: is| was|['’]?s) (?:currently |now )?in (?:charge of|power in)| (?:currently |now )?"
    r"(?:leads|rules|governs|heads|runs|led|ruled|governed|headed|ran)) (?:the )?(?:government (?:in|of) )?"
    r"([\w’'-]+(?: [\w’'-]+){0,2})[?!. ]*",
    re.IGNORECASE,
)
# "… in 1914?", "… now?": when, not whose. Led or held then, but by the same place's leader.
_WHEN_HELD = re.compile(
    r"(?<!\s)\s+(?:(?:in|during|since|before|after|until) (?:the )?\d{3,4}s?|(?:right )?now|currently|today)"
    r"\s*([?!.]*)\s*$",
    re.IGNORECASE,
)
# A title held by another than the place's leader: "Belarusian Opposition Leader", "former President".
_ANOTHERS_TITLE = re.compile(
    r"\b(?:opposition|former|ex|exiled|deputy|vice|acting|interim|shadow|rebel)[\s-]+$"
)
_OWN_GOVERNMENT = re.compile(r"(?:['’]s|s)? government$")  # "Armenia's government": Armenia's
# The capitalised words that title an office ("Armenian Prime Minister"), up to three.
_TITLE_RUN = re.compile(r"((?:[A-Z][\w’'.-]*\s+(?:and\s+)?){1,3})$")  # "Ukrainian and Polish Presidents"
_COUNTERPART = re.compile(r"\bcounterparts?\b")
# A run after these is where something happened, not a title: "after talks in Paris Prime Minister …".
_WHERE = re.compile(r"\b(?:in|at|from|to|near|into|across|outside|inside)\s+$", re.IGNORECASE)
_TITLE_RUN_CHARS = 80
_NAME_WORDS = 4  # the words after a place that may title it ("Communist Party leader")
_TITLED_OF = re.compile(r"([\w’'-]+(?:\s+[\w’'-]+)?)\s+of\s+(?:the\s+)?$")  # "Prime Minister of "
_PARTS = re.compile(r"[\s-]+")
_DIRECTIONS = frozenset({"north", "south", "east", "west", "central", "northern", "southern"})
# Where a sentence ends: "… visited China. Kazakhstan is …" states nothing of Kazakhstan before it.
# Not after initials: "U.S. President Donald Trump" is one sentence ("no plan B. President" and
# "8 p.m. President" are two). Read on the text as written.
_SENTENCE_END = re.compile(r"(?<!\b[A-Z]\.[A-Z])[.!?][\"”’')]*\s")


def asked_attribute(question: str) -> str | None:
    """The attribute the question asks for ("population", "capital", "age", …), or None."""
    lowered = _IS_CONTRACTED.sub(r"\1 is", question.lower())
    for attribute, (asks, _) in ATTRIBUTES.items():
        if asks.search(lowered):
            return attribute
    if led_place(question):
        return "leader"
    keywords = keyword_attribute(question)  # "belarus president", typed as keywords
    return keywords.attribute if keywords is not None else None


def led_place(question: str) -> tuple[str, ...]:
    """The place "Who rules Belarus?" asks the leader of; () for "Who leads the NBA in scoring?",
    "Who heads to the final?" or "Who leads the research team?" (no place: no leader asked)."""
    match = _LEADS.fullmatch(untimed(question))
    named = match.group(1).lower() if match else ""
    # "honduras government" is Honduras's, "armenias government" Armenia's: whichever is a place.
    places = [named, named.removesuffix(" government"), _OWN_GOVERNMENT.sub("", named)]
    place = next((place for place in places if place and names_a_place(place)), "")
    return tuple(place.split())


def untimed(question: str) -> str:
    """The question without a closing time: "Who ruled France in 1800?" asks of France, as does "Who
    leads France now?"."""
    return _WHEN_HELD.sub(r"\1", question)


def states_attribute(text: str, attribute: str, owner: tuple[str, ...] = ()) -> bool:
    """Whether the text could state the attribute: it names it, or something only an answer names; of
    the `owner` (the words of a name) if the text names that, within `OWNER_REACH` words of it, or
    `OFFICE_REACH` for an office ("Minsk, the capital of Belarus" states no capital of "Ukraine",
    written farther on), and not titled by another place (`_titled_by_another`)."""
    text = _one_character_each(text)
    lowered = text.lower()
    said = [match.start() for match in ATTRIBUTES[attribute][1].finditer(lowered)]
    if not said or not owner:
        return bool(said)
    mentions = mentions_of(text, owner)
    if not mentions:  # named some other way: `holds_name` judges it
        return True
    words = list(WORD.finditer(lowered))
    starts = [word.start() for word in words]
    owned = [bisect.bisect_right(starts, at) - 1 for at in mentions]
    ends = [match.end() for match in _SENTENCE_END.finditer(text)]
    held = attribute in HOLDERS
    if held:  # "Russian President Vladimir Putin spoke with his Ukrainian counterpart": the same office
        said += [match.start() for match in _COUNTERPART.finditer(lowered)]
        named = set(owned)
        title = ATTRIBUTES[attribute][1]
        owned = [i for i in owned if not _opens_another_name(text, lowered, words, i, named, title, owner)]
    reach = OFFICE_REACH if held else OWNER_REACH

    def together(index: int, mention: int) -> bool:  # near, and in one sentence
        sentence = bisect.bisect_right(ends, starts[index])
        return abs(index - mention) <= reach and bisect.bisect_right(ends, starts[mention]) == sentence

    for at in said:  # the owner's nearest mention on either side of each statement: linear, sorted
        if held and _titled_by_another(text, at, owner):  # "Russian dictator": not Ukraine's
            continue
        if held and _ANOTHERS_TITLE.search(lowered, max(0, at - _TITLE_RUN_CHARS), at):
            continue
        index = bisect.bisect_right(starts, at) - 1
        after = bisect.bisect_left(owned, index)
        if any(together(index, mention) for mention in owned[max(0, after - 1) : after + 1]):
            return True
    return False


def _opens_another_name(
    text: str,
    lowered: str,
    words: list[re.Match[str]],
    index: int,
    named: set[int],
    title: re.Pattern[str],
    owner: tuple[str, ...],
) -> bool:
    """Whether the place named at word `index` only opens another's name, which holds no title:
    "leaders of the Indian National Congress" are not India's, and "who led the design of the
    Severnmouth Bridge" did not lead Severnmouth; "Armenian Prime Minister", "Chinese Communist
    Party leader" and "President of Belarus Alexander Lukashenko" title the place's."""
    after = index + 1
    if after >= len(words) or after in named or not text[words[after].start()].isupper():
        return False
    gap = text[words[index].end() : words[after].start()]
    if gap.strip() or "\n" in gap:  # "Armenia. The …", "Belarus, under", a heading's last word
        return False
    start = words[index].start()
    before = _TITLED_OF.search(lowered, max(0, start - _TITLE_RUN_CHARS), start)
    if words[index].group(0) in owner and before and title.search(before.group(1)):
        return False
    run = words[after : after + _NAME_WORDS]
    end = next((word.end() for word in run if not text[word.start()].isupper()), run[-1].end())
    return title.search(lowered, words[after].start(), end) is None


def _titled_by_another(text: str, at: int, owner: tuple[str, ...]) -> bool:
    """Whether the office at `at` is titled by another place's people or name, in the capitalised words
    right before it: "Russian dictator Vladimir Putin" is no leader of Ukraine, which the sentence
    names a few words before."""
    place = " ".join(owner)
    # Only a country or a capital can be told from another: "the UK", "Kherson" or "Acme" cannot.
    if not names_a_place(place) and not names_a_place(place.removesuffix("s")):
        return False
    window = text[max(0, at - _TITLE_RUN_CHARS) : at]
    run = _TITLE_RUN.search(window)
    if run is None or _WHERE.search(window, 0, run.start()):  # "talks in Paris Prime Minister Modi"
        return False
    places, whole = _places_titled([word.lower() for word in WORD.findall(run.group(1))])
    # "koreas", typed for "korea's"; "Who is the Armenian prime minister?", asked of its people;
    # "Kazakhstan's" for "the kazakh president"; "Trinidadian" for "trinidad"; "Congolese" for "congo";
    # "Israeli Mayor" for Jerusalem, its capital.
    asked = {
        place,
        place.removesuffix("s"),
        peoples().get(place, place),
        capital_countries().get(place, place),
    }
    others = {p for p in places if not any(_same_place(p, a) for a in asked)}
    # "North Korean" is read whole, so it is North Korea's only; a place read from one word is
    # another's unless the words name the one asked some other way ("Sri Lankan", "Bank of Russia").
    return bool(others & whole) or (bool(others) and not mentions_of(run.group(1), owner))


def _same_place(titled: str, asked: str) -> bool:
    """Whether two names may be one place: one starts the other, or has all the other's words (its
    direction aside when the question gives none: "East Timorese" for "Timor-Leste")."""
    titled_words, asked_words = set(_PARTS.split(titled)), set(_PARTS.split(asked))
    if asked_words.isdisjoint(_DIRECTIONS):
        titled_words = titled_words - _DIRECTIONS or titled_words
    return (
        titled.startswith(asked)
        or asked.startswith(titled)
        or titled_words <= asked_words
        or asked_words <= titled_words
    )


def _one_character_each(text: str) -> str:
    """The text with each letter that lowers to two characters ("İ") as its base letter ("I"), so the
    text and its lower case keep the same offsets."""
    if len(text.lower()) == len(text):
        return text
    return "".join(c if len(c.lower()) == 1 else unicodedata.normalize("NFD", c)[0] for c in text)


def _places_titled(words: list[str]) -> tuple[set[str], set[str]]:
    """The countries and capitals that title words name, by their people, name or capital ("Russian":
    Russia; "Kyiv": Kyiv and Ukraine); and of them, those read from a direction and a people's name
    ("North Korean": North Korea, not South Korea)."""
    places: set[str] = set()
    whole: set[str] = set()
    index = 0
    while index < len(words):
        word, following = words[index], words[index + 1] if index + 1 < len(words) else ""
        if word in _DIRECTIONS and (named := f"{word} {peoples().get(following)}") in countries():
            places.add(named)  # "South Sudanese": South Sudan
            whole.add(named)
            index += 2
            continue
        if word in peoples():
            places.add(peoples()[word])
        if word in capital_countries():
            places |= {word, capital_countries()[word]}
        if word in countries():
            places.add(word)
        index += 1
    return places, whole
