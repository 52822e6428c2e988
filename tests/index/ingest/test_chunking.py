"""Passages read well quoted alone, stay within the length limit, and are verbatim at their offsets."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tokenizers import Tokenizer

from index.ingest.chunking import MAX_PASSAGE_CHARS, chunk_text
from index.ingest.documents import load_path, parse_bytes
from index.ingest.sentences import sentence_spans
from index.model.encoder import resolve_model_path
from index.settings import DEFAULT_MODEL
from tests.conftest import KNOWLEDGE

SEED = KNOWLEDGE / "kyiv-independent-2022-12-05-russia-loses-allies.md"


def test_every_seed_passage_is_a_verbatim_slice_at_its_offsets() -> None:
    body = load_path(SEED).body
    chunks = chunk_text(body)

    for chunk in chunks:
        assert body[chunk.start : chunk.end] == chunk.text
        assert 0 < len(chunk.text) <= MAX_PASSAGE_CHARS
        assert not chunk.text.startswith("#"), "headings are not quoted as passages"


def test_passages_never_cross_a_heading_and_remember_it() -> None:
    body = load_path(SEED).body
    chunks = chunk_text(body)
    china = [c for c in chunks if "Shahed" in c.text]

    assert china and all(c.heading == "Outcast allies: Iran, Belarus, North Korea" for c in china)
    assert all("##" not in c.text for c in chunks)


def test_passages_never_cross_a_heading_that_repeats_the_one_before() -> None:
    chunks = chunk_text("# Day 1\n\nShort note.\n\n# Day 1\n\nAnother note.\n\n# Day 1\n\nThird note.\n")

    assert [c.text for c in chunks] == ["Short note.", "Another note.", "Third note."]
    assert {c.heading for c in chunks} == {"Day 1"}


def test_a_heading_underlined_with_equals_or_dashes_is_a_heading_never_quoted() -> None:
    body = (
        "Tool Library\n============\n\nThe library lends power tools to residents for a yearly fee.\n\n"
        "Opening hours\n-------------\n\nIt is open on Tuesdays from 5 pm to 8 pm.\n\n"
        "That is all for now.\n---\n\nWrite to us with questions.\n\nThe vote passed 12 to 3\n---\n\nDone.\n"
    )

    chunks = chunk_text(body)

    assert [c.heading for c in chunks][:2] == ["Tool Library", "Opening hours"]
    assert not any("===" in c.text or "-----" in c.text for c in chunks)
    quoted = " ".join(c.text for c in chunks)
    assert "That is all for now.\n---" in quoted and "The vote passed 12 to 3\n---" in quoted  # rules


def test_dependent_paragraph_stays_with_the_one_it_depends_on() -> None:
    body = (
        "Russian political analyst Dmitry Oreshkin said the Kremlin is weaker than before the war.\n\n"
        "He added that Russia's arms production is inferior.\n\n"
        "Kazakhstan is the most significant illustration of Russia's waning influence in the region."
    )
    chunks = chunk_text(body)

    assert len(chunks) == 2
    assert "Oreshkin" in chunks[0].text and "He added" in chunks[0].text
    assert chunks[1].text.startswith("Kazakhstan")


INTERVIEW = (
    "KRALENDIJK, Bonaire — Dr. Imani Achterberg has led the island's coral restoration programme since "
    "2019. We spoke at her field station.\n\n"
    "**How does a coral nursery work?**\n\n"
    "Think of it as a tree farm under water. Fragments hang from PVC frames at nine metres and grow for "
    "six to nine months before we plant them on the reef.\n\n"
    "**Who pays for it?**\n\n"
    "Most of the money comes from a dive tax of twenty-five dollars a visitor.\n\n"
    "Failing frames\n\n"
    "Storms broke three frames in 2024, and they were rebuilt with steel."
)


def test_a_question_or_plain_heading_goes_with_the_paragraph_after_it() -> None:
    """An interviewer's question with its answer, not with the answer before it."""
    chunks = [c.text for c in chunk_text(INTERVIEW)]

    assert chunks[1].startswith("**How does a coral nursery work?**") and "tree farm" in chunks[1]
    assert chunks[2].startswith("**Who pays for it?**") and "dive tax" in chunks[2]
    assert chunks[3].startswith("Failing frames") and "Storms" in chunks[3]
    assert not any(c.rstrip("*").endswith("?") for c in chunks)


def test_long_paragraph_is_cut_between_sentences() -> None:
    sentence = "The delegation met the minister in the capital on Tuesday to discuss the grain corridor. "
    body = sentence * 20
    chunks = chunk_text(body.strip())

    assert len(chunks) >= 3
    for chunk in chunks:
        assert len(chunk.text) <= MAX_PASSAGE_CHARS
        assert chunk.text.endswith("corridor.")


@pytest.mark.parametrize("between", [" ", "\n"])
def test_the_pieces_of_a_long_paragraph_say_it_goes_on_and_whole_paragraphs_do_not(between: str) -> None:
    """What a quote's "…" and the "Whole paragraph" button go by. A piece that began after a line
    break inside its paragraph (a hard-wrapped text, a list) was taken for a paragraph's start."""
    sentence = "The delegation met the minister in the capital on Tuesday to discuss the grain corridor."
    alone = "The council met on Monday evening in the town hall, where about forty residents came to listen."
    body = f"{alone}\n\n" + between.join([sentence] * 20) + f"\n\n{alone}"
    chunks = chunk_text(body)

    flags = [(chunk.continues_before, chunk.continues_after) for chunk in chunks]
    assert flags[0] == (False, False) and flags[-1] == (False, False)
    assert flags[1] == (False, True) and flags[-2] == (True, False)
    assert all(flag == (True, True) for flag in flags[2:-2]) and len(flags) >= 5


