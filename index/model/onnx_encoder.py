"""`OnnxEncoder`: the model exported once (from the local weights) to ONNX, run by onnxruntime.

It computes the same vectors as sentence-transformers, about twice as fast per question, and starts
without importing torch.
"""

from __future__ import annotations

import json
import logging
import os
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from index.errors import QabotError
from index.model.encoder import BATCH_SIZE, Progress, Spans, finish_passages, pool_spans, resolve_model_path
from index.model.onnx_graphs import export_onnx, graph_folder, quantize_for_questions

__all__ = ["OnnxEncoder"]

log = logging.getLogger(__name__)

# Questions run on one thread: for a dozen tokens, handing work to a second thread cost more than it
# saved (int8 graph, 300 SQuAD questions: p50 1.5 ms on one thread, 2.2 ms on two without spinning).
QUESTION_THREADS = 1
# A batch holds texts at most this many times longer (in tokens) than its shortest, plus 8.
PADDING_SLACK = 1.25
# And at most this many tokens, padding included: attention's memory grows with the square of a
# batch's length, and onnxruntime keeps its arena at the largest batch's size (64 passages of 256
# tokens drove `kb add` of a token-dense 120 KB file to 1.1 GB).
MAX_BATCH_TOKENS = 64 * 64


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
        return finish_passages(self, texts, spans, result)

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
            or (len(current) + 1) * lengths[row] > MAX_BATCH_TOKENS
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
