"""A page's paragraph is quoted whole, never from its first link on (trafilatura's cut)."""

from __future__ import annotations

import lxml.html
import pytest

from index.ingest.documents import parse_bytes
from index.ingest.link_openings import with_link_openings

# trafilatura cuts a <div> paragraph at its link only where the <p>s hold 750 characters or more.
PARAGRAPHS = (
    "In November, the port authority and the broker Harlow launched a fund that covers up to $50 million per "
    "voyage, backed by state guarantees. It was meant as a backstop, but in practice it set a ceiling on "
    "what private underwriters could charge.",
    "Brokers I spoke to say the fund now writes fewer than one in five policies. The rest go to the open "
    "market, where competition has pushed rates lower still.",
    "The calm rests on the navy's ability to keep drones and missiles away from the terminals. A single hit "
    "on a loaded vessel in the channel would, one underwriter told me, reset the whole market overnight.",
    "For now, the numbers favour the optimists. More than 1,300 ships have used the channel since it "
    "opened, and only a handful have been damaged.",
    "Insurers expect the fund to shrink again next year, when two new underwriters join the market.",
)


def page(block: str) -> bytes:
    first, *rest = (f"<p>{text}</p>" for text in PARAGRAPHS)
    return (
        "<html><head><title>Channel insurance</title></head><body><article>"
        f"{first}{block}{''.join(rest)}</article></body></html>"
    ).encode()


def test_a_div_paragraph_keeps_the_words_before_its_link() -> None:
    block = (
        '<div>Officials blamed the contractor, <a href="/brunel">Brunel Civil</a>, for the delay and said '
        "penalties would apply.</div>"
    )
    body = parse_bytes(page(block), filename="channel.html").body

    whole = "Officials blamed the contractor, Brunel Civil, for the delay and said penalties would apply."
    assert whole in body
    assert "\nBrunel Civil," not in body
    assert all(text in body for text in PARAGRAPHS)


def test_a_correction_is_not_quoted_as_its_opposite() -> None:
    block = (
        '<div class="callout"><div class="emoji">📬</div><div class="text"><b>Correction:</b> an earlier '
        'version of this story said the fund was launched with <a href="https://aon.example">Aon</a>; it was '
        "launched with Harlow.</div></div>"
    )
    body = parse_bytes(page(block), filename="channel.html").body

    assert "\nAon; it was launched with Harlow." not in body
    assert "Correction: an earlier version of this story said the fund was launched with Aon" in body


def tree(html: str) -> object:
    return lxml.html.document_fromstring(html)


@pytest.mark.parametrize(
    "html",
    [
        pytest.param(
            '<div><a href="/h">Harlow</a> said it would keep the fund open.</div>',
            id="a paragraph that opens with its link",
        ),
        pytest.param(
            '<p><a href="/h">Harlow</a> said it would keep the fund open.</p>'
            '<div class="teaser">Also: <a href="/h">Harlow</a> said it would keep the fund open.</div>',
            id="a teaser repeating the paragraph after a label",
        ),
    ],
)
def test_a_paragraph_whose_link_opens_it_is_left_as_it_is(html: str) -> None:
    body = "Harlow said it would keep the fund open.\n"

    assert with_link_openings(body, tree(html)) == body


def test_a_cut_box_that_only_asks_for_a_subscription_is_dropped_whole() -> None:
    body = "The rest go to the open market.\n\nsubscribe hereto get it every Monday.\n"
    page_tree = tree(
        "<p>The rest go to the open market.</p>"
        "<div>Enjoying the Ledger? Forward this email to a colleague, or "
        '<a href="/s">subscribe here</a> to get it every Monday.</div>'
    )

    assert with_link_openings(body, page_tree) == "The rest go to the open market.\n"
