"""Page bodies in UTF-8, from the charset a server declares, read the way browsers read them.

Only the web's charsets are decoded; with no charset, or one that is no web charset, the bytes are left
as sent, to be read as UTF-8 or refused.
"""

from __future__ import annotations

import codecs

__all__ = ["to_utf8"]

# The charsets web pages are written in (the WHATWG Encoding Standard's, as Python names them). A server
# may name any codec Python has, and some are no text encoding at all: "punycode" decoded 5 MB in 398 s
# of quadratic work. These all decode in linear time, to at most three UTF-8 bytes a byte.
_WEB_CHARSETS = frozenset(
    codecs.lookup(label).name
    for label in (
        "utf-8", "ascii", "latin-1", "ibm866", "koi8-r", "koi8-u", "macintosh", "mac-cyrillic", "cp874",
        *(f"iso-8859-{n}" for n in (2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 14, 15, 16)),
        *(f"windows-{n}" for n in range(1250, 1259)),
        "gbk", "gb2312", "gb18030", "big5", "euc-jp", "iso-2022-jp", "shift_jis", "euc-kr",
        "utf-16", "utf-16-le", "utf-16-be",
    )
)  # fmt: skip


# Labels browsers read as a Windows code page (the Encoding Standard): latin-1's bytes 0x80-0x9F are
# controls, and windows-1252's curly quotes, dashes and ellipses. A byte the code page leaves undefined
# stays its latin-1 character, as in browsers, so one such byte no longer undoes the whole page.
_AS_BROWSERS_READ = {
    codecs.lookup(label).name: codepage
    for label, codepage in (
        ("latin-1", "cp1252"), ("ascii", "cp1252"), ("iso-8859-9", "cp1254"), ("iso-8859-11", "cp874"),
    )
}  # fmt: skip


# Single-byte code pages with bytes they leave undefined, which browsers read as latin-1's.
_WINDOWS_CODEPAGES = frozenset(codecs.lookup(f"cp{n}").name for n in (874, *range(1250, 1259)))


def _undefined_as_latin_1(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeDecodeError):
        raise error
    return error.object[error.start : error.end].decode("latin-1"), error.end


codecs.register_error("qabot-undefined-as-latin-1", _undefined_as_latin_1)


def to_utf8(body: bytes, declared: str | None) -> bytes:
    """`body` in UTF-8, decoded from the `declared` charset where that is a web charset."""
    try:
        charset = codecs.lookup(declared).name if declared else None
    except (LookupError, ValueError):  # ValueError: a name with a NUL in it
        charset = None
    if charset is None or charset == "utf-8" or charset not in _WEB_CHARSETS:
        return body
    if charset == "ascii" and _is_utf8(body):  # often what "ascii" pages are
        return body
    codepage = _AS_BROWSERS_READ.get(charset, charset)
    if codepage in _WINDOWS_CODEPAGES:
        return body.decode(codepage, "qabot-undefined-as-latin-1").encode()
    try:
        return body.decode(charset).encode("utf-8")
    except UnicodeDecodeError:
        return body


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True
