"""What the ranking does for a user: right passages for hard questions, tight quotes, honest refusals.

Everything here uses the real model; the knowledge bases are the bundled article or a few paragraphs.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from index.answer import Answer
from index.ingest.documents import Document
from index.search.highlight_spans import highlight_sentences, quote_window
from index.search.keyword import KeywordIndex, defined_acronyms
from index.search.ranking import MAX_QUOTE_CHARS, Candidate, Ranked
from index.service import QAService
from tests.index.ingest.test_chunking import INTERVIEW

# One paragraph, far over the passage limit, about unrelated things: each sentence is only itself.
LONG_PARAGRAPH = " ".join(
    [
        "The harbour of Valmora was dredged in 1911 to admit steamships.",
        "Its lighthouse keeper, Ines Duarte, kept a logbook of every ship for forty years.",
        "The town's bakery is famous for a rye bread flavoured with caraway and honey.",
        "A narrow-gauge railway once carried marble from the quarries at Serrabella to the quay.",
        "In winter the bay freezes along its northern edge, and children skate there.",
        "The municipal orchestra rehearses on Thursdays in the old customs house.",
        "Fishermen land mostly sardines and mackerel, sold at dawn in the covered market.",
        "A storm in 1953 destroyed the wooden pier, which was rebuilt in concrete two years later.",
        "The mayor is elected every five years by the town council rather than by direct vote.",
        "Tourists come in August for the festival of lanterns, when boats are lit along the shore.",
        "The local dialect keeps words borrowed from Genoese sailors of the sixteenth century.",
        "A small museum displays the lighthouse lens, made in Paris by the firm of Barbier.",
    ]
)


def test_a_rare_name_is_answered_from_the_passage_that_names_it(seeded: QAService) -> None:
    # The sentence model barely represents "Tseluiko"; keyword coverage finds him.
    answer = seeded.ask("Who is Vyacheslav Tseluiko?")

    assert answer.answered
    assert answer.quote is not None and "military analyst Vyacheslav Tseluiko" in answer.quote


def test_an_acronym_question_gets_the_passage_that_spells_it_out(seeded: QAService) -> None:
    answer = seeded.ask("What is the CSTO?")

    assert answer.answered
    assert answer.quote is not None and "a military alliance that it leads" in answer.quote


@pytest.mark.parametrize(
    "question",
    [
        "What's the weather like in Paris today?",
        "Can you recommend a good laptop for programming?",
        "Who won the football world cup in 1998?",
    ],
)
def test_questions_the_article_cannot_answer_are_refused(seeded: QAService, question: str) -> None:
    answer = seeded.ask(question)

    assert not answer.answered
    assert answer.quote is None


def test_a_question_about_a_long_paragraph_gets_a_verbatim_window_with_ellipses(service: QAService) -> None:
    body = "# Valmora\n\n" + LONG_PARAGRAPH
    service.add(Document(id="valmora", body=body, title="Valmora", publisher="Gazette"), "test")

    answer = service.ask("When was the wooden pier destroyed by a storm?")

    assert answer.answered and answer.quote is not None and answer.highlight is not None
    assert "A storm in 1953 destroyed the wooden pier" in answer.highlight
    assert answer.quote in body, "the quote must be a verbatim slice of the source"
    assert len(answer.quote) <= MAX_QUOTE_CHARS
    assert len(answer.quote) < len(LONG_PARAGRAPH), "a long paragraph is not quoted whole"
    assert answer.quote.endswith((".", "!", "?")), "the window ends at a sentence end"
    shown = answer.display_quote()
    assert shown is not None and answer.quote in shown
    assert answer.cut_before or answer.cut_after
    assert shown.startswith("… ") == answer.cut_before
    assert shown.endswith(" …") == answer.cut_after


def _asked_of(service: QAService, tmp_path: Path, name: str, text: str, question: str) -> Answer:
    """`question` asked of a knowledge base holding the file `name` with `text`."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    service.add_path(path, "cli")
    return service.ask(question)


def test_an_interview_is_answered_from_the_answer_with_the_question_never_highlighted(
    service: QAService, tmp_path: Path
) -> None:
    answer = _asked_of(service, tmp_path, "interview.md", INTERVIEW, "How do coral nurseries work?")

    assert answer.quote is not None and "tree farm under water" in answer.quote
    assert answer.highlight is not None and "?" not in answer.highlight, answer.highlight


def test_a_heading_written_as_a_plain_line_is_never_the_highlight(service: QAService, tmp_path: Path) -> None:
    """A newsletter's section heading in capitals shares every word of the question, and said nothing."""
    letter = (
        "The Allotment Letter, issue 42\n\nWHY TOMATOES SPLIT\n\nTomatoes split when the fruit takes up "
        "water faster than its skin can stretch, usually after heavy rain follows a dry spell. Water "
        "evenly and mulch the bed.\n\nSEED SWAP\n\nThe seed swap is back on the first Saturday of "
        "March, in the church hall from ten until noon.\n"
    )

    answer = _asked_of(service, tmp_path, "letter.txt", letter, "Why do tomatoes split?")

    assert answer.quote is not None and "WHY TOMATOES SPLIT" in answer.quote, answer.quote
    assert answer.highlight is not None and "skin can stretch" in answer.highlight, answer.highlight


