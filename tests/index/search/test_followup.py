"""Follow-ups: a reply to an answer is answered in the context of its question and quoted passage,
through `QAService.ask(..., follow_up_of=...)` as the chat bots call it, with the real model."""

from __future__ import annotations

import pytest

from index.answer import Answer
from index.service import Asker, QAService
from tests.conftest import LONG_READ_QUESTION

# A second source about someone the article quotes: read as context, its question would pull a
# reply towards what the article has Sazonov say.
BIOGRAPHY = b"""---
title: Sergei Sazonov, a biography
---

Sergei Sazonov was born in Perm in 1961 and studied philosophy in Moscow before moving to Estonia.
"""

# An article whose speakers are written as news writes them: before a clause set off by commas, or as
# a paper named once beside a common word ("times") another passage uses.
RESERVOIR = b"""---
title: Port Elm weighs water limits
author: Ana Writer
publisher: The Elm Gazette
published: 2026-07-01
---

The Port Elm council voted on Tuesday to limit each household to 120 liters of water a day, as the
reservoir fell to a quarter of its capacity.

Hydrologist Tomasz Brandt, who studies the Greyfen catchment at Northmere University, told the Gazette
that the reservoir could run dry by December if the autumn rains fail.

Brandt believes a new pipeline would not help before next summer, and he urged the council to repair
its leaking pipes first.

According to the Port Elm Water Authority, the city used 41 million liters a day in July, a third more
than the reservoir can supply.

In May, the Coastal Times reported that the council had ignored two written warnings about the state of
the reservoir from its own engineers.

Brandt said the council should have repaired the pipes two summers ago, when the first warnings came.
Farmers' union spokesman Piet Linde said the wells of the orchards on the northern hills could run dry
even sooner than the reservoir.

Water use in the city has risen four times faster than its population since 2010, mostly in gardens and
swimming pools on the northern hills.
"""


def conversation(service: QAService, question: str, reply: str) -> tuple[Answer, Answer]:
    """The answer to `question`, then to `reply` sent as a reply to it (by the same person)."""
    asker = Asker("test", "reader")
    first = service.ask(question, asker)
    assert first.question_id is not None
    return first, service.ask(reply, asker, follow_up_of=first.question_id)


def test_an_elliptical_reply_is_answered_from_the_answer_it_replies_to(seeded: QAService) -> None:
    # "work" is not in the article: the spelling correction makes it "york" (the New York Times),
    # which must not make the reply look like a new question.
    first, reply = conversation(
        seeded, "What was Putin trying to achieve by invading Ukraine?", "Did it work?"
    )

    assert "it backfired" in (reply.quote or "")
    assert reply.source == first.source
    assert "it backfired" not in (seeded.ask("Did it work?").quote or "")


def test_a_reply_that_asks_why_gets_the_reason_from_the_same_passage(seeded: QAService) -> None:
    _, reply = conversation(seeded, "Has Lukashenko sent Belarusian troops to fight?", "Why not?")

    assert "losing control over his army" in (reply.quote or "")
    assert not seeded.ask("Why not?").answered


@pytest.mark.parametrize(
    ("question", "reply", "answer"),
    [
        (LONG_READ_QUESTION, "What did he get in return?", "given a medal"),
        (LONG_READ_QUESTION, "How was he honoured?", "window in the island church"),
        ("When was the Skerryvane lighthouse built?", "How tall is it?", "48 metres"),
        ("What was Putin trying to achieve by invading Ukraine?", "Did it work?", "it backfired"),
    ],
)
def test_a_reply_in_the_same_passage_highlights_what_it_asks_not_what_was_asked_before(
    long_read: QAService, question: str, reply: str, answer: str
) -> None:
    """The passage was right, but the sentence shown was the one the earlier question asked about (the
    rescue, not the medal)."""
    first, answered = conversation(long_read, question, reply)

    assert answered.passage_id == first.passage_id
    assert answer in (answered.highlight or ""), answered.highlight


def test_a_bare_why_highlights_the_reason_in_the_sentence_just_answered(long_read: QAService) -> None:
    """ "Why?" asks about what was just answered: the earlier sentence, which gives the reason, not the
    passage's other "so that"."""
    _, answered = conversation(long_read, "When was the Skerryvane lighthouse built?", "Why?")

    assert "forty-one lives had been lost" in (answered.highlight or ""), answered.highlight


