"""A question asking for a sum of money, a weight or an age is answered only by a quote giving one."""

from __future__ import annotations

import pytest

from index.search.measures import Measure, asked_measure, holds_measure
from index.service import QAService


@pytest.mark.parametrize(
    ("question", "measure"),
    [
        ("How much does a typical e-bike battery weigh?", Measure.WEIGHT),
        ("how heavy is a full honey box", Measure.WEIGHT),
        ("How much money did the research council put into the study?", Measure.MONEY),
        ("How much did the city of Harwick spend on schools?", Measure.MONEY),
        ("How old was Hannah Pryor when the flood happened?", Measure.AGE),
        ("What was the average age of the participants?", Measure.AGE),
        ("How much time did officials spend on it?", None),
        ("Do visitors know how old the custom really is?", None),
        ("How much did sales rise?", None),
        ("What was the Iron Age?", None),
        ("How much of the budget was spent on roads?", None),
    ],
)
def test_what_a_question_measures(question: str, measure: Measure | None) -> None:
    assert asked_measure(question) is measure


@pytest.mark.parametrize(
    ("quote", "measure"),
    [
        ("The council fined the landlord £1.2 million.", Measure.MONEY),
        ("Francovich could claim 6 million Lira in damages.", Measure.MONEY),
        ("Entry is free, but booking is recommended.", Measure.MONEY),
        ("A full honey box weighs 25 kilograms.", Measure.WEIGHT),
        ("She was 86.", Measure.AGE),
        ("Manning turned 39 in the 2015 off-season.", Measure.AGE),
        ("Comets formed about 4.6 billion years ago.", Measure.AGE),
        ("A day pass costs 22.50 € for adults.", Measure.MONEY),
        ("A day pass costs CHF 40.", Measure.MONEY),
        ("A coffee costs 80p in the canteen.", Measure.MONEY),
        ("The ticket costs 300 kr.", Measure.MONEY),
        ("The statue weighs 225 metric tons.", Measure.WEIGHT),
    ],
)
def test_a_quote_giving_the_measure(quote: str, measure: Measure) -> None:
    assert holds_measure(quote, measure)


@pytest.mark.parametrize(
    ("quote", "measure"),
    [
        ("The study was funded by the Danish Research Council.", Measure.MONEY),
        ("A good pack is rated for between 500 and 1,000 full cycles.", Measure.WEIGHT),
        ("A schoolmistress named Hannah Pryor gathered the older children.", Measure.AGE),
    ],
)
def test_a_quote_giving_another_number_or_none(quote: str, measure: Measure) -> None:
    assert not holds_measure(quote, measure)


def test_a_weight_the_article_does_not_give_is_refused_and_one_it_gives_answered(
    service: QAService,
) -> None:
    battery = (
        b"---\ntitle: Caring for an e-bike battery\n---\n\nA decent lithium-ion pack from a reputable brand "
        b"is rated for between 500 and 1,000 full charge cycles. Store it at about half charge over winter.\n"
    )
    honey = (
        b"---\ntitle: Rooftop honey\n---\n\nA full honey box weighs 25 kilograms, so the beekeepers on "
        b"the roof work in pairs when they lift one.\n"
    )
    service.add_bytes(battery, "battery.md", "cli")
    service.add_bytes(honey, "honey.md", "cli")

    refused = service.ask("How much does a typical e-bike battery weigh?")
    answered = service.ask("How heavy is a full honey box?")

    assert not refused.answered and refused.quote is None
    assert answered.answered and "25 kilograms" in (answered.quote or "")
