"""Question files for `qabot eval`: a JSONL file of questions, or a SQuAD v1.1 file with its articles.

A JSONL question file (`{"q": ..., "gold": [...] | null}` per line; `"kind"` optional) is asked
against the current knowledge base: a hit quotes one of the gold strings, and `gold: null` means the
question must be refused. A SQuAD v1.1 file (`.json` or `.json.gz`) brings its own articles: each
becomes a source (title from the article, publisher "Wikipedia", paragraphs separated by blank lines)
and a hit must quote an answer text inside the question's own paragraph.
"""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from index.errors import QabotError
from index.ingest.documents import Document, slugify

SQUAD_PUBLISHER = "Wikipedia"
_BLANK_LINES = re.compile(r"\n\s*\n")


class BadEvalFile(QabotError):
    """A question file that cannot be read; the message names the file and, when known, the line."""


NULL_TYPES = frozenset({"near_domain", "off_topic"})


@dataclass(frozen=True)
class EvalQuestion:
    question: str
    gold: tuple[str, ...] | None
    # SQuAD only: the question's article and the span of its paragraph in that article's body.
    source_id: str | None = None
    region: tuple[int, int] | None = None
    # JSONL only, optional: how the question differs from its answer ("synonym", "why", …), and for a
    # question to refuse, "near_domain" or "off_topic" (NULL_TYPES).
    kind: str | None = None
    null_type: str | None = None

    @property
    def answerable(self) -> bool:
        return self.gold is not None


@dataclass(frozen=True)
class EvalSet:
    name: str
    questions: tuple[EvalQuestion, ...]
    # SQuAD brings its own knowledge base; a JSONL file is asked against the current one.
    documents: tuple[Document, ...] = ()


def load_eval_file(path: Path) -> EvalSet:
    name = path.name.lower()
    if not path.is_file():
        raise BadEvalFile(f"{path} is not a file.")
    if name.endswith(".jsonl"):
        return _load_jsonl(path)
    if name.endswith((".json", ".json.gz")):
        return _load_squad(path)
    raise BadEvalFile(f"{path}: expected a .jsonl question file or a SQuAD v1.1 .json/.json.gz file.")


def _load_jsonl(path: Path) -> EvalSet:
    questions = []
    for number, item in jsonl_items(path):
        question, gold = question_and_gold(item, path, number)
        kind, null_type = item.get("kind"), item.get("null_type")
        if gold is None and null_type is None and isinstance(kind, str) and kind in NULL_TYPES:
            kind, null_type = None, kind  # some sets name a refusal's type as its kind
        questions.append(
            EvalQuestion(
                question,
                gold,
                kind=kind if isinstance(kind, str) else None,
                null_type=null_type if isinstance(null_type, str) else None,
            )
        )
    if not questions:
        raise BadEvalFile(f"{path} has no questions.")
    return EvalSet(path.name, tuple(questions))


def jsonl_items(path: Path) -> Iterator[tuple[int, Any]]:
    """(line number, parsed JSON) of each non-blank line; a file that cannot be read or a line that
    is not JSON is a `BadEvalFile` naming it."""
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()  # a BOM: as Notepad saves
    except (OSError, UnicodeDecodeError) as error:
        raise BadEvalFile(f"Cannot read {path}: {error}") from None
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            yield number, json.loads(line)
        except json.JSONDecodeError as error:
            raise BadEvalFile(f"{path}, line {number}: not JSON ({error.msg}).") from None


def question_and_gold(item: object, path: Path, number: int) -> tuple[str, tuple[str, ...] | None]:
    """A line's (or turn's) "q" and "gold" checked: gold is a list of strings, or null for "must be
    refused"."""
    question = item.get("q") if isinstance(item, dict) else None
    gold = item.get("gold", ...) if isinstance(item, dict) else ...
    if not isinstance(question, str) or not question.strip():
        raise BadEvalFile(f'{path}, line {number}: needs "q", the question text.')
    if gold is not None and (
        not isinstance(gold, list) or not gold or not all(isinstance(g, str) and g.strip() for g in gold)
    ):
        raise BadEvalFile(
            f'{path}, line {number}: "gold" must be a list of strings, or null for "must be refused".'
        )
    return question.strip(), None if gold is None else tuple(gold)


def _load_squad(path: Path) -> EvalSet:
    try:
        raw = gzip.decompress(path.read_bytes()) if path.name.lower().endswith(".gz") else path.read_bytes()
        data = json.loads(raw.decode("utf-8"))
        articles = data["data"]
    except (OSError, EOFError, gzip.BadGzipFile, UnicodeDecodeError, ValueError) as error:
        raise BadEvalFile(f"Cannot read {path} as SQuAD v1.1 JSON: {error}") from None
    except (KeyError, TypeError):
        raise BadEvalFile(f'{path}: not SQuAD v1.1 (no "data" list of articles).') from None
    documents: list[Document] = []
    questions: list[EvalQuestion] = []
    try:
        for article in articles:
            title = str(article["title"]).replace("_", " ")
            source_id = slugify(f"squad-{title}")
            paragraphs: list[str] = []
            offset = 0
            for paragraph in article["paragraphs"]:
                # A blank line inside a paragraph would split it; the answers do not depend on it.
                context = _BLANK_LINES.sub("\n", str(paragraph["context"]).strip())
                region = (offset, offset + len(context))
                paragraphs.append(context)
                offset += len(context) + 2
                for qa in paragraph["qas"]:
                    answers = tuple(dict.fromkeys(str(a["text"]) for a in qa["answers"]))
                    if answers:
                        questions.append(EvalQuestion(str(qa["question"]), answers, source_id, region))
            if paragraphs:
                documents.append(
                    Document(
                        id=source_id, body="\n\n".join(paragraphs), title=title, publisher=SQUAD_PUBLISHER
                    )
                )
    except (KeyError, TypeError):
        raise BadEvalFile(
            f"{path}: not SQuAD v1.1 (articles need title, paragraphs, context, qas)."
        ) from None
    if not questions:
        raise BadEvalFile(f"{path} has no questions.")
    return EvalSet(path.name, tuple(questions), tuple(documents))