@pytest.mark.parametrize(
    "reply", ["Who said that?", "Since when?", "when?", "When did that happen?", "According to whom?"]
)
def test_a_reply_asking_who_said_it_or_when_stays_on_the_quoted_passage(
    seeded: QAService, reply: str
) -> None:
    """ "said" and "since" are words the article uses, but a reply made of them names nothing new: it
    went to passages where someone else says something, and a bare "when?" was refused."""
    first, answer = conversation(seeded, "What did the Washington Post report?", reply)

    assert first.quote is not None and "Washington Post" in first.quote
    assert answer.answered and answer.passage_id == first.passage_id, answer.quote


def test_according_to_whom_asks_who_said_what_was_just_quoted(seeded: QAService) -> None:
    """ "According" is a word the article uses: the reply went to "According to Ukrainian political
    analyst Volodymyr Fesenko…" instead of the passage naming who said it."""
    first, answer = conversation(seeded, "Why is Putin perceived as weak?", "according to whom?")

    assert "Oreshkin" in (first.quote or ""), first.quote
    assert answer.answered and answer.passage_id == first.passage_id, answer.quote


@pytest.mark.parametrize(
    ("question", "reply", "answer_holds"),
    [
        ("Which countries recognised the annexation of Crimea?", "So how many is that?", "only eight"),
        ("What did CNN report on Nov. 1?", "Where did it get that from?", "unnamed Western officials"),
    ],
)
def test_a_reply_whose_only_words_are_light_ones_stays_on_the_quoted_passage(
    seeded: QAService, question: str, reply: str, answer_holds: str
) -> None:
    """ "many" and "get" are words the article uses ("many of its former Soviet allies", "get away
    with"), but they name nothing: counted as new, they sent these replies to those passages."""
    first, answer = conversation(seeded, question, reply)

    assert answer.passage_id == first.passage_id and answer_holds in (answer.quote or ""), answer.quote


def test_a_reply_asking_to_hear_more_stays_on_the_quoted_passage(seeded: QAService) -> None:
    first, answer = conversation(seeded, "Who is Sergei Sazonov?", "Tell me about it")

    assert answer.answered and answer.passage_id == first.passage_id, answer.quote


@pytest.mark.parametrize("reply", ["thanks!", "ok", "wow", "lol"])
def test_a_reply_that_asks_nothing_is_not_answered_with_the_quote_again(
    seeded: QAService, reply: str
) -> None:
    _, answer = conversation(seeded, "What drones has Russia been using against Ukraine?", reply)

    assert not answer.answered


def test_a_reply_naming_something_new_is_answered_about_the_earlier_subject(seeded: QAService) -> None:
    first, reply = conversation(seeded, "Who is Sergei Sazonov?", "What does he say about Belarus?")

    assert "Tartu University" in (first.quote or "")
    assert "de facto an occupied country" in (reply.quote or "")


def test_and_a_place_asks_what_the_same_person_says_about_it(seeded: QAService) -> None:
    """It quoted "Meanwhile, Belarus is all in" from a passage about Iran's drones, where Oreshkin is
    not named: the passage where he says no Belarusian soldier has crossed the border is about him."""
    first, answer = conversation(seeded, "What does Oreshkin say about Kazakhstan?", "And Belarus?")

    assert "Oreshkin" in (first.quote or ""), first.quote
    assert answer.answered and "Oreshkin" in (answer.quote or ""), answer.quote
    assert "Belarus" in (answer.quote or ""), answer.quote


@pytest.mark.parametrize(
    ("question", "reply", "expected"),
    [
        ("What does Sazonov say about sanctions evasion?", "And Oreshkin?", "dirt-cheap prices"),
        ("What does Oreshkin say about Belarus?", "And Sazonov?", "de facto an occupied country"),
    ],
)
def test_and_someone_else_asks_what_they_say_about_the_same_thing(
    seeded: QAService, question: str, reply: str, expected: str
) -> None:
    """Replying "And Oreshkin?" quoted '"Kazakhstan is a sovereign state," Oreshkin added', about
    nothing the conversation was about; "And Sazonov?" quoted his introduction, about the CSTO."""
    first, answer = conversation(seeded, question, reply)

    assert first.answered, first.question
    assert answer.answered and expected in (answer.quote or ""), answer.quote


