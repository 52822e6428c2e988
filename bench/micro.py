"""Part: the choices behind the defaults: torch vs ONNX for questions, and FAISS's OpenMP threads."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import numpy as np

from bench import squad
from bench.stats import percentiles_ms, timed
from index.embedding import Encoder, OnnxEncoder, SentenceTransformerEncoder
from index.settings import DEFAULT_MODEL


def encoders(models_dir: Path, count: int) -> dict[str, Any]:
    _, all_questions = squad.load()
    questions = [q.text for q in squad.spread(all_questions, count)]
    result: dict[str, Any] = {}
    vectors = {}
    encoder: Encoder
    for name, encoder in (
        ("onnx", OnnxEncoder(DEFAULT_MODEL, models_dir)),
        ("torch", SentenceTransformerEncoder(DEFAULT_MODEL)),
    ):
        for question in questions[:10]:
            encoder.encode([question])
        single = timed(lambda q, e=encoder: e.encode([q]), questions)  # type: ignore[misc]
        batches = [questions[i : i + 32] for i in range(0, len(questions) - 31, 32)]
        batched = timed(lambda b, e=encoder: e.encode(b), batches)  # type: ignore[misc]
        vectors[name] = encoder.encode(questions)
        result[name] = {
            "single_ms": percentiles_ms(single),
            "batch32_ms_per_question": round(1000 * sum(batched) / (32 * len(batches)), 2),
        }
    result["min_cosine_onnx_vs_torch"] = round(
        float(np.min(np.sum(vectors["onnx"] * vectors["torch"], axis=1))), 6
    )
    return result


def faiss_threads(passages: int = 100_000, dimension: int = 384) -> dict[str, Any]:
    import faiss

    rng = np.random.default_rng(0)
    vectors = rng.standard_normal((passages, dimension)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    index = faiss.IndexFlatIP(dimension)
    index.add(vectors)
    queries = vectors[:200] + 0.05
    result = {}
    for threads in (1, 2):
        faiss.omp_set_num_threads(threads)
        for query in queries[:10]:
            index.search(query[None, :], 20)
        result[f"exact_{passages // 1000}k_search_ms_{threads}_threads"] = percentiles_ms(
            timed(lambda q: index.search(q[None, :], 20), queries)
        )
    faiss.omp_set_num_threads(1)
    return result


if __name__ == "__main__":
    print(json.dumps({"encoders": encoders(Path(sys.argv[1]), int(sys.argv[2])), "faiss": faiss_threads()}))
