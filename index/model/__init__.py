"""The embedding model: loading it once, running it on the fastest engine, batching questions."""

from index.model.embedder import Embedder
from index.model.encoder import Encoder, Progress, offset_progress, resolve_model_path
from index.model.encoders import DefaultEncoder, shared_encoder
from index.model.onnx_encoder import OnnxEncoder
from index.model.question_batching import BatchingEncoder
from index.model.torch_encoder import SentenceTransformerEncoder, has_bfloat16_units

__all__ = [
    "BatchingEncoder",
    "DefaultEncoder",
    "Embedder",
    "Encoder",
    "OnnxEncoder",
    "Progress",
    "SentenceTransformerEncoder",
    "has_bfloat16_units",
    "offset_progress",
    "resolve_model_path",
    "shared_encoder",
]