def test_and_something_else_after_a_question_about_a_thing_is_not_held_to_that_thing(
    seeded: QAService,
) -> None:
    """The Lachin corridor is a name but says nothing in the article: held to passages naming it, the
    reply quoted the corridor's seizure again."""
    first, answer = conversation(
        seeded, "When did Azerbaijan seize the Lachin corridor?", "And the fighting with Armenia?"
    )

    assert "Lachin" in (first.quote or ""), first.quote
    assert answer.answered and "hostilities resumed" in (answer.quote or ""), answer.quote


def test_a_reply_naming_what_the_earlier_passage_writes_another_way_can_still_be_answered_there(
    seeded: QAService,
) -> None:
    """That passage writes "United Nations", another "UN": it still holds the reply's other words
    ("vote", "resolutions"), so the reply has not left it."""
    _, answer = conversation(
        seeded,
        "Which CSTO member participated in the invasion of Ukraine?",
        "Did they vote against the UN resolutions?",
    )

    assert "didn't vote against the United Nations resolutions" in (answer.quote or ""), answer.quote


def test_a_reply_that_stands_on_its_own_is_answered_as_if_asked_fresh(seeded: QAService) -> None:
    _, reply = conversation(seeded, "Who is Sergei Sazonov?", "Who is Vyacheslav Tseluiko?")
    fresh = seeded.ask("Who is Vyacheslav Tseluiko?")

    assert "Tseluiko" in (reply.quote or "")
    assert reply.passage_id == fresh.passage_id


def test_an_off_topic_reply_is_refused_even_in_context(seeded: QAService) -> None:
    """The earlier question lends its subject, not relevance: a reply about something else entirely is
    refused. (A reply about the same person that the article does not answer is refused less often:
    6 of the 16 in eval/conversations_unanswerable.jsonl; docs/quality.md.)"""
    first, reply = conversation(seeded, "Who is Sergei Sazonov?", "What's a good recipe for borscht?")

    assert first.answered
    assert not reply.answered and reply.quote is None


@pytest.mark.parametrize(
    ("question", "reply"),
    [
        ("Which newspaper reported that Russia was buying shells from North Korea?", "Who owns it?"),
        ("What did Russia buy from North Korea?", "How much did it pay?"),
        ("Where does Kazakhstan rank among oil producers?", "whats its captial"),
        ("Where does Kazakhstan rank among oil producers?", "What is its capital?"),  # Minsk is Belarus'
    ],
)
def test_a_reply_asking_what_the_quoted_passage_does_not_say_is_refused(
    seeded: QAService, question: str, reply: str
) -> None:
    """The passage about the purchase reported it ("buying millions of … shells"), but says nothing of
    the paper's owner or of a price."""
    first, answer = conversation(seeded, question, reply)

    assert first.answered
    assert not answer.answered and answer.quote is None


@pytest.mark.parametrize(
    ("question", "reply", "expected"),
    [
        ("What is Belarus supplying to Russia?", "What is its capital?", "Minsk, the capital of Belarus"),
        ("What is Kazakhstan's relationship with China?", "Who is its president?", "Kazakh President"),
    ],
)
def test_its_in_a_reply_may_stand_for_any_place_the_earlier_question_named(
    seeded: QAService, question: str, reply: str, expected: str
) -> None:
    _, answer = conversation(seeded, question, reply)

    assert answer.answered and expected in (answer.quote or ""), answer.quote


@pytest.mark.parametrize("reply", ["Who won the 2022 FIFA World Cup?", "What did Messi say about Qatar?"])
def test_a_reply_naming_what_the_knowledge_base_never_mentions_is_refused(
    seeded: QAService, reply: str
) -> None:
    """Names no passage holds make it a question about something else: the earlier question's meaning
    had lifted it over the threshold, and the bot quoted Sazonov again."""
    first, answer = conversation(seeded, "Who is Sergei Sazonov?", reply)

    assert first.answered
    assert not answer.answered and answer.quote is None


def test_why_in_reply_to_a_follow_ups_answer_asks_about_that_answer(seeded: QAService) -> None:
    """The question two replies back names whom "he" is, but "Why?" asks about the answer it replies to:
    it went back to the first answer ("Sergei Sazonov, a Russian-born political philosopher…")."""
    asker = Asker("test", "reader")
    first, second = conversation(seeded, "Who is Sergei Sazonov?", "What does he say about Belarus?")
    assert second.question_id is not None and first.passage_id != second.passage_id

    why = seeded.ask("Why?", asker, follow_up_of=second.question_id)

    assert why.answered and why.passage_id == second.passage_id, why.quote


