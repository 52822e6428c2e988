"""Part: the choices behind the defaults: how questions and passages are embedded, and FAISS's threads."""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from bench import squad
from bench.stats import percentiles_ms, timed
from index.ingest.chunking import chunk_text
from index.ingest.sentences import sentence_spans
from index.model.onnx_encoder import OnnxEncoder
from index.model.torch_encoder import SentenceTransformerEncoder, has_bfloat16_units
from index.settings import DEFAULT_MODEL

PASSAGES = 600  # passages embedded per way of embedding them


def questions(models_dir: Path, count: int) -> dict[str, Any]:
    """One question at a time and in batches of 32, by each engine; and how far the vectors drift."""
    _, all_questions = squad.load()
    texts = [q.text for q in squad.spread(all_questions, count)]
    onnx = OnnxEncoder(DEFAULT_MODEL, models_dir)
    torch_encoder = SentenceTransformerEncoder(DEFAULT_MODEL)
    ways: dict[str, Callable[[Sequence[str]], np.ndarray]] = {
        "onnx_int8": onnx.encode_questions,  # what answering uses
        "onnx_float32": onnx.encode,
        "torch_float32": torch_encoder.encode,
    }
    result: dict[str, Any] = {}
    vectors = {}
    for name, encode in ways.items():
        for text in texts[:10]:
            encode([text])
        single = timed(lambda t, e=encode: e([t]), texts)  # type: ignore[misc]
        batches = [texts[i : i + 32] for i in range(0, len(texts) - 31, 32)]
        batched = timed(lambda b, e=encode: e(b), batches)  # type: ignore[misc]
        vectors[name] = encode(texts)
        result[name] = {
            "single_ms": percentiles_ms(single),
            "batch32_ms_per_question": round(1000 * sum(batched) / (32 * len(batches)), 2),
        }
    for name in ("onnx_int8", "onnx_float32"):
        result[f"min_cosine_{name}_vs_torch"] = round(
            float(np.min(np.sum(vectors[name] * vectors["torch_float32"], axis=1))), 6
        )
    return result


def passages(models_dir: Path) -> dict[str, Any]:
    """Passages a second, with their sentence vectors, by each engine (model loading excluded)."""
    documents, _ = squad.load()
    texts, spans = [], []
    for document in documents:
        for chunk in chunk_text(document.body):
            texts.append(chunk.text)
            spans.append(
                [
                    (s - chunk.start, e - chunk.start)
                    for s, e in sentence_spans(document.body, chunk.start, chunk.end)
                ]
            )
    step = max(1, len(texts) // PASSAGES)
    texts, spans = texts[::step][:PASSAGES], spans[::step][:PASSAGES]
    engines: dict[str, Any] = {
        "onnx_float32": OnnxEncoder(DEFAULT_MODEL, models_dir),
        "torch_float32": SentenceTransformerEncoder(DEFAULT_MODEL),
    }
    bfloat16 = has_bfloat16_units()
    if bfloat16:
        engines["torch_bfloat16"] = SentenceTransformerEncoder(DEFAULT_MODEL, bfloat16=True)
    result: dict[str, Any] = {"cpu_has_bfloat16_units": bfloat16}
    vectors = {}
    for name, engine in engines.items():
        engine.encode_passages(texts[:64], spans[:64])  # kernels for the common shapes
        started = time.perf_counter()
        vectors[name] = engine.encode_passages(texts, spans)
        result[f"{name}_passages_per_s"] = round(len(texts) / (time.perf_counter() - started), 1)
    if bfloat16:
        result["min_cosine_bfloat16_vs_float32"] = round(
            min(
                float(a[0] @ b[0])
                for a, b in zip(vectors["torch_bfloat16"], vectors["torch_float32"], strict=True)
            ),
            6,
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
    models, count = Path(sys.argv[1]), int(sys.argv[2])
    print(
        json.dumps(
            {"questions": questions(models, count), "passages": passages(models), "faiss": faiss_threads()}
        )
    )
