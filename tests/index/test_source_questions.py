"""Questions about a source, asked as the chat bots ask them: of the only source a place has, or in
reply to an answer from one of several."""

from __future__ import annotations

from index.service import Asker, QAService
from tests.index.search.test_followup import RESERVOIR


def test_who_wrote_the_only_article_is_answered_with_its_byline(seeded: QAService) -> None:
    answer = seeded.ask("Who is the author of this piece?")

    assert answer.answered and answer.source is not None
    assert answer.quote == answer.source.author == "Oleg Sukhov"


def test_typed_with_slips_the_corrector_reads_it_is_still_about_the_source(seeded: QAService) -> None:
    for typed in ("who wrote thsi article", "whp is the author of htis piece"):
        answer = seeded.ask(typed)

        assert answer.answered and answer.quote == "Oleg Sukhov", typed
    assert seeded.ask("when was ths article publsihed").quote == "5 Dec 2022"


def test_asked_in_reply_to_an_answer_it_means_that_answer_s_source(seeded: QAService) -> None:
    seeded.add_bytes(RESERVOIR, "port-elm-water.md", "test")
    asker = Asker("test", "reader")
    first = seeded.ask("How much water may each household use a day?", asker)
    assert first.answered and first.source is not None and first.source.author == "Ana Writer"

    reply = seeded.ask("Who wrote this article?", asker, follow_up_of=first.question_id)
    date = seeded.ask("when was this published", asker, follow_up_of=first.question_id)

    assert reply.answered and reply.quote == "Ana Writer" and reply.source == first.source
    assert date.answered and date.quote == "1 Jul 2026"


def test_with_several_sources_and_no_answer_to_reply_to_it_is_refused_not_guessed(seeded: QAService) -> None:
    seeded.add_bytes(RESERVOIR, "port-elm-water.md", "test")

    answer = seeded.ask("Who wrote this article?")

    assert not answer.answered and answer.quote is None and answer.closest == ()


def test_asked_in_reply_to_an_answer_whose_source_was_removed_it_names_no_other(seeded: QAService) -> None:
    """The place's only source left, the bundled article, was named as the removed article's writer."""
    seeded.add_bytes(RESERVOIR, "port-elm-water.md", "test")
    asker = Asker("test", "reader")
    first = seeded.ask("How much water may each household use a day?", asker)
    seeded.remove("port-elm-water", "test")

    reply = seeded.ask("Who wrote this article?", asker, follow_up_of=first.question_id)
    date = seeded.ask("When was it published?", asker, follow_up_of=first.question_id)

    assert not reply.answered and not date.answered
    assert seeded.ask("Who wrote this article?").quote == "Oleg Sukhov"  # asked alone: the only source


def test_when_or_where_was_it_published_under_an_answer_names_that_answer_s_source(seeded: QAService) -> None:
    """The answer's passage says nothing of a date, so "it" is the article it quotes."""
    seeded.add_bytes(RESERVOIR, "port-elm-water.md", "test")
    asker = Asker("test", "reader")
    first = seeded.ask("How much water may each household use a day?", asker)

    when = seeded.ask("When was it published?", asker, follow_up_of=first.question_id)
    where = seeded.ask("where was it published", asker, follow_up_of=first.question_id)

    assert when.answered and when.quote == "1 Jul 2026" and when.source == first.source
    assert where.answered and where.quote == "The Elm Gazette"
    assert not seeded.ask("When was it published?", asker).answered  # asked alone, "it" names nothing


def test_who_wrote_it_under_an_answer_is_not_taken_for_the_article_s_author(seeded: QAService) -> None:
    """ "It" may be a letter or a report the answer quoted; its writer is not the article's."""
    seeded.add_bytes(RESERVOIR, "port-elm-water.md", "test")
    asker = Asker("test", "reader")
    first = seeded.ask("How much water may each household use a day?", asker)

    reply = seeded.ask("Who wrote it?", asker, follow_up_of=first.question_id)

    assert reply.quote != "Ana Writer"
