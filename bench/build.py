"""Part: build the SQuAD half and the bundled article into fresh knowledge bases, as `qabot kb sync` does."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

from bench import squad
from bench.stats import peak_rss_mb
from index.model.encoder import Encoder
from index.model.encoders import DefaultEncoder
from index.model.torch_encoder import SentenceTransformerEncoder
from index.service import QAService, migrate
from index.settings import CoreSettings, bundled_knowledge_dir


def build(home: Path, encoder_kind: str) -> dict[str, object]:
    settings = CoreSettings(_env_file=None, QABOT_HOME=str(home), DATABASE_URL=None)  # type: ignore[call-arg]
    encoder: Encoder
    if encoder_kind == "default":
        # Loaded before the clock starts, as txtai's model is: the ONNX export and its int8 copy, and
        # the bfloat16 torch model bulk batches run on (where the CPU has bfloat16 units).
        encoder = DefaultEncoder(settings.model, settings.home / "models")
        encoder.encode_questions(["warm"])
        bulk = encoder.bulk_encoder()
    else:
        encoder, bulk = SentenceTransformerEncoder(settings.model), None
    documents, questions = squad.load()
    service = _open_service(settings, encoder=encoder)
    started = time.perf_counter()
    service.add_many(documents, actor="bench")  # as `qabot kb sync` adds a folder
    service.ask(questions[0].text)  # indexes ready to answer, keyword index included
    squad_seconds = time.perf_counter() - started
    passages = sum(s.passages for s in service.sources())
    service.close()

    article_home = home.parent / f"{home.name}-article"
    article_settings = CoreSettings(_env_file=None, QABOT_HOME=str(article_home), DATABASE_URL=None)  # type: ignore[call-arg]
    article_service = _open_service(article_settings, encoder=encoder)
    started = time.perf_counter()
    article_service.sync(bundled_knowledge_dir())
    article_service.ask("Why won't Lukashenko send troops to Ukraine?")
    article_seconds = time.perf_counter() - started
    article_passages = sum(s.passages for s in article_service.sources())
    article_service.close()
    return {
        "encoder": encoder_kind,
        "bulk_passages_in": "torch bfloat16" if bulk is not None else "onnx float32",
        "squad_paragraphs": len(documents),
        "squad_passages": passages,
        "squad_seconds": round(squad_seconds, 2),
        "squad_passages_per_s": round(passages / squad_seconds, 1),
        "article_passages": article_passages,
        "article_seconds": round(article_seconds, 2),
        "article_passages_per_s": round(article_passages / article_seconds, 1),
        "peak_rss_mb": peak_rss_mb(),
    }


def _open_service(settings: CoreSettings, **options: Any) -> QAService:
    migrate(settings)
    return QAService(settings, **options)


if __name__ == "__main__":
    print(json.dumps(build(Path(sys.argv[1]), sys.argv[2] if len(sys.argv) > 2 else "default")))