def _chain_answers(service: QAService, *questions: str) -> list[Answer]:
    """Each question a reply to the answer before it (by the same person); every answer."""
    asker, follows, answers = Asker("test", "reader"), None, []
    for question in questions:
        answers.append(service.ask(question, asker, follow_up_of=follows))
        follows = answers[-1].question_id
    return answers


def _chain(service: QAService, *questions: str) -> Answer:
    """Each question a reply to the answer before it; the last answer."""
    return _chain_answers(service, *questions)[-1]


def test_a_reply_about_a_follow_ups_answer_keeps_whom_the_conversation_is_about(seeded: QAService) -> None:
    """Only a why-question is read against the question it replies to alone, and only when that one
    brought words of its own: "What does he mean by that?" read so went to Belarus's tanks (nothing of
    Sazonov's)."""
    meaning = _chain(
        seeded, "Who is Sergei Sazonov?", "What does he say about Belarus?", "What does he mean by that?"
    )

    assert "T-72A" not in (meaning.quote or "") and "Sazonov" in (meaning.quote or ""), meaning.quote


def test_a_reply_three_answers_deep_still_knows_whom_the_conversation_is_about(seeded: QAService) -> None:
    """ "What does he say about China?" does not say who "he" is; the question before it does. Read
    one question back, "What else does he say?" quoted Oreshkin on China."""
    more = _chain(
        seeded, "Who is Sergei Sazonov?", "What does he say about China?", "Why?", "What else does he say?"
    )

    assert more.answered and "Sazonov" in (more.quote or ""), more.quote
    assert "China could supply weapons" not in (more.quote or "")


def test_after_a_reply_naming_someone_else_what_else_is_about_them(seeded: QAService) -> None:
    """ "And Oreshkin?" moves the conversation on: read with "Who is Sergei Sazonov?" as well, the
    reply quoted Sazonov."""
    more = _chain(seeded, "Who is Sergei Sazonov?", "And Oreshkin?", "What else does he say?")

    assert more.answered and "Oreshkin" in (more.quote or "") and "Sazonov" not in (more.quote or "")


@pytest.mark.parametrize(
    "chain",
    [
        ("Who is Sergei Sazonov?", "What does he say about the CSTO?", "What else does he say?"),
        ("who is oreshkin", "and what does sazonov say about belarus", "why", "what else does he say"),
    ],
)
def test_what_else_follows_the_person_not_what_he_was_asked_about(
    seeded: QAService, chain: tuple[str, ...]
) -> None:
    """The CSTO is a name too: ranked with Sazonov, "What else does he say?" quoted Pashinyan at a CSTO
    summit. Typed in lower case, "sazonov" was no name and the reply went back to Oreshkin."""
    more = _chain(seeded, *chain)

    assert more.answered and "Sazonov" in (more.quote or ""), more.quote


def test_what_else_is_refused_when_only_what_he_was_asked_about_is_left(seeded: QAService) -> None:
    """The article names Fesenko once; other passages name the CSTO, not him."""
    more = _chain(
        seeded, "Who is Volodymyr Fesenko?", "What does he say about the CSTO?", "What else does he say?"
    )

    assert not more.answered, more.quote


def test_asking_what_else_again_and_again_stays_with_the_person_asked_about(seeded: QAService) -> None:
    """The article opens most sentences quoting Oreshkin with his name, so he did not count as a name:
    the second "What else does he say?" quoted Tokayev's challenge to Putin, about Kazakhstan only."""
    answers = _chain_answers(
        seeded, "What does Oreshkin say about Kazakhstan?", *["What else does he say?"] * 3
    )

    answered = [answer for answer in answers[1:] if answer.answered]
    assert len(answered) >= 2
    assert all("Oreshkin" in (answer.quote or "") for answer in answered), [a.quote for a in answered]
    assert len({answer.passage_id for answer in answers if answer.answered}) == len(answered) + 1


