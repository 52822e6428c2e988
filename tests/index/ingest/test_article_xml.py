"""A page's reference marks and a wire story's staff credits are not quoted as its text."""

from __future__ import annotations

from index.ingest.documents import parse_bytes

LEAD = (
    "Rotterdam handled 4% less cargo in the first half, the port authority said on Wednesday, as weaker "
    "demand in Germany cut container traffic."
)
LAST = "Container volumes slipped 5.4%, the authority said, blaming slower global trade."


def page(paragraphs: str) -> bytes:
    return (
        "<html><head><title>Rotterdam cargo falls</title></head><body><article><h1>Rotterdam cargo falls</h1>"
        f"{paragraphs}</article></body></html>"
    ).encode()


def test_linked_reference_marks_are_not_quoted() -> None:
    body = parse_bytes(
        page(
            f'<p>{LEAD}<a href="#cite_note-1">[1]</a></p>'
            '<p>It is Europe\'s largest port<a href="#cite_note-2">[2]</a>'
            '[<a href="/wiki/Citation_needed">citation needed</a>] and its busiest.</p>'
            f"<p>{LAST}</p>"
        ),
        filename="port.html",
    ).body

    assert f"{LEAD}\n" in body
    assert "It is Europe's largest port and its busiest." in body


def test_a_wire_storys_staff_credits_are_not_its_last_paragraph() -> None:
    credits = "Reporting by Bart H. Meijer and Toby Sterling; Editing by Jason Neely and Mark Potter"
    body = parse_bytes(page(f"<p>{LEAD}</p><p>{LAST}</p><p>{credits}</p>"), filename="port.html").body

    assert "Editing by" not in body and "Reporting by" not in body
    assert body.rstrip().endswith(LAST)


def test_a_code_block_is_kept_as_written_and_inline_code_in_its_sentence() -> None:
    code = "build --remote_cache=https://cache.example.org\nbuild --remote_upload_local_results=true"
    body = parse_bytes(
        page(
            f"<p>{LEAD}</p><p>Add two lines to <code>.bazelrc</code> to turn the cache on:</p>"
            f"<pre><code>{code}</code></pre><p>{LAST}</p>"
        ),
        filename="port.html",
    ).body

    assert f"```\n{code}\n```" in body
    assert "Add two lines to .bazelrc to turn the cache on:" in body
