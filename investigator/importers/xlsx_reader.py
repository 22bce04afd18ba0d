"""Excel workbooks (.xlsx), read in openpyxl's streaming mode so 100,000 rows stay cheap.

Cells are taken as Excel holds them: a date cell arrives as a date, not as the
text "2019-03-12 00:00:00" that would read as a midnight time. Formulas give
the result Excel saved with the file (``data_only``); the reviewer gets
values, never formula text.

Merged cells are read as in a Word table: Excel keeps a merged cell's value
in its top-left cell only, so a date merged down over the three entries of
one day gives its value to each of those rows; a cell merged across counts
once, in its first column. openpyxl's streaming mode does not report merges,
so they are read from the end of the sheet's XML, after the rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from investigator.models import InvestigatorError
from investigator.progress import Progress

from .errors import ImportFileError, ImportOptionsError
from .table import CellValue, RawRow, SourceTable, build_table

PROGRESS_EVERY = 2000
_SHEET_HINTS = ("chronolog", "timeline", "events")


@dataclass(frozen=True)
class SheetInfo:
    name: str
    hidden: bool
    rows: int | None  # as the file declares it; None when the file does not say


def xlsx_sheets(path: Path) -> list[SheetInfo]:
    with _workbook(path) as book, _damage_guard(path):
        return [
            SheetInfo(sheet.title, sheet.sheet_state != "visible", sheet.max_row)
            for sheet in book.worksheets
        ]


def default_sheet(sheets: list[SheetInfo]) -> SheetInfo:
    """A visible sheet named like a chronology, else the first visible one."""
    visible = [s for s in sheets if not s.hidden] or sheets
    for sheet in visible:
        if any(hint in sheet.name.casefold() for hint in _SHEET_HINTS):
            return sheet
    return visible[0]


def read_xlsx(
    path: Path,
    sheet: str | None = None,
    *,
    header_row: int | None = None,
    progress: Progress | None = None,
) -> SourceTable:
    with _workbook(path) as book:
        with _damage_guard(path):
            worksheets = list(book.worksheets)
            infos = [
                SheetInfo(ws.title, ws.sheet_state != "visible", ws.max_row) for ws in worksheets
            ]
        if not worksheets:
            raise ImportFileError(path, "the workbook has no worksheets.")
        chosen = _choose_sheet(path, infos, sheet)
        worksheet = worksheets[infos.index(chosen)]
        name = f"{path.name}, sheet {chosen.name!r}" if len(infos) > 1 else path.name
        rows = list(_rows(path, worksheet, name, progress))
        with _damage_guard(path):
            merged = _merged_ranges(worksheet)
    filled = _fill_merged_down(rows, merged)
    table = build_table(name, rows, header_row=header_row)
    if filled:
        cells = "cell" if filled == 1 else "cells"
        table.notes.append(
            f"{filled:,} {cells} under a merged cell took the value of the cell merged over them."
        )
    table.sheet = chosen.name
    if len(infos) > 1:
        others = ", ".join(repr(i.name) for i in infos if i is not chosen)
        table.notes.insert(0, f"Read sheet {chosen.name!r}; the workbook also has {others}.")
    return table


def _choose_sheet(path: Path, sheets: list[SheetInfo], wanted: str | None) -> SheetInfo:
    if wanted is None:
        return default_sheet(sheets)
    for sheet in sheets:
        if sheet.name.casefold() == wanted.strip().casefold():
            return sheet
    if wanted.strip().isdigit() and 1 <= int(wanted) <= len(sheets):
        return sheets[int(wanted) - 1]
    names = ", ".join(repr(s.name) for s in sheets)
    raise ImportOptionsError(f"{path.name} has no sheet called {wanted!r}; its sheets are {names}.")


def _rows(path: Path, worksheet: Any, name: str, progress: Progress | None) -> Iterator[RawRow]:
    """Rows numbered as Excel numbers them; missing rows come through as empty."""
    declared = worksheet.max_row or 0
    # Some programs write a wrong size into the file; read to the real end instead.
    worksheet.reset_dimensions()
    with _damage_guard(path):
        for number, values in enumerate(worksheet.iter_rows(min_row=1, values_only=True), 1):
            if progress is not None and number % PROGRESS_EVERY == 0:
                progress.step(number, max(declared, number), f"Reading {name}: row {number:,}")
            yield number, [_value(v) for v in values]


_MERGE_CELL = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}mergeCell"
_SCAN_CHUNK = 1 << 20


def _merged_ranges(worksheet: Any) -> list[tuple[int, int, int, int]]:
    """The merged areas of a sheet as (first row, first column, last row, last column).

    Most sheets have none, and the sheet's XML is then read once more only as
    bytes, looking for the word; a sheet that has some is parsed to find them.
    ``_get_source`` is how openpyxl's own streaming worksheet opens its XML.
    """
    from xml.etree.ElementTree import iterparse

    from openpyxl.utils.cell import range_boundaries

    with worksheet._get_source() as source:
        tail = b""
        while chunk := source.read(_SCAN_CHUNK):
            if b"mergeCell" in tail + chunk:
                break
            tail = chunk[-16:]
        else:
            return []
    found: list[tuple[int, int, int, int]] = []
    with worksheet._get_source() as source:
        for _event, element in iterparse(source):
            if element.tag == _MERGE_CELL and element.get("ref"):
                first_column, first_row, last_column, last_row = range_boundaries(
                    element.get("ref")
                )
                found.append((first_row, first_column, last_row, last_column))
            element.clear()
    return found


def _fill_merged_down(rows: list[RawRow], merged: list[tuple[int, int, int, int]]) -> int:
    """Give each row under a merged cell the merged value, in the merge's first column;
    returns how many cells were filled. ``rows`` are numbered as Excel numbers them."""
    if not merged:
        return 0
    by_number = {number: index for index, (number, _cells) in enumerate(rows)}
    filled = 0
    for first_row, column, last_row, _last_column in merged:
        top = by_number.get(first_row)
        if top is None or column > len(rows[top][1]):
            continue
        value = rows[top][1][column - 1]
        if value is None:
            continue
        for number in range(first_row + 1, last_row + 1):
            index = by_number.get(number)
            if index is None:
                continue
            cells = list(rows[index][1])
            if len(cells) < column:
                cells.extend([None] * (column - len(cells)))
            if cells[column - 1] is None:
                cells[column - 1] = value
                rows[index] = (number, cells)
                filled += 1
    return filled


def _value(value: Any) -> CellValue:
    """Excel's own types, with its error codes and odd types reduced to text."""
    if value is None or isinstance(value, str | bool | int | float | dt.date | dt.time):
        return value
    if isinstance(value, dt.timedelta):
        return value
    return str(value)


@contextmanager
def _workbook(path: Path) -> Iterator[Any]:
    from openpyxl import load_workbook

    try:
        with _damage_guard(path):
            book = load_workbook(path, read_only=True, data_only=True, keep_links=False)
    except FileNotFoundError:
        raise ImportFileError(path, "does not exist.") from None
    try:
        yield book
    finally:
        book.close()


@contextmanager
def _damage_guard(path: Path) -> Iterator[None]:
    """openpyxl, zipfile and the XML parser fail on a damaged file with any exception
    they like; the reviewer needs one clear message, so all of them become one error.
    Our own errors (cancelling, a missing sheet) pass through unchanged."""
    try:
        yield
    except (InvestigatorError, GeneratorExit, FileNotFoundError):
        raise
    except PermissionError as error:
        raise ImportFileError(path, f"cannot be read ({error.strerror}).") from None
    except Exception as error:
        raise ImportFileError(
            path,
            "cannot be read as an Excel workbook (.xlsx): it may be another kind of file, "
            "damaged, or only partly copied. Open it in Excel and save it again as .xlsx.",
        ) from error
