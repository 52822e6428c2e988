"""Steps keep the numbers the page gives them: "What is step 4?" is answered with step 4
(`index.ingest.list_numbers`)."""

from __future__ import annotations

import pytest

from index.ingest.documents import parse_bytes

OPENING = (
    "Repotting a houseplant every two years gives its roots room to grow and refreshes soil that has lost "
    "its nutrients, gardeners at the botanical society say."
)
STEPS = (
    "Loosen the root ball gently with your fingers.",
    "Place the plant in the new pot.",
    "Water it well.",
)


def body_of(steps: str) -> str:
    page = (
        "<!doctype html><html><head><title>How to repot a plant</title></head><body><article>"
        f"<h1>How to repot a plant</h1><p>{OPENING}</p><p>Then go on as follows, a day after watering.</p>"
        f"{steps}<p>Keep the plant out of direct sun for a week while its roots settle.</p>"
        "</article></body></html>"
    )
    return parse_bytes(page.encode(), filename="repot.html").body


@pytest.mark.parametrize(
    ("steps", "numbers"),
    [
        ('<ol start="4">' + "".join(f"<li>{step}</li>" for step in STEPS) + "</ol>", (4, 5, 6)),
        (f'<ol><li value="7">{STEPS[0]}</li><li>{STEPS[1]}</li><li>{STEPS[2]}</li></ol>', (7, 8, 9)),
        (f'<ol><li>{STEPS[0]}</li><li value="5">{STEPS[1]}</li><li>{STEPS[2]}</li></ol>', (1, 5, 6)),
        ("<ol>" + "".join(f"<li><p>{step}</p></li>" for step in STEPS) + "</ol>", (1, 2, 3)),
        ('<ol start="2">' + "".join(f"<li><p>{step}</p></li>" for step in STEPS) + "</ol>", (2, 3, 4)),
        ("<ol>" + "".join(f"<li>{step}</li>" for step in STEPS) + "</ol>", (1, 2, 3)),
    ],
    ids=["start", "value", "value-midway", "paragraph-items", "paragraph-items-start", "plain"],
)
def test_ordered_steps_are_numbered_as_the_page_numbers_them(steps: str, numbers: tuple[int, ...]) -> None:
    body = body_of(steps)

    assert [f"{number}. {step}" for number, step in zip(numbers, STEPS, strict=True)] == [
        line for line in body.split("\n") if line[:1].isdigit()
    ]


def test_a_step_of_two_paragraphs_is_one_numbered_line() -> None:
    body = body_of(
        f"<ol><li><p>{STEPS[0]}</p><p>Do not pull the stem.</p></li><li><p>{STEPS[1]}</p></li></ol>"
    )

    assert f"1. {STEPS[0]} Do not pull the stem.\n2. {STEPS[1]}" in body


def test_lists_opening_alike_but_numbered_apart_are_each_numbered_from_one() -> None:
    body = body_of(
        f"<ol><li>{STEPS[0]}</li><li>{STEPS[1]}</li></ol><p>Then the second pot.</p>"
        f'<ol start="3"><li>{STEPS[0]}</li><li>{STEPS[2]}</li></ol>'
    )

    assert f"1. {STEPS[0]}\n2. {STEPS[1]}" in body  # not 3., 4.: which list is which is not known


@pytest.mark.parametrize(("start", "numbers"), [(' start="5"', (5, 4, 3)), ("", (3, 2, 1))])
def test_a_reversed_list_counts_down(start: str, numbers: tuple[int, ...]) -> None:
    body = body_of(f"<ol reversed{start}>" + "".join(f"<li>{step}</li>" for step in STEPS) + "</ol>")

    assert [f"{number}. {step}" for number, step in zip(numbers, STEPS, strict=True)] == [
        line for line in body.split("\n") if line[:1].isdigit()
    ]


@pytest.mark.parametrize("number", ["²", "1" + "0" * 5000, "-3"])
def test_a_number_that_is_no_number_is_not_read(number: str) -> None:
    body = body_of(f'<ol start="{number}"><li value="{number}">{STEPS[0]}</li><li>{STEPS[1]}</li></ol>')

    assert f"1. {STEPS[0]}\n2. {STEPS[1]}" in body


def test_a_first_step_of_two_paragraphs_keeps_the_lists_start() -> None:
    body = body_of(
        f'<ol start="4"><li><p>{STEPS[0]}</p><p>Do not pull.</p></li><li><p>{STEPS[1]}</p></li></ol>'
    )

    assert f"4. {STEPS[0]} Do not pull.\n5. {STEPS[1]}" in body


def test_headlines_listed_as_paragraphs_are_not_quoted() -> None:
    body = body_of(
        '<h2>Most read</h2><ol><li><p><a href="/a">Mayor opens new ferry terminal on the east bank</a></p>'
        "</li>"
        '<li><p><a href="/b">School board delays vote on later start times</a></p></li>'
        '<li><p><a href="/c">Library hours cut again at two branches</a></p></li></ol>'
    )

    assert "ferry terminal" not in body and "School board" not in body


@pytest.mark.parametrize(("start", "numbers"), [(' start="7"', (7, 9)), ("", (1, 3))])
def test_a_step_after_a_left_out_link_keeps_its_number(start: str, numbers: tuple[int, int]) -> None:
    body = body_of(
        f"<ol{start}><li><p>{STEPS[0]}</p></li><li><p><a href='/x'>Read more</a></p></li>"
        f"<li><p>{STEPS[2]}</p></li></ol>"
    )

    assert f"{numbers[0]}. {STEPS[0]}\n{numbers[1]}. {STEPS[2]}" in body
    assert "Read more" not in body
