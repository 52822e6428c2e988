"""The ranker: scores for candidate sentences and passages, from a model file or the hand-tuned weights.

A model file (JSON, written by `qabot train-ranker`) holds two models over `index.search.features`:
a linear sentence scorer (which sentence of a passage answers: the highlight) and a passage scorer
(which passage answers: linear, or LightGBM trees kept as LightGBM's own text format). The packaged
model, `ranker_model.json` beside this module, was trained on SQuAD v1.1 dev half A (`make
train-ranker`). `QABOT_RANKER=hand-tuned` ranks with the weights the project used before, over the
same features: the fallback when the model file is missing or broken.
"""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from index.errors import QabotError
from index.search.answer_types import AnswerType
from index.search.features import PASSAGE_FEATURES, SENTENCE_FEATURES
from index.settings import HAND_TUNED, LEARNED

MODEL_FORMAT = "qabot-ranker"
MODEL_VERSION = 1
PACKAGED_MODEL = Path(__file__).resolve().with_name("ranker_model.json")


class RankerFileError(QabotError):
    """A ranker model file that is missing or unreadable; the message names the file and the fallback."""


class PassageModel(Protocol):
    def scores(self, features: np.ndarray) -> np.ndarray: ...

    def to_json(self) -> dict[str, Any]: ...


class LinearModel:
    """Scores as a weighted sum of features (standardisation is folded into the weights)."""

    def __init__(self, weights: np.ndarray, bias: float = 0.0) -> None:
        self.weights = np.asarray(weights, dtype=np.float32)
        self.bias = float(bias)

    def scores(self, features: np.ndarray) -> np.ndarray:
        result: np.ndarray = features @ self.weights + self.bias
        return result

    def to_json(self) -> dict[str, Any]:
        return {"kind": "linear", "weights": [float(w) for w in self.weights], "bias": self.bias}


class BoostedModel:
    """LightGBM trees; one thread per prediction (a few dozen rows: threads cost more than they save).

    Scores are the trees' raw sums: a ranking objective has no output transform, and asking for raw
    scores skips LightGBM's conversion step (0.14 → 0.09 ms for 40 rows, the same values)."""

    def __init__(self, model: str) -> None:
        import lightgbm

        self.model = model
        self._booster = lightgbm.Booster(model_str=model)
        self._lock = threading.Lock()  # a Booster's predict is not documented as thread-safe

    def scores(self, features: np.ndarray) -> np.ndarray:
        with self._lock:
            result = self._booster.predict(features, raw_score=True, num_threads=1)
        return np.asarray(result, dtype=np.float32)

    def to_json(self) -> dict[str, Any]:
        return {"kind": "lightgbm", "model": self.model}


# The kinds of answer whose cue the highlight prefers (see `Ranker.cue_preference`): on SQuAD half A,
# preferring a cue within 1.0 of the best sentence's score raised the highlight's hit rate for when,
# how-many and why questions (0.920 → 0.929, 0.889 → 0.893, 0.869 → 0.889) and lowered it for who.
PREFERRED_CUES = (AnswerType.DATE, AnswerType.NUMBER, AnswerType.CAUSE)


class Ranker:
    def __init__(
        self,
        name: str,
        sentence: LinearModel,
        passage: PassageModel,
        cue_preference: float = 0.0,
        pair_margin: float = 0.0,
    ) -> None:
        """`cue_preference`: how far below the best sentence (in sentence-score units) a sentence holding
        the asked-for kind of answer (`PREFERRED_CUES`) may score and still be the highlight.
        `pair_margin`: how far below it its better neighbour may score and still be highlighted with it
        (0: the highlight is always one sentence)."""
        self.name = name
        self.sentence = sentence
        self.passage = passage
        self.cue_preference = cue_preference
        self.pair_margin = pair_margin

    def highlight_scores(self, scores: np.ndarray, cues: np.ndarray, kind: AnswerType) -> np.ndarray:
        """Sentence scores for choosing the highlight: the cue-holding sentences raised."""
        if self.cue_preference <= 0 or kind not in PREFERRED_CUES:
            return scores
        raised: np.ndarray = scores + self.cue_preference * (cues > 0)
        return raised

    def sentence_scores(self, features: np.ndarray) -> np.ndarray:
        return self.sentence.scores(features)

    def passage_scores(self, features: np.ndarray) -> np.ndarray:
        return self.passage.scores(features)

    def to_json(self, about: dict[str, Any] | None = None) -> dict[str, Any]:
        return {
            "format": MODEL_FORMAT,
            "version": MODEL_VERSION,
            "about": about or {},
            "sentence_features": list(SENTENCE_FEATURES),
            "passage_features": list(PASSAGE_FEATURES),
            "sentence": self.sentence.to_json(),
            "passage": self.passage.to_json(),
            "highlight": {"cue_preference": self.cue_preference, "pair_margin": self.pair_margin},
        }

    def save(self, path: Path, about: dict[str, Any] | None = None) -> None:
        path.write_text(json.dumps(self.to_json(about), indent=1, sort_keys=True) + "\n", encoding="utf-8")


