"""How a question asks who holds an office, and what a quote naming that office holds (lower case):
the offices among `attribute_cues`, each said of whose it is (`asked_attributes.OFFICE_REACH`)."""

from __future__ import annotations

import re

__all__ = ["LEADER_CUE", "OFFICES", "OFFICE_CUES", "WHO_IS"]


# "Who is …", "What was the name of …": how a question asking who holds something opens ("whos",
# "what's": `asked_attribute` writes them out first).
WHO_IS = r"(?:who|what) (?:is|was|are|were) (?:the name of )?"


def _office_asked(office: str) -> re.Pattern[str]:
    """How a question asks who holds an office: "Who is the (current) president of Iran?", "Who is
    Iran's president?" (or "whos irans president"), "Who is the Russian president?", "What is the name
    of New France's governor?"."""
    return re.compile(
        rf"^\s*{WHO_IS}"
        r"(?:the (?:[\w-]+ ){0,3}|its |(?:[\w-]+ )?[\w-]+(?:'s|’s|s) )?"
        r"(?:current |present |former |first |last |new )?"
        rf"(?:{office})\b(?![’']s\b)"  # "the mayor's salary" asks the salary
    )


# office: (how a question asks who holds it, what a quote naming it holds)
OFFICE_CUES: dict[str, tuple[re.Pattern[str], re.Pattern[str]]] = {
    "president": (_office_asked("president"), re.compile(r"presiden|head of state")),
    "prime minister": (
        _office_asked("prime minister|premier"),
        re.compile(r"prime minister|premier|\bpm\b|head of government"),
    ),
    "mayor": (_office_asked("mayor"), re.compile(r"\bmayor")),
    "governor": (_office_asked("governor"), re.compile(r"governor")),
    "monarch": (
        _office_asked("king|queen|monarch|emperor|empress"),
        re.compile(r"\bking|\bqueen|monarch|emperor|empress|throne|\breign|\bcrown"),
    ),
    "chief executive": (_office_asked("ceo|chief executive"), re.compile(r"\bceo\b|chief executive")),
    "pope": (_office_asked("pope"), re.compile(r"\bpope|pontiff|holy see|vatican")),
    "chair": (_office_asked("chair|chairman|chairwoman|chairperson"), re.compile(r"\bchair")),
    "editor": (_office_asked("editor|editor-in-chief|chief editor"), re.compile(r"\beditor")),
    "spokesperson": (
        _office_asked("spokes(?:person|man|woman)|press secretary"), re.compile(r"spokes|press secretary")
    ),
    "ambassador": (_office_asked("ambassador|envoy"), re.compile(r"ambassador|\benvoy")),
    # A minister by portfolio: a ministry is not its minister ("China's foreign ministry said").
    "defence minister": (
        _office_asked("defen[cs]e (?:minister|secretary)|(?:minister|secretary) of defen[cs]e"),
        re.compile(
            r"defen[cs]e (?:minister|secretary|chief)|(?:minister|secretary) of defen[cs]e|war minister"
        ),
    ),
    "foreign minister": (
        _office_asked(
            "foreign (?:minister|secretary)|minister (?:of|for) foreign affairs|secretary of state"
        ),
        re.compile(
            r"foreign (?:minister|secretary)|minister (?:of|for) foreign|secretary of state|top diplomat"
        ),
    ),
    "finance minister": (
        _office_asked("finance minister|minister of finance|chancellor of the exchequer"),
        re.compile(r"financ\w* minister|minister of financ|chancellor|treasury secretary"),
    ),
}  # fmt: skip
OFFICES = frozenset(OFFICE_CUES)

# Who leads a place or a body. Whoever does may hold any office above, or be called a dictator, a
# Shah or the head of a team: "North Korea denied the report" names no one who leads it (SQuAD half
# A's leaders are Shahs, presidents, chairmen, generals). Not an office: a place's leader is named by
# the place or its people ("Belarusian dictator"), never by a word starting like it ("Australian").
LEADER_CUE: tuple[re.Pattern[str], re.Pattern[str]] = (
    # "Who rules Belarus?" asks this too, of a place only: `asked_attributes.led_place`.
    _office_asked("leader|ruler|head of (?:state|government)"),
    # Nouns, and verbs not going somewhere: "Lukashenko has led Belarus", not "the war in Ukraine has
    # led to" or "Ukraine headed into winter". Not "China's leadership wants…" (but "under the
    # leadership of"), "a Russian-led bloc" or "in charge of hosting the talks": they name no one who
    # leads the place. Being in power ("has been in power since 1994"), not "cuts in power since".
    re.compile(
        r"\bleaders?\b|\bleadership of\b|\brulers?\b|\brun by\b|\b(?:has|have|had) run\b|"
        r"\b(?:been|is|was|are|were|remains?|remained|stay(?:s|ed)?|kept|keeps?|him|her|them) in power\b|"
        r"\b(?:came|comes|come|rose|returned) to power\b|viceroy|\bregents?\b|"
        r"(?<!-)\b(?:led|leads|headed|heads?|ruled|rules|governed|governs)\b"
        r"(?! (?:to|into|in|out|up|down|off|for|toward|towards|back|away|home|astray|that)\b)|"
        r"\breign|\bchief|\bceo\b|\bpm\b|presiden|minister|"
        r"premier|chancellor|taoiseach|dictators?\b|strongman|\bkings?\b|\bqueens?\b|monarch|emperor|"
        r"empress|kaiser|f(?:ü|ue|u)hrer|\bprinces?\b|\bdukes?\b|\bsheikh|\bdoge\b|\bshah\b|sultan|\bemirs?\b|"
        r"caliph|\btsar|\bczar|ayatollah|pharaoh|\bkhan\b|junta|secretary|\bchair|governor|\bmayor|"
        r"commander|\bgeneral\b|director|captain|skipper|\bboss|founder|\bowner|\bcoach|\bmanager|"
        r"\bprincipal\b|\bpope\b|bishop|\bimam\b|rabbi|warlord"
    ),
)
