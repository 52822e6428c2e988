"""A Markdown or text file's front matter: a few fields, read without giving YAML room to be costly.

The front matter is parsed once, by libyaml when available (the pure-Python parser took seconds on a
large block and overflowed the stack on deep nesting), and only when it is small. python-frontmatter
silently drops front matter that is not a mapping (a list, a bare string); a user who wrote it meant
fields, so it is refused instead of ignored. Every refusal is a `BadDocument` with its reason.

Pandoc may close YAML front matter with `...` instead of `---`, and field names are read in any case
("Title:", as Obsidian and hand-written files have them, is `title`).

Hugo writes front matter as TOML between `+++` lines. python-frontmatter's own TOML handler needs the
unmaintained `toml` package, so the standard library's `tomllib` reads it, found by the same handler
interface. A text between `+++` lines that is no TOML is read as text, not refused.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from collections.abc import Iterable
from typing import Any

import frontmatter
import yaml

from index.errors import BadDocument

__all__ = ["MAX_FRONT_MATTER_CHARS", "read_front_matter"]

# Front matter is a few fields; anything longer is refused before YAML sees it.
MAX_FRONT_MATTER_CHARS = 64 * 1024
MAX_NUMBER_BITS = 1_000  # about 300 digits
MAX_LIST_ITEMS = 20  # authors of one article


class _TomlHandler(frontmatter.default_handlers.BaseHandler):
    FM_BOUNDARY = re.compile(r"^\+{3,}[ \t]*$", re.MULTILINE)
    START_DELIMITER = END_DELIMITER = "+++"


class _YamlHandler(frontmatter.YAMLHandler):
    """Opened by `---` (as python-frontmatter detects it), closed by `---` or Pandoc's `...`."""

    _BOUNDARIES = re.compile(r"^(?:-{3,}|\.{3})[ \t]*$", re.MULTILINE)

    def split(self, text: str) -> tuple[str, str]:
        _, front, content = self._BOUNDARIES.split(text, 2)
        return front, content


_HANDLERS = (
    *(
        _YamlHandler() if isinstance(handler, frontmatter.YAMLHandler) else handler
        for handler in frontmatter.handlers
    ),
    _TomlHandler(),
)


def read_front_matter(
    text: str, name: str, fields: Iterable[str], lists: Iterable[str] = ()
) -> tuple[dict[str, Any], str]:
    """The front matter's fields and the text after it, as python-frontmatter splits them; each of
    `fields` given is a single value that can be made text, and each of `lists` may also be a list of
    such values (`author: [Jane Doe, John Roe]`, as Hugo and Jekyll write them), joined with "; "."""
    meta, body = _split(text, name)
    fields = tuple(fields)
    for field in lists:
        value = meta.get(field)
        if isinstance(value, list) and len(value) <= MAX_LIST_ITEMS and all(_scalar(v) for v in value):
            meta[field] = "; ".join(str(item).strip() for item in value if str(item).strip()) or None
        elif field not in fields and value is not None and not _scalar(value):
            del meta[field]  # a field qabot did not read before ("authors" as mappings): still not read
    for field in (*fields, *lists):
        value = meta.get(field)
        # A list or mapping here is a mistake, and turning one into text can be a YAML alias bomb
        # (a few hundred bytes expanding to gigabytes): refuse it before anything calls str() on it.
        if value is not None and not isinstance(value, str | int | float | dt.date):
            raise BadDocument(
                f"The front matter field {field!r} of {name} must be a single value, "
                f"not a {type(value).__name__}."
            )
        # YAML reads "1:59:59:…" and "0xfff…" as integers, which Python will not print past 4,300
        # digits (a ValueError, reported as a bug); no field needs a number a tenth that long.
        if isinstance(value, int) and value.bit_length() > MAX_NUMBER_BITS:
            raise BadDocument(f"The front matter field {field!r} of {name} is too long.")
    return meta, body


def _scalar(value: Any) -> bool:
    return isinstance(value, str) or (isinstance(value, int) and value.bit_length() <= MAX_NUMBER_BITS)


def _split(text: str, name: str) -> tuple[dict[str, Any], str]:
    handler = frontmatter.detect_format(text, _HANDLERS)
    text = text.strip()
    if handler is None:
        return {}, text
    try:
        front, content = handler.split(text)
    except ValueError:  # no closing delimiter: python-frontmatter reads it all as content, so do we
        return {}, text
    if isinstance(handler, _TomlHandler):
        # Rarer than YAML's "---": a text between "+++" lines that is no TOML is the text's own.
        try:
            raw: Any = tomllib.loads(front) if len(front) <= MAX_FRONT_MATTER_CHARS else None
        except (ValueError, RecursionError):  # TOMLDecodeError, or an integer past Python's digit limit
            raw = None
        return (_fields(raw, name), content.strip()) if isinstance(raw, dict) else ({}, text)
    if len(front) > MAX_FRONT_MATTER_CHARS:
        raise BadDocument(
            f"The front matter of {name} is longer than {MAX_FRONT_MATTER_CHARS // 1024} KB; "
            "it is meant for a few fields."
        )
    try:
        if isinstance(handler, frontmatter.YAMLHandler):
            raw = yaml.load(front, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        else:
            raw = handler.load(front)
    except RecursionError:
        raise BadDocument(f"The front matter of {name} does not parse: it is nested too deeply.") from None
    # PyYAML's constructors raise what they meet on a tag they cannot read ("!!bool x": KeyError,
    # "!!timestamp abc": AttributeError): a stranger's file, so all of it is "does not parse".
    except (yaml.YAMLError, ValueError, TypeError, KeyError, AttributeError, OverflowError) as error:
        if _closed_by_dots(text):  # a rule, then a pause ("..."): a note's text, not fields
            return {}, text
        raise BadDocument(f"The front matter of {name} does not parse: {_yaml_problem(error)}") from None
    if raw is not None and not isinstance(raw, dict) and _closed_by_dots(text):
        return {}, text
    return _fields(raw, name), content.strip()


def _closed_by_dots(text: str) -> bool:
    """Whether the block `---` opens is closed by Pandoc's `...` rather than by `---`."""
    boundaries = _YamlHandler._BOUNDARIES.finditer(text)
    next(boundaries, None)  # the opening `---`
    closing = next(boundaries, None)
    return closing is not None and closing.group(0).startswith(".")


def _fields(raw: Any, name: str) -> dict[str, Any]:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise BadDocument(f"The front matter of {name} is not a mapping of fields.")
    fields: dict[Any, Any] = {}
    for key, value in raw.items():
        named = key.lower() if isinstance(key, str) else key
        if named not in fields or named == key:  # "title" written as such wins over "Title"
            fields[named] = value
    return fields


def _yaml_problem(error: Exception) -> str:
    """One line for the user: YAML's own messages span several lines and name an internal stream."""
    if isinstance(error, yaml.MarkedYAMLError) and error.problem:
        mark = error.problem_mark
        # The split front matter begins with the rest of the opening `---` line, so YAML's 0-based
        # line number is the file's 1-based one minus one.
        where = f" (line {mark.line + 1})" if mark is not None else ""
        return f"{error.problem}{where}"
    return " ".join(str(error).split())
