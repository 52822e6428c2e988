"""Asked who said something, the highlight names the speaker, not just the words said ('…," he added.')."""

from __future__ import annotations

import pytest

from index.search.speaker_highlight import asks_who_said
from index.service import QAService
from tests.index.search.test_followup import conversation

_HARBOUR = (
    b"---\ntitle: Valmora votes on its sea wall\n---\n\nThe council met on Tuesday to vote on a new sea "
    b"wall for Valmora harbour, after a winter of storms that flooded the fish market twice.\n\n"
    b"Harbour engineer Tomasz Brandt told the council that the old wall would fail within a decade.\n\n"
    b'"The stones are moving every winter," he said. "We cannot wait for another storm to finish the '
    b'job."\n\nThe mayor, Lucia Ferrante, said the town would borrow the money over twenty years. The '
    b"vote passed by nine to two.\n"
)
_FILLER = (
    b"---\ntitle: Valmora votes on its sea wall\n---\n\nThe council met on Tuesday to vote on a new sea "
    b"wall for Valmora harbour, after a winter of storms that flooded the fish market twice and closed the "
    b"ferry for a week.\n\n"
)


@pytest.mark.parametrize(
    ("question", "speaker", "said"),
    [
        ("Who called the Shahed drones a weapon of terror against civilians?", "Vyacheslav Tseluiko",
         "weapon of terror"),
        ("Who said Russia's aggression destroyed integration among former Soviet countries?",
         "Volodymyr Fesenko", "destroyed integration"),
    ],
)  # fmt: skip
def test_who_said_is_highlighted_with_the_sentence_naming_the_speaker(
    seeded: QAService, question: str, speaker: str, said: str
) -> None:
    answer = seeded.ask(question)

    assert answer.answered
    assert speaker in (answer.highlight or ""), answer.highlight
    assert said in (answer.highlight or "")
    assert (answer.highlight or "") in (answer.quote or "")


@pytest.mark.parametrize(
    "question",
    [
        "Who stated that Shahed drones can be used as a weapon of terror against civilians?",
        "Who is quoted as saying Shahed drones can be used as a weapon of terror against civilians?",
        "Who has argued that Shahed drones can be used as a weapon of terror against civilians?",
        "Whose words were that Shahed drones can be used as a weapon of terror against civilians?",
    ],
)
def test_who_said_is_asked_many_ways(seeded: QAService, question: str) -> None:
    answer = seeded.ask(question)

    assert "weapon of terror" in (answer.highlight or ""), answer.highlight
    assert "Tseluiko" in (answer.highlight or ""), answer.highlight


def test_a_speaker_named_two_sentences_back_is_reached(service: QAService) -> None:
    service.add_bytes(_HARBOUR, "harbour.md", "cli")

    answer = service.ask("Who warned that Valmora cannot wait for another storm?")

    assert "Tomasz Brandt" in (answer.highlight or ""), answer.highlight
    assert "another storm" in (answer.highlight or "")


def test_what_else_did_he_say_follows_the_speaker_nearest_the_quotation(service: QAService) -> None:
    service.add_bytes(
        _FILLER + b"Mayor Lucia Ferrante said the town would borrow the money over twenty years, but harbour "
        b"engineer Tomasz Brandt warned the council that the old wall would fail within a decade.\n\n"
        b'"The stones are moving every winter," he said. "We cannot wait for another storm to finish the '
        b'job."\n\n## The engineer\n\nTomasz Brandt has inspected the harbour wall every spring since 2009 '
        b"and has written three reports on its foundations for the port authority.\n\n## The mayor\n\nLucia "
        b"Ferrante was elected mayor in 2019 and promised to keep local taxes low.\n",
        "wall.md",
        "cli",
    )

    first, more = conversation(
        service, "Who warned that Valmora cannot wait for another storm?", "What else did he say?"
    )

    assert "Tomasz Brandt" in (first.highlight or ""), first.highlight
    assert "Brandt" in (more.quote or ""), more.quote
    assert "Ferrante" not in (more.quote or "")


@pytest.mark.parametrize(
    "between",
    [
        # "he said Valmora had waited" is his speech, not Valmora's: reach on to whoever "he" is.
        b"On Tuesday, he said Valmora had waited far too long to repair it. ",
        b"He later said Valmora had waited far too long. ",
        # "he" is no newspaper, body, place or group: reach on past them to whoever "he" is.
        b"According to the Valmora Gazette, the council ignored all three of his reports.\n\n",
        b"The Kremlin said nothing. ",
        b"CNN reported the story first. ",
        b"Moscow said the claims were false. ",
        b"Russia's Ministry of Defence said the claims were false. ",
        b"Officials said repairs were planned. ",
    ],
)
def test_the_speaker_reached_back_to_is_a_person_saying_something(service: QAService, between: bytes) -> None:
    service.add_bytes(
        _FILLER + b"Harbour engineer Tomasz Brandt told the council that the old wall would fail within a "
        b"decade. " + between + b'"The stones are moving every winter," he added.\n',
        "wall.md",
        "cli",
    )

    highlight = service.ask("Who warned that the stones are moving every winter?").highlight or ""

    assert "stones are moving" in highlight
    assert "Tomasz Brandt" in highlight, highlight


