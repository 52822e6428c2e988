"""The speed features keep answers the same: ONNX vectors, the approximate index, the cache, batching."""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from bot.settings import Settings
from index.answer import Answer
from index.model.encoder import Encoder, Progress
from index.model.onnx_encoder import OnnxEncoder
from index.search.faiss_index import FaissVectorIndex
from index.search.hidden import Hidden
from index.service import QAService
from tests.conftest import SEED_ID
from tests.support import open_service

LONG_TEXT = "Belarus borders Ukraine and Russia, and its army is small. " * 60  # past 256 tokens
TEXTS = [
    "Why won't Lukashenko send troops to Ukraine?",
    "a",
    "",
    "Ünïcödé — quotes «like these» and emoji 🙂 survive tokenisation.",
    LONG_TEXT,
]


@pytest.fixture(scope="session")
def onnx_encoder(tmp_path_factory: pytest.TempPathFactory) -> OnnxEncoder:
    return OnnxEncoder("all-MiniLM-L6-v2", tmp_path_factory.mktemp("models"))


class CountingEncoder:
    """The real encoder, counting model calls; optionally slow, so concurrent callers must queue."""

    def __init__(self, encoder: Encoder, delay: float = 0.0) -> None:
        self.encoder = encoder
        self.name = encoder.name
        self.dimension = encoder.dimension
        self.delay = delay
        self.batches: list[int] = []

    def encode(self, texts: Sequence[str], progress: Progress | None = None) -> np.ndarray:
        self.batches.append(len(texts))
        time.sleep(self.delay)
        return self.encoder.encode(texts, progress)

    def encode_passages(
        self,
        texts: Sequence[str],
        spans: Sequence[Sequence[tuple[int, int]]],
        progress: Progress | None = None,
    ) -> list[tuple[np.ndarray, np.ndarray]]:
        # Ingestion goes straight through: the wrapped model's passage embedding, stored under its name.
        return self.encoder.encode_passages(texts, spans, progress)  # type: ignore[attr-defined]


def test_onnx_vectors_match_sentence_transformers(onnx_encoder: OnnxEncoder, encoder: Encoder) -> None:
    onnx_vectors = onnx_encoder.encode(TEXTS)
    torch_vectors = encoder.encode(TEXTS)

    cosines = np.sum(onnx_vectors * torch_vectors, axis=1)
    assert onnx_vectors.shape == (len(TEXTS), 384) and onnx_vectors.dtype == np.float32
    assert np.all(cosines > 1 - 1e-4), cosines
    assert np.allclose(np.linalg.norm(onnx_vectors, axis=1), 1.0, atol=1e-5)
    # The name stays the model's, so embeddings stored by either encoder stay valid for the other.
    assert onnx_encoder.name == encoder.name


def test_onnx_export_is_reused_by_the_next_start(onnx_encoder: OnnxEncoder) -> None:
    exported_at = onnx_encoder.path.stat().st_mtime_ns

    again = OnnxEncoder("all-MiniLM-L6-v2", onnx_encoder.path.parent.parent)

    assert again.path == onnx_encoder.path and again.path.stat().st_mtime_ns == exported_at
    assert np.allclose(again.encode(TEXTS[:1]), onnx_encoder.encode(TEXTS[:1]))


def test_onnx_answers_like_sentence_transformers(
    seeded: QAService, settings: Settings, onnx_encoder: OnnxEncoder
) -> None:
    question = "Why won't Lukashenko send troops to Ukraine?"
    expected = seeded.ask(question)

    with_onnx = open_service(settings, encoder=onnx_encoder)
    answer = with_onnx.ask(question)
    with_onnx.close()

    assert answer.quote == expected.quote and answer.source == expected.source
    # Questions run on the int8 copy of the graph: the same answer, relevance within a hair.
    assert answer.score == pytest.approx(expected.score, abs=0.01)


