"""The SQuAD v1.1 dev half as a knowledge base: a source per paragraph, questions with their gold source."""

from __future__ import annotations

import gzip
import json
import os
from dataclasses import dataclass
from pathlib import Path

from index.ingest.documents import Document

# The shared data folder sits beside the checkout (as `make eval` expects); BENCH_SHARED points elsewhere.
SHARED = Path(os.environ.get("BENCH_SHARED", Path(__file__).resolve().parent.parent.parent / "shared"))
DEFAULT_PATH = SHARED / "eval" / "squad-v1.1-dev-half-a.json.gz"


@dataclass(frozen=True)
class Question:
    text: str
    source_id: str


def load(path: Path = DEFAULT_PATH) -> tuple[list[Document], list[Question]]:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        data = json.load(handle)
    documents: list[Document] = []
    questions: list[Question] = []
    for article in data["data"]:
        title = article["title"].replace("_", " ")
        for paragraph in article["paragraphs"]:
            source_id = f"squad-{len(documents):04d}"
            documents.append(Document(id=source_id, body=paragraph["context"], title=title))
            questions.extend(Question(qa["question"], source_id) for qa in paragraph["qas"])
    return documents, questions


def spread(questions: list[Question], count: int) -> list[Question]:
    """`count` questions taken evenly across the set (so every article is represented)."""
    if count >= len(questions):
        return list(questions)
    step = len(questions) / count
    return [questions[int(i * step)] for i in range(count)]
