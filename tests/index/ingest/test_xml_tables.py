"""A newsletter laid out in one-column tables reads as its paragraphs and headings; a one-column table
of data stays a table (`index.ingest.xml_tables`)."""

from __future__ import annotations

from index.ingest.documents import parse_bytes

NEWS = (
    "<p>The city council voted on Tuesday to approve a new budget that raises spending on parks and "
    "libraries by twelve percent, the largest increase in a decade.</p><p>Council members said the money "
    "would pay for longer opening hours at six branch libraries.</p><h2>Book sale</h2><p>Our annual book "
    "sale returns on May 4 in the main hall, with more than ten thousand donated books.</p>"
)


def test_a_newsletter_laid_out_in_tables_reads_as_its_paragraphs() -> None:
    page = (
        "<html><head><title>Friends of the Library: Spring Update</title></head><body><center>"
        '<table id="bodyTable"><tr><td><table class="templateContainer"><tr><td class="headerContainer">'
        "<table><tr><td><h1>Friends of the Library: Spring Update</h1></td></tr></table></td></tr>"
        f'<tr><td class="bodyContainer"><table class="mcnTextBlock"><tr><td>{NEWS}</td></tr></table>'
        "</td></tr></table></td></tr></table></center></body></html>"
    )

    blocks = parse_bytes(page.encode(), filename="update.html").body.strip().split("\n\n")

    assert "## Book sale" in blocks
    assert (
        "Our annual book sale returns on May 4 in the main hall, with more than ten thousand donated books."
        in blocks
    )
    assert not any("|" in block for block in blocks)


def test_a_one_column_table_of_names_stays_a_table() -> None:
    page = (
        "<html><head><title>Winners</title></head><body><article><h1>Winners</h1>"
        f"{NEWS}<table><tr><th>Winner</th></tr><tr><td>Ann Lee</td></tr><tr><td>Bo Chen</td></tr></table>"
        "</article></body></html>"
    )

    body = parse_bytes(page.encode(), filename="winners.html").body

    assert "- Winner: Ann Lee\n- Winner: Bo Chen" in body


def test_a_one_column_table_whose_cells_break_a_line_stays_a_table() -> None:
    page = (
        "<html><head><title>Winners</title></head><body><article><h1>Winners</h1>"
        f"{NEWS}<table><tr><th>Winner</th></tr><tr><td>Ann Lee<br>Toronto</td></tr>"
        "<tr><td>Bo Chen<br>Vancouver</td></tr></table></article></body></html>"
    )

    assert "Ann Lee Toronto" in parse_bytes(page.encode(), filename="winners.html").body


def test_a_one_column_faq_under_a_header_keeps_each_question_with_its_answer() -> None:
    page = (
        "<html><head><title>Library FAQ</title></head><body><article><h1>Library card questions</h1>"
        f"{NEWS}<table><tr><th>Question</th></tr><tr><td><p>Who can get a card?</p><p>Anyone who lives, "
        "works or studies in the city can get a card for free at any branch of the library.</p></td></tr>"
        "<tr><td><p>How many books can I borrow?</p><p>Up to thirty items at a time, including ten DVDs, "
        "for three weeks each, and renewals are free.</p></td></tr></table></article></body></html>"
    )

    assert "Who can get a card? Anyone who lives" in parse_bytes(page.encode(), filename="faq.html").body
