"""Pages libxml2 would read in quadratic time are refused before parsing; ordinary pages are not."""

from __future__ import annotations

import pytest

from index.errors import BadDocument
from index.ingest.documents import parse_bytes
from index.ingest.html_limits import MAX_ATTRIBUTES

ARTICLE = "<p>The bees of the meadow kept flying in the cold, the survey found.</p>"


def page(element: str) -> bytes:
    return f"<html><body><article>{element}{ARTICLE}</article></body></html>".encode()


def attributes(count: int, value: str = "") -> str:
    return " ".join(f"a{i}{value}" for i in range(count))


@pytest.mark.parametrize("value", ["", '="x"', "='x'", " = x"], ids=["bare", "double", "single", "spaced"])
def test_an_element_with_too_many_attributes_is_refused_by_name(value: str) -> None:
    refusal = rf"crowded\.html has an element with more than {MAX_ATTRIBUTES} attributes"
    with pytest.raises(BadDocument, match=refusal):
        parse_bytes(page(f"<div {attributes(MAX_ATTRIBUTES + 1, value)}>x</div>"), filename="crowded.html")


@pytest.mark.parametrize("between", ["/", '=""', "='x'"], ids=["slash", "empty-quotes", "quoted-value"])
def test_attributes_without_spaces_between_them_count_too(between: str) -> None:
    element = f"<div {between.join(f'a{i}' for i in range(MAX_ATTRIBUTES + 1))}>x</div>"

    with pytest.raises(BadDocument, match="attributes"):
        parse_bytes(page(element), filename="crowded.html")


def test_a_closing_bracket_inside_quotes_does_not_hide_the_attributes_after_it() -> None:
    half = MAX_ATTRIBUTES // 2 + 1
    element = f'<div {attributes(half)} title=">" {" ".join(f"b{i}" for i in range(half))}>x</div>'

    with pytest.raises(BadDocument, match="attributes"):
        parse_bytes(page(element), filename="crowded.html")


def test_long_quoted_values_and_angle_brackets_in_prose_are_read() -> None:
    alt = " ".join(["word"] * 5 * MAX_ATTRIBUTES)
    prose = "<p>" + "a < b and " * MAX_ATTRIBUTES + "so on.</p>"
    element = f'<img {attributes(MAX_ATTRIBUTES - 2)} alt="{alt}" src="data:image/png;base64,AAAA==">{prose}'

    document = parse_bytes(page(element), filename="fine.html")

    assert "The bees of the meadow kept flying" in document.body
