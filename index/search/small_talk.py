"""Messages that acknowledge rather than ask ("got it", "interesting", "good to know", "thanks!"), ask
how to use the bot ("help"), or ask about the present moment ("what time is it?").

They reach the answering path like any question: in a private chat every message is one, and in a
Discord thread every message is a follow-up. Asked as questions, their words found passages: "got it"
was answered from "supplied 98 T-72A tanks" (got ~ "get"), "interesting" from "China is not interested
in supplying weapons". Such a message is refused outright, with no source named as closest.

A message is small talk only when, without reactions ("ok", "wow", "lol") at its ends, it is one of a
list of whole phrases: words alone would also take a knowledge base's topics ("the county fair",
"right to know", "Wild"). Digits or a question mark always make a question ("T-72A", "the 90s",
"really?").
"""

from __future__ import annotations

import re

from index.search.live_values import asks_for_live_value
from index.search.spelling_words import CHAT_WORDS

__all__ = [
    "GOODBYES",
    "THANKS",
    "VERDICTS",
    "asks_about_now",
    "asks_for_help",
    "is_small_talk",
    "not_for_the_sources",
    "small_talk_phrases",
]

# Words that only react, alone or around a phrase ("ok, got it", "thanks lol").
REACTIONS = CHAT_WORDS | frozenset(
    {"ok", "okay", "okey", "k", "kk", "alright", "oh", "ohh", "ah", "ahh", "aha", "ooh", "whoa", "hm"}
    | {"hahaha", "lmao", "yeah", "yes", "yea", "sure", "cool", "nice", "great", "awesome", "perfect"}
    | {"wow", "so", "very", "really", "well", "and", "thanks", "thx", "ty", "cheers"}
)
# Whole phrases that thank, say goodbye, or judge an answer poor, as their words run (apostrophes split
# words: "that's" is "that s"); a front end answers each kind in its own way.
THANKS = frozenset(
    {"thanks", "thank you", "thank u", "thx", "thnx", "thnks", "thanx", "ty", "tysm", "cheers"}
    | {"many thanks", "thanks a lot", "thanks so much", "thank you so much", "thank you very much"}
    | {"thanks for the help", "thanks for your help", "thank you for your help", "thank you for the help"}
    | {"thank you so much for your help", "much appreciated", "appreciate it", "i appreciate it"}
    | {"merci", "merci beaucoup", "danke", "danke schön", "gracias", "grazie", "obrigado", "дякую"}
    | {"спасибо", "dziękuję", "ty bot", "thanks bot", "thank you bot", "cheers mate"}
)
GOODBYES = frozenset({"bye", "goodbye", "see you", "good night", "brb", "afk", "gtg", "g2g", "ttyl", "bbl"})
# An answer judged poor: under an answer they were told "I couldn't find that".
VERDICTS = frozenset(
    {"bad bot", "bad answer", "wrong answer", "wrong", "that s wrong", "this is wrong", "that is wrong"}
    | {"incorrect", "not helpful", "unhelpful", "useless", "no", "nope", "not really", "meh"}
)
# Whole phrases that acknowledge, greet or react.
PHRASES = (
    THANKS
    | GOODBYES
    | VERDICTS
    | frozenset(
        {"got it", "gotcha", "i see", "i understand", "understood", "makes sense", "that makes sense"}
        | {"fair enough", "good to know", "that s good to know", "interesting", "that s interesting"}
        | {"i didn t know that", "didn t know that", "noted", "agreed", "i agree", "good bot", "nice one"}
        | {"good one", "no problem", "np", "you re welcome", "sounds good", "all good", "my bad", "sorry"}
        | {"hi", "hello", "hey", "hi there", "hello there", "hey there", "good morning", "good evening"}
        | {"that s sad", "that s crazy", "that is crazy"}
        | {"that s wild", "that s insane", "that s terrible", "that s scary", "that s funny", "that s great"}
        | {"that s cool", "that s nice", "that s awesome", "that s amazing", "that s helpful", "helpful"}
        # Praise or agreement under an answer: "well said" was answered by quoting the passage again.
        | {"well said", "well put", "good answer", "great answer", "nice answer", "good job", "great job"}
        | {"nice job", "well done", "good work", "great work", "nice work", "good point", "great point"}
        | {"fair point", "so true", "that s true", "exactly", "correct", "spot on", "same", "this"}
        | {"good stuff", "love it", "love this"}
        # Asking the bot to play: "tell me a joke" was answered with "I think he was joking".
        | {"tell me a joke", "tell a joke", "tell me something funny", "say something funny", "make me laugh"}
        | {"sing me a song", "sing a song", "tell me a story"}
        # Chat's own: coming back, taking a question back.
        | {"im back", "i m back", "nvm", "never mind", "nevermind"}
        # Help acknowledged: under an answer they were told "I couldn't find that".
        | {"that helps", "this helps", "that helped", "this helped", "very helpful", "super helpful"}
    )
)
# Whole messages that ask how to use the bot rather than about its sources: as a question, "help" was
# answered with "Oreshkin said that Putin is reluctant to help Armenia…".
HELP_REQUESTS = frozenset(
    {"help", "help me", "help please", "please help", "help pls", "i need help", "need help", "halp"}
    | {"can you help", "can you help me", "can u help", "can u help me", "how can you help", "commands"}
    | {"what can you do", "what do you do", "what can i ask", "what can i ask you", "how does this work"}
    | {"how do i use this", "how do i use you", "how to use", "how to use this", "how do you work", "menu"}
    # What the bot knows, asked of the bot: "What news do you have?" quoted an outlet's report.
    | {"what do you know", "what do you know about", "what can you tell me", "what can you tell me about"}
    | {"what topics do you cover", "what do you cover", "what sources do you have", "what are your sources"}
    | {"news", "any news", "the news", "latest news", "the latest news", "what news do you have"}
    | {"what s new", "what s happening"}
    | {"what s the news", "what s the latest", "what s the latest news", "what is the latest news"}
    | {"who are you", "what are you", "what is this", "what is this bot"}
)
# A question about the present moment ("What time is it?", "will it rain tomorrow"), which no archived
# source answers: as a question, "time" found "times" and "the New York Times". Only its whole
# words count, and it must say now ("it is", "today"): "What day?" after an answer asks that event's date.
# The weather's words as typed in chat too ("wether", "forcast", "tomorow").
_WEATHER = frozenset({"weather", "wether", "weathr", "forecast", "forcast", "temperature"})
_ABOUT_NOW = frozenset({"time", "date", "day", "year", "month"}) | _WEATHER
_NOW_WEATHER = frozenset({"rain", "raining", "snow", "snowing", "sunny", "hot", "cold", "outside"})
_NOW = frozenset({"it", "today", "todays", "now", "tonight", "tomorrow", "currently"}) | frozenset(
    {"tomorow", "tommorow", "tommorrow", "tmrw", "tmr", "tonite", "2day", "2moro", "2morrow"}
)
_NOW_FILLER = frozenset(
    {"what", "whats", "s", "is", "the", "a", "right", "like", "please", "tell", "me", "current", "do"}
    | {"you", "know", "how", "hows", "will", "be", "going", "to", "gonna", "here", "in", "my", "of", "at"}
    | {"for"}
)
_GREETINGS = frozenset({"hi", "hello", "hey", "please", "pls", "plz", "bot"})
_HELLO = frozenset({"hi", "hello", "hey", "hiya", "howdy", "greetings"})
MAX_SMALL_TALK_CHARS = 200  # longer messages are read as questions, whatever their words
_WORD = re.compile(r"[^\W_]+")
_CLAUSE_BREAK = re.compile(r"[,;.!:]+")