def test_a_short_list_item_may_be_the_highlight(service: QAService, tmp_path: Path) -> None:
    """A list's item closing no sentence is no heading: it says what it lists."""
    report = (
        "# Club officers\n\nThe club elected its officers at the annual meeting in January.\n"
        "* Chair: Priya Nair\n* Treasurer: Owen Clarke\n* Ride captain: Julia Stern\n"
        "All three serve for two years and may stand again.\n\n# Rides\n\n"
        "The club's longest ride of the year was the coast-to-coast tour of 240 kilometres.\n"
        "Riders usually cover about 80 kilometres a day on the tour, with stops for lunch.\n"
    )

    answer = _asked_of(service, tmp_path, "club.md", report, "Who is the club's treasurer?")

    assert answer.highlight is not None and "Owen Clarke" in answer.highlight, answer.highlight


def test_a_whole_short_paragraph_is_quoted_without_ellipses(seeded: QAService) -> None:
    answer = seeded.ask("What did Sazonov call Belarus?")

    assert answer.answered and answer.quote is not None
    assert not answer.cut_before and not answer.cut_after
    assert answer.display_quote() == answer.quote


def test_the_quote_window_grows_towards_the_better_neighbour_within_its_budget() -> None:
    spans = [(0, 100), (101, 200), (201, 300), (301, 400), (401, 500)]
    scores = np.asarray([0.1, 0.2, 0.9, 0.1, 0.5])

    assert quote_window(spans, scores, 2, 100) == (201, 300)  # the best sentence alone
    assert quote_window(spans, scores, 2, 200) == (101, 300)  # its better neighbour is before it
    assert quote_window(spans, scores, 2, 300) == (101, 400)
    assert quote_window(spans, scores, 2, 10_000) == (0, 500)
    # A highlight that goes on past a lead-in stays quoted whole, though the sentence before scores higher.
    assert quote_window(spans, scores, 2, 200, through=3) == (201, 400)


def test_a_neighbour_scoring_near_the_best_sentence_is_highlighted_with_it() -> None:
    spans = [(0, 100), (101, 200), (201, 300), (301, 400)]
    scores = np.asarray([0.1, 2.5, 3.0, 2.5])

    assert highlight_sentences(spans, scores, 2, 1.0, 500) == (2, 3)  # a tie goes to the next one
    assert highlight_sentences(spans, scores, 2, 0.4, 500) == (2, 2)  # too far below
    assert highlight_sentences(spans, scores, 2, 1.0, 150) == (2, 2)  # the two would not fit a quote
    assert highlight_sentences(spans, scores, 2, 0.0, 500) == (2, 2)  # pairs turned off
    assert highlight_sentences(spans, np.asarray([0.1, 2.9, 3.0, 0.2]), 2, 1.0, 500) == (1, 2)
    assert highlight_sentences(spans[:1], scores[:1], 0, 1.0, 500) == (0, 0)


def test_a_best_sentence_that_leads_in_is_highlighted_with_the_next_one() -> None:
    spans = [(0, 100), (101, 150), (151, 300), (301, 400)]
    scores = np.asarray([0.1, 3.0, 0.2, 0.1])

    assert highlight_sentences(spans, scores, 1, 1.0, 500) == (1, 1)
    assert highlight_sentences(spans, scores, 1, 1.0, 500, leads_in=True) == (1, 2)
    assert highlight_sentences(spans, scores, 1, 1.0, 150, leads_in=True) == (1, 1)  # would not fit
    assert highlight_sentences(spans, scores[[0, 2, 3, 1]], 3, 1.0, 500, leads_in=True) == (3, 3)  # last


def test_the_quote_holds_a_highlight_that_goes_on_past_a_lead_in() -> None:
    sentences = ["A" * 99, "B" * 99, "Short lead-in.", "C" * 99, "D" * 99]
    text = " ".join(sentences)
    starts = np.cumsum([0] + [len(sentence) + 1 for sentence in sentences[:-1]]).tolist()
    spans = tuple((start, start + len(sentence)) for start, sentence in zip(starts, sentences, strict=True))
    candidate = Candidate(1, "s", text, None, np.zeros(2), spans, np.zeros((5, 2)))
    scores = np.asarray([0.1, 0.3, 0.9, 0.1, 0.1])  # the sentence before the lead-in scores higher
    start, end = highlight_sentences(spans, scores, 2, 0.5, 150, leads_in=True)
    ranked = Ranked(candidate, 1.0, 0.5, (spans[start][0], spans[end][1]), spans, scores, 2, 150)

    assert ranked.highlight_text == f"Short lead-in. {'C' * 99}"
    assert ranked.highlight_text in ranked.quote_text


# A short sentence that repeats the question and says nothing of why; the reason follows it.
SALT_MARCH = Document(
    id="salt-march",
    title="The Salt March",
    body=(
        "The march ended on the beach at Dandi on 6 April 1930, when Gandhi picked up a handful of salty "
        "mud. In material terms it won little, and the salt tax stayed in force until 1946.\n\n"
        "Historians nonetheless see the Salt March as a turning point. It brought millions of villagers, "
        "many of them women, into the independence movement for the first time, and it showed the world "
        "that the empire ruled by force."
    ),
)