def _weights(names: tuple[str, ...], **given: float) -> np.ndarray:
    weights = np.zeros(len(names), dtype=np.float32)
    for name, weight in given.items():
        weights[names.index(name)] = weight
    return weights


def hand_tuned() -> Ranker:
    """The weights tuned by hand on the seed questions and a third of SQuAD half A (before issue 15)."""
    sentence = LinearModel(_weights(SENTENCE_FEATURES, sentence_similarity=0.5, sentence_coverage=0.2))
    passage = LinearModel(
        _weights(
            PASSAGE_FEATURES,
            passage_similarity=0.3,
            bm25_share=0.1,
            passage_coverage=0.3,
            best_sentence_score=1.0,
        )
    )
    return Ranker(HAND_TUNED, sentence, passage)


def load_ranker(path: Path) -> Ranker:
    """The ranker a model file holds; a `RankerFileError` naming the file when it cannot be used."""
    fallback = f"set QABOT_RANKER={HAND_TUNED} to rank with the hand-tuned weights instead"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise RankerFileError(f"The ranker model file {path} is missing; {fallback}.") from None
    except (OSError, UnicodeDecodeError, ValueError) as error:
        raise RankerFileError(f"Cannot read the ranker model file {path} ({error}); {fallback}.") from None
    try:
        if data["format"] != MODEL_FORMAT or data["version"] != MODEL_VERSION:
            raise ValueError(f"not a {MODEL_FORMAT} version {MODEL_VERSION} file")
        if tuple(data["sentence_features"]) != SENTENCE_FEATURES:
            raise ValueError("its sentence features differ from this qabot's")
        if tuple(data["passage_features"]) != PASSAGE_FEATURES:
            raise ValueError("its passage features differ from this qabot's")
        sentence = _linear(data["sentence"], len(SENTENCE_FEATURES))
        passage: PassageModel
        if data["passage"]["kind"] == "lightgbm":
            passage = BoostedModel(str(data["passage"]["model"]))
        else:
            passage = _linear(data["passage"], len(PASSAGE_FEATURES))
        # A model must score a row of features, or it fails here rather than on a question.
        passage.scores(np.zeros((1, len(PASSAGE_FEATURES)), dtype=np.float32))
        highlight = data.get("highlight", {})
        cue_preference = float(highlight.get("cue_preference", 0.0))
        pair_margin = float(highlight.get("pair_margin", 0.0))
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise RankerFileError(f"The ranker model file {path} is not usable: {error}; {fallback}.") from None
    except Exception as error:  # LightGBM raises its own error type on a corrupt model string
        raise RankerFileError(f"The ranker model file {path} is not usable: {error}; {fallback}.") from None
    return Ranker(f"{LEARNED} ({path.name})", sentence, passage, cue_preference, pair_margin)


def _linear(data: dict[str, Any], size: int) -> LinearModel:
    if data["kind"] != "linear" or len(data["weights"]) != size:
        raise ValueError(f"expected a linear model of {size} weights")
    return LinearModel(np.asarray(data["weights"], dtype=np.float32), float(data.get("bias", 0.0)))


def ranker_for(setting: str) -> Ranker:
    """`QABOT_RANKER`: "learned" (the packaged model), "hand-tuned", or the path of a model file."""
    if setting == HAND_TUNED:
        return hand_tuned()
    return load_ranker(PACKAGED_MODEL if setting == LEARNED else Path(setting).expanduser())


__all__ = [
    "HAND_TUNED",
    "LEARNED",
    "PACKAGED_MODEL",
    "BoostedModel",
    "LinearModel",
    "Ranker",
    "RankerFileError",
    "hand_tuned",
    "load_ranker",
    "ranker_for",
]