def is_small_talk(text: str) -> bool:
    """Whether `text` only acknowledges, thanks or reacts, in one phrase or in several set apart by
    punctuation ("great answer, thanks")."""
    return bool(small_talk_phrases(text))


def small_talk_phrases(text: str) -> tuple[str, ...]:
    """The phrase of `PHRASES` each part of `text` set apart by punctuation is, reactions around it
    aside (or its words, when it is reactions alone: "ok thanks"); none when `text` is more than small
    talk."""
    if "?" in text or len(text) > MAX_SMALL_TALK_CHARS:
        return ()
    whole = _phrase(text)
    if whole is not None:
        return (whole,)
    clauses = [clause for clause in _CLAUSE_BREAK.split(text) if _WORD.search(clause)]
    phrases = [_phrase(clause) for clause in clauses]
    if len(clauses) < 2 or None in phrases:
        return ()
    return tuple(phrase for phrase in phrases if phrase is not None)


def _phrase(text: str) -> str | None:
    words = [word.lower() for word in _WORD.findall(text)]
    if not words or any(any(character.isdigit() for character in word) for word in words):
        return None
    joined = " ".join(words)
    if joined in PHRASES:  # "nice one", before "nice" is taken for a reaction
        return joined
    inner = _between(words, REACTIONS)
    if not inner:  # reactions alone: "ok thanks", "lol"
        return joined
    return inner if inner in PHRASES else None


