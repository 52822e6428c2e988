"""The credits around an article's text that are no part of it: a photo's credit in its caption ("Photo:
Anna Sargsyan", "(John Smith/Getty Images)") and a wire story's staff credits ("Reporting by A; Editing
by B"). Each is read only from a short stretch of text, so its cost is bounded whatever the page."""

from __future__ import annotations

import re

__all__ = ["is_credit", "staff_credits", "without_credit"]

CREDIT_MAX_CHARS = 80
CREDIT_MAX_WORDS = 6  # a name or an agency
_CREDIT = re.compile(
    r"\(?\s*(?:(?:photo|photograph|image|picture|illustration|credit)s?(?:\s*[:/©]|\s+by\b\s*:?|"
    r"\s+courtesy(?:\s+of)?\b)|courtesy of\b|©)",
    re.I,
)
# Lower-case words a credit may hold: "Jane Doe via Reuters"; after "courtesy of", "the Millbrook Fire
# Department".
_VIA = frozenset({"via"})
_NAME_JOINERS = _VIA | frozenset({"of", "the", "and", "for"})
# A wire story's staff credits ("Reporting by A and B; Editing by C"), its last paragraph.
_STAFF_CREDITS = re.compile(
    r"(?:additional )?(?:reporting|writing|editing|research|compiled|translated)(?: and \w+)? by "
    r"[^\n]{1,300}",
    re.IGNORECASE,
)
_CREDIT_SPLIT = re.compile(r"[\s,;&]+")
_CREDIT_WORDS = frozenset(
    {"and", "by", "in", "from", "with", "additional", "reporting", "writing", "editing", "research",
     "compiled", "translated", "de", "van", "von", "der", "den", "la", "le", "da", "di", "del", "du", "dos",
     "y", "bin", "al", "el"}
)  # fmt: skip
_SENTENCE_END = re.compile(r"[.!?][\"”’)]? ")
# "… [Asaad Niazi/AFP]", and "(John Smith/Getty Images)" where an agency follows the slash: prose
# closes on "(Europe/Asia)" too.
_BRACKETED_CREDIT = re.compile(
    r"(?<=[.!?\w]) ?(?:\[[A-Z][^\[\]/]{1,60}/[A-Z][^\[\]]{0,40}\]|"
    r"\([A-Z][^()/]{1,60}/(?:[A-Z][\w.-]{0,30} ){0,3}"
    r"(?:Images|Photos?|Pictures|AP|AFP|Reuters|EPA|Getty|Shutterstock|Alamy|PA|Bloomberg|Xinhua|dpa|ANP|"
    r"Sipa|SOPA|NurPhoto|Anadolu|TASS|Zuma|Pool)\))$"
)


def staff_credits(text: str) -> bool:
    """ "Reporting by Bart Meijer and Toby Sterling; Editing by Jason Neely": roles and names only, no
    sentence ("Research by the Resolution Foundation found that…" is one)."""
    words = [word for word in _CREDIT_SPLIT.split(text.rstrip(".")) if word]
    return _STAFF_CREDITS.fullmatch(text) is not None and all(
        word[:1].isupper() or word.lower() in _CREDIT_WORDS for word in words
    )


def is_credit(text: str) -> bool:
    """A photo's credit alone ("Photo: Getty Images", "Photo by Jane Doe/AP"), where a caption said
    nothing else; "Photo: Volunteers clear rubble in Irpin" describes the picture."""
    if len(text) > CREDIT_MAX_CHARS:
        return False
    label = _CREDIT.match(text)
    if label is None:
        return False
    named = text[label.end() :].split()
    # "courtesy of the Millbrook Fire Department" names its giver; "Photo: Statue of Liberty" is a picture.
    joiners = _NAME_JOINERS if "courtesy" in label.group().lower() else _VIA
    return len(named) <= CREDIT_MAX_WORDS and not any(
        word[0].islower() for word in named if word not in joiners
    )


def without_credit(text: str) -> str | None:
    """A caption's text without the credit after its last sentence ("Gagik Martirosyan in his orchard.
    Photo: Anna Sargsyan"); None where it ends with none. Only its last characters are read."""
    if (agency := _BRACKETED_CREDIT.search(text)) is not None:  # Al Jazeera's "… [Asaad Niazi/AFP]"
        return text[: agency.start()].rstrip()
    end = text[-CREDIT_MAX_CHARS:]
    for sentence_end in _SENTENCE_END.finditer(end):
        if is_credit(end[sentence_end.end() :]):
            return text[: len(text) - len(end) + sentence_end.end()].rstrip()
    return None
