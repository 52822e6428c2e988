"""The learned ranker: the packaged model answers, a missing or broken model file is named in a clear
error, and `QABOT_RANKER=hand-tuned` is the documented way round it."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from bot.settings import Settings
from index.errors import QabotError
from index.search.features import PASSAGE_FEATURES, SENTENCE_FEATURES
from index.search.ranker import (
    HAND_TUNED,
    PACKAGED_MODEL,
    LinearModel,
    Ranker,
    RankerFileError,
    hand_tuned,
    load_ranker,
    ranker_for,
)
from index.service import QAService

RARE_NAME_QUESTION = "Who is Vyacheslav Tseluiko?"
RARE_NAME_ANSWER = "military analyst Vyacheslav Tseluiko"


def test_the_packaged_model_loads_and_answers(seeded: QAService) -> None:
    answer = seeded.ask(RARE_NAME_QUESTION)

    assert seeded._answering.ranker.name.startswith("learned")
    assert answer.answered and answer.quote is not None and RARE_NAME_ANSWER in answer.quote


def test_the_packaged_model_is_declared_package_data() -> None:
    pyproject = (Path(__file__).resolve().parents[3] / "pyproject.toml").read_text()

    assert PACKAGED_MODEL.is_file()
    assert f'"search/{PACKAGED_MODEL.name}"' in pyproject


def test_hand_tuned_weights_are_the_fallback(seeded: QAService, settings: Settings) -> None:
    seeded.settings = settings.model_copy(update={"ranker": HAND_TUNED})

    answer = seeded.ask(RARE_NAME_QUESTION)

    assert seeded._answering.ranker.name == HAND_TUNED
    assert answer.answered and answer.quote is not None and RARE_NAME_ANSWER in answer.quote


def test_a_missing_model_file_is_a_clear_error_naming_it(
    seeded: QAService, settings: Settings, tmp_path: Path
) -> None:
    missing = tmp_path / "no-such-model.json"
    seeded.settings = settings.model_copy(update={"ranker": str(missing)})

    with pytest.raises(QabotError) as raised:
        seeded.ask(RARE_NAME_QUESTION)

    assert str(missing) in str(raised.value) and "missing" in str(raised.value)
    assert "QABOT_RANKER=hand-tuned" in str(raised.value)


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("{not json", "Cannot read"),
        ('{"format": "something-else", "version": 1}', "not usable"),
        ("__features__", "features differ"),
        ("__trees__", "not usable"),
    ],
)
def test_a_broken_model_file_is_a_clear_error_naming_it(tmp_path: Path, content: str, problem: str) -> None:
    path = tmp_path / "model.json"
    good = hand_tuned().to_json()
    if content == "__features__":
        content = json.dumps({**good, "passage_features": [*PASSAGE_FEATURES[:-1], "something new"]})
    elif content == "__trees__":
        content = json.dumps({**good, "passage": {"kind": "lightgbm", "model": "tree\nnonsense"}})
    path.write_text(content)

    with pytest.raises(RankerFileError, match=problem) as raised:
        load_ranker(path)

    assert str(path) in str(raised.value)


def test_a_saved_ranker_loads_back_with_the_same_scores(tmp_path: Path) -> None:
    rng = np.random.default_rng(0)
    ranker = Ranker(
        "learned",
        LinearModel(rng.normal(size=len(SENTENCE_FEATURES)), 0.5),
        LinearModel(rng.normal(size=len(PASSAGE_FEATURES)), -0.25),
        cue_preference=0.75,
        pair_margin=0.5,
    )
    path = tmp_path / "model.json"
    ranker.save(path)
    sentences = rng.normal(size=(7, len(SENTENCE_FEATURES))).astype(np.float32)
    passages = rng.normal(size=(3, len(PASSAGE_FEATURES))).astype(np.float32)

    loaded = ranker_for(str(path))

    np.testing.assert_allclose(
        loaded.sentence_scores(sentences), ranker.sentence_scores(sentences), rtol=1e-5
    )
    np.testing.assert_allclose(loaded.passage_scores(passages), ranker.passage_scores(passages), rtol=1e-5)
    assert (loaded.cue_preference, loaded.pair_margin) == (0.75, 0.5)


def test_a_model_file_from_before_highlight_pairs_highlights_one_sentence(tmp_path: Path) -> None:
    data = json.loads(PACKAGED_MODEL.read_text())
    del data["highlight"]["pair_margin"]
    path = tmp_path / "older.json"
    path.write_text(json.dumps(data))

    assert load_ranker(path).pair_margin == 0.0
    assert load_ranker(PACKAGED_MODEL).pair_margin > 0.0


def test_the_packaged_model_is_what_training_writes() -> None:
    data = json.loads(PACKAGED_MODEL.read_text())

    assert data["passage"]["kind"] == "lightgbm"
    assert data["about"]["trained_on"] == "squad-v1.1-dev-half-a.json.gz"
    assert tuple(data["passage_features"]) == PASSAGE_FEATURES
