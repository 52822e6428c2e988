"""Cutting a document body into passages that read well when quoted alone.

Passages follow paragraphs and never cross a heading. A short or dependent paragraph ("He added
that…", a follow-up quote) stays with the paragraph it depends on; a paragraph longer than the limit
is cut between sentences. Each passage is the verbatim slice body[start:end].
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace

from index.ingest.sentences import sentence_spans, trim_span

MAX_PASSAGE_CHARS = 700
SHORT_PARAGRAPH_CHARS = 90
# The model reads 256 tokens of a passage at most. Prose is about 0.2 tokens a character, so 700
# characters fit; text made of punctuation and short words ("Mr. A Mr. A", "1. 1. 1.") is up to one
# token a character, and its passages are made shorter so they still fit: truncated, they cost the
# most to embed and lose their tail. Estimated tokens: one per word and one per punctuation mark.
MAX_PASSAGE_TOKENS = 200
MIN_PASSAGE_CHARS = 150
MAX_HEADING_CHARS = 300  # kept with every passage under it
_NOT_PUNCTUATION = re.compile(r"[\w\s]+")
# Hiragana, katakana and CJK ideographs (with extension A and compatibility forms): a token each.
# Hangul syllables: the tokenizer splits each into its two or three letters first.
_CHARACTER_SCRIPTS = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_HANGUL = re.compile(r"[\uac00-\ud7af]")

# Only the opening `#`s are matched by a pattern; the closing ones are stripped with str methods. The
# one-pattern form (`#{1,6}\s+(.*?)\s*#*\s*$`) was cubic on a heading followed by a run of spaces.
_HEADING_MARKER = re.compile(r"#{1,6}\s+")
_UNDERLINE = re.compile(r"[ \t]{0,3}(?:={3,}|-{3,})[ \t]*")
_FENCE = re.compile(r"^[ \t]{0,3}(`{3,}|~{3,})", re.MULTILINE)
_DEPENDENT_OPENING = re.compile(
    r"""^(?:["“‘']?\s*)?(?:He|She|They|It|This|That|These|Those|His|Her|Their|Its|But|And|Also|Still|Yet|So|
    Thus|Then|Instead|Meanwhile|However|Moreover|Furthermore|Besides|Nevertheless|Nonetheless|Likewise)\b""",
    re.VERBOSE,
)
_CONTINUED_QUOTE = re.compile(r"""^["“]""")
# A paragraph this short that asks or ends in a colon introduces the next one (an interviewer's or FAQ's
# question, "The results were:"), as does a heading written as a plain line. Joined to the
# answer before it (as a short paragraph was), an interview's passages were "answer, next question",
# and the bot quoted the next question as the answer.
LEAD_IN_MAX_CHARS = 300
LEAD_IN_HEADING_WORDS = 12  # a plain line closing no sentence leads in only as short as a heading
_SENTENCE_CLOSERS = ".!…\"”’')]"
_NOT_LEADING = "—–-•"


@dataclass(frozen=True)
class Chunk:
    start: int
    end: int
    heading: str | None
    text: str
    # Whether the paragraph it is cut from goes on before / after it (a long one is cut between
    # sentences): a quote of it shows "…" there, and only then has a whole paragraph more to show.
    continues_before: bool = False
    continues_after: bool = False


@dataclass(frozen=True)
class _Paragraph:
    start: int
    end: int
    heading: str | None
    section: int  # which heading it sits under, counted: headings repeat ("# Day 1" in a log)
    max_chars: int = MAX_PASSAGE_CHARS  # for a passage holding it: fewer for text dense in tokens
    opens: bool = True  # begins its paragraph (a long paragraph's later pieces do not)
    closes: bool = True  # ends it


def chunk_text(body: str, max_chars: int = MAX_PASSAGE_CHARS) -> list[Chunk]:
    return list(iter_chunks(body, max_chars))


def iter_chunks(body: str, max_chars: int = MAX_PASSAGE_CHARS) -> Iterator[Chunk]:
    """`chunk_text`'s passages one by one, so a reader can stop early (a document with too many)."""
    max_chars = _fitting(body, max_chars)
    group: list[_Paragraph] = []
    group_max_chars = max_chars  # the least of its paragraphs'
    for paragraph in _paragraphs(body, max_chars):
        if (
            group
            and group[-1].section == paragraph.section
            and paragraph.end - group[0].start <= min(paragraph.max_chars, group_max_chars)
            and _depends_on_previous(body, paragraph, group)
        ):
            group.append(paragraph)
            group_max_chars = min(paragraph.max_chars, group_max_chars)
            continue
        if group:
            yield _chunk(body, group)
        group, group_max_chars = [paragraph], paragraph.max_chars
    if group:
        yield _chunk(body, group)


def _chunk(body: str, group: list[_Paragraph]) -> Chunk:
    start, end = group[0].start, group[-1].end
    return Chunk(start, end, group[0].heading, body[start:end], not group[0].opens, not group[-1].closes)


def _fitting(text: str, max_chars: int) -> int:
    """How long a passage of text like `text` may be (at most `max_chars`) for the model to read it
    whole. Judged for the document, then for each paragraph with Chinese, Japanese or Korean in it:
    such paragraphs in an English article were cut to the English length."""
    return min(max_chars, max(MIN_PASSAGE_CHARS, int(MAX_PASSAGE_TOKENS / max(_token_density(text), 0.01))))


def _token_density(text: str) -> float:
    """Estimated model tokens per character of `text`: a word or a punctuation mark is one, and so is
    each Chinese or Japanese character, and two each Korean one (the tokenizer splits them; 700
    characters of them ran past the model's 256-token limit, each passage costing two to three times
    a passage of prose)."""
    if not text:
        return 0.2
    words_and_marks = len(text.split()) + len(_NOT_PUNCTUATION.sub("", text))
    characters = len(_CHARACTER_SCRIPTS.findall(text)) + 2 * len(_HANGUL.findall(text))
    return (words_and_marks + characters) / len(text)


def heading_text(block: str) -> str | None:
    """The text of a Markdown heading (`## Title ##` → "Title", "" when empty; or a line underlined
    with "===" or "---"), whitespace collapsed and at most `MAX_HEADING_CHARS` long; None for any
    other block of text."""
    marker = _HEADING_MARKER.match(block)
    if marker is not None and "\n" not in block:
        text = " ".join(block[marker.end() :].rstrip().rstrip("#").split())  # runs of spaces made one
    elif marker is None and (underlined := _underlined(block)):
        text = underlined
    else:
        return None
    return text if len(text) <= MAX_HEADING_CHARS else text[: MAX_HEADING_CHARS - 1].rstrip() + "…"


def _underlined(block: str) -> str | None:
    """ "Title\n=====": quoted as a passage, the underline reached the reader. A sentence over a line of
    dashes is a sentence over a rule, not a heading."""
    line, newline, underline = block.partition("\n")
    if not newline or "\n" in underline or not _UNDERLINE.fullmatch(underline):
        return None
    text, rule = " ".join(line.split()), underline.strip()
    # Dashes under a line are a heading's when they run about as long as it; "---" under "The vote
    # passed 12 to 3" in a plain text is a rule after a sentence.
    if not text or (rule[0] == "-" and (text[-1] in ".!?…" or len(rule) < len(text) // 2)):
        return None
    return text


def _depends_on_previous(body: str, paragraph: _Paragraph, previous: list[_Paragraph]) -> bool:
    """A follow-up ("He added…", a continued quote, a one-liner), or the previous passage is only a
    short lead-in ("Now, Russia's power is fading.", a question) that needs what follows to make sense."""
    text = body[paragraph.start : paragraph.end]
    if leads_in(body[previous[-1].start : previous[-1].end]):
        return True
    if leads_in(text):
        return False
    return (
        bool(_DEPENDENT_OPENING.match(text))
        or bool(_CONTINUED_QUOTE.match(text))
        or len(text) < SHORT_PARAGRAPH_CHARS
        or previous[-1].end - previous[0].start < SHORT_PARAGRAPH_CHARS
    )


def leads_in(text: str) -> bool:
    """A short paragraph that introduces the next: a question, a line ending in a colon, or a heading
    written as a plain line (a few words closing no sentence)."""
    if len(text) > LEAD_IN_MAX_CHARS or "\n" in text:
        return False
    core = text.strip("*_ \t")  # a question in bold
    if not core or core[0] in _NOT_LEADING:  # "— Oksen Lisovyi, Minister…" credits the quote above
        return False
    if core.endswith(("?", ":")):
        return True
    return len(core.split()) <= LEAD_IN_HEADING_WORDS and core[-1] not in _SENTENCE_CLOSERS


def _paragraphs(body: str, max_chars: int) -> Iterator[_Paragraph]:
    """Non-heading paragraphs with the heading they sit under; over-long ones cut between sentences."""
    heading: str | None = None
    section = 0
    separator = r"\n\s*\n" if re.search(r"\n\s*\n", body) else r"\n"
    cursor = 0
    fences = _code_blocks(body)  # whose blank lines do not end them ("# comment" is no heading)
    for match in itertools.chain(re.finditer(separator, body), [None]):
        block_end = match.start() if match else len(body)
        while fences and fences[-1][1] < block_end:
            fences.pop()
        if match is not None and fences and fences[-1][0] < block_end:
            continue  # inside a code block: the block goes on past this blank line
        start, end = trim_span(body, cursor, block_end)
        cursor = match.end() if match else len(body)
        if end <= start:
            continue
        title = heading_text(body[start:end])
        if title is not None:
            heading, section = title or None, section + 1
            continue
        dense = _CHARACTER_SCRIPTS.search(body, start, end) or _HANGUL.search(body, start, end)
        fitting = _fitting(body[start:end], max_chars) if dense else max_chars
        yield from _split_long(body, start, end, heading, section, fitting)


def lines_outside_code(body: str) -> Iterator[tuple[int, str]]:
    """(offset, line) of each line of `body` outside its fenced code blocks (`_code_blocks`): where a
    title, a heading or a text's end may be."""
    blocks = _code_blocks(body)
    offset = 0
    for line in body.split("\n"):
        while blocks and blocks[-1][1] <= offset:
            blocks.pop()
        if not (blocks and blocks[-1][0] <= offset):
            yield offset, line
        offset += len(line) + 1


def fenced_code_blocks(body: str) -> list[tuple[int, int]]:
    """(start, end) of each fenced code block, in order."""
    return _code_blocks(body)[::-1]


def _code_blocks(body: str) -> list[tuple[int, int]]:
    """(start, end) of each fenced code block, last first; a fence never closed is no block (a "~~~"
    line in prose swallowed the rest of the text)."""
    blocks: list[tuple[int, int]] = []
    opening: re.Match[str] | None = None
    for fence in _FENCE.finditer(body):
        if opening is None:
            opening = fence
        elif fence.group(1)[0] == opening.group(1)[0] and len(fence.group(1)) >= len(opening.group(1)):
            blocks.append((opening.start(), fence.end()))
            opening = None
    return blocks[::-1]


def _split_long(
    body: str, start: int, end: int, heading: str | None, section: int, max_chars: int
) -> list[_Paragraph]:
    if end - start <= max_chars:
        return [_Paragraph(start, end, heading, section, max_chars)]
    pieces: list[_Paragraph] = []
    piece_start: int | None = None
    piece_end = start
    for sentence_start, sentence_end in _bounded_sentences(body, start, end, max_chars):
        if piece_start is not None and sentence_end - piece_start > max_chars:
            pieces.append(_Paragraph(piece_start, piece_end, heading, section, max_chars))
            piece_start = None
        if piece_start is None:
            piece_start = sentence_start
        piece_end = sentence_end
    if piece_start is not None:
        pieces.append(_Paragraph(piece_start, piece_end, heading, section, max_chars))
    last = len(pieces) - 1
    return [replace(piece, opens=n == 0, closes=n == last) for n, piece in enumerate(pieces)]


def _bounded_sentences(body: str, start: int, end: int, max_chars: int) -> list[tuple[int, int]]:
    """Sentences, with any sentence over the limit cut at whitespace so every piece fits."""
    result: list[tuple[int, int]] = []
    for s_start, s_end in sentence_spans(body, start, end):
        while s_end - s_start > max_chars:
            cut = body.rfind(" ", s_start, s_start + max_chars)
            if cut <= s_start:
                cut = s_start + max_chars
            result.append(trim_span(body, s_start, cut))
            s_start = trim_span(body, cut, s_end)[0]
        result.append((s_start, s_end))
    return result
