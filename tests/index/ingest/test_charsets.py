"""A page's bytes read as a browser reads them, whatever its server calls the charset."""

from __future__ import annotations

import codecs

import pytest

from index.ingest.charsets import declared_in_markup, to_utf8
from index.ingest.documents import parse_bytes

THAI = "กรุงเทพฯ “ร้อน” – วันนี้"
JAPANESE = "東京は「晴れ」です。"


@pytest.mark.parametrize(
    ("body", "label", "text"),
    [
        pytest.param(THAI.encode("cp874"), "windows-874", THAI, id="windows-874"),
        pytest.param(THAI.encode("cp874"), "TIS-620", THAI, id="tis-620-is-windows-874"),
        pytest.param(JAPANESE.encode("cp932"), "x-sjis", JAPANESE, id="x-sjis"),
        pytest.param(JAPANESE.encode("cp932"), "Windows-31J", JAPANESE, id="windows-31j"),
        pytest.param("Café “crème”".encode("cp1252"), " Latin1 ", "Café “crème”", id="latin1-spaced"),
        # Python's own names, which the Standard lacks: read as the web encoding they name
        pytest.param("Café “crème”".encode("cp1252"), "latin-1", "Café “crème”", id="python-latin-1"),
        pytest.param("北京".encode("gbk"), "cp936", "北京", id="python-cp936"),
        pytest.param("Пчёлы".encode("koi8-r"), "koi8-r", "Пчёлы", id="koi8-r"),
    ],
)
def test_every_label_browsers_know_is_read_as_they_read_it(body: bytes, label: str, text: str) -> None:
    assert to_utf8(body, label).decode() == text


def test_a_byte_order_mark_outranks_the_declared_charset() -> None:
    utf16 = codecs.BOM_UTF16_LE + "Pchoły “miód”".encode("utf-16-le")
    utf8 = codecs.BOM_UTF8 + "Pchoły “miód”".encode()

    assert to_utf8(utf16, "windows-1252").decode() == "Pchoły “miód”"
    assert to_utf8(utf8, "iso-8859-2").decode() == "Pchoły “miód”"
    assert to_utf8(utf8, None).decode() == "Pchoły “miód”"


def test_a_byte_the_code_page_leaves_undefined_costs_only_itself() -> None:
    thai = THAI.encode("cp874") + b"\xdb"  # undefined in windows-874
    japanese = JAPANESE.encode("cp932") + b"\x82!"  # a lead byte with no character to follow

    assert to_utf8(thai, "tis-620").decode() == THAI + "\xdb"
    assert to_utf8(japanese, "shift_jis").decode() == JAPANESE + "\ufffd!"


def test_without_a_web_charset_the_bytes_are_left_as_sent() -> None:
    latin = "Café".encode("latin-1")

    assert to_utf8(latin, None) == latin  # read as UTF-8 later, and refused
    assert to_utf8(latin, "punycode") == latin
    assert to_utf8(latin, "no\x00such") == latin
    assert to_utf8("Café".encode(), "us-ascii").decode() == "Café"  # what "ascii" pages often are


def test_a_charset_browsers_refuse_to_read_is_one_replacement_character() -> None:
    """The Encoding Standard's "replacement": one U+FFFD for the page, not three bytes for every byte."""
    assert to_utf8(b"\x1b$)C" + b"a" * 1000, "iso-2022-kr").decode() == "\ufffd"


@pytest.mark.parametrize(
    ("meta", "encoding"),
    [
        ('<meta http-equiv="Content-Type" content="text/html; charset=windows-1251">', "cp1251"),
        ("<meta charset='iso-8859-1'>", "cp1252"),  # latin-1 is read as browsers read it
        ("<META CHARSET=koi8-r>", "koi8_r"),
    ],
    ids=["http-equiv", "charset-attribute", "upper-case-unquoted"],
)
def test_a_saved_page_is_read_in_the_charset_its_markup_declares(meta: str, encoding: str) -> None:
    """Browsers' "Save page" keeps a page's own bytes: a moderator's saved Cyrillic or French page was
    refused as "not UTF-8 text"."""
    words = "Пешеходный мост открыли" if encoding != "cp1252" else "La piétonnisation divise les commerçants"
    html = (
        f"<!doctype html><html><head>{meta}<title>{words}</title></head><body><article>"
        f"<p>{words}, première phrase.</p><p>{words}, seconde phrase du texte.</p></article></body></html>"
    )
    if encoding != "cp1252":
        html = html.replace("première phrase", "первая фраза").replace(
            "seconde phrase du texte", "вторая фраза"
        )
    document = parse_bytes(html.encode(encoding), filename="saved.html")

    assert document.title == words and words in document.body


def test_only_a_meta_declaration_near_the_top_is_read() -> None:
    assert declared_in_markup(b"<html><head><meta name='x' content='y'><meta charset=utf-8>") == "utf-8"
    assert declared_in_markup(b"<html>" + b" " * 2000 + b"<meta charset=windows-1251>") is None
    assert declared_in_markup(b"<p>charset=windows-1251</p>") is None  # text, not a declaration
