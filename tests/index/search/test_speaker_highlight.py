"""Asked who said something, the highlight names the speaker, not just the words said ('…," he added.')."""

from __future__ import annotations

import numpy as np
import pytest

from index.ingest.sentences import sentence_spans
from index.search.ranking import Candidate, Ranked
from index.search.speaker_highlight import speakers_of_speech, with_speaker
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
_BRANDT = "Harbour engineer Tomasz Brandt told the council that the old wall would fail within a decade. "
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


_HE_ADDED = b'"The stones are moving every winter," he added.'


@pytest.mark.parametrize(
    "passage",
    [
        # "he said Valmora had waited" is his speech, not Valmora's: reach on to whoever "he" is.
        _BRANDT.encode() + b"On Tuesday, he said Valmora had waited far too long to repair it. " + _HE_ADDED,
        _BRANDT.encode() + b"He later said Valmora had waited far too long. " + _HE_ADDED,
        # "he" is no newspaper, body, place or group: reach on past them to whoever "he" is.
        _BRANDT.encode()
        + b"According to the Valmora Gazette, the council ignored all three of his reports.\n\n"
        + _HE_ADDED,
        _BRANDT.encode() + b"The Kremlin said nothing. " + _HE_ADDED,
        _BRANDT.encode() + b"CNN reported the story first. " + _HE_ADDED,
        _BRANDT.encode() + b"Russia's Ministry of Defence said the claims were false. " + _HE_ADDED,
        _BRANDT.encode() + b"Officials said repairs were planned. " + _HE_ADDED,
        # Whoever speaks after the quotation is not its speaker.
        _BRANDT.encode() + b'"The stones are moving every winter," he said. The mayor, Lucia Ferrante, said '
        b"the town would borrow the money over twenty years.",
        # A later sentence of a quotation its speaker opened.
        b'Harbour engineer Tomasz Brandt told the council: "The old wall will fail within a decade. The '
        b'stones are moving every winter."',
        # Quotations in single quotes are speech too.
        _BRANDT.encode() + b"'The sea is rising.' 'The stones are moving every winter,' he added.",
    ],
)
def test_speech_of_no_one_named_reaches_back_to_the_person_who_said_it(
    service: QAService, passage: bytes
) -> None:
    service.add_bytes(_FILLER + passage + b"\n", "wall.md", "cli")

    highlight = service.ask("Who warned that the stones are moving every winter?").highlight or ""

    assert "stones are moving" in highlight
    assert "Tomasz Brandt" in highlight, highlight


@pytest.mark.parametrize(
    "quotation",
    [
        # '"A. B," Brandt said.' is split after "A.": the quotation's speaker follows it.
        b'"The stones are moving every winter. We cannot wait for another storm to finish the job," '
        b"harbour engineer Tomasz Brandt said.",
        b'"The stones are moving every winter. The sea is rising faster than anyone planned for. The '
        b'harbour floods twice a year now. We cannot wait for another storm," harbour engineer Tomasz '
        b"Brandt said.",
        # News opens each paragraph of a long quotation with a quote mark, and closes only the last.
        b'"The stones are moving every winter, and the sea is rising faster than anyone planned.\n\n'
        b'"We cannot wait for another storm to finish the job," harbour engineer Tomasz Brandt said.',
    ],
)
def test_a_quotation_is_not_given_to_whoever_spoke_before_its_speaker_closes_it(
    service: QAService, quotation: bytes
) -> None:
    service.add_bytes(
        _FILLER
        + b"Mayor Lucia Ferrante said the town would borrow the money over twenty years.\n\n"
        + quotation
        + b"\n",
        "wall.md",
        "cli",
    )

    highlight = service.ask("Who said the stones are moving every winter?").highlight or ""

    assert "stones are moving" in highlight
    assert "Ferrante" not in highlight, highlight


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


