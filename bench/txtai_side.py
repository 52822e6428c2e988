"""Part: the same passages and questions through txtai (same local MiniLM, its default FAISS index)."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

from sqlalchemy import select

from bench import squad
from bench.stats import peak_rss_mb, percentiles_ms, timed
from index.model.encoder import resolve_model_path
from index.model.onnx_graphs import transformers_offline
from index.settings import DEFAULT_MODEL, CoreSettings
from index.store import engine as db
from index.store.models import Passage


def run(home: Path, questions_count: int) -> dict[str, Any]:
    transformers_offline()  # txtai loads the same local weights, with no hub
    try:
        import txtai
    except ImportError:
        return {"error": "txtai is not installed (pip install -e '.[bench]')"}

    settings = CoreSettings(_env_file=None, QABOT_HOME=str(home), DATABASE_URL=None)  # type: ignore[call-arg]
    engine = db.make_engine(settings.resolved_database_url())
    with db.make_sessionmaker(engine)() as session:
        rows = session.execute(select(Passage.id, Passage.source_id, Passage.text).order_by(Passage.id)).all()
    engine.dispose()
    source_of = {row.id: row.source_id for row in rows}
    _, all_questions = squad.load()
    questions = squad.spread(all_questions, questions_count)

    started = time.perf_counter()
    embeddings = txtai.Embeddings(path=resolve_model_path(DEFAULT_MODEL), content=False)
    load_seconds = time.perf_counter() - started
    started = time.perf_counter()
    embeddings.index([(row.id, row.text, None) for row in rows])
    build_seconds = time.perf_counter() - started

    for question in questions[:20]:
        embeddings.search(question.text, 1)
    results: list[Any] = []
    latencies = timed(lambda q: results.append(embeddings.search(q.text, 1)), questions)
    hits = [
        bool(r) and source_of[int(r[0][0])] == q.source_id for r, q in zip(results, questions, strict=True)
    ]
    return {
        "version": txtai.__version__ if hasattr(txtai, "__version__") else "?",
        "backend": type(embeddings.ann).__name__ if embeddings.ann is not None else "?",
        "passages": len(rows),
        "model_load_seconds": round(load_seconds, 2),
        "build_seconds": round(build_seconds, 2),
        "passages_per_s": round(len(rows) / build_seconds, 1),
        "search_ms": percentiles_ms(latencies),
        "hit_at_1": round(sum(hits) / len(hits), 4),
        "peak_rss_mb": peak_rss_mb(),
    }


if __name__ == "__main__":
    print(json.dumps(run(Path(sys.argv[1]), int(sys.argv[2]))))
