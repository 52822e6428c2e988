"""Text copied from a PDF: lines broken at a width and no blank line between paragraphs."""

from __future__ import annotations

from index.ingest.chunking import chunk_text
from index.ingest.documents import parse_bytes
from index.ingest.sentences import sentence_spans

PDF_COPY = """Journal of Urban Water Policy, Vol. 12 (2023)                             17
Rainwater Harvesting in Mid-Sized European Cities
Anna Kowalczyk and Pieter de Vries
Abstract
This paper examines how municipal rules shape the adoption of rainwater harvest-
ing in six mid-sized European cities. We find that direct subsidies matter less than
building codes: in the two cities where new houses must include a storage tank,
adoption reached 38 percent of households within a decade, against 6 percent
elsewhere. Local gov-
ernment support for maintenance was the second strongest predictor.
1. Introduction
Rainwater harvesting is one of the oldest forms of water management, yet in most
European cities it remains marginal. Drinking water is cheap, and a tank costs
about as much as a small car. Our study compares Leuven and Ghent, which have such
requirements, with four cities that rely only on subsidies: Utrecht, Graz, Brno
and Aarhus.
Journal of Urban Water Policy, Vol. 12 (2023)                             18
2. Findings
The clearest finding is that subsidies alone do not persuade households. In Graz,
where the city pays up to 70 percent of the cost of a tank, only 4 percent of
households have one; most of those we asked said they lacked the space, and
a third feared mosquitoes breeding in standing water.
"""


def test_a_pdfs_wrapped_lines_are_read_as_its_paragraphs() -> None:
    """Read as it came, each line was a paragraph: passages and highlights ended mid-sentence
    ("…only 4 percent"), and the running header was quoted."""
    document = parse_bytes(PDF_COPY.encode(), filename="rainwater.txt")

    assert document.title == "Rainwater Harvesting in Mid-Sized European Cities"
    assert "Journal of Urban Water Policy" not in document.body  # the running header, on every page
    assert "Local government support for maintenance" in document.body  # "gov-" / "ernment"
    assert "## 2. Findings" in document.body or "\n\n2. Findings\n\n" in document.body
    sentences = [document.body[s:e] for s, e in sentence_spans(document.body)]
    assert (
        "In Graz, where the city pays up to 70 percent of the cost of a tank, only 4 percent of households "
        "have one; most of those we asked said they lacked the space, and a third feared mosquitoes "
        "breeding in standing water."
    ) in sentences
    for chunk in chunk_text(document.body):
        assert chunk.text.rstrip().endswith((".", "Abstract", "Introduction", "Findings", "Vries")), (
            chunk.text
        )


def test_notes_of_short_lines_and_texts_with_blank_lines_are_kept_as_written() -> None:
    notes = "\n".join(f"Item {n}: call the supplier about order {n}" for n in range(12)) + "\n"
    wrapped_with_blank_lines = PDF_COPY.replace("1. Introduction\n", "\n1. Introduction\n\n")

    assert parse_bytes(notes.encode(), filename="notes.txt").body == notes
    kept = parse_bytes(wrapped_with_blank_lines.encode(), filename="paper.txt").body
    assert "rainwater harvest-\ning" in kept  # a paragraph's lines as written: chunking reads them whole


def test_lines_that_differ_only_in_their_figures_are_not_taken_for_running_headers() -> None:
    lines = [
        "In 2022 the port handled about 4 million tonnes of grain, most of it bound for",
        "Egypt and Turkey, according to figures the harbour office published in January.",
    ] * 5
    lines[2:4] = [
        "In 2023 the port handled about 6 million tonnes of grain, most of it bound for",
        "Egypt and Turkey, according to figures the harbour office published in January.",
    ]
    body = parse_bytes("\n".join(lines).encode(), filename="port.txt").body

    assert "In 2022 the port handled about 4 million" in body and "In 2023 the port handled about 6" in body
