"""Measuring answer quality: question files, scoring, and the baselines the hybrid ranking must beat.

Two formats are read. A JSONL question file (`{"q": ..., "gold": [...] | null}` per line) is asked
against the current knowledge base: a hit quotes one of the gold strings, and `gold: null` means the
question must be refused. A SQuAD v1.1 file (`.json` or `.json.gz`) brings its own articles: each
becomes a source (title from the article, publisher "Wikipedia", paragraphs separated by blank lines)
and a hit must quote an answer text inside the question's own paragraph.

Every system (the project's hybrid ranking, BM25 only, embedding only) answers the same questions over
the same passages; each question is embedded once and that time is counted in every system's latency.
"""

from __future__ import annotations

import gzip
import json
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from index.errors import QabotError
from index.ingest.documents import Document, slugify

if TYPE_CHECKING:
    from index.answer import Answer
    from index.search.ranking import RetrievalConfig
    from index.service import QAService

SQUAD_PUBLISHER = "Wikipedia"
TOP_K = 3
_TYPOGRAPHIC_QUOTES = str.maketrans({"‘": "'", "’": "'", "‚": "'", "“": '"', "”": '"', "„": '"'})
_BLANK_LINES = re.compile(r"\n\s*\n")


class BadEvalFile(QabotError):
    """A question file that cannot be read; the message names the file and, when known, the line."""


@dataclass(frozen=True)
class EvalQuestion:
    question: str
    gold: tuple[str, ...] | None
    # SQuAD only: the question's article and the span of its paragraph in that article's body.
    source_id: str | None = None
    region: tuple[int, int] | None = None

    @property
    def answerable(self) -> bool:
        return self.gold is not None


@dataclass(frozen=True)
class EvalSet:
    name: str
    questions: tuple[EvalQuestion, ...]
    # SQuAD brings its own knowledge base; a JSONL file is asked against the current one.
    documents: tuple[Document, ...] = ()


def fold(text: str) -> str:
    """Text as compared for hits: typographic quotes made plain, runs of whitespace made one space."""
    return " ".join(text.translate(_TYPOGRAPHIC_QUOTES).split())


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
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise BadEvalFile(f"Cannot read {path}: {error}") from None
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as error:
            raise BadEvalFile(f"{path}, line {number}: not JSON ({error.msg}).") from None
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
        questions.append(EvalQuestion(question.strip(), None if gold is None else tuple(gold)))
    if not questions:
        raise BadEvalFile(f"{path} has no questions.")
    return EvalSet(path.name, tuple(questions))


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


def systems() -> dict[str, RetrievalConfig]:
    """The project's ranking and the two single-signal baselines, on the same passages."""
    from index.search.ranking import RetrievalConfig

    return {
        "qabot (hybrid)": RetrievalConfig(),
        "BM25 only": RetrievalConfig(mode="keyword"),
        "embedding only": RetrievalConfig(mode="dense"),
    }


@dataclass
class SystemScore:
    """One system's results; hit@k, MRR and highlight accuracy are over answerable questions."""

    name: str
    answerable: int = 0
    unanswerable: int = 0
    hits_at_1: int = 0
    hits_at_k: int = 0
    reciprocal_ranks: float = 0.0
    highlight_hits: int = 0
    refused_answerable: int = 0
    refused_unanswerable: int = 0
    quote_chars: list[int] = field(default_factory=list)
    latencies_ms: list[float] = field(default_factory=list)

    def _share(self, count: float, total: int) -> float | None:
        return count / total if total else None

    def to_json(self) -> dict[str, Any]:
        def rounded(value: float | None) -> float | None:
            return None if value is None else round(value, 4)

        return {
            "system": self.name,
            "answerable": self.answerable,
            "unanswerable": self.unanswerable,
            "hit@1": rounded(self._share(self.hits_at_1, self.answerable)),
            f"hit@{TOP_K}": rounded(self._share(self.hits_at_k, self.answerable)),
            "mrr": rounded(self._share(self.reciprocal_ranks, self.answerable)),
            "refusal_rate": rounded(self._share(self.refused_answerable, self.answerable)),
            "unanswerable_refused": rounded(self._share(self.refused_unanswerable, self.unanswerable)),
            "highlight_accuracy": rounded(self._share(self.highlight_hits, self.answerable)),
            "quote_chars_mean": rounded(float(np.mean(self.quote_chars)) if self.quote_chars else None),
            "quote_chars_max": max(self.quote_chars, default=None),
            "latency_ms_p50": rounded(_percentile(self.latencies_ms, 50)),
            "latency_ms_p95": rounded(_percentile(self.latencies_ms, 95)),
        }


