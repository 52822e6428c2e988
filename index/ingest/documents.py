"""Turning files, uploads and web pages into `Document`s: cleaned body text plus metadata.

Markdown and plain text may carry YAML front matter; HTML goes through trafilatura, which finds the
article text and its metadata. Every rejection is a `BadDocument` with a message for the user.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import hashlib
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from index.errors import BadDocument, shown
from index.ingest.charsets import declared_in_markup, to_utf8
from index.ingest.dates import parse_date, readable_date
from index.ingest.front_matter import read_front_matter
from index.ingest.links import check_source_url
from index.ingest.mail_headers import read_mail_headers
from index.ingest.markdown_blocks import without_block_markup
from index.ingest.markdown_inline import without_inline_markup
from index.ingest.markdown_tables import readable_tables
from index.ingest.metadata_lines import read_metadata_lines
from index.ingest.scraped_text import read_scraped_article
from index.ingest.titles import first_heading, headline
from index.ingest.trailing_matter import without_trailing_matter
from index.ingest.wrapped_text import unwrapped

TEXT_SUFFIXES = {".md", ".markdown", ".txt"}
HTML_SUFFIXES = {".html", ".htm"}
ACCEPTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES
METADATA_FIELDS = ("title", "author", "publisher", "published", "url", "language")
MAX_ID_LENGTH = 80
SNIFF_CHARS = 1024  # read at each end of a text to tell a whole HTML document
MAX_FIELD_CHARS = 300
FIELD_LIMITS = {"language": 16, "url": 2048}  # `language` is a 16-character column
# Control characters other than tab and newline, and lone surrogates: invisible in chat, yet a NUL
# fails PostgreSQL's insert, an escape sequence drives the operator's terminal (`qabot ask`), and a
# surrogate (JSON front matter's "\ud800") cannot even be hashed. Removed from whatever is stored.
_UNSTORABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


@dataclass(frozen=True)
class Document:
    id: str
    body: str
    title: str | None = None
    author: str | None = None
    publisher: str | None = None
    published: dt.date | None = None
    url: str | None = None
    language: str | None = None
    origin: str | None = None

    def __post_init__(self) -> None:
        # Every way a link arrives (flags, front matter, captions, fetched pages) ends here: one that is
        # not http(s) with a host, or that would show one site and open another, is refused, never
        # shortened or cleaned into another address (`index.ingest.links`).
        if self.url is not None:
            if _UNSTORABLE.search(self.url):
                raise BadDocument(
                    f"The source's url {shown(self.url)} holds control characters; give a plain link."
                )
            object.__setattr__(self, "url", check_source_url(self.url))
        if _UNSTORABLE.search(self.body):
            object.__setattr__(self, "body", _UNSTORABLE.sub("", self.body))
        if self.origin is not None:  # a file's name as sent: PostgreSQL refused one holding NUL
            object.__setattr__(self, "origin", _UNSTORABLE.sub("", self.origin))
        # Shown in every answer and stored with the source: a heading followed by megabytes of spaces
        # was a 5 MB title, and PostgreSQL refuses a language longer than its column.
        for name in ("title", "author", "publisher", "language"):
            value = getattr(self, name)
            if value is not None:
                object.__setattr__(self, name, bounded_field(name, value))

    @property
    def content_hash(self) -> str:
        """Changes when the text or any attribution field changes, so edits to metadata count too."""
        payload = "\x1f".join([self.body, *(str(getattr(self, name) or "") for name in METADATA_FIELDS)])
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()

    def with_metadata(self, overrides: Mapping[str, Any]) -> Document:
        """The same document with the given non-empty fields replaced (CLI flags, chat captions)."""
        changes: dict[str, Any] = {}
        for name, value in overrides.items():
            if value is None or value == "":
                continue
            if name == "published":
                changes[name] = parse_date(value)
                # A day later than anywhere's today is a typo (2999 for 2023): shown under every quote.
                if changes[name] > dt.date.today() + dt.timedelta(days=1):
                    raise BadDocument(
                        f"The published date {changes[name].isoformat()} is in the future: give the day "
                        "the source was published."
                    )
            elif name == "id":
                try:
                    changes[name] = slugify(str(value))
                except BadDocument:  # its own words: the title's or file name's advice does not apply
                    raise BadDocument(
                        f"{shown(str(value))} cannot be a source id: use Latin letters or digits."
                    ) from None
            elif name in METADATA_FIELDS:
                text = str(value).strip()
                if any("\ud800" <= c <= "\udfff" for c in text):  # undecodable bytes from argv
                    raise BadDocument(f"The {name} {text!r} is not valid text; use UTF-8.")
                changes[name] = text
        return dataclasses.replace(self, **changes)


def plain_text(value: str) -> str:
    """`value` as one line without control characters: safe to store and to print in a terminal."""
    return " ".join(_UNSTORABLE.sub("", value).split())


def bounded_field(name: str, value: str) -> str | None:
    """A metadata field with its whitespace runs made one space and its length bounded: a long title
    is cut with "…", a long language code cut, a URL longer than any real link dropped."""
    text = plain_text(str(value))
    limit = FIELD_LIMITS.get(name, MAX_FIELD_CHARS)
    if len(text) > limit:
        if name == "url":
            return None
        text = text[:limit] if name == "language" else text[: limit - 1].rstrip() + "…"
    return text or None


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    slug = slug[:MAX_ID_LENGTH].rstrip("-")
    if not slug:
        raise BadDocument(
            f"Cannot make a source id from {shown(text)}: give it a title or a file name with letters."
        )
    return slug


def source_id_from(*candidates: str | None, text: str) -> str:
    """The slug of the first candidate (an id given, a file name, a title) that makes one; else one made
    from the text, so a file named and titled in another script ("статья.md") can still be added, and
    given an id of its own (`--id`, `id=`)."""
    for candidate in candidates:
        if candidate:
            with contextlib.suppress(BadDocument):
                return slugify(candidate)
    return "source-" + hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:12]


def decode_text(data: bytes, name: str) -> str:
    """UTF-8 text, or a page in the charset its markup declares; else a clear refusal: empty, binary and
    other encodings are not guessed at."""
    if not data.strip():
        raise BadDocument(f"{name} is empty.")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # Windows Notepad's "Unicode": NUL in every other byte
        raise BadDocument(f"{name} is UTF-16 text; save it as UTF-8 and send it again.")
    if b"\x00" in data[:8192]:
        raise BadDocument(f"{name} looks like a binary file; send Markdown, plain text or HTML.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # A saved page in its own charset (windows-1251, latin-1), declared in its <meta>: UTF-8 bytes
        # are read as UTF-8 whatever the page says, so a fetched page converted already stays as it is.
        declared = declared_in_markup(data)
        converted = to_utf8(data, declared) if declared else data
        try:
            text = converted.decode("utf-8")
        except UnicodeDecodeError:
            raise BadDocument(f"{name} is not UTF-8 text.") from None
    if "\x00" in text:  # past the sniffed head; PostgreSQL cannot store NUL in text either
        raise BadDocument(f"{name} looks like a binary file; send Markdown, plain text or HTML.")
    if not text.strip():
        raise BadDocument(f"{name} is empty.")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def is_whole_html_page(text: str) -> bool:
    """A whole HTML document, whatever its name or type says: a saved page renamed .md or .txt, or one
    a server sends as text, was quoted with its styles and scripts. Text that only shows some HTML (a
    tutorial) is text."""
    opening, closing = text[:SNIFF_CHARS].lstrip().lower(), text[-SNIFF_CHARS:].rstrip().lower()
    return opening.startswith(("<!doctype html", "<html")) and closing.endswith("</html>")


def looks_like_html(text: str) -> bool:
    head = text.lstrip()[:1000].lower()
    return head.startswith(("<!doctype html", "<html")) or ("<body" in head and "</" in text)


def _without_markup(body: str, markdown: bool) -> str:
    body = without_inline_markup(without_block_markup(body, markdown=markdown), markdown=markdown)
    return readable_tables(body).strip("\n")


def parse_markdown(
    text: str, *, default_id: str | None, origin: str | None, markdown: bool = True
) -> Document:
    """A Markdown document, or with `markdown` false a plain text (its "<b>" and "\\_" are its words)."""
    meta, body = read_front_matter(
        text, origin or "the document", (*METADATA_FIELDS, "id", "date"), lists=("author", "authors")
    )
    # A mail's headers as written ("From: Ann Lee <ann@…>" is no Markdown autolink), else as read.
    written = None if meta else read_mail_headers(body.strip("\n"))
    body = _without_markup(written.body if written is not None else body, markdown)
    mail = written or (None if meta else read_mail_headers(body))  # before unwrapping joins its lines
    if mail is not None:
        body = body if written is not None else mail.body
        meta = {"title": mail.subject, "author": mail.sender, "published": mail.sent}
    elif not meta and (lines := read_metadata_lines(body)) is not None:
        body, meta = lines.body, {**lines.fields, "date": readable_date(lines.fields.get("date"))}
    body = without_trailing_matter(unwrapped(body.strip("\n")))
    if not body.strip():
        raise BadDocument(f"{origin or 'The document'} has no text after its front matter.")
    # Front matter is the writer's own word; without it, a page's text may still name its headline,
    # author and date in a byline, and carry the page's menus around the article.
    scraped = None if meta else read_scraped_article(body)
    if scraped is not None:
        body = scraped.body.strip("\n")
    title = (
        _text_field(meta.get("title")) or (scraped and scraped.title) or first_heading(body) or headline(body)
    )
    published = meta.get("published") or meta.get("date") or (scraped and scraped.published)
    return Document(
        id=source_id_from(_text_field(meta.get("id")), default_id, title, text=body),
        body=body + "\n",
        title=title,
        author=_text_field(meta.get("author") or meta.get("authors")) or (scraped and scraped.author) or None,
        publisher=_text_field(meta.get("publisher")),
        published=parse_date(published) if published else None,
        url=_text_field(meta.get("url")),
        language=_text_field(meta.get("language")),
        origin=origin,
    )


def parse_bytes(data: bytes, *, filename: str, origin: str | None = None, url: str | None = None) -> Document:
    """A document from uploaded or downloaded bytes; the file name only picks the format and the id."""
    suffix = Path(filename).suffix.lower()
    if suffix and suffix not in ACCEPTED_SUFFIXES:
        raise BadDocument(f"{shown(filename)} is not a supported file: send .md, .txt or .html.")
    text = decode_text(data, origin or repr(filename))  # a fetched page is named by its URL
    # A fetched page is named by its URL, so fetching it again replaces it even if its title changed.
    default_id = url_source_id(url) if url else (Path(filename).stem if suffix else None)
    if (
        suffix in HTML_SUFFIXES
        or is_whole_html_page(text)
        or (suffix not in TEXT_SUFFIXES and looks_like_html(text))
    ):
        from index.ingest.html import parse_html  # trafilatura and lxml: only HTML needs them

        return parse_html(text, default_id=default_id, origin=origin or filename, url=url)
    document = parse_markdown(
        text, default_id=default_id, origin=origin or filename, markdown=suffix != ".txt"
    )
    # Nor does a page's own front matter pick its id (it could take another source's).
    return dataclasses.replace(document, id=default_id) if url and default_id else document


def load_path(path: Path, max_bytes: int | None = None) -> Document:
    if not path.exists():
        raise BadDocument(f"{path} does not exist.")
    if not path.is_file():
        raise BadDocument(f"{path} is not a file.")
    if max_bytes is not None and (size := path.stat().st_size) > max_bytes:
        raise BadDocument(
            f"{path} is too large ({size / 1_048_576:.1f} MB; at most {max_bytes / 1_048_576:g} MB)."
        )
    try:
        data = path.read_bytes()
    except OSError as error:  # no permission, a disk error: the operator's to mend, not a bug
        raise BadDocument(f"Cannot read {path}: {error.strerror or error}.") from None
    return parse_bytes(data, filename=path.name, origin=str(path))


def _text_field(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def url_source_id(url: str) -> str:
    """The page's last path segment when it is descriptive (news slugs usually are), else host and path."""
    parts = urlsplit(url)
    path = parts.path.rstrip("/")
    last = Path(path.rsplit("/", 1)[-1]).stem
    if len(last) >= 12:
        return slugify(last)
    return slugify(f"{parts.hostname or ''} {path} {parts.query}")
