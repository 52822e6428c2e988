"""Reading what a chat message asks for: a command's arguments, a question without the bot's mention,
the `key=value` options of an add, and help asked for in words ("help", "what can you do?": both
front ends answer it as their help command, `asks_for_help`).

Every pattern here is a literal or has a single quantifier over a character class, so it runs in
linear time whatever the message holds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from index.errors import QabotError
from index.search.small_talk import asks_for_help

__all__ = [
    "OVERRIDE_KEYS",
    "AddRequest",
    "asked_in_reply",
    "asks_for_help",
    "command_arguments",
    "parse_add_arguments",
    "without_mention",
]


def asked_in_reply(question: str, replied_text: str | None) -> str:
    """What a message addressed to the bot asks: its own words, or, when it has none, the words of the
    message it replies to (not the bot's): "@bot" or a bare "/ask" under someone's question asks that
    question. It was told "the message was empty" or shown how to use /ask."""
    if question.strip() or not replied_text or not replied_text.strip():
        return question
    return replied_text


OVERRIDE_KEYS = ("title", "author", "publisher", "published", "url", "id")
# `replace=yes`: take over a source id that another document (file, URL, upload) holds, on purpose.
_KEYS = (*OVERRIDE_KEYS, "replace")
_OVERRIDE = re.compile(rf"(?:^|\s)({'|'.join(_KEYS)})=")
_YES = {"yes", "true", "1", "on"}
_NO = {"no", "false", "0", "off"}
_URL = re.compile(r"https?://\S+", re.IGNORECASE)
# Opening quote → the quotes that may close it, as languages and phone keyboards pair them.
_CLOSING_QUOTES = {'"': '"', "“": "”", "„": "“”", "”": "”", "«": "»", "»": "«", "‘": "’", "'": "'"}
# Each opening quote → every quote of its kind, opening or closing: the first after the opening one
# decides whether the value is quoted.
_QUOTES_OF_KIND = {
    opening: re.compile(f"[{re.escape(''.join(sorted({opening, *closing})))}]")
    for opening, closing in _CLOSING_QUOTES.items()
}
_AFTER_CLOSING = re.compile(rf"\s*$|\s+(?:{'|'.join(_KEYS)})=")


def command_arguments(text: str) -> str:
    """What follows `/command` (or `/command@bot`), line breaks kept."""
    parts = text.split(maxsplit=1)
    return parts[1].strip() if len(parts) > 1 else ""


def without_mention(text: str, mention: str) -> str:
    """The message with every `@bot` mention (any case) replaced by a space."""
    return re.sub(re.escape(mention), " ", text, flags=re.IGNORECASE)


@dataclass(frozen=True)
class AddRequest:
    """`/add [URL] [title=… author=… publisher=… published=… url=… id=…]`, parsed."""

    url: str | None = None
    overrides: dict[str, str] = field(default_factory=dict)
    replace: bool = False


def parse_add_arguments(arguments: str, usage: str) -> AddRequest:
    """Values may contain spaces: each runs until the next `key=` (e.g. `title=Why it matters author=Jo`),
    or, quoted, to the closing quote that the next `key=` or the end follows (`title="When to say
    replace=yes"`); a value that only begins with a quotation (`title=“No,” he said`) is read as it is."""
    text = arguments.strip()
    # Read one match ahead, never all of them: a key given twice ends the reading at once.
    matches = _OVERRIDE.finditer(text)
    match = next(matches, None)
    head = (text[: match.start()] if match else text).strip()
    overrides: dict[str, str] = {}
    while match is not None:
        key, start = match.group(1), match.end()
        if key in overrides:
            raise QabotError(f"{key}= is given twice. {usage}")
        following = next(matches, None)
        end = _closing_quote(text, start)
        if end >= 0:
            value = text[start + 1 : end]
            while following is not None and following.start() < end:  # a `key=` inside the quotes
                following = next(matches, None)
        else:
            value = text[start : following.start() if following else len(text)]
        overrides[key] = value.strip()
        match = following
    overrides = {key: value for key, value in overrides.items() if value}
    if head and not _URL.fullmatch(head):
        raise QabotError(f"I don't understand {head[:100]!r}. {usage}")
    replace = overrides.pop("replace", "no").lower()
    if replace not in _YES | _NO:
        raise QabotError(f"replace= takes yes or no, not {replace[:20]!r}.")
    return AddRequest(url=head or None, overrides=overrides, replace=replace in _YES)


def _closing_quote(text: str, start: int) -> int:
    """Where the quoted value opening at `start` closes: the next quote of its kind, if the end or another
    option follows it; -1 if that quote does not close the value (`title=“No,” he said`, `title="Barbie"
    vs "Oppenheimer"`) or no quote opens it. An apostrophe inside a word is no quote. Linear time."""
    kind = _QUOTES_OF_KIND.get(text[start : start + 1])
    if kind is None:
        return -1
    for quote in kind.finditer(text, start + 1):
        end = quote.start()
        if 0 < end < len(text) - 1 and text[end - 1].isalnum() and text[end + 1].isalnum():
            continue  # Don't, l’homme
        closes = quote.group() in _CLOSING_QUOTES[text[start]] and _AFTER_CLOSING.match(text, end + 1)
        return end if closes else -1
    return -1
