"""Telegram's HTML parse mode, strictly: what the real server rejects with "can't parse entities",
this rejects too, so a rendering bug fails a test instead of a user's message."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

MESSAGE_LIMIT = 4096

SUPPORTED_TAGS = {
    "b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "span", "tg-spoiler",
    "a", "tg-emoji", "code", "pre", "blockquote",
}  # fmt: skip
NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_TAG = re.compile(
    r"<(?P<close>/?)(?P<name>[a-zA-Z][a-zA-Z0-9-]*)"
    r"(?P<attrs>(?:\s+[a-zA-Z-]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s>\"']+))?)*)\s*>"
)
_ATTR = re.compile(r"([a-zA-Z-]+)(?:\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s>\"']+)))?")
_ENTITY = re.compile(r"&(?:#(?P<dec>[0-9]+)|#[xX](?P<hex>[0-9a-fA-F]+)|(?P<name>[a-zA-Z]+));")


class ParseError(ValueError):
    pass


@dataclass
class Entity:
    tag: str
    attrs: dict[str, str]
    start: int
    end: int = -1


@dataclass
class ParsedText:
    text: str
    entities: list[Entity] = field(default_factory=list)

    def spans(self, tag: str) -> list[str]:
        return [self.text[e.start : e.end] for e in self.entities if e.tag == tag]

    def links(self) -> list[tuple[str, str]]:
        return [(self.text[e.start : e.end], e.attrs.get("href", "")) for e in self.entities if e.tag == "a"]


def utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def parse_html(markup: str) -> ParsedText:
    """The text and entities of `markup`, or `ParseError` with a message like Telegram's."""
    out: list[str] = []
    length = 0
    open_tags: list[Entity] = []
    entities: list[Entity] = []
    position = 0
    while position < len(markup):
        char = markup[position]
        if char == "<":
            match = _TAG.match(markup, position)
            if match is None:
                raise ParseError(f"Can't parse entities: unexpected '<' at byte offset {position}")
            name = match["name"].lower()
            if name not in SUPPORTED_TAGS:
                raise ParseError(
                    f'Can\'t parse entities: unsupported start tag "{name}" at offset {position}'
                )
            if match["close"]:
                if not open_tags or open_tags[-1].tag != name:
                    raise ParseError(
                        f'Can\'t parse entities: unmatched end tag "{name}" at offset {position}'
                    )
                closed = open_tags.pop()
                closed.end = length
                entities.append(closed)
            else:
                # A bare attribute (`<blockquote expandable>`) is present with an empty value.
                attrs = {
                    m.group(1).lower(): html.unescape(next((g for g in m.groups()[1:] if g is not None), ""))
                    for m in _ATTR.finditer(match["attrs"])
                }
                if name in {"blockquote", "a", "pre", "code"} and any(t.tag == name for t in open_tags):
                    raise ParseError(f'Can\'t parse entities: nested "{name}" at offset {position}')
                if (
                    open_tags
                    and open_tags[-1].tag in {"pre", "code"}
                    and not (name == "code" and open_tags[-1].tag == "pre")
                ):
                    raise ParseError(f'Can\'t parse entities: "{name}" inside preformatted text')
                if name == "a" and not attrs.get("href"):
                    raise ParseError("Can't parse entities: a link without href")
                open_tags.append(Entity(name, attrs, length))
            position = match.end()
        elif char == "&":
            match = _ENTITY.match(markup, position)
            if match is None or (match["name"] and match["name"] not in NAMED_ENTITIES):
                raise ParseError(f"Can't parse entities: unescaped '&' at offset {position}")
            if match["name"]:
                decoded = NAMED_ENTITIES[match["name"]]
            else:
                decoded = chr(int(match["dec"]) if match["dec"] else int(match["hex"], 16))
            out.append(decoded)
            length += len(decoded)
            position = match.end()
        elif char == ">":
            raise ParseError(f"Can't parse entities: unexpected '>' at offset {position}")
        else:
            out.append(char)
            length += 1
            position += 1
    if open_tags:
        raise ParseError(f"Can't parse entities: can't find end tag corresponding to \"{open_tags[-1].tag}\"")
    text = "".join(out)
    entities.sort(key=lambda e: (e.start, -e.end))
    return ParsedText(text, entities)


def check_message(markup: str, parse_mode: str | None) -> ParsedText:
    """What the Bot API does with a message text: parse it, then enforce the length limit."""
    parsed = parse_html(markup) if (parse_mode or "").upper() == "HTML" else ParsedText(markup)
    if not parsed.text.strip():
        raise ParseError("Bad Request: message text is empty")
    if utf16_length(parsed.text) > MESSAGE_LIMIT:
        raise ParseError("Bad Request: message is too long")
    return parsed
