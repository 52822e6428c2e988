"""Whether a question asks who said something: "Who called the Shahed drones a weapon of terror?"."""

from __future__ import annotations

import re

__all__ = ["SAYING", "asks_who_said"]

# Verbs of saying, as a regular expression's alternatives.
SAYING = (
    r"(?:say|says|said|saying|tell|tells|told|telling|add|adds|added|argue|argues|argued|arguing|call|"
    r"calls|called|calling|describe|describes|described|warn|warns|warned|warning|claim|claims|claimed|"
    r"claiming|believe|believes|believed|think|thinks|thought|predict|predicts|predicted|predicting|"
    r"suggest|suggests|suggested|suggesting|note|notes|noted|stress|stresses|stressed|insist|insists|"
    r"insisted|insisting|compare|compares|compared|admit|admits|admitted|state|states|stated|write|writes|"
    r"wrote|report|reports|reported|quoted|explain|explains|explained|points?\s+out|pointed\s+out|mention|"
    r"mentions|mentioned|remark|remarks|remarked|declare|declares|declared|comment|comments|commented)"
)
_WHO_SPEAKS = (
    r"(?:analyst|expert|official|politician|scholar|researcher|journalist|commentator|economist|"
    r"scientist|spokes(?:man|woman|person)|minister|professor|observer|historian|critic|author|writer|"
    r"philosopher|person|man|woman|leader|newspaper|outlet|agency|source)s?"
)
_WORD = r"[^\W\d_]+(?:[-'’][^\W\d_]+)*"
# Asked first thing, maybe after "And", "Tell me" or "Do you know": "Who said…?", "Who else has long
# argued…?", "Who has been warning…?", "Which Russian-born analysts have said…?", "Who was the analyst
# who said…?", "Who's quoted as saying…?", "Whose words…?", "According to whom…?"; not "What did Tesla
# claim…?", "Who did Tesla call…?", "Who was called…?" (what was said, or of whom), nor "Where does the
# analyst who said … work?".
_WHO_SAID = re.compile(
    r"^\W*(?:(?:and|so|but|ok|okay)\W+)?(?:(?:please\s+)?tell\s+me\s+|(?:do|does)\s+(?:you|anyone|anybody)\s+"
    r"know\s+|(?:can|could)\s+you\s+tell\s+me\s+)?"
    rf"(?:(?:who(?:\s+else)?|(?:which|what)\s+(?:{_WORD}\s+){{0,2}}?{_WHO_SPEAKS}|"
    rf"who\s+(?:is|was)\s+the\s+(?:{_WORD}\s+){{0,2}}?{_WHO_SPEAKS}\s+(?:who|that))\s+"
    r"(?:(?:has|have|had)\s+(?:been\s+)?|(?:is|was|were)\s+(?=\w+ing\b))?"
    rf"(?:(?:also|first|later|publicly|once|long|[a-z]+ly)\s+){{0,2}}(?P<verb>{SAYING})\b|"
    r"(?:who|(?:which|what)\s+\w+)(?:\s+(?:is|was|were)|['’]s)\s+quoted\b|whose\s+words\b|"
    r"according\s+to\s+whom\b)",
    re.IGNORECASE,
)
# Verbs of doing as much as of saying: "Who wrote Harry Potter?", "Who called the fire brigade?" ask who
# did it; "Who called the drones a weapon of terror?", "Who wrote that…?", "Who reported the drones were
# Iranian?" who said something: a clause, a comparison or a description follows the verb's object.
_DOING_TOO = re.compile(r"call|write|wrote|report|describ", re.IGNORECASE)
_CLAUSE = re.compile(
    r"\b(?:that|as|about|how|is|are|was|were|will|would|could|can|had|has|have|must|should|seeing)\b",
    re.IGNORECASE,
)
_LATER_DESCRIPTION = re.compile(r"""\s*[^\s"“‘]\S*\s(?:.*\s)?(?:(?:a|an)\s|["“‘])""", re.IGNORECASE)


def asks_who_said(question: str) -> bool:
    """Whether the question asks who said (argued, called, warned…) something."""
    asked = _WHO_SAID.search(question)
    if asked is None:
        return False
    verb = asked.group("verb")
    if verb is None or not _DOING_TOO.match(verb):
        return True
    rest = question[asked.end() :]
    if rest.lstrip().lower().startswith("for "):
        return False
    return _CLAUSE.search(rest) is not None or _LATER_DESCRIPTION.match(rest) is not None