# A best sentence of some eighty characters that only sets the scene for the one after it.
LIBRARY_BOOKS = Document(
    id="library-books",
    title="Harbour town news",
    body=(
        "The Harbour Library served the town for ninety years and lent more than two million books.\n\n"
        "After the library shut its doors last spring, the council argued about its books. In the end "
        "every volume went to the school in Kelby, which had asked for them first. The shelves were sold "
        "at auction."
    ),
)


# Best sentences that open by pointing back ("That, he said, …") or only name something ("This year").
POINTING_BACK = Document(
    id="marina-sentence",
    title="Harbour town news",
    body=(
        "The marina's former treasurer was sentenced to 30 months in prison on Friday.\n\n"
        "Judge Okafor noted that she had kept writing checks to the shell company for more than a year "
        "after she joined a recovery programme. That, he said, was the main reason he rejected probation.\n\n"
        "The sailing club lost its summer season. This year the club will run its lessons from the town "
        "beach instead of the docks."
    ),
)


# Short best sentences whose next sentence is no continuation: a question, another paragraph, a list.
NOT_LEADING_IN = Document(
    id="harbour-town",
    title="Harbour town news",
    body=(
        "The Harbour Library served the town for ninety years and lent more than two million books.\n\n"
        "The library closed for good last week. What will the town do without it? Nobody on the council "
        "has said, and the building is already up for sale.\n\n"
        "The dock workers walked out in early May after talks on pay broke down.\n"
        "The strike ended on Friday.\n\n"
        "Meanwhile the port authority fined two shipping firms for dumping fuel in the harbour.\n\n"
        "Bread rises because yeast feeds on the sugars in the flour.\n\n"
        "The dough must rest.\n"
        "* Cover the bowl with a cloth\n"
        "* Leave it in a warm place for an hour"
    ),
)


@pytest.mark.parametrize(
    ("document", "question", "highlight"),
    [
        (
            SALT_MARCH,
            "Why do historians consider the march important?",
            "Historians nonetheless see the Salt March as a turning point. It brought millions of villagers, "
            "many of them women, into the independence movement for the first time, and it showed the world "
            "that the empire ruled by force.",
        ),
        (
            LIBRARY_BOOKS,
            "What became of the library's books?",
            "After the library shut its doors last spring, the council argued about its books. In the end "
            "every volume went to the school in Kelby, which had asked for them first.",
        ),
        (
            POINTING_BACK,
            "Why did the judge turn down probation?",
            "Judge Okafor noted that she had kept writing checks to the shell company for more than a year "
            "after she joined a recovery programme. That, he said, was the main reason he rejected "
            "probation.",
        ),
        (
            POINTING_BACK,
            "Where will the club run its lessons this year?",
            "This year the club will run its lessons from the town beach instead of the docks.",
        ),
        (NOT_LEADING_IN, "Did the library close?", "The library closed for good last week."),
        (NOT_LEADING_IN, "Did the dock strike end?", "The strike ended on Friday."),
        (NOT_LEADING_IN, "What must the dough do?", "The dough must rest."),
    ],
)
def test_a_best_sentence_is_highlighted_with_a_neighbour_only_where_it_leads_in_or_points_back(
    service: QAService, document: Document, question: str, highlight: str
) -> None:
    service.add(document, "test")

    answer = service.ask(question)

    assert answer.answered and answer.highlight == highlight
    assert answer.quote is not None and highlight in answer.quote


def test_an_answer_split_over_two_sentences_is_highlighted_whole(seeded: QAService) -> None:
    # The sentence model scores Oreshkin's claim and his reason about alike; the reason is what answers.
    answer = seeded.ask("What sort of Putin does Beijing want, in Oreshkin's view?")

    assert answer.answered and answer.quote is not None and answer.highlight is not None
    assert "weak, dependent figure" in answer.highlight
    assert answer.highlight in answer.quote


def test_keyword_coverage_weighs_rare_words_and_knows_spelt_out_acronyms() -> None:
    texts = [
        "The Collective Security Treaty Organization (CSTO) is a military alliance led by Russia.",
        "Russia said the CSTO summit failed.",
        "Russia and Belarus signed a trade deal.",
    ]
    keywords = KeywordIndex([10, 11, 12], texts)

    assert defined_acronyms(texts[0]) == {"csto": "Collective Security Treaty Organization"}
    match = keywords.match("What is the CSTO?")
    # Both name the CSTO; only the first also spells it out.
    assert match.coverage(10) > match.coverage(11) > match.coverage(12) == 0.0
    assert match.coverage(11, expanded=False) == 1.0
    # "Russia" is in every passage, "alliance" in one: covering the rare word counts for more.
    alliance = keywords.match("Russia alliance")
    assert alliance.coverage(10) == 1.0
    assert alliance.coverage(12) < 0.5
    # A word the knowledge base has never seen can only lower coverage.
    assert keywords.match("Russia alliance zeppelin").coverage(10) < 1.0