def _highlighted(question: str, text: str, best: str) -> str:
    """The highlight `with_speaker` gives when the sentence holding `best` ranked best, as `rank` makes it."""
    spans = tuple(sentence_spans(text))
    top = next(i for i, (start, end) in enumerate(spans) if best in text[start:end])
    candidate = Candidate(1, "s", text, None, np.zeros(3), spans, np.zeros((len(spans), 3)))
    scores = np.zeros(len(spans))
    scores[top] = 1.0
    return with_speaker(
        question, Ranked(candidate, 1.0, 1.0, spans[top], spans, scores, top, 700)
    ).highlight_text


@pytest.mark.parametrize(
    "between",
    [
        "Police said Tomasz Brandt, 54, was arrested on Monday.",
        "According to the Kremlin, Tomasz Brandt was never arrested.",
    ],
)
def test_a_body_speaking_of_a_person_is_not_passed_over(between: str) -> None:
    text = f'Mayor Anna Kowalska said the city would cooperate. {between} "I am innocent," he told reporters.'

    assert "Kowalska" not in _highlighted("Who said he was innocent?", text, "innocent")


@pytest.mark.parametrize("name", ["Phil", "Dominic", "Chin", "Hung"])
def test_a_name_opening_a_country_s_is_a_speaker(name: str) -> None:
    text = f'The Bulls lost in Boston. {name} told reporters the team played badly. "We lost," he said.'

    assert f"{name} told reporters" in _highlighted("Who said they lost?", text, "We lost")


@pytest.mark.parametrize("name", ["Jordan", "Moscow"])
def test_a_country_or_capital_speaking_is_neither_the_speaker_nor_passed_over(name: str) -> None:
    # "Jordan said" is a country as often as a man: name no one rather than the wrong one.
    text = f'Coach Phil Jackson said the team trained. {name} said the game was lost. "We lost," he said.'

    assert _highlighted("Who said they lost?", text, "We lost") == '"We lost," he said.'


def test_he_was_not_told_is_not_his_speech() -> None:
    text = (
        "Mayor Lucia Ferrante told the council the town had no money. Tomasz Brandt, the harbour engineer, "
        'was furious when he was not told of the vote. "I was kept in the dark," he said.'
    )

    assert "Ferrante" not in _highlighted("Who said he was kept in the dark?", text, "dark")


@pytest.mark.parametrize(
    "first",
    [
        'Harbour engineer Tomasz Brandt told the council the 12" pipes had cracked.',
        'Harbour engineer Tomasz Brandt told the council: “The wall is old."',
    ],
)
def test_a_stray_quote_mark_opens_no_quotation(first: str) -> None:
    text = first + ' Mayor Lucia Ferrante then left the room in anger. "It is a disgrace," she said.'

    assert "Brandt" not in _highlighted("Who said it is a disgrace?", text, "disgrace")


@pytest.mark.parametrize(
    "credit", ["the mayor said", "a resident told the Valmora Gazette", "a council spokeswoman said"]
)
def test_a_quotation_credited_by_role_is_not_reached_back_from(credit: str) -> None:
    text = f'Mayor Lucia Ferrante opened the meeting. {_BRANDT}"The town has no money for a wall," {credit}.'

    assert "Brandt" not in _highlighted("Who said the town has no money for a wall?", text, "no money")


@pytest.mark.parametrize(
    "quotation", ['"Nobody warned us about the vote," he said.', '"Engineers warned us for years," he said.']
)
def test_a_capitalised_word_in_the_quotation_is_not_its_speaker(quotation: str) -> None:
    assert "Tomasz Brandt" in _highlighted("Who said nobody warned them?", _BRANDT + quotation, "warned us")


@pytest.mark.parametrize(
    "between", ["Officials said repairs were planned. ", "CNN reported the story first. "]
)
def test_what_else_did_he_say_follows_the_person_not_a_body_passed_over(between: str) -> None:
    highlight = _BRANDT + between + '"The stones are moving every winter," he added.'

    assert speakers_of_speech(highlight)[0] == ["Tomasz", "Brandt"]