def test_a_quotation_named_after_it_is_not_given_to_whoever_spoke_before(service: QAService) -> None:
    """'"A. B," Brandt said.' is split after "A.": the quotation's speaker follows it."""
    service.add_bytes(
        _FILLER + b"Mayor Lucia Ferrante said the town would borrow the money over twenty years.\n\n"
        b'"The stones are moving every winter. We cannot wait for another storm to finish the job," '
        b"harbour engineer Tomasz Brandt said.\n",
        "wall.md",
        "cli",
    )

    highlight = service.ask("Who said the stones are moving every winter?").highlight or ""

    assert "stones are moving" in highlight
    assert "Ferrante" not in highlight, highlight


def test_a_long_quotation_is_given_to_whoever_closes_it(service: QAService) -> None:
    service.add_bytes(
        _FILLER + b"Mayor Lucia Ferrante said the town would borrow the money over twenty years.\n\n"
        b'"The stones are moving every winter. The sea is rising faster than anyone planned for. The '
        b'harbour floods twice a year now. We cannot wait for another storm," harbour engineer Tomasz '
        b"Brandt said.\n",
        "wall.md",
        "cli",
    )

    highlight = service.ask("Who warned that the stones are moving every winter?").highlight or ""

    assert "stones are moving" in highlight
    assert "Ferrante" not in highlight, highlight


def test_someone_speaking_after_the_quotation_is_not_its_speaker(service: QAService) -> None:
    service.add_bytes(
        _FILLER + b"Harbour engineer Tomasz Brandt told the council that the old wall would fail within a "
        b'decade. "The stones are moving every winter," he said. The mayor, Lucia Ferrante, said the town '
        b"would borrow the money over twenty years.\n",
        "wall.md",
        "cli",
    )

    highlight = service.ask("Who warned that the stones are moving every winter?").highlight or ""

    assert "stones are moving" in highlight
    assert "Tomasz Brandt" in highlight, highlight


@pytest.mark.parametrize(
    "quotation",
    [
        # A later sentence of a quotation its speaker opened.
        b'Harbour engineer Tomasz Brandt told the council: "The old wall will fail within a decade. The '
        b'stones are moving every winter."',
        # Quotations in single quotes are speech too.
        b"Harbour engineer Tomasz Brandt told the council that the old wall would fail within a decade. "
        b"'The sea is rising.' 'The stones are moving every winter,' he added.",
    ],
)
def test_speech_of_no_one_named_reaches_back_to_its_speaker(service: QAService, quotation: bytes) -> None:
    service.add_bytes(_FILLER + quotation + b"\n", "wall.md", "cli")

    highlight = service.ask("Who warned that the stones are moving every winter?").highlight or ""

    assert "stones are moving" in highlight
    assert "Tomasz Brandt" in highlight, highlight


def test_what_else_did_he_say_follows_whoever_the_highlight_has_speaking_first(service: QAService) -> None:
    service.add_bytes(
        _FILLER + b"Harbour engineer Tomasz Brandt warned that the old wall would fail within a decade, "
        b"a danger that Mayor Lucia Ferrante denied.\n\n"
        b"## The engineer\n\nTomasz Brandt has inspected the harbour wall every spring since 2009 and has "
        b"written three reports on its foundations for the port authority.\n\n## The mayor\n\nLucia "
        b"Ferrante was elected mayor in 2019 and promised to keep local taxes low.\n",
        "wall.md",
        "cli",
    )

    first, more = conversation(
        service, "Who warned that the old wall would fail within a decade?", "What else did he say?"
    )

    assert "Tomasz Brandt" in (first.highlight or ""), first.highlight
    assert "Brandt" in (more.quote or ""), more.quote
    assert "Ferrante" not in (more.quote or ""), more.quote


def test_a_question_about_what_was_said_keeps_its_own_highlight(service: QAService) -> None:
    service.add_bytes(_HARBOUR, "harbour.md", "cli")

    answer = service.ask("What is moving every winter?")

    assert "The stones are moving every winter" in (answer.highlight or ""), answer.highlight
    assert "Tomasz Brandt" not in (answer.highlight or "")


@pytest.mark.parametrize(
    "question",
    [
        "Who said that Putin is losing allies?",
        "who said putin will keep losing allies",
        "Which Ukrainian analyst argued that integration was destroyed?",
        "According to whom is Belarus an occupied country?",
        "Who also warned that the wall would fail?",
        "Who stated that Putin is losing allies?",
        "Which Russian-born philosopher says nobody likes the losing side?",
        "Who reported that Iran was sending more weapons?",
        "Who was the analyst who said Putin is losing allies?",
        "Who else warned that the wall would fail?",
        "Who famously said that Putin is losing allies?",
        "And who said Putin is losing allies?",
        "Do you know who said Putin is losing allies?",
        "Who's quoted as saying Putin is losing allies?",
        "Who pointed out that Putin is losing allies?",
        "Who explained that the wall would fail?",
        "Who called the Shahed drones a weapon of terror?",
        "Who described the drones as a weapon of terror?",
    ],
)
def test_questions_asking_who_said_something(question: str) -> None:
    assert asks_who_said(question)


@pytest.mark.parametrize(
    "question",
    [
        "What did Tesla claim to perfect while at the exchange?",
        "Who did Tesla call in the middle of the night?",
        "What was media day called for Super Bowl 50?",
        "Which company sponsored a contest called Small Business Big Game?",
        "Who is the leader of Belarus?",
        "Who was called to the inquest?",
        "Where does the analyst who said Putin is weak work?",
        "Who according to Sazonov is an occupied country?",
        "Who called the fire brigade?",
        "Who called for a ceasefire?",
        "Who wrote Harry Potter?",
        "Who reported the crash to police?",
        "Who described the scene?",
    ],
)
def test_questions_asking_what_was_said_or_of_whom(question: str) -> None:
    assert not asks_who_said(question)
