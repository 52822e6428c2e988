"""Messages that only acknowledge are not questions: refused with nothing named as closest, alone and in
reply to an answer, while a keyword-only question is still searched."""

from __future__ import annotations

import pytest

from index.search.small_talk import asks_about_now, asks_for_help, is_small_talk
from index.service import Asker, QAService

ACKNOWLEDGEMENTS = ["got it", "interesting", "I see", "Thanks, that's good to know.", "ok i understand"]


@pytest.mark.parametrize("message", ACKNOWLEDGEMENTS)
def test_an_acknowledgement_is_not_answered_from_a_passage_sharing_its_words(
    seeded: QAService, message: str
) -> None:
    # Asked as questions these were answered: "got it" from the tanks Belarus supplied, "interesting"
    # from China not being "interested" in supplying weapons.
    answer = seeded.ask(message, Asker("test", "reader"))

    assert not answer.answered and answer.quote is None
    assert answer.closest == ()
    assert seeded.stats().questions == 0  # nor counted among the unanswered questions


@pytest.mark.parametrize("message", ACKNOWLEDGEMENTS)
def test_an_acknowledgement_in_reply_to_an_answer_is_not_answered(seeded: QAService, message: str) -> None:
    asker = Asker("test", "reader")
    first = seeded.ask("What drones has Russia been using against Ukraine?", asker)

    reply = seeded.ask(message, asker, follow_up_of=first.question_id)

    assert first.answered
    assert not reply.answered and reply.quote is None


def test_keyword_only_questions_are_still_answered(seeded: QAService) -> None:
    assert "Iran admitted supplying the drones" in (seeded.ask("drones iran").quote or "")


@pytest.mark.parametrize(
    "message",
    [
        "really?", "Is that true?", "crazy winter storms",
        # names with digits, and topics made of words that also acknowledge (a review found these refused)
        "T-72A", "S-400", "the 90s", "right to know", "the county fair", "fair", "Wild", "clear", "true",
        # a phrase that thanks beside one that asks
        "no, I mean the drones", "Thanks. Who is Sazonov", "wrong, it was Iran", "ok, drones",
    ],
)  # fmt: skip
def test_a_question_mark_a_digit_or_a_topic_makes_a_question(message: str) -> None:
    assert not is_small_talk(message)


def test_a_tank_named_with_digits_is_answered(seeded: QAService) -> None:
    assert "98 T-72A tanks" in (seeded.ask("T-72A").quote or "")


@pytest.mark.parametrize(
    "message",
    [
        "thank u",
        "many thanks",
        "much appreciated",
        "nice one",
        "ahh ok",
        "hi there",
        "Cool, thanks lol",
        "brb",
        "nvm",
        "Never mind, thanks",
        "ok I'm back",
        "well said",
        "Great answer!",
        "good job",
        "so true",
        "Tell me a joke",
        "tell me a joke lol",
        # several phrases, and verdicts on an answer: under one they were told "I couldn't find that"
        "great answer, thanks",
        "Thanks, that helps!",
        "ok. got it; thanks",
        "bad bot",
        "Wrong.",
    ],
)
def test_acknowledgements_in_other_words_are_small_talk(message: str) -> None:
    assert is_small_talk(message)


@pytest.mark.parametrize(
    "message",
    [
        "help",
        "Help!",
        "help?",
        "hi, what can you do?",
        "can you help me please",
        "hi",
        "Hello there!",
        "hey bot",
    ],
)
def test_asking_for_help_is_not_answered_from_a_passage(seeded: QAService, message: str) -> None:
    # As a question, "help" was answered with "Putin is reluctant to help Armenia…".
    answer = seeded.ask(message, Asker("test", "reader"))

    assert asks_for_help(message)  # it asks for a reply: the help
    assert not answer.answered and answer.quote is None and answer.closest == ()


@pytest.mark.parametrize(
    "question",
    [
        "Who did Putin refuse to help?",
        "help me understand the CSTO",
        "what can you do about drones",
        "hi, who is Sazonov?",
    ],
)
def test_a_question_using_help_words_is_still_a_question(question: str) -> None:
    assert not asks_for_help(question)


@pytest.mark.parametrize(
    "message", ["What news do you have?", "what's the latest news", "what do you know?", "who are you?"]
)
def test_asking_what_the_bot_knows_gets_the_help(seeded: QAService, message: str) -> None:
    # "What news do you have?" was answered with Defense Express's report on Russian aircraft in China.
    answer = seeded.ask(message, Asker("test", "reader"))

    assert asks_for_help(message)
    assert not answer.answered and answer.quote is None and answer.closest == ()


@pytest.mark.parametrize(
    "message",
    [
        "What time is it?",
        "what day is it today",
        "What's today's date?",
        "hi, what year is it now?",
        "is it going to rain tomorrow",
        "whats the weather like today",
        "What is the time in Moscow right now?",
        "what time is it in new york",
        "What's the weather forecast for Glasgow tomorrow?",
        "whats the wether forecast for glasgow tomorow",
        "What's the forecast for tonight?",
    ],
)
def test_asking_about_the_present_moment_is_refused_without_a_closest_source(
    seeded: QAService, message: str
) -> None:
    # "What time is it?" was answered from "Defense Express … reported on Nov. 27" ("times").
    answer = seeded.ask(message, Asker("test", "reader"))

    assert asks_about_now(message)
    assert not answer.answered and answer.quote is None and answer.closest == ()
    assert seeded.stats().questions == 0


@pytest.mark.parametrize(
    "question",
    [
        "What day?",
        "What time was it?",
        "What year?",
        "What time did Iran admit supplying the drones?",
        "What is the weather like in Minsk?",
        "what is it",
        "What year is it in the story?",
        "What time is it in Moscow when the talks begin?",
        "What is the date for the election today?",
        "What did the forecast for Glasgow say about the storm?",
    ],
)
def test_time_words_in_a_question_about_the_sources_are_still_a_question(question: str) -> None:
    # After an answer, "What day?" asks that event's date.
    assert not asks_about_now(question)