def test_abbreviations_do_not_end_sentences() -> None:
    text = "On Nov. 24, the U.S. envoy met St. Petersburg officials. Then talks ended."
    sentences = [text[s:e] for s, e in sentence_spans(text)]

    assert sentences == ["On Nov. 24, the U.S. envoy met St. Petersburg officials.", "Then talks ended."]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=0, max_size=1500),
        min_size=1,
        max_size=8,
    ).map("\n\n".join)
)
def test_any_text_cuts_into_verbatim_passages_within_the_limit(body: str) -> None:
    for chunk in chunk_text(body):
        assert body[chunk.start : chunk.end] == chunk.text
        assert 0 < len(chunk.text) <= MAX_PASSAGE_CHARS


MODEL_WINDOW_TOKENS = 256  # what the model reads of a passage; the rest would be cut off unread


def _text_in(first: int, last: int, length: int) -> str:
    """`length` characters of a script (code points `first`..`last`), in sentences of 20-40."""
    rng, parts = random.Random(7), []
    while sum(map(len, parts)) < length:
        parts.append("".join(chr(rng.randint(first, last)) for _ in range(rng.randint(20, 40))) + "。")
    return "".join(parts)


@pytest.mark.parametrize(
    "body",
    [
        SEED.read_text(encoding="utf-8"),
        _text_in(0x4E00, 0x9FFF, 5000),  # Chinese characters
        "日本の首相は東京で記者会見を開き、経済政策について説明した。" * 100,
        "러시아는 우크라이나 침공 이후 동맹국을 잃고 있다. 벨라루스는 러시아를 지지한다. " * 100,
        SEED.read_text(encoding="utf-8") + "\n\n" + _text_in(0x4E00, 0x9FFF, 1500) + "\n\nThe end.\n",
    ],
    ids=["english", "chinese", "japanese", "korean", "english-with-a-chinese-paragraph"],
)
def test_passages_fit_in_what_the_model_reads(body: str) -> None:
    """Each Chinese, Japanese or Korean character is a token of its own: 700 of them were a passage the
    model read only the first third of, at two to three times a prose passage's cost."""
    tokenizer = Tokenizer.from_file(str(Path(resolve_model_path(DEFAULT_MODEL)) / "tokenizer.json"))
    tokenizer.no_truncation()

    lengths = [len(tokenizer.encode(chunk.text).ids) for chunk in chunk_text(body)]

    assert max(lengths) <= MODEL_WINDOW_TOKENS, max(lengths)


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        ("Уряд погодився вчора. Міністр підписав указ. Ще одне речення.", 3),
        ("Łódź rośnie szybko. Żółw idzie wolno.", 2),
        ("¿Qué pasó en Lima? Nadie lo sabe todavía. ¡Increíble!", 3),
        ("The fort sits on the shore.[1] The town grew around it.[2][3] Later it fell.", 3),
        ("She taught at School No. 47 in Lviv for years. It closed in 2020.", 2),
        ("He said no. 2024 will decide it.", 2),
    ],
    ids=["cyrillic", "polish", "spanish", "citation-marks", "number-sign", "no-as-a-word"],
)
def test_sentences_are_found_in_other_scripts_and_around_citations(text: str, sentences: int) -> None:
    """A Ukrainian paragraph was one sentence (no capital after a period was Cyrillic), and its
    highlight was cut mid-word; "shore.[1] The" ran on; "No. 47" was cut after "No."."""
    assert len(sentence_spans(text)) == sentences


def test_a_code_block_with_blank_lines_is_one_block_whose_comments_are_no_headings() -> None:
    """Split at its blank lines, a shell script's "# Keep four weekly copies" headed the prose after it."""
    text = (
        "# Backups\n\nUse this script to back up the library database every night.\n\n```bash\n"
        "# Mount point of the USB drive\nMOUNT=/media/backup\n\n# Keep four weekly copies\n\n"
        "find $MOUNT -mtime +28 -delete\n```\n\n"
        "Schedule the script with cron so it runs at two in the morning every day of the week.\n"
    )

    chunks = chunk_text(text)

    assert {chunk.heading for chunk in chunks} == {"Backups"}
    assert any("# Keep four weekly copies\n\nfind $MOUNT" in chunk.text for chunk in chunks)


def test_a_comment_in_a_code_block_is_not_the_documents_title() -> None:
    text = b"```bash\n# Mount point of the USB drive\nMOUNT=/media/backup\n```\n\nBack it up every night.\n"

    assert parse_bytes(text, filename="backup.md").title != "Mount point of the USB drive"


def test_a_fence_never_closed_is_no_code_block() -> None:
    """A "~~~" scene break swallowed the rest of a story: its headings were missed."""
    text = (
        "# The night shift\n\nMara clocked in at ten.\n\n~~~\n\n## Midnight\n\nThe line stopped at twelve.\n"
    )

    assert {chunk.heading for chunk in chunk_text(text)} == {"The night shift", "Midnight"}
