"""The words the spelling correction reads apart from the knowledge base's: question words, chat's
own words, contractions typed without their apostrophe (`index.search.spelling`)."""

from __future__ import annotations

__all__ = [
    "AUXILIARIES",
    "CHAT_WORDS",
    "CONTRACTIONS",
    "HOW_FOLLOWERS",
    "NEGATIONS",
    "QUESTION_WORDS",
    "WH_WORDS",
]

# Words a question is asked with, which chat spells by ear; a misspelling within one edit of one of
# these is taken for it before any vocabulary word ("wat" is "what", not "war").
QUESTION_WORDS = (
    "what", "who", "whom", "whose", "when", "where", "which", "why", "how", "would", "could", "should",
    "does", "did", "is", "was", "were", "are", "has", "have", "had", "they", "their", "there", "about",
    "many", "much", "been",
)  # fmt: skip
# A question asks with at most one of these: where one is spelt right, an English word near another
# ("row" near "how", "mary" near "many") is meant as typed.
WH_WORDS = frozenset({"what", "who", "whom", "whose", "when", "where", "which", "why", "how"})
# A yes-no question asks with its first word ("Is China happy to be seen working hand in hand?"):
# then "hand" is meant as typed, not as "had".
AUXILIARIES = frozenset(
    {"is", "are", "was", "were", "do", "does", "did", "has", "have", "had", "can", "could", "will", "would"}
)
# Contractions typed without their apostrophe: written back with it, so the keyword index drops them
# as the stop words they are ("won", "t") instead of counting "wont" as a word nothing holds.
CONTRACTIONS = {
    "wont": "won't", "dont": "don't", "doesnt": "doesn't", "didnt": "didn't", "cant": "can't",
    "isnt": "isn't", "wasnt": "wasn't", "arent": "aren't", "werent": "weren't", "havent": "haven't",
    "hasnt": "hasn't", "wouldnt": "wouldn't", "couldnt": "couldn't", "shouldnt": "shouldn't",
    "whats": "what's", "whos": "who's", "hows": "how's", "wheres": "where's", "thats": "that's",
    "whens": "when's", "whys": "why's", "theres": "there's", "theyre": "they're", "youre": "you're",
    "ive": "I've", "weve": "we've", "youve": "you've", "theyve": "they've", "hes": "he's", "shes": "she's",
}  # fmt: skip
# Never what a word with a letter replaced, or a two-letter word, is read as: "nyt" is not "not".
NEGATIONS = frozenset({"not", "nor", "never", "none", "neither", "nothing", "nobody", "cannot", "without"})
# Chat's own words are not misspellings: "lol" became "low", and was answered from "low-tech missiles".
CHAT_WORDS = frozenset(
    {"lol", "lmao", "rofl", "omg", "idk", "btw", "thx", "pls", "plz", "imo", "imho", "tbh", "fyi", "brb"}
    | {"haha", "hah", "hmm", "wow", "yay", "nah", "yep", "yup", "nope", "okay", "ack"}
)
# "hwo" is one swap from "who" and from "how": "how" where the question goes on as only "how" does.
HOW_FOLLOWERS = frozenset({"many", "much", "long", "old", "often", "far", "big", "large", "soon"})
