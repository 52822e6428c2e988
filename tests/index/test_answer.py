"""Answers from the bundled article, with the real model."""

from __future__ import annotations

from index.service import QAService
from tests.conftest import SEED_ID


def test_answer_quotes_the_article_verbatim_with_attribution(seeded: QAService) -> None:
    answer = seeded.ask("Why won't Lukashenko send troops to Ukraine?")

    assert answer.answered
    assert answer.quote is not None and answer.highlight is not None
    assert "losing control over his army" in answer.quote
    assert answer.highlight in answer.quote
    assert answer.source is not None and answer.source.id == SEED_ID
    source_text = (seeded.sources()[0].source, answer.source)
    assert source_text[0] == answer.source
    assert answer.source.attribution() == (
        '— Oleg Sukhov, "How Russia loses allies, influence amid its aggression against Ukraine", '
        "The Kyiv Independent, 5 Dec 2022, "
        "https://kyivindependent.com/how-russia-loses-allies-influence-amid-its-aggression-against-ukraine/"
    )


def test_off_topic_question_is_refused(seeded: QAService) -> None:
    answer = seeded.ask("How many moons does Jupiter have?")

    assert not answer.answered
    assert answer.quote is None and answer.source is None
