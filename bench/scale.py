"""Parts: synthesise a large knowledge base from a real one, then measure answering on it.

Synthesis: every synthetic passage is three sentences drawn at random from the real SQuAD passages,
with their texts joined (so BM25 sees real vocabulary and lengths) and as its vector the normalised
mean of those sentences' stored embeddings plus Gaussian noise (sigma 0.02 per dimension, which puts
it at a cosine of about 0.9 from the noiseless mean). Synthetic passages carry no sentence vectors; the
real passages (and so every gold answer) stay in. Rows go straight into the database, as `qabot`
would have stored them, and the service then loads its indexes from the database as on any start.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sys
import threading
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
from sqlalchemy import insert, select

from bench import squad
from bench.stats import peak_rss_mb, percentiles_ms, timed
from index.ingest.documents import Document
from index.search.ranker import hand_tuned
from index.service import QAService, migrate
from index.settings import CoreSettings
from index.store import engine as db
from index.store.models import Passage, Source, utcnow
from index.store.spans import decode_spans

SENTENCES_PER_PASSAGE = 3
NOISE = 0.02
SOURCE_SIZE = 50  # synthetic passages per synthetic source, about one long article
CONCURRENT_ASKERS = 32


def _settings(home: Path) -> CoreSettings:
    return CoreSettings(_env_file=None, QABOT_HOME=str(home), DATABASE_URL=None)  # type: ignore[call-arg]


def synthesise(base_home: Path, home: Path, total: int, seed: int = 0) -> dict[str, Any]:
    started = time.perf_counter()
    home.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(base_home / "qabot.db", home / "qabot.db")
    if (base_home / "models").exists() and not (home / "models").exists():
        (home / "models").symlink_to((base_home / "models").resolve())
    engine = db.make_engine(_settings(home).resolved_database_url())
    sessions = db.make_sessionmaker(engine)
    with sessions() as session:
        rows = session.execute(
            select(Passage.text, Passage.sentence_spans, Passage.sentence_embeddings, Passage.embedding_model)
        ).all()
    model = rows[0].embedding_model
    sentence_texts: list[str] = []
    sentence_vectors: list[np.ndarray] = []
    for row in rows:
        spans = decode_spans(row.sentence_spans)
        vectors = np.frombuffer(row.sentence_embeddings, dtype=np.float32).reshape(len(spans), -1)
        sentence_texts.extend(row.text[start:end] for start, end in spans)
        sentence_vectors.extend(vectors)
    pool = np.vstack(sentence_vectors)
    rng = np.random.default_rng(seed)
    missing = total - len(rows)
    made = 0
    while made < missing:
        count = min(SOURCE_SIZE * 1000, missing - made)
        picks = rng.integers(0, len(sentence_texts), (count, SENTENCES_PER_PASSAGE))
        vectors = pool[picks].mean(axis=1) + rng.normal(0, NOISE, (count, pool.shape[1]))
        vectors = (vectors / np.linalg.norm(vectors, axis=1, keepdims=True)).astype(np.float32)
        sources, passages = [], []
        for first in range(0, count, SOURCE_SIZE):
            source_id = f"synthetic-{(made + first) // SOURCE_SIZE:05d}"
            body, offset = [], 0
            for index in range(first, min(first + SOURCE_SIZE, count)):
                text = " ".join(sentence_texts[i] for i in picks[index])
                passages.append({
                    "source_id": source_id, "position": index - first, "start": offset,
                    "end": offset + len(text), "heading": None, "text": text,
                    "embedding": vectors[index].tobytes(), "sentence_spans": "[]",
                    "sentence_embeddings": b"", "embedding_model": model,
                })  # fmt: skip
                body.append(text)
                offset += len(text) + 2
            text = "\n\n".join(body)
            sources.append({
                "id": source_id, "title": f"Synthetic {source_id}", "text": text,
                "content_hash": hashlib.sha256(text.encode()).hexdigest(), "added_at": utcnow(),
                "updated_at": utcnow(),
            })  # fmt: skip
        with sessions.begin() as session:
            session.execute(insert(Source), sources)
            session.execute(insert(Passage), passages)
        made += count
    engine.dispose()
    return {"passages": total, "synthesis_seconds": round(time.perf_counter() - started, 1)}


def prepare(home: Path) -> dict[str, Any]:
    """The first start on a knowledge base: both indexes built from the database, and saved."""
    settings = _settings(home)
    shutil.rmtree(settings.index_dir, ignore_errors=True)  # whatever an earlier part saved
    started = time.perf_counter()
    service = _open_service(settings, answer_cache_size=0)
    service.refresh(force=True)
    service.wait_for_background_work()  # large corpora: the keyword index builds in the background
    seconds = time.perf_counter() - started
    service.close()
    return {"first_start_s": round(seconds, 1), "first_start_peak_rss_mb": peak_rss_mb()}


def measure(home: Path, questions_count: int, asks_per_asker: int, launched_at: float) -> dict[str, Any]:
    """A later start (from the saved indexes), a moderator's add, then answering; `launched_at` is
    when the process was started (time.time())."""
    service = _open_service(_settings(home), answer_cache_size=0)
    started = time.perf_counter()
    service.refresh(force=True)
    load_seconds = time.perf_counter() - started
    service.ask("warm-up question about the loading of the index")
    service.wait_for_background_work()
    state = service.loaded_index
    assert state is not None and state.keywords_ready and len(state.keywords) == state.vectors.count()
    start_to_hybrid = time.time() - launched_at
    change_visible, removal_visible = _change_visible(service)

    _, all_questions = squad.load()
    questions = [q.text for q in squad.spread(all_questions, questions_count)]
    for question in questions[:20]:
        service.ask(question)
    vectors = state.vectors
    answers: list[Any] = []
    latencies = timed(lambda q: answers.append(service.ask(q)), questions)
    gold = [q.source_id for q in squad.spread(all_questions, questions_count)]
    hits = [a.source is not None and a.source.id == g for a, g in zip(answers, gold, strict=True)]
    question_vectors = service.question_encoder.encode(questions)  # as `ask` embeds them
    dense = timed(lambda v: vectors.search(v[None, :], service.config.dense_k), question_vectors)
    keyword = timed(lambda q: state.keywords.search(q, service.config.keyword_k), questions)
    encode = timed(lambda q: service.question_encoder.encode([q]), questions[:100])
    # What the learned ranker costs: the same prepared questions answered with it and with the
    # hand-tuned weights (search, fetch, features and ranking; no encoding, no cache).
    prepared = [p for p in (service.prepare_question(q) for q in questions[:200]) if p is not None]
    hand_tuned_config = replace(service.config, ranker=hand_tuned())
    for item in prepared[:20]:
        service.answer_prepared(item)
        service.answer_prepared(item, hand_tuned_config)
    # Interleaved, question by question, so a change in the machine's load hits both alike.
    learned_ms: list[float] = []
    hand_tuned_ms: list[float] = []
    for item in prepared:
        learned_ms.extend(timed(service.answer_prepared, [item]))
        hand_tuned_ms.extend(timed(lambda p: service.answer_prepared(p, hand_tuned_config), [item]))

    cached_service = _open_service(_settings(home), encoder=service.encoder)
    cached_service.use_loaded_index(state)
    for question in questions[:50]:
        cached_service.ask(question)
    cached = timed(lambda q: cached_service.ask(q), questions[:50])

    per_asker = [
        [all_questions[(asker * 997 + i * 31) % len(all_questions)].text for i in range(asks_per_asker)]
        for asker in range(CONCURRENT_ASKERS)
    ]
    gate = threading.Barrier(CONCURRENT_ASKERS + 1)

    def asker(mine: list[str]) -> None:
        gate.wait()
        for question in mine:
            service.ask(question)

    threads = [threading.Thread(target=asker, args=(mine,)) for mine in per_asker]
    for thread in threads:
        thread.start()
    gate.wait()
    started = time.perf_counter()
    for thread in threads:
        thread.join()
    concurrent_seconds = time.perf_counter() - started
    rss = peak_rss_mb()

    recall = _recall_at_10(service, question_vectors)
    service.close()
    return {
        "passages": vectors.count(),
        "index_kind": vectors.kind,
        "index_load_seconds": round(load_seconds, 2),
        "start_to_hybrid_s": round(start_to_hybrid, 2),
        "change_visible_s": change_visible,
        "removal_visible_s": removal_visible,
        "keyword_segments": state.keywords.segments,
        "answer_ms": percentiles_ms(latencies),
        "hit_at_1": round(sum(hits) / len(hits), 4),
        "answered": round(sum(a.answered for a in answers) / len(answers), 4),
        "cached_answer_ms": percentiles_ms(cached),
        "encode_ms": percentiles_ms(encode),
        "answer_prepared_learned_ms": percentiles_ms(learned_ms),
        "answer_prepared_hand_tuned_ms": percentiles_ms(hand_tuned_ms),
        "dense_search_ms": percentiles_ms(dense),
        "keyword_search_ms": percentiles_ms(keyword),
        "answers_per_s_32_askers": round(CONCURRENT_ASKERS * asks_per_asker / concurrent_seconds, 1),
        "vector_bytes_per_passage": round(vectors.memory_bytes() / max(1, vectors.count()), 1),
        "vector_memory_mb": round(vectors.memory_bytes() / 1_048_576, 1),
        "peak_rss_mb": rss,
        "recall_at_10": recall,
    }


# A moderator's /add on a subject the synthetic passages do not touch, and a question only it answers.
CHANGE = Document(
    id="bench-moderator-add",
    title="The lighthouse of Cape Zelenograd",
    body=(
        "The lighthouse of Cape Zelenograd was first lit in 1911. Its keeper, Anfisa Korzhavina, "
        "climbed the one hundred and four steps of the tower every evening for thirty-one years."
    ),
)
CHANGE_QUESTION = "Who kept the lighthouse of Cape Zelenograd?"
CHANGE_DEADLINE_SECONDS = 120.0


def _change_visible(service: QAService) -> tuple[float, float]:
    """Seconds from a moderator's add until its passage answers, found by keyword and by vector; and
    from its removal until it no longer does (so the questions that follow see the corpus as built)."""
    started = time.perf_counter()
    service.add(CHANGE, actor="bench")
    while not _answers_from_the_change(service):
        if time.perf_counter() - started > CHANGE_DEADLINE_SECONDS:
            raise RuntimeError(f"the added document was not answerable within {CHANGE_DEADLINE_SECONDS} s")
        time.sleep(0.05)
    added = time.perf_counter() - started
    started = time.perf_counter()
    service.remove(CHANGE.id, actor="bench")
    while _answers_from_the_change(service):
        if time.perf_counter() - started > CHANGE_DEADLINE_SECONDS:
            raise RuntimeError(f"the removed document still answered after {CHANGE_DEADLINE_SECONDS} s")
        time.sleep(0.05)
    return round(added, 3), round(time.perf_counter() - started, 3)


def _answers_from_the_change(service: QAService) -> bool:
    answer = service.ask(CHANGE_QUESTION)
    state = service.loaded_index
    assert state is not None
    added = set(state.source_passages.get(CHANGE.id, []))
    by_keyword = added & {p for p, _ in state.keywords.search(CHANGE_QUESTION, service.config.keyword_k)}
    vector = service.question_encoder.encode([CHANGE_QUESTION])
    by_vector = added & {int(i) for i in state.vectors.search(vector, service.config.dense_k)[1][0]}
    return answer.source is not None and answer.source.id == CHANGE.id and bool(by_keyword and by_vector)


def _recall_at_10(service: QAService, question_vectors: np.ndarray) -> float:
    """Approximate against exact search over the stored float vectors (1.0 when the index is exact)."""
    import faiss

    state = service.loaded_index
    assert state is not None
    with service.engine.connect() as connection:
        rows = connection.execute(select(Passage.id, Passage.embedding)).all()
    ids = np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))
    exact = faiss.IndexFlatIP(question_vectors.shape[1])
    exact.add(np.vstack([np.frombuffer(r[1], dtype=np.float32) for r in rows]))
    _, truth = exact.search(question_vectors, 10)
    _, found = state.vectors.search(question_vectors, 10)
    hits = [len(set(ids[t].tolist()) & set(f.tolist())) for t, f in zip(truth, found, strict=True)]
    return round(sum(hits) / (10 * len(hits)), 4)


def _open_service(settings: CoreSettings, **options: Any) -> QAService:
    migrate(settings)
    return QAService(settings, **options)


if __name__ == "__main__":
    command, *args = sys.argv[1:]
    if command == "synthesise":
        print(json.dumps(synthesise(Path(args[0]), Path(args[1]), int(args[2]))))
    elif command == "prepare":
        print(json.dumps(prepare(Path(args[0]))))
    else:
        print(json.dumps(measure(Path(args[0]), int(args[1]), int(args[2]), float(args[3]))))