@pytest.mark.parametrize(
    ("question", "more"),
    [
        ("What does Oreshkin say about Kazakhstan?", "What else does he say?"),
        ("Who is Vyacheslav Tseluiko?", "Anything else?"),
    ],
)
def test_why_after_asking_for_more_asks_about_the_passage_just_quoted(
    seeded: QAService, question: str, more: str
) -> None:
    """The passage "Anything else?" quoted was chosen for the name it holds, not for the question's
    meaning: read with the question, "Why?" went back to the first answer, below the threshold, and
    was refused."""
    asker = Asker("test", "reader")
    first, second = conversation(seeded, question, more)
    assert second.answered and second.passage_id != first.passage_id

    why = seeded.ask("Why?", asker, follow_up_of=second.question_id)

    assert why.answered and why.passage_id == second.passage_id, why.quote


@pytest.mark.parametrize(
    ("question", "reply"),
    [("Why is Putin perceived as weak?", "How many?"), ("What did Belarus supply to Russia?", "When?")],
)
def test_a_reply_asking_for_a_number_or_date_the_quoted_passage_lacks_is_refused(
    seeded: QAService, question: str, reply: str
) -> None:
    """The passage just quoted was kept up to the threshold for any reply about it, and quoted again
    in answer to "How many?" with no number in it."""
    first, answer = conversation(seeded, question, reply)

    assert first.answered
    assert not answer.answered, answer.quote


@pytest.mark.parametrize(
    ("question", "reply"),
    [
        ("Which countries recognised the annexation of Crimea?", "How many?"),
        ("What did CNN report?", "When?"),
    ],
)
def test_a_reply_asking_for_a_number_or_date_the_quoted_passage_holds_is_answered_from_it(
    seeded: QAService, question: str, reply: str
) -> None:
    first, answer = conversation(seeded, question, reply)

    assert answer.answered and answer.passage_id == first.passage_id, answer.quote


@pytest.mark.parametrize("reply", ["What else does he say?", "what else did he say", "Tell me more"])
def test_a_reply_asking_what_else_quotes_another_passage_about_the_same_person(
    seeded: QAService, reply: str
) -> None:
    """It quoted the passage it had just quoted again."""
    first, answer = conversation(seeded, "What does Oreshkin say about Kazakhstan?", reply)

    assert answer.answered and answer.passage_id != first.passage_id, answer.quote
    assert "Oreshkin" in (answer.quote or ""), answer.quote


@pytest.mark.parametrize("reply", ["Anything else?", "anything else", "anythng else"])
def test_anything_else_finds_the_other_passage_naming_whom_the_question_named(
    seeded: QAService, reply: str
) -> None:
    """The article names Tseluiko twice; the second passage is far from "Who is Vyacheslav Tseluiko?"
    in meaning (below the refusal threshold), but it is about him. Without a question mark the reply
    was taken for chatter and refused."""
    first, answer = conversation(seeded, "Who is Vyacheslav Tseluiko?", reply)

    assert "Tseluiko" in (first.quote or "")
    assert answer.answered and "Iranian missiles are also low-tech" in (answer.quote or ""), answer.quote


def test_asking_what_else_twice_quotes_neither_earlier_passage_again(seeded: QAService) -> None:
    asker = Asker("test", "reader")
    first = seeded.ask("Who is Sergei Sazonov?", asker)
    second = seeded.ask("What else does he say?", asker, follow_up_of=first.question_id)
    third = seeded.ask("What else does he say?", asker, follow_up_of=second.question_id)

    assert len({first.passage_id, second.passage_id, third.passage_id}) == 3
    assert all("Sazonov" in (answer.quote or "") for answer in (second, third)), third.quote


def test_what_else_is_refused_when_nothing_else_names_whom_the_question_named(seeded: QAService) -> None:
    _, answer = conversation(seeded, "Who is Volodymyr Fesenko?", "What else did he say?")

    assert not answer.answered, answer.quote


@pytest.mark.parametrize(
    "question",
    [
        "Who said that China wants a weak Putin?",
        "Which analyst said that Russia's allies are distancing themselves?",
    ],
)
def test_what_else_after_asking_who_said_something_is_about_whom_the_answer_named(
    seeded: QAService, question: str
) -> None:
    """ "He" is whom the answer named (Oreshkin), not whom the question named: "What else did he say?"
    quoted a passage about Putin's former allies, and one about the world distancing itself."""
    first, answer = conversation(seeded, question, "What else did he say?")

    assert "Oreshkin" in (first.quote or ""), first.quote
    assert answer.answered and answer.passage_id != first.passage_id, answer.quote
    assert "Oreshkin" in (answer.quote or ""), answer.quote


