"""Page bodies in UTF-8, from the charset a server declares, read the way browsers read them.

Labels are resolved as the WHATWG Encoding Standard says (`webencodings`): "latin-1" and "ascii" are
windows-1252, "tis-620" is windows-874, "x-sjis" is Shift_JIS, and a label that names no web encoding
("punycode", which Python would decode in quadratic time) is ignored. A byte order mark outranks the
label, as in browsers. With no usable label the bytes are left as sent, to be read as UTF-8 or refused.
A page saved to a file, or served without a charset, declares its own in a `<meta>` near its top
(`declared_in_markup`).
"""

from __future__ import annotations

import codecs
import functools
import re

import webencodings

__all__ = ["declared_in_markup", "to_utf8"]

_BYTE_ORDER_MARKS = (
    (codecs.BOM_UTF8, webencodings.UTF8),
    (codecs.BOM_UTF16_LE, webencodings.lookup("utf-16le")),
    (codecs.BOM_UTF16_BE, webencodings.lookup("utf-16be")),
)
# Single-byte code pages that leave some bytes undefined. Browsers read windows-1252's as the latin-1
# character; here every such byte is, so one stray byte no longer costs a whole page. Other encodings
# show a byte they cannot read as U+FFFD, as browsers do.
_WINDOWS_CODEPAGES = frozenset({"windows-874", *(f"windows-{n}" for n in range(1250, 1259))})


# The Standard's prescan reads the first 1,024 bytes for `<meta charset="…">` or `<meta http-equiv=
# "Content-Type" content="text/html; charset=…">`; each pattern here is bounded, so the scan is linear.
PRESCAN_BYTES = 1024
_META = re.compile(rb"<meta\b[^>]{0,512}>", re.IGNORECASE)
_CHARSET = re.compile(rb"""charset\s*=\s*["']?\s*([A-Za-z0-9_.:()-]{1,40})""", re.IGNORECASE)


def declared_in_markup(body: bytes) -> str | None:
    """The charset an HTML page's `<meta>` declares within its first `PRESCAN_BYTES`, if any."""
    for meta in _META.finditer(body[:PRESCAN_BYTES]):
        found = _CHARSET.search(meta.group())
        if found is not None:
            return found.group(1).decode("ascii")
    return None


@functools.cache
def _with_undefined_as_latin_1(codec: str) -> str:
    """The code page's decoding table with each byte it leaves undefined as that latin-1 character:
    decoded by `codecs.charmap_decode` in C. An error handler did it in a Python call per byte, 2 s of
    the bot's own CPU for 5 MB of them."""
    return "".join(_byte_as(codec, byte) for byte in range(256))


def _byte_as(codec: str, byte: int) -> str:
    try:
        return bytes([byte]).decode(codec)
    except UnicodeDecodeError:
        return chr(byte)


def to_utf8(body: bytes, declared: str | None) -> bytes:
    """`body` in UTF-8, decoded from its byte order mark's encoding, else from the `declared` charset
    where that names a web encoding."""
    marked = next(((len(bom), encoding) for bom, encoding in _BYTE_ORDER_MARKS if body.startswith(bom)), None)
    start, encoding = marked if marked else (0, _web_encoding(declared) if declared else None)
    if encoding is None or encoding is webencodings.UTF8:
        return body[start:]
    if encoding.name == "replacement":  # ISO-2022-KR, HZ and others browsers will not read: one U+FFFD
        return "\ufffd".encode()
    if encoding.name == "windows-1252" and not marked and _is_utf8(body):  # often what "ascii" pages are
        return body
    if encoding.name in _WINDOWS_CODEPAGES:
        table = _with_undefined_as_latin_1(encoding.codec_info.name)
        text, _consumed = codecs.charmap_decode(body[start:], "strict", table)
    else:
        text, _consumed = encoding.codec_info.decode(body[start:], "replace")
    return text.encode()


def _web_encoding(label: str) -> webencodings.Encoding | None:
    """The web encoding a label names; one the Standard lacks but Python knows ("latin-1", "cp936",
    "utf_8") by Python's name for it, which the Standard may have ("iso8859-1", "gbk")."""
    encoding = webencodings.lookup(label)
    if encoding is not None:
        return encoding
    try:
        return webencodings.lookup(codecs.lookup(label).name)
    except (LookupError, ValueError):  # ValueError: a name with a NUL in it
        return None


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True
