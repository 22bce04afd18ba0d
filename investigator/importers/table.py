"""The one shape every reader produces: headers, and rows numbered as the reviewer sees them.

A problem report is only useful if "row 412" is row 412 when the reviewer
opens the file, so every row keeps its number in the source (and, for Word
documents with several tables, which table it came from).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TypeAlias

from .errors import ImportFileError
from .fields import match_header

CellValue: TypeAlias = (
    str | int | float | bool | dt.datetime | dt.date | dt.time | dt.timedelta | None
)

# How far down a sheet a header may sit below titles and notes.
HEADER_SEARCH_ROWS = 30


@dataclass(frozen=True, slots=True)
class SourceRow:
    number: int
    cells: tuple[CellValue, ...]
    part: str = ""  # "Table 2" when rows come from several tables

    @property
    def location(self) -> str:
        return f"{self.part}, row {self.number}" if self.part else f"Row {self.number}"


@dataclass
class SourceTable:
    """A table read from a file: unique header names and the non-blank rows under them."""

    name: str
    headers: list[str]
    rows: list[SourceRow]
    header_row: int = 1
    notes: list[str] = field(default_factory=list)
    sheet: str | None = None  # the workbook sheet read, if any
    tables: tuple[int, ...] = ()  # the Word tables read (1-based), if any

    def column(self, header: str) -> int:
        return self.headers.index(header)

    def sample(self, header: str, limit: int = 3) -> list[str]:
        """A few values from a column, so the reviewer can see what a header means."""
        from .cells import cell_text  # cells builds on this module's types

        index = self.column(header)
        found: list[str] = []
        for row in self.rows:
            if index < len(row.cells) and not is_blank(row.cells[index]):
                found.append(cell_text(row.cells[index]))
                if len(found) >= limit:
                    break
        return found


RawRow: TypeAlias = tuple[int, Sequence[CellValue]]


def is_blank(value: CellValue) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def trimmed(cells: Sequence[CellValue]) -> tuple[CellValue, ...]:
    """Spreadsheets pad rows with empty cells to the widest column; drop the padding."""
    end = len(cells)
    while end and is_blank(cells[end - 1]):
        end -= 1
    return tuple(cells[:end])


def header_score(cells: Sequence[CellValue]) -> int:
    """How many cells name a known chronology field."""
    return sum(1 for c in cells if isinstance(c, str) and match_header(c) is not None)


def detect_header_row(rows: Sequence[RawRow]) -> int:
    """The index (into ``rows``) of the header: the early row naming most known fields.

    Titles, author notes and blank lines often sit above the header. When no
    row names two known fields, the first row with two or more text cells is
    taken, so that a file with unusual headers can still be mapped by hand.
    """
    best_index, best_score = -1, 1
    for index, (_number, cells) in enumerate(rows[:HEADER_SEARCH_ROWS]):
        score = header_score(cells)
        if score > best_score:
            best_index, best_score = index, score
    if best_index >= 0:
        return best_index
    for index, (_number, cells) in enumerate(rows[:HEADER_SEARCH_ROWS]):
        if sum(1 for c in cells if isinstance(c, str) and c.strip()) >= 2:
            return index
    return 0


def header_names(cells: Sequence[CellValue], width: int) -> list[str]:
    """Unique, readable header names; an empty header becomes "Column 3"."""
    names: list[str] = []
    seen: dict[str, int] = {}
    for position in range(width):
        value = cells[position] if position < len(cells) else None
        name = " ".join(str(value).split()) if not is_blank(value) else ""
        if isinstance(value, dt.datetime | dt.date):
            name = value.isoformat()
        if not name:
            name = f"Column {position + 1}"
        key = name.casefold()
        if key in seen:
            seen[key] += 1
            name = f"{name} ({seen[key]})"
        else:
            seen[key] = 1
        names.append(name)
    return names


def build_table(
    name: str,
    raw_rows: Iterable[RawRow],
    *,
    header_row: int | None = None,
    part: str = "",
) -> SourceTable:
    """Turn numbered raw rows into a table: find the header, drop blank and repeated rows.

    ``header_row`` is the source row number the reviewer says holds the
    header; without it the header is detected.
    """
    rows = [(number, trimmed(cells)) for number, cells in raw_rows]
    rows = [(number, cells) for number, cells in rows if cells]
    if not rows:
        raise ImportFileError(name, "there is nothing in it to import (no rows with text).")
    if header_row is None:
        index = detect_header_row(rows)
    else:
        matches = [i for i, (number, _cells) in enumerate(rows) if number == header_row]
        if not matches:
            raise ImportFileError(
                name, f"row {header_row} is empty or outside the table, so it has no headers."
            )
        index = matches[0]
    header_number, header_cells = rows[index]
    body = rows[index + 1 :]
    width = max([len(header_cells), *(len(cells) for _n, cells in body)])
    headers = header_names(header_cells, width)
    notes: list[str] = []
    if index > 0:
        notes.append(f"Rows above the header (row {header_number}) were not read.")
    source_rows, repeats = body_rows(body, header_cells, width, part)
    if repeats:
        notes.append(f"{repeats} repeated header row(s) were skipped.")
    return SourceTable(name, headers, source_rows, header_number, notes)


def body_rows(
    body: Sequence[RawRow], header_cells: Sequence[CellValue], width: int, part: str
) -> tuple[list[SourceRow], int]:
    """Rows padded to the table's width; a row that repeats the header is skipped."""
    first_header = header_cells[0] if header_cells else None
    header_texts = [_text_key(c) for c in header_cells]
    result: list[SourceRow] = []
    repeats = 0
    padding: tuple[CellValue, ...] = (None,) * width
    for number, cells in body:
        if (
            cells
            and cells[0] == first_header
            and [_text_key(c) for c in cells] == header_texts[: len(cells)]
            and len(cells) == len(header_texts)
        ):
            repeats += 1
            continue
        if len(cells) < width:
            cells = tuple(cells) + padding[: width - len(cells)]
        result.append(SourceRow(number, tuple(cells), part))
    return result, repeats


def _text_key(value: CellValue) -> str:
    return " ".join(str(value).split()).casefold() if value is not None else ""