def test_what_else_again_after_who_said_something_stays_with_the_speaker(seeded: QAService) -> None:
    """The third answer quoted "He added that Lukashenko…", said by someone else."""
    answers = _chain_answers(
        seeded, "Who said that Putin is now perceived as weak?", *["What else did he say?"] * 2
    )

    assert all(answer.answered and "Oreshkin" in (answer.quote or "") for answer in answers), [
        answer.quote for answer in answers
    ]
    assert len({answer.passage_id for answer in answers}) == 3


def test_what_else_a_source_reported_is_refused_when_it_is_named_once(seeded: QAService) -> None:
    """The article names CNN in one passage: "What else did they report?" quoted it again."""
    first, answer = conversation(
        seeded, "Who reported that Iran was sending more weapons?", "What else did they report?"
    )

    assert "CNN" in (first.quote or ""), first.quote
    assert not answer.answered, answer.quote


@pytest.mark.parametrize(
    "question",
    [
        "Which expert warned that the reservoir could be empty by December?",
        "who said the reservoir could run dry by december",
    ],
)
def test_what_else_finds_a_speaker_written_before_a_clause_set_off_by_commas(
    seeded: QAService, question: str
) -> None:
    """ "Hydrologist Tomasz Brandt, who studies … at Northmere University, told…": the speaker is
    Brandt, not the university; the second passage naming him was not found."""
    seeded.add_bytes(RESERVOIR, "port-elm-water.md", "test")

    first, answer = conversation(seeded, question, "What else did he say?")

    assert "Tomasz Brandt" in (first.quote or ""), first.quote
    assert answer.answered and answer.passage_id != first.passage_id, answer.quote
    assert "Brandt" in (answer.quote or ""), answer.quote


def test_more_from_a_speaker_highlights_what_that_speaker_said(seeded: QAService) -> None:
    """A passage quoting two people was quoted as more from Brandt with the other's line highlighted."""
    seeded.add_bytes(RESERVOIR, "port-elm-water.md", "test")
    answers = _chain_answers(
        seeded, "Who said the reservoir could run dry by December?", *["What else did he say?"] * 2
    )

    assert all(answer.answered for answer in answers), [answer.quote for answer in answers]
    assert all("Brandt" in (answer.highlight or "") for answer in answers[1:]), [a.highlight for a in answers]


def test_what_else_a_paper_reported_needs_its_name_not_a_common_word_in_it(seeded: QAService) -> None:
    """The Coastal Times is named once; "times" in "risen four times faster" is not a name, and that
    passage was quoted as more of what the paper reported."""
    seeded.add_bytes(RESERVOIR, "port-elm-water.md", "test")

    first, answer = conversation(
        seeded,
        "Who reported that the council ignored warnings about the reservoir?",
        "What else did they report?",
    )

    assert "Coastal Times" in (first.quote or ""), first.quote
    assert not answer.answered, answer.quote


def test_who_else_is_still_answered_from_the_passage_that_names_the_others(seeded: QAService) -> None:
    """ "Who else is in it?" asks which others the quoted passage names, not for another passage."""
    first, answer = conversation(seeded, "What military alliance does Moscow lead?", "Who else is in it?")

    assert answer.answered and answer.passage_id == first.passage_id, answer.quote
    assert "Kazakhstan" in (answer.quote or "")


def test_a_reply_to_an_answer_whose_source_was_removed_is_answered_as_if_asked_fresh(
    seeded: QAService,
) -> None:
    seeded.add_bytes(BIOGRAPHY, "sazonov-biography.md", "test")
    first = seeded.ask("Where was Sergei Sazonov born?", Asker("test", "reader"))
    assert "Perm" in (first.quote or "") and first.question_id is not None
    seeded.remove("sazonov-biography", "test")

    reply = seeded.ask("And about China?", Asker("test", "reader"), follow_up_of=first.question_id)
    fresh = seeded.ask("And about China?")

    assert (reply.answered, reply.passage_id) == (fresh.answered, fresh.passage_id)


def test_a_reply_to_an_unknown_question_id_is_answered_as_asked(seeded: QAService) -> None:
    reply = seeded.ask("Who is Vyacheslav Tseluiko?", follow_up_of=987654)

    assert reply.passage_id == seeded.ask("Who is Vyacheslav Tseluiko?").passage_id
