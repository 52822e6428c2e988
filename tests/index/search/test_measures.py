"""A question asking for a sum of money, a weight or an age is answered only by a quote giving one."""

from __future__ import annotations

import pytest

from index.search.measures import Measure, asked_measure, gives_age_of, holds_measure
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
        # in words: "cost twelve million euros" was refused as giving no sum
        ("Restoring the three old locks will cost twelve million euros.", Measure.MONEY),
        ("The fine was seventy-five dollars.", Measure.MONEY),
        ("A grown swan weighs about fourteen kilograms.", Measure.WEIGHT),
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


@pytest.mark.parametrize(
    ("quote", "whom", "gives"),
    [
        ("She works alone except for one apprentice, 23-year-old Tom Ashby.", ("iona", "brackwell"), False),
        ("She works alone except for one apprentice, 23-year-old Tom Ashby.", ("tom", "ashby"), True),
        ("Marjorie Ellen Teague, 58, of Lindell Street, pleaded guilty.", ("luis", "ferreira"), False),
        ("Marjorie Ellen Teague, 58, of Lindell Street, pleaded guilty.", ("teague",), True),
        ("The judge, Harold Okafor, aged 61, said so. Tom Ashby (23) agreed.", ("brackwell",), False),
        ("She was 86.", ("margaret", "hart"), True),
        ("She became lead designer at the age of 44.", ("margaret", "hart"), True),
        ("The substitute, an 18-year-old winger, scored.", ("ebbs",), True),
    ],
)
def test_an_age_asked_of_someone_named_is_not_given_by_ages_written_against_other_names(
    quote: str, whom: tuple[str, ...], gives: bool
) -> None:
    assert holds_measure(quote, Measure.AGE)
    assert gives_age_of(quote, whom) is gives


def test_how_old_someone_is_is_refused_when_only_another_persons_age_is_given(service: QAService) -> None:
    workshop = (
        b"---\ntitle: The violin maker of Kilbarrow\n---\n\nIona Brackwell trained as a furniture maker "
        b"before switching to violins, and she works alone except for one apprentice, 23-year-old Tom "
        b"Ashby, who joined the workshop in 2023.\n"
    )
    service.add_bytes(workshop, "workshop.md", "cli")

    refused = service.ask("How old is Iona Brackwell?")
    answered = service.ask("How old is Tom Ashby?")

    assert not refused.answered and refused.quote is None
    assert answered.answered and "23-year-old Tom" in (answered.quote or "")
