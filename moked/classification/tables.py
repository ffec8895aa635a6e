"""Texts and labels read from a CSV file as spreadsheets write it (pure: no Django).

Encodings, in the order they are tried: the byte-order mark's (UTF-8, UTF-16 little or big
endian: Excel's "CSV UTF-8" and "Unicode text"), then UTF-8, then Windows-1252 (Excel's plain
"CSV" in Western Europe), then Latin-1, which decodes any bytes. The delimiter is the one of
comma, semicolon, tab and vertical bar that the header line holds most of (a comma when it holds
none): the header names the columns, so it is where the delimiter shows for sure.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass

DELIMITERS = (",", ";", "\t", "|")

_BYTE_ORDER_MARKS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


class TableError(ValueError):
    """The file cannot give texts and labels (a column missing, nothing in it); says why."""


@dataclass(frozen=True)
class LabelledTexts:
    """One text per labelled row (its text columns joined by new lines) and the row's label.

    Rows whose label cell is empty are left out and counted in `unlabelled`.
    """

    texts: list[str]
    labels: list[str]
    unlabelled: int


def decode(data: bytes) -> str:
    """The file's text, by the first of its byte-order mark, UTF-8, Windows-1252 and Latin-1."""
    for mark, encoding in _BYTE_ORDER_MARKS:
        if data.startswith(mark):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as error:
                raise TableError(f"the file starts as {encoding} but is not: {error}") from error
    for encoding in ("utf-8", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def delimiter_of(text: str) -> str:
    """The delimiter the header line (the text's first line) holds most of; a comma if none."""
    header = text.split("\n", 1)[0]
    counts = {delimiter: header.count(delimiter) for delimiter in DELIMITERS}
    best = max(DELIMITERS, key=counts.__getitem__)
    return best if counts[best] else ","


def read_labelled_texts(data: bytes, text_columns: Sequence[str], label_column: str) -> LabelledTexts:
    """Each labelled row's text columns (joined by new lines, empty cells skipped) and label.

    Column names are matched after trimming spaces. Raises `TableError` when a named column is
    not in the header or the file has no header.
    """
    if not text_columns:
        raise TableError("name at least one text column")
    text = decode(data)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter_of(text))
    try:
        header = next(reader, None)
    except csv.Error as error:
        raise TableError(f"the first line is not CSV: {error}") from error
    if not header:
        raise TableError("the file is empty: its first line must name the columns")
    positions = {name.strip(): position for position, name in enumerate(header)}
    missing = [name for name in [*text_columns, label_column] if name.strip() not in positions]
    if missing:
        raise TableError(
            f"no column named {', '.join(repr(name) for name in missing)}; "
            f"the file's columns are {', '.join(repr(name.strip()) for name in header)}"
        )
    text_positions = [positions[name.strip()] for name in text_columns]
    label_position = positions[label_column.strip()]
    texts: list[str] = []
    labels: list[str] = []
    unlabelled = 0
    try:
        for row in reader:
            if not any(cell.strip() for cell in row):
                continue
            label = _cell(row, label_position).strip()
            if not label:
                unlabelled += 1
                continue
            cells = (_cell(row, position).strip() for position in text_positions)
            texts.append("\n".join(cell for cell in cells if cell))
            labels.append(label)
    except csv.Error as error:
        raise TableError(f"line {reader.line_num} is not CSV: {error}") from error
    return LabelledTexts(texts, labels, unlabelled)


def _cell(row: list[str], position: int) -> str:
    # A short row (a spreadsheet drops trailing empty cells) has empty cells at its end.
    return row[position] if position < len(row) else ""
