""" "Other passages" under an answer: the passages other than the one the answer quotes, also when the
knowledge base changed since it was given (the question is asked again)."""

from __future__ import annotations

from index.service import Asker, QAService

QUESTION = "Who is Sergei Sazonov?"
TARTU = b"""---
title: Philosophers of Tartu
author: Kai Tamm
published: 2023-01-10
---

Sergei Sazonov is a Russian-born political philosopher who teaches at Estonia's Tartu University and
writes about Russia, Belarus and Kazakhstan.
"""


def test_other_passages_leave_out_the_quoted_one(seeded: QAService) -> None:
    answer = seeded.ask(QUESTION, Asker("test", "reader"))
    assert answer.question_id is not None

    others = seeded.alternatives_for(answer.question_id)

    assert others is not None and others.alternatives
    assert answer.passage_id not in [a.passage_id for a in others.alternatives]


def test_after_a_better_source_is_added_they_hold_it_and_not_the_quoted_one(seeded: QAService) -> None:
    """Asked again, the new article is the best answer: it was left out of "Other passages", and the
    passage the message quotes was shown as another."""
    answer = seeded.ask(QUESTION, Asker("test", "reader"))
    assert answer.question_id is not None and answer.source is not None
    seeded.add_bytes(TARTU, "tartu.md", "test")

    others = seeded.alternatives_for(answer.question_id)

    assert others is not None
    shown = [(a.passage_id, a.source.id) for a in others.alternatives]
    assert answer.passage_id not in [passage for passage, _ in shown]
    assert shown[0][1] == "tartu" and "Tartu University" in others.alternatives[0].quote
