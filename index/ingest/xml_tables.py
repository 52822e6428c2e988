"""trafilatura's tables → text: a data table's rows as lines, each naming its columns; a one-column
table of paragraphs (a newsletter's layout) told apart, to be read as its paragraphs."""

from __future__ import annotations

from xml.etree import ElementTree

from index.ingest.xml_words import words_of

__all__ = ["one_column_layout", "table_lines"]

NAMED_GROWTH = 3  # a table's text with its column names, at most, to its text without
LAYOUT_PROSE_CHARS = 120  # a paragraph of a newsletter, not a cell's second line


def one_column_layout(table: ElementTree.Element) -> bool:
    """Rows of one cell each, without a header, some cell holding a heading or a paragraph of prose: a
    layout. A one-column list of names is data, "Ann Lee<br>Toronto" too (trafilatura makes the second
    line a `<p>`), and so is a FAQ under a header row."""
    rows = [row for row in table if row.tag == "row"]
    cells = [cell for row in rows for cell in row if cell.tag == "cell"]
    return (
        bool(rows)
        and len(cells) == len(rows)
        and all(len(row) == 1 for row in rows)
        and not any(cell.get("role") == "head" for cell in cells)
        and any(
            child.tag == "head" or (child.tag == "p" and len(words_of(child)) >= LAYOUT_PROSE_CHARS)
            for cell in cells
            for child in cell
        )
    )


def table_lines(table: ElementTree.Element) -> str:
    """Each row a line of its own. Under a header row each cell is named by its column (`- Department:
    Police; Budget: $14.8 million`), so a row answers alone: "What is the lowest dose against MRSA?"
    was answered by the header, the one line holding "dose". Without one, `| cell | cell |`.

    Bounded by the table's own text: only its own rows are read (a nested table's text is read once,
    with the cell holding it: reading every descendant row read each level again per level above
    it), and columns are named only while that at most `NAMED_GROWTH` times the text: a 2,000-character
    header over 3,000 one-letter rows made a 59 KB page 9,000 passages."""
    rows = []
    for row in table:
        if row.tag != "row":
            continue
        cells = [(cell, words_of(cell).replace("|", "/")) for cell in row if cell.tag == "cell"]
        if any(text for _, text in cells):  # a header shorter than the rows is padded with empty cells
            rows.append(
                (all(cell.get("role") == "head" for cell, text in cells if text), [t for _, t in cells])
            )
    # A caption, or an infobox's title row over its label/value rows, is the table's title: no column
    # names ("- Table 1: Rainfall by month: January" read the caption as the first column's name).
    # Its one text comes first: a header's empty corner cell ("| | Population |") is no title.
    title = []
    first = rows[0][1] if rows else []
    if len(rows) > 2 and rows[0][0] and first[0] and not any(first[1:]) and sum(map(bool, rows[1][1])) > 1:
        title, rows = [first[0]], rows[1:]
    header = rows[0][1] if len(rows) > 1 and rows[0][0] else None
    if header is not None:
        own = sum(len(text) + 2 for _, texts in rows for text in texts)
        names = sum(
            len(name) + 2 for _, texts in rows[1:] for name, text in zip(header, texts, strict=False) if text
        )
        if names > NAMED_GROWTH * own:
            header = None
    if header is None:
        return "\n".join(title + ["| " + " | ".join(texts) + " |" for _, texts in rows])
    lines = title
    for _, texts in rows[1:]:
        named = (
            f"{name}: {text}" if name else text for name, text in zip(header, texts, strict=False) if text
        )
        lines.append("- " + "; ".join(named))
    return "\n".join(lines)
