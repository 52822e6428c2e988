"""The faster ways the model runs: int8 questions, bfloat16 bulk passages, and keyword top-k by blocks."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from index.model.encoder import Encoder
from index.model.encoders import BULK_PASSAGES, DefaultEncoder
from index.model.onnx_encoder import MAX_BATCH_TOKENS, OnnxEncoder, _length_buckets
from index.model.onnx_graphs import QUESTION_GRAPH
from index.model.torch_encoder import has_bfloat16_units
from index.search.keyword import TOP_BLOCK, top_rows

QUESTIONS = [
    "Why won't Lukashenko send troops to Ukraine?",
    "Which countries are members of the CSTO?",
    "When did Kazakhstan refuse to recognise the annexation?",
    "who is tseluiko",
    "What did the president of Armenia say about the alliance in November 2022?",
]


@pytest.fixture(scope="module")
def models_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("models")


@pytest.fixture(scope="module")
def default_encoder(models_dir: Path) -> DefaultEncoder:
    return DefaultEncoder("all-MiniLM-L6-v2", models_dir)


def test_questions_run_on_an_int8_copy_close_to_float32(
    default_encoder: DefaultEncoder, encoder: Encoder
) -> None:
    int8 = default_encoder.encode_questions(QUESTIONS)
    float32 = encoder.encode(QUESTIONS)

    cosines = np.sum(int8 * float32, axis=1)
    assert int8.shape == (len(QUESTIONS), 384) and int8.dtype == np.float32
    assert np.all(cosines > 0.98), cosines
    assert not np.allclose(int8, float32, atol=1e-5)  # it is the int8 graph, not the float32 one
    assert np.allclose(np.linalg.norm(int8, axis=1), 1.0, atol=1e-4)


def test_int8_copy_is_made_once_and_reused(default_encoder: DefaultEncoder) -> None:
    default_encoder.encode_questions(QUESTIONS[:1])
    onnx = default_encoder._onnx
    copy = onnx.path.with_name(QUESTION_GRAPH)
    made_at = copy.stat().st_mtime_ns

    again = OnnxEncoder("all-MiniLM-L6-v2", onnx.path.parent.parent)

    assert np.allclose(again.encode_questions(QUESTIONS[:2]), default_encoder.encode_questions(QUESTIONS[:2]))
    assert copy.stat().st_mtime_ns == made_at
    assert copy.stat().st_size < onnx.path.stat().st_size / 3  # int8 weights: a quarter of float32's


def test_questions_fall_back_to_float32_when_no_int8_copy_can_be_made(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def disk_full(model: Path) -> Path:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("index.model.onnx_encoder.quantize_for_questions", disk_full)
    onnx = OnnxEncoder("all-MiniLM-L6-v2", tmp_path / "models")

    vectors = onnx.encode_questions(QUESTIONS)

    assert np.allclose(vectors, onnx.encode(QUESTIONS), atol=1e-6)
    assert "No int8 graph for questions" in caplog.text and "No space left" in caplog.text


def test_bulk_passages_match_the_float32_graph(default_encoder: DefaultEncoder) -> None:
    passage = (
        "Lukashenko has said that Belarus will not send troops. Sending them would split the army. "
        "Analysts doubt that the army would obey."
    )
    spans = [(0, 55), (56, 90), (91, len(passage))]
    bulk = default_encoder.encode_passages([passage] * BULK_PASSAGES, [spans] * BULK_PASSAGES)
    single = default_encoder.encode_passages([passage], [spans])

    (bulk_vector, bulk_sentences), (vector, sentences) = bulk[0], single[0]
    assert len(bulk) == BULK_PASSAGES and bulk_sentences.shape == sentences.shape == (3, 384)
    assert float(bulk_vector @ vector) > 0.999
    assert np.all(np.sum(bulk_sentences * sentences, axis=1) > 0.999)
    # On a CPU with bfloat16 units the bulk work runs under torch in bfloat16; elsewhere on ONNX.
    assert (default_encoder.bulk_encoder() is not None) == has_bfloat16_units()


def test_a_process_that_keeps_its_memory_embeds_bulk_passages_on_the_float32_graph(
    models_dir: Path, default_encoder: DefaultEncoder
) -> None:
    """The bots: torch would stay in memory (400 MB) after one long document."""
    lean = DefaultEncoder("all-MiniLM-L6-v2", models_dir, bulk_with_torch=False)
    passages = [f"Passage {n} says the harbour keeps boat {n} in winter." for n in range(BULK_PASSAGES)]
    spans = [[(0, len(text))] for text in passages]

    vectors = lean.encode_passages(passages, spans)

    assert lean.bulk_encoder() is None
    single = default_encoder.encode_passages(passages[:1], spans[:1])
    assert float(vectors[0][0] @ single[0][0]) > 0.9999  # the same graph as a small batch


@settings(max_examples=200, deadline=None)
@given(
    blocks=st.integers(0, 120),
    extra=st.integers(0, TOP_BLOCK - 1),
    k=st.integers(1, 25),
    nonzero=st.floats(0, 1),
    seed=st.integers(0, 2**32 - 1),
)
def test_top_rows_finds_the_k_best_scores(blocks: int, extra: int, k: int, nonzero: float, seed: int) -> None:
    size = blocks * TOP_BLOCK + extra
    if size < k:
        return
    rng = np.random.default_rng(seed)
    scores = np.where(rng.random(size) < nonzero, rng.integers(1, 30, size), 0).astype(np.float32)

    rows = top_rows(scores, k)

    positive = sorted(s for s in scores.tolist() if s > 0)
    assert len(set(rows.tolist())) == len(rows) == min(k, len(positive))
    assert sorted(scores[rows].tolist()) == positive[len(positive) - len(rows) :]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(min_value=1, max_value=256), min_size=1, max_size=400))
def test_passage_batches_stay_within_their_token_budget(lengths: list[int]) -> None:
    """Memory follows the largest batch (onnxruntime keeps its arena at that size): however long
    the passages, a batch padded to its longest stays within the budget, and every passage is in one."""
    batches = _length_buckets(lengths)

    assert sorted(row for batch in batches for row in batch) == list(range(len(lengths)))
    for batch in batches:
        padded = len(batch) * max(lengths[row] for row in batch)
        assert padded <= MAX_BATCH_TOKENS or len(batch) == 1