@dataclass
class EvalReport:
    name: str
    questions: int
    passages: int
    scores: list[SystemScore]

    def to_json(self) -> dict[str, Any]:
        return {
            "file": self.name,
            "questions": self.questions,
            "passages": self.passages,
            "systems": [score.to_json() for score in self.scores],
        }

    def table(self) -> str:
        """A Markdown table, ready for the README."""
        columns = [
            ("system", "system"),
            ("hit@1", "hit@1"),
            (f"hit@{TOP_K}", f"hit@{TOP_K}"),
            ("MRR", "mrr"),
            ("refused (answerable)", "refusal_rate"),
            ("refused (no answer)", "unanswerable_refused"),
            ("highlight", "highlight_accuracy"),
            ("quote chars mean/max", "quote_chars"),
            ("p50 ms", "latency_ms_p50"),
            ("p95 ms", "latency_ms_p95"),
        ]
        rows = []
        for score in self.scores:
            data = score.to_json()
            cells = []
            for _, key in columns:
                if key == "quote_chars":
                    mean, top = data["quote_chars_mean"], data["quote_chars_max"]
                    cells.append("–" if mean is None else f"{mean:.0f}/{top}")
                elif key == "system":
                    cells.append(str(data[key]))
                elif data[key] is None:
                    cells.append("–")
                elif key.startswith("latency"):
                    cells.append(f"{data[key]:.1f}")
                else:
                    cells.append(f"{data[key]:.3f}")
            rows.append(cells)
        header = [title for title, _ in columns]
        lines = ["| " + " | ".join(header) + " |", "|" + "|".join(" --- " for _ in header) + "|"]
        lines.extend("| " + " | ".join(cells) + " |" for cells in rows)
        return "\n".join(lines)


class _GoldCheck:
    """Whether an answer's text holds a gold string (for SQuAD: inside the question's paragraph)."""

    def __init__(self, documents: Sequence[Document]) -> None:
        self._bodies = {document.id: document.body for document in documents}

    def holds(self, question: EvalQuestion, text: str, source_id: str | None) -> bool:
        gold = [fold(g) for g in question.gold or ()]
        if question.region is None:
            folded = fold(text)
            return any(g in folded for g in gold)
        body = self._bodies.get(source_id or "")
        if body is None or source_id != question.source_id or not text:
            return False
        region_start, region_end = question.region
        # The answer carries text, not offsets: every place the verbatim text occurs is a candidate.
        position = body.find(text)
        while position >= 0:
            start, end = max(position, region_start), min(position + len(text), region_end)
            if end > start:
                inside = fold(body[start:end])
                if any(g in inside for g in gold):
                    return True
            position = body.find(text, position + 1)
        return False


def evaluate(
    service: QAService,
    eval_set: EvalSet,
    configs: dict[str, RetrievalConfig] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> EvalReport:
    """Asks every question of every system; the question is embedded once, timed, and shared."""
    from index.errors import BadQuestion
    from index.service import clean_question

    configs = configs or systems()
    scores = {name: SystemScore(name) for name in configs}
    check = _GoldCheck(eval_set.documents)
    service.ask("What is this about?")  # loads the model and builds the indexes outside the timings
    for number, question in enumerate(eval_set.questions, start=1):
        try:
            text = clean_question(question.question)
        except BadQuestion:
            text = None
        started = time.perf_counter()
        # The way `ask` embeds a question (the int8 graph with the default encoder), so the numbers
        # are the bot's.
        vector = service.question_encoder.encode([text])[0] if text else None
        encoding_ms = (time.perf_counter() - started) * 1000
        for name, config in configs.items():
            score = scores[name]
            answer: Answer | None = None
            if text is not None and vector is not None:
                started = time.perf_counter()
                answer = service.answer_embedded(text, vector, config)
                score.latencies_ms.append(encoding_ms + (time.perf_counter() - started) * 1000)
            _score_answer(score, question, answer, check)
        if progress is not None:
            progress(number, len(eval_set.questions))
    passages = sum(summary.passages for summary in service.sources())
    return EvalReport(eval_set.name, len(eval_set.questions), passages, list(scores.values()))


def _score_answer(
    score: SystemScore, question: EvalQuestion, answer: Answer | None, check: _GoldCheck
) -> None:
    answered = answer is not None and answer.answered and answer.quote is not None
    if not question.answerable:
        score.unanswerable += 1
        score.refused_unanswerable += not answered
        return
    score.answerable += 1
    if not answered or answer is None or answer.quote is None:
        score.refused_answerable += 1
        return
    source_id = answer.source.id if answer.source else None
    quotes = [(answer.quote, source_id)] + [(a.quote, a.source.id) for a in answer.alternatives]
    score.quote_chars.extend(len(quote) for quote, _ in quotes)
    for position, (quote, quote_source) in enumerate(quotes[:TOP_K], start=1):
        if check.holds(question, quote, quote_source):
            score.hits_at_k += 1
            score.reciprocal_ranks += 1 / position
            if position == 1:
                score.hits_at_1 += 1
                score.highlight_hits += check.holds(question, answer.highlight or "", source_id)
            break


def _percentile(values: Sequence[float], percent: float) -> float | None:
    return float(np.percentile(values, percent)) if values else None
