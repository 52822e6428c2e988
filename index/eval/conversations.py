"""Two-turn conversations for `qabot eval`: a question, then a reply to its answer.

A conversation file is JSONL, one `{"turns": [{"q", "gold"}, {"q", "gold"}], ...}` a line (gold as in
question files: a list of strings the quote must hold, or null for "must be refused"); `"follow_up"`
names the kind of reply ("same_passage", "other_passage", …) and `"fresh": true` marks a reply that is
a question of its own. Each conversation is asked the way the chat bots ask it: the first question is
recorded under an eval asker, and the reply goes through `QAService.ask(..., follow_up_of=<its id>)`.
The same reply is also asked alone, with no context, to show what the context adds.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from index.errors import QabotError
from index.eval.loading import BadEvalFile, EvalQuestion, jsonl_items, question_and_gold
from index.eval.scoring import GoldCheck
from index.store.questions import EVAL_PLATFORM

if TYPE_CHECKING:
    from index.answer import Answer
    from index.service import QAService

WITH_CONTEXT = "with context"
WITHOUT_CONTEXT = "without context"


@dataclass(frozen=True)
class Conversation:
    first: EvalQuestion
    reply: EvalQuestion
    kind: str


@dataclass(frozen=True)
class ConversationSet:
    name: str
    conversations: tuple[Conversation, ...]


def is_conversation_file(path: Path) -> bool:
    """Whether a .jsonl file holds conversations (its first line has "turns") rather than questions."""
    if not path.name.lower().endswith(".jsonl") or not path.is_file():
        return False
    try:
        with path.open(encoding="utf-8") as lines:
            first = next((line for line in lines if line.strip()), "")
        item = json.loads(first) if first else None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return False  # the question loader reports what is wrong with it
    return isinstance(item, dict) and "turns" in item


def load_conversations(path: Path) -> ConversationSet:
    conversations = []
    for number, item in jsonl_items(path):
        turns = item.get("turns") if isinstance(item, dict) else None
        if not isinstance(turns, list) or len(turns) != 2:
            raise BadEvalFile(f'{path}, line {number}: needs "turns", a list of two {{"q", "gold"}}.')
        first, reply = (_turn(turn, path, number) for turn in turns)
        kind = item.get("follow_up")
        if not isinstance(kind, str):
            kind = "fresh" if item.get("fresh") is True else "follow_up"
        conversations.append(Conversation(first, reply, kind))
    if not conversations:
        raise BadEvalFile(f"{path} has no conversations.")
    return ConversationSet(path.name, tuple(conversations))


def _turn(turn: object, path: Path, number: int) -> EvalQuestion:
    return EvalQuestion(*question_and_gold(turn, path, number))


@dataclass
class Tally:
    """Replies of one kind: how many, hits at 1 and highlights holding the answer (answerable ones),
    refusals."""

    answerable: int = 0
    unanswerable: int = 0
    hits: int = 0
    highlighted: int = 0
    refused_answerable: int = 0
    refused_unanswerable: int = 0

    def add(self, question: EvalQuestion, answer: Answer, check: GoldCheck) -> bool:
        answered = answer.answered and answer.quote is not None
        if not question.answerable:
            self.unanswerable += 1
            self.refused_unanswerable += not answered
            return not answered
        self.answerable += 1
        if not answered:
            self.refused_answerable += 1
            return False
        source = answer.source.id if answer.source else None
        hit = check.holds(question, answer.quote or "", source)
        self.hits += hit
        self.highlighted += hit and check.holds(question, answer.highlight or "", source)
        return hit

    def to_json(self) -> dict[str, Any]:
        return {
            "answerable": self.answerable,
            "hit@1": round(self.hits / self.answerable, 4) if self.answerable else None,
            "highlight": round(self.highlighted / self.answerable, 4) if self.answerable else None,
            "refused_answerable": self.refused_answerable,
            "unanswerable": self.unanswerable,
            "refused_unanswerable": self.refused_unanswerable,
        }


@dataclass
class ConversationReport:
    name: str
    first: Tally = field(default_factory=Tally)
    # By reading ("with context", "without context"), then by kind of reply.
    replies: dict[str, dict[str, Tally]] = field(default_factory=dict)

    def tally(self, reading: str, kind: str) -> Tally:
        return self.replies.setdefault(reading, {}).setdefault(kind, Tally())

    def overall(self, reading: str) -> Tally:
        total = Tally()
        for tally in self.replies.get(reading, {}).values():
            for name in ("answerable", "unanswerable", "hits", "highlighted", "refused_answerable",
                         "refused_unanswerable"):  # fmt: skip
                setattr(total, name, getattr(total, name) + getattr(tally, name))
        return total

    def to_json(self) -> dict[str, Any]:
        return {
            "file": self.name,
            "conversations": self.first.answerable + self.first.unanswerable,
            "first_questions": self.first.to_json(),
            "follow_ups": {
                reading: {"all": self.overall(reading).to_json()}
                | {kind: tally.to_json() for kind, tally in sorted(kinds.items())}
                for reading, kinds in self.replies.items()
            },
        }

    def table(self) -> str:
        """Follow-up hit@1 and highlight with and without context by kind, as Markdown (refusals in
        brackets)."""
        kinds = sorted({kind for kinds in self.replies.values() for kind in kinds})
        lines = [
            f"| follow-up kind | n | hit@1 / highlight {WITH_CONTEXT} "
            f"| hit@1 / highlight {WITHOUT_CONTEXT} |",
            "| --- | --- | --- | --- |",
        ]
        for kind in [*kinds, "all"]:
            cells = []
            for reading in (WITH_CONTEXT, WITHOUT_CONTEXT):
                tally = self.overall(reading) if kind == "all" else self.tally(reading, kind)
                cells.append(_cell(tally))
            tally = self.overall(WITH_CONTEXT) if kind == "all" else self.tally(WITH_CONTEXT, kind)
            lines.append(f"| {kind} | {tally.answerable + tally.unanswerable} | " + " | ".join(cells) + " |")
        return "\n".join(lines)


def _cell(tally: Tally) -> str:
    """hit@1 / highlight (refused answerable), and for replies that must be refused, how many were."""
    parts = []
    if tally.answerable:
        shares = f"{tally.hits / tally.answerable:.3f} / {tally.highlighted / tally.answerable:.3f}"
        parts.append(f"{shares} ({tally.refused_answerable} refused)")
    if tally.unanswerable:
        parts.append(f"refused {tally.refused_unanswerable}/{tally.unanswerable}")
    return "; ".join(parts) or "–"


def evaluate_conversations(
    service: QAService,
    conversations: ConversationSet,
    progress: Callable[[int, int], None] | None = None,
) -> ConversationReport:
    """Asks every conversation as the chat bots do, and each reply alone, and scores the answers."""
    from index.store.questions import Asker

    check = GoldCheck(())
    report = ConversationReport(conversations.name)
    for number, conversation in enumerate(conversations.conversations, start=1):
        asker = Asker(EVAL_PLATFORM, f"conversation-{number}")
        first = service.ask(conversation.first.question, asker)
        report.first.add(conversation.first, first, check)
        if first.question_id is None:
            raise QabotError(
                f"{conversations.name}: the first question of conversation {number} was not recorded, "
                "so its reply cannot be asked as a follow-up (see the log)."
            )
        reply = service.ask(conversation.reply.question, asker, follow_up_of=first.question_id)
        report.tally(WITH_CONTEXT, conversation.kind).add(conversation.reply, reply, check)
        alone = service.ask(conversation.reply.question)
        report.tally(WITHOUT_CONTEXT, conversation.kind).add(conversation.reply, alone, check)
        if progress is not None:
            progress(number, len(conversations.conversations))
    return report
