"""A Markdown table's rows written as lines a quote can show: "Type: All-in-one; Price: €150–300."

Neither Telegram nor Discord draws a table, and a row alone does not say what its cells are: quoted
as written, a row reached the reader as "| All-in-one | €150–300 | wind, rain | most gardens |".
Each row becomes one line of its cells, each after its column's heading, and ends a sentence, so the
highlight can be one row. Only a table as GitHub writes it counts (a heading row, a row of dashes with
as many cells, and at least one row), never in a code block. Cells are split by hand, in one pass,
because a pattern for them backtracks on long runs of spaces.
"""

from __future__ import annotations

from itertools import zip_longest

from index.ingest.chunking import lines_outside_code

__all__ = ["readable_tables"]

_SENTENCE_CLOSERS = ".!?…"
_INDENTED_CODE = ("    ", "\t")


def readable_tables(text: str) -> str:
    """`text` with each table's heading and dashes gone and each of its rows written out."""
    if "|" not in text or "-" not in text:
        return text
    lines = text.split("\n")
    outside = {offset for offset, _line in lines_outside_code(text)}
    prose: list[bool] = []
    offset = 0
    for line in lines:
        prose.append(offset in outside)
        offset += len(line) + 1
    written: list[str] = []
    index = 0
    while index < len(lines):
        header = _header(lines, prose, index)
        if header is None:
            written.append(lines[index])
            index += 1
            continue
        rows = index + 2
        while rows < len(lines) and _in_table(lines[rows], prose[rows]):
            rows += 1
        if rows == index + 2:  # no row: a line with a pipe over a rule, kept as written
            written.append(lines[index])
            index += 1
            continue
        written.extend(_row(header, _cells(line)) for line in lines[index + 2 : rows])
        index = rows
    return "\n".join(written)


def _in_table(line: str, prose: bool) -> bool:
    return prose and "|" in line and bool(line.strip()) and not line.startswith(_INDENTED_CODE)


def _header(lines: list[str], prose: list[bool], index: int) -> list[str] | None:
    """The heading row's cells when a table starts at `lines[index]`."""
    if index + 1 >= len(lines) or not _in_table(lines[index], prose[index]) or not prose[index + 1]:
        return None
    dashes = _cells(lines[index + 1])
    if len(dashes) < 2 or not all(cell.strip(":") and not cell.strip(":-") for cell in dashes):
        return None
    header = _cells(lines[index])
    return header if len(header) == len(dashes) else None


def _cells(line: str) -> list[str]:
    """A row's cells, stripped; a pipe escaped as `\\|` is part of its cell."""
    line = line.strip()
    if line.startswith("|"):
        line = line[1:]
    if line.endswith("|") and not line.endswith("\\|"):
        line = line[:-1]
    cells: list[str] = []
    cell: list[str] = []
    escaped = False
    for character in line:
        if character == "|" and not escaped:
            cells.append("".join(cell).strip())
            cell = []
        elif character == "|":
            cell[-1] = "|"  # the backslash before it
        else:
            cell.append(character)
        escaped = character == "\\" and not escaped
    cells.append("".join(cell).strip())
    return cells


def _row(header: list[str], cells: list[str]) -> str:
    pairs = [
        f"{heading}: {cell}" if heading else cell
        for heading, cell in zip_longest(header, cells, fillvalue="")
        if cell
    ]
    line = "; ".join(pairs)
    return line if not line or line.endswith(tuple(_SENTENCE_CLOSERS)) else line + "."
