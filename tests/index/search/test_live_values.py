"""A value that changes by the minute, asked of now (a share price, an exchange rate, a score, the weather
today), is refused even where a source states a dated figure; what a source reports is still answered."""

from __future__ import annotations

import pytest

from index.ingest.documents import Document
from index.search.live_values import asks_for_live_value
from index.service import QAService

EARNINGS = Document(
    id="tessaro-q2",
    title="Tessaro profit falls 18% as freight rates slide",
    body=(
        "Tessaro Logistics reported an 18% fall in second-quarter profit on Wednesday, as lower freight "
        "rates cut into its margins.\n\n"
        "Shares in Tessaro fell as much as 9.4% to €41.18 in Amsterdam on Wednesday morning, their lowest "
        "level since January.\n\n"
        "The company said the euro's exchange rate against the dollar had cost it €6 million in the "
        "quarter.\n\n"
        "Northgate beat Redbridge 2-1 in the cup semi-final on Tuesday night; the score was 1-1 at half time."
    ),
)

LIVE = [
    "What is Tessaro's share price today?",
    "whats tessaro stock price right now",
    "What is the euro to dollar exchange rate today?",
    "what's the score in the redbridge game tonight",
    "Where is Northgate in the league table right now?",
]
REPORTED = [
    ("What did Tessaro's shares fall to?", "€41.18"),
    ("Why did Tessaro's share price fall today?", "€41.18"),  # asks why, of the report's own "today"
    ("What was the score at half time?", "1-1 at half time"),
    ("How much did the exchange rate cost Tessaro?", "€6 million"),
]


@pytest.fixture
def earnings(service: QAService) -> QAService:
    service.add(EARNINGS, "test")
    return service


@pytest.mark.parametrize("question", LIVE)
def test_a_live_value_asked_of_now_is_refused_though_a_source_states_one(
    earnings: QAService, question: str
) -> None:
    answer = earnings.ask(question)

    assert not answer.answered and answer.quote is None


@pytest.mark.parametrize(("question", "quoted"), REPORTED)
def test_what_a_source_reports_of_prices_rates_and_scores_is_answered(
    earnings: QAService, question: str, quoted: str
) -> None:
    assert quoted in (earnings.ask(question).quote or "")


@pytest.mark.parametrize(
    "question",
    [
        "What's the current rate on a 30-year mortgage?",
        "What is the weather in Amsterdam like at the moment?",
    ],
)
def test_a_rate_on_a_loan_and_the_weather_at_the_moment_are_live_values(question: str) -> None:
    assert asks_for_live_value(question)


@pytest.mark.parametrize(
    "question",
    [
        "How does Sazonov describe Belarus's status today?",  # now, but no value that moves
        "Is there any proof Beijing is really arming Moscow right now?",
        "What is the price cap on Russian oil now?",  # a rule about prices
        "What is the current birth rate in Belarus?",  # a statistic a source reports, not money's rate
        "Who is the current president of Tajikistan?",
        "What did the bank say about the current interest rate?",
        "What was the share price on Wednesday?",  # no word saying now
        "How many shares does Tessaro currently own in Northgate?",  # a stake, not a price
        "What is the IMF's latest growth forecast for Germany?",  # "latest" is the forecast's, reported
        "What is the ticket price for the live concert?",
        "What credit score do I currently need for a mortgage?",
        "What is the current unemployment rate in the euro area?",  # statistics, not money's rate
        "What is the current default rate on student loans?",
        "What is the current tax rate on savings interest?",
        "What is the latest consumer price index for Germany?",
        "What's the latest house price growth?",
        "Is extreme weather becoming more common now?",
        "How does the weather service issue warnings today?",
    ],
)
def test_a_question_that_does_not_ask_a_live_value_now_is_left_to_the_sources(question: str) -> None:
    assert not asks_for_live_value(question)
