"""The ONNX graphs the encoders run, each made once from the installed weights and then reused.

`export_onnx` exports the sentence-transformers model with torch (never from a hub); `quantize_for_questions`
makes an int8 copy of it for questions. Both land in a folder under `$QABOT_HOME/models/` named after
the weights and the settings (`graph_folder`), and in a per-user cache, so another home on the machine
copies them in a fraction of a second instead of making them again.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import tempfile
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

ONNX_OPSET = 17
# The int8 copy's settings are in its name: other settings make another copy.
QUESTION_GRAPH = "questions-int8-per-channel.onnx"


def export_onnx(model_path: Path, target_dir: Path) -> Path:
    """`target_dir/model.onnx`, exported from the local model unless it is already there.

    The graph is sentence-transformers' math (transformer, mean pooling, normalisation) and also
    outputs the contextual token embeddings, from which sentence vectors are pooled.
    """

    def export(temp: Path) -> None:
        transformers_offline()
        import torch
        from transformers import AutoModel

        class MeanPooled(torch.nn.Module):
            """Transformer output averaged over real tokens, then unit length."""

            def __init__(self) -> None:
                super().__init__()
                self.model = AutoModel.from_pretrained(str(model_path), attn_implementation="eager").eval()

            def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any) -> Any:
                hidden = self.model(
                    input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
                ).last_hidden_state
                mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
                mean = (hidden * mask).sum(dim=1) / mask.sum(dim=1).clamp(min=1e-9)
                return torch.nn.functional.normalize(mean, p=2, dim=1), hidden

        sample = torch.ones((2, 8), dtype=torch.int64)
        with torch.no_grad(), warnings.catch_warnings():
            warnings.simplefilter("ignore")  # the exporter's notes on ops it rewrites, not errors
            torch.onnx.export(
                MeanPooled(),
                (sample, sample, torch.zeros_like(sample)),
                str(temp),
                input_names=["input_ids", "attention_mask", "token_type_ids"],
                output_names=["sentence_embedding", "token_embeddings"],
                dynamic_axes={
                    "input_ids": {0: "batch", 1: "tokens"},
                    "attention_mask": {0: "batch", 1: "tokens"},
                    "token_type_ids": {0: "batch", 1: "tokens"},
                    "sentence_embedding": {0: "batch"},
                    "token_embeddings": {0: "batch", 1: "tokens"},
                },
                opset_version=ONNX_OPSET,
                dynamo=False,
            )

    return _made_once(target_dir / "model.onnx", export, f"the ONNX export of {model_path}")


def transformers_offline() -> None:
    """Before loading weights with transformers: no model hub, and no progress bars (a bar on a
    newcomer's first `qabot ask` is noise)."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    from transformers.utils import logging as transformers_logging

    transformers_logging.disable_progress_bar()


def quantize_for_questions(model: Path) -> Path:
    """An int8 copy of the float32 graph beside it (weights per output channel, activations at run time).

    Per-channel int8 weights kept question vectors closer to float32 than per-tensor or uint8 ones (a
    cosine of at least 0.985 on every SQuAD question) and left hit@1 unchanged.
    """

    def quantize(temp: Path) -> None:
        from onnxruntime.quantization import QuantType, quantize_dynamic

        root = logging.getLogger()
        quiet = _DropRecords("pre-processing")  # its advice to run a step this model does not need
        root.addFilter(quiet)
        try:
            quantize_dynamic(model, temp, per_channel=True, weight_type=QuantType.QInt8)
        finally:
            root.removeFilter(quiet)

    return _made_once(model.with_name(QUESTION_GRAPH), quantize, "the int8 copy for questions")


def graph_folder(name: str, model_path: Path) -> str:
    """A folder name that changes whenever the weights or the exporter's settings change."""
    parts = [str(model_path.resolve()), f"opset{ONNX_OPSET}", "outputs:sentence,tokens"]
    for weights in sorted(model_path.glob("*.safetensors")) + sorted(model_path.glob("*.bin")):
        stat = weights.stat()
        parts.append(f"{weights.name}:{stat.st_size}:{int(stat.st_mtime)}")
    digest = hashlib.sha256("|".join(parts).encode()).hexdigest()[:12]
    safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in name)[-60:]
    return f"{safe}-{digest}"


def _made_once(target: Path, make: Callable[[Path], None], what: str) -> Path:
    """`target`, made by `make(temporary path)` unless it is there already or in the per-user cache.

    The file appears atomically: a concurrent process sees none or a whole one.
    """
    if target.is_file():
        return target
    shared = _cache() / target.parent.name / target.name
    if shared.is_file():
        _atomic_copy(shared, target)
        return target
    log.info("Making %s once, into %s.", what, target.parent)
    target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    with tempfile.NamedTemporaryFile(dir=target.parent, delete=False, suffix=".tmp") as handle:
        temp = Path(handle.name)
    try:
        make(temp)
        os.replace(temp, target)
    finally:
        temp.unlink(missing_ok=True)
    try:
        _atomic_copy(target, shared)
    except OSError as error:  # only a cache: the next new home makes it again
        log.info("Could not keep %s in %s: %s", what, shared, error)
    return target


class _DropRecords(logging.Filter):
    def __init__(self, phrase: str) -> None:
        super().__init__()
        self.phrase = phrase

    def filter(self, record: logging.LogRecord) -> bool:
        return self.phrase not in record.getMessage()


def _cache() -> Path:
    import platformdirs

    return Path(platformdirs.user_cache_dir("qabot", appauthor=False)) / "onnx"


def _atomic_copy(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    with tempfile.NamedTemporaryFile(dir=target.parent, delete=False, suffix=".tmp") as handle:
        temp = Path(handle.name)
    try:
        shutil.copyfile(source, temp)
        os.replace(temp, target)
    finally:
        temp.unlink(missing_ok=True)