def _clustered(count: int, dimension: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    centres = rng.standard_normal((50, dimension)).astype(np.float32)
    points = centres[rng.integers(0, 50, count)] + 0.3 * rng.standard_normal((count, dimension))
    return (points / np.linalg.norm(points, axis=1, keepdims=True)).astype(np.float32)


def _recall_at_10(
    index: FaissVectorIndex, ids: np.ndarray, vectors: np.ndarray, queries: np.ndarray
) -> float:
    exact = (queries @ vectors.T).argsort(axis=1)[:, ::-1][:, :10]
    _, found = index.search(queries, 10)
    overlaps = [len(set(ids[row]) & set(hits)) / 10 for row, hits in zip(exact, found, strict=True)]
    return float(np.mean(overlaps))


def test_large_index_turns_approximate_and_still_adds_removes_saves_and_loads(tmp_path: Path) -> None:
    dimension = 32
    vectors = _clustered(3000, dimension, seed=1)
    ids = np.arange(3000, dtype=np.int64) * 7 + 100  # passage ids are not 0..n-1
    index = FaissVectorIndex(dimension, exact_limit=1000)

    index.add(ids[:800], vectors[:800])
    assert index.kind == "exact"
    index.add(ids[800:], vectors[800:])
    assert index.kind == "approximate" and index.count() == 3000

    _, top = index.search(vectors[[5, 2500]], 1)
    assert top[:, 0].tolist() == [ids[5], ids[2500]]
    assert _recall_at_10(index, ids, vectors, _clustered(50, dimension, seed=2)) >= 0.9

    index.remove(ids[:10])
    _, hits = index.search(vectors[:10], 10)
    assert not set(hits.ravel().tolist()) & set(ids[:10].tolist())
    assert index.count() == 2990

    index.save(tmp_path / "vectors.faiss")
    loaded = FaissVectorIndex.load(tmp_path / "vectors.faiss", dimension, exact_limit=1000)
    assert loaded is not None and loaded.kind == "approximate" and loaded.count() == 2990
    assert np.array_equal(loaded.search(vectors[10:20], 5)[1], index.search(vectors[10:20], 5)[1])

    extra = _clustered(1, dimension, seed=3)
    loaded.add(np.array([99_999], dtype=np.int64), extra)
    assert loaded.search(extra, 1)[1][0, 0] == 99_999

    loaded.remove(ids[10:2600])  # shrinks below half the limit: exact again, nothing lost
    assert loaded.kind == "exact" and loaded.count() == 401
    _, top = loaded.search(vectors[[2700]], 1)
    assert top[0, 0] == ids[2700]


@pytest.mark.parametrize("exact_limit", [10_000, 1000], ids=["exact", "approximate"])
def test_a_search_leaves_out_hidden_passages_and_still_finds_k(exact_limit: int) -> None:
    dimension = 32
    vectors = _clustered(3000, dimension, seed=4)
    ids = np.arange(3000, dtype=np.int64) * 7 + 100
    index = FaissVectorIndex(dimension, exact_limit=exact_limit)
    index.add(ids, vectors)
    _, nearest = index.search(vectors[[42]], 10)
    communities = np.sort(nearest[0, :8])  # other communities' passages, and the asking place's own:
    own = communities[:2]

    _, shown = index.search(vectors[[42]], 10, Hidden(communities, own))

    found = set(shown[0].tolist())
    assert len(found - {-1}) == 10 and not found & set(communities[2:].tolist())
    assert set(own.tolist()) | set(nearest[0, 8:].tolist()) <= found  # the nearest ones left come first


def test_repeated_question_is_answered_from_the_cache_until_the_knowledge_base_changes(
    settings: Settings, encoder: Encoder, seeded: QAService
) -> None:
    counting = CountingEncoder(encoder)
    service = open_service(settings, encoder=counting)
    question = "What colour is the Varnholm lighthouse?"

    before = service.ask(question)
    calls = len(counting.batches)
    assert service.ask(question) == before
    assert len(counting.batches) == calls  # no model call for a repeat

    # Another process (here a second service on the same database) adds the answer.
    writer = open_service(settings, encoder=encoder)
    writer.add_bytes(
        b"---\ntitle: Varnholm guide\nauthor: A. Keeper\n---\n\n"
        b"The Varnholm lighthouse is painted bright orange so that ships can see it in fog.\n",
        "varnholm.md",
        actor="test",
    )
    writer.close()
    service.refresh(force=True)

    after = service.ask(question)
    service.close()
    assert not before.answered or (before.source is not None and before.source.id == SEED_ID)
    assert after.answered and after.source is not None and after.source.title == "Varnholm guide"
    assert after.quote is not None and "bright orange" in after.quote


def test_concurrent_questions_share_model_calls_and_get_the_same_answers(
    settings: Settings, encoder: Encoder, seeded: QAService
) -> None:
    questions = [
        "Why won't Lukashenko send troops to Ukraine?",
        "What did Sazonov call Belarus?",
        "Which countries are Russia's allies?",
        "How many moons does Jupiter have?",
        "What happened to Russia's influence in Central Asia?",
        "Who wrote about Russia losing allies?",
    ] * 2
    single = {q: seeded.ask(q) for q in questions}

    slow = CountingEncoder(encoder, delay=0.05)
    service = open_service(settings, encoder=slow, answer_cache_size=0)
    service.refresh(force=True)
    start = threading.Barrier(len(questions))
    answers: dict[int, Answer] = {}

    def ask(position: int) -> None:
        start.wait()
        answers[position] = service.ask(questions[position])

    threads = [threading.Thread(target=ask, args=(i,)) for i in range(len(questions))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    service.close()

    assert len(slow.batches) < len(questions)  # questions waiting together went in one model call
    for position, question in enumerate(questions):
        answer, expected = answers[position], single[question]
        assert answer.quote == expected.quote and answer.source == expected.source
        assert answer.score == pytest.approx(expected.score, abs=1e-4)


def test_sentence_vectors_come_from_the_passage_pass(onnx_encoder: OnnxEncoder, encoder: Encoder) -> None:
    text = "Minsk is the capital of Belarus. It has about two million people! The mayor, Dr. Smith, said so."
    spans = [(0, 32), (33, 65), (66, 96)]

    onnx = onnx_encoder.encode_passages([text], [spans])
    torch = encoder.encode_passages([text], [spans])  # type: ignore[attr-defined]

    # The passage vector is the ordinary one; sentence vectors are pooled from its tokens, alike in both.
    assert np.allclose(onnx[0][0], onnx_encoder.encode([text])[0], atol=1e-4)
    assert onnx[0][1].shape == (3, 384)
    assert np.all(np.sum(onnx[0][1] * torch[0][1], axis=1) > 1 - 1e-4)
    assert np.allclose(np.linalg.norm(onnx[0][1], axis=1), 1.0, atol=1e-5)


def test_sentences_cut_off_by_truncation_are_embedded_alone(onnx_encoder: OnnxEncoder) -> None:
    filler = "word " * 400
    text = f"{filler.strip()}. The last sentence is past the model's limit."
    spans = [(0, len(filler.strip()) + 1), (len(filler), len(text))]

    ((_, sentences),) = onnx_encoder.encode_passages([text], [spans])

    assert np.allclose(sentences[1], onnx_encoder.encode([text[spans[1][0] : spans[1][1]]])[0], atol=1e-5)


def test_stored_model_name_says_how_sentences_were_embedded(service: QAService) -> None:
    assert service.model_name == "all-MiniLM-L6-v2+ctx-sentences"