def asks_for_help(text: str) -> bool:
    """Whether `text` only asks how to use the bot ("help", "hi, what can you do?"), greetings and
    reactions around it aside, or only greets it ("hi", "hello there!": a newcomer's first message was
    told "I couldn't find that")."""
    if len(text) > MAX_SMALL_TALK_CHARS:
        return False
    words = [word.lower() for word in _WORD.findall(text)]
    if _HELLO & set(words) and set(words) <= _GREETINGS | _HELLO | {"there"}:
        return True
    return _between(words, REACTIONS | _GREETINGS) in HELP_REQUESTS


def asks_about_now(text: str) -> bool:
    """Whether `text` only asks the time, date or weather now, greetings and reactions around it aside."""
    if len(text) > MAX_SMALL_TALK_CHARS:
        return False
    words = _between([word.lower() for word in _WORD.findall(text)], REACTIONS | _GREETINGS).split()
    asked = set(words)
    if not asked & (_ABOUT_NOW | _NOW_WEATHER) or not asked & (_NOW | _WEATHER):
        return False
    rest = asked - (_ABOUT_NOW | _NOW_WEATHER | _NOW | _NOW_FILLER)
    if not rest:
        return True
    # "What time is it in Moscow right now?": a place (up to two words after "in" or "at") asked about
    # now is no question for the sources either; "moscow" only found a passage that names Moscow.
    # Without a word saying now, "What is the weather like in Minsk?" may ask what a source reports.
    # The weather is also forecast "for Glasgow"; "the date for the election" is no place.
    before_a_place = {"in", "at", "for"} if asked & _WEATHER else {"in", "at"}
    placed = {word for i, word in enumerate(words) if before_a_place & set(words[max(0, i - 2) : i])}
    placed -= {"article", "story", "text", "piece", "report", "source"}
    return bool(asked & _NOW) and len(rest) <= 2 and rest <= placed


def _between(words: list[str], around: frozenset[str]) -> str:
    """The words left when those of `around` at either end are taken off, joined by spaces."""
    start, end = 0, len(words)
    while start < end and words[start] in around:
        start += 1
    while end > start and words[end - 1] in around:
        end -= 1
    return " ".join(words[start:end])


def not_for_the_sources(text: str) -> bool:
    """Whether `text` is nothing a source answers: small talk, a request for help, the time or weather
    now, or a value that changes by the minute (`asks_for_live_value`)."""
    return is_small_talk(text) or asks_for_help(text) or asks_about_now(text) or asks_for_live_value(text)
