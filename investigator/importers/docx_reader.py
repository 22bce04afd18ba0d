"""Tables in Word documents (.docx), the form most chronologies from report writers take.

Word tables are laid out for reading, not for data: a chronology may be split
into one table per year, a date cell may be merged down over the three
entries of that day, and a title row may be merged across the whole table.
Tables with the same header are read as one; a cell merged down gives its
value to every row it covers; a cell merged across counts once, in its first
column.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from investigator.models import InvestigatorError
from investigator.progress import Progress

from .errors import ImportFileError, ImportOptionsError
from .fields import header_key
from .table import (
    CellValue,
    RawRow,
    SourceRow,
    SourceTable,
    body_rows,
    build_table,
    header_score,
    trimmed,
)


@dataclass(frozen=True)
class TableInfo:
    number: int  # 1-based, in document order
    rows: int
    columns: int
    first_row: tuple[str, ...]

    @property
    def description(self) -> str:
        shown = ", ".join(c for c in self.first_row if c)[:80]
        return f"Table {self.number}: {self.rows} rows × {self.columns} columns — {shown}"


def docx_tables(path: Path) -> list[TableInfo]:
    grids = _document_grids(path)
    return [_info(number, grid) for number, grid in enumerate(grids, start=1)]


def read_docx(
    path: Path,
    tables: Sequence[int] | None = None,
    *,
    header_row: int | None = None,
    progress: Progress | None = None,
) -> SourceTable:
    """Read the chosen tables (1-based) as one; by default the chronology-like ones."""
    grids = _document_grids(path)
    if not grids:
        raise ImportFileError(path, "has no tables; a chronology must be in a Word table.")
    chosen = list(dict.fromkeys(tables)) if tables else default_tables(grids)
    for number in chosen:
        if not 1 <= number <= len(grids):
            raise ImportOptionsError(
                f"{path.name} has {len(grids)} table(s); there is no table {number}."
            )
    first = chosen[0]
    name = path.name if len(chosen) == 1 and len(grids) == 1 else _name(path, chosen)
    part = f"Table {first}" if len(grids) > 1 else ""
    table = build_table(name, _numbered(grids[first - 1]), header_row=header_row, part=part)
    table.tables = tuple(chosen)
    header_cells = tuple(_header_cells(grids[first - 1], table.header_row))
    width = len(table.headers)
    for position, number in enumerate(chosen[1:], start=1):
        if progress is not None:
            progress.step(position, len(chosen), f"Reading table {number}")
        rows = [(n, trimmed(cells)) for n, cells in _numbered(grids[number - 1])]
        rows = [(n, cells) for n, cells in rows if cells]
        if not rows:
            continue
        header_at = next(
            (i for i, (_n, cells) in enumerate(rows[:5]) if _same_header(cells, header_cells)),
            None,
        )
        if header_at is not None:
            rows = rows[header_at + 1 :]
        elif any(header_score(cells) >= 2 for _n, cells in rows[:5]) or _width(
            grids[number - 1]
        ) != _width(grids[first - 1]):
            raise ImportOptionsError(
                f"Table {number} in {path.name} has different columns from table {first}; "
                "import it on its own."
            )
        else:
            table.notes.append(
                f"Table {number} has no header row; its rows were read as continuing table {first}."
            )
        extra, _repeats = body_rows(rows, header_cells, width, f"Table {number}")
        table.rows.extend(_fit(row, width) for row in extra)
    if len(chosen) > 1:
        listed = ", ".join(str(n) for n in chosen)
        table.notes.insert(0, f"Tables {listed} were read as one chronology.")
    return table


def default_tables(grids: Sequence[list[list[str]]]) -> list[int]:
    """The first chronology-like table, and every later table with the same header.

    A document often holds other tables (a contents list, a glossary of roles)
    that must not be read as events.
    """
    scores = [max((header_score(row) for row in grid[:5]), default=0) for grid in grids]
    first = next((i for i, score in enumerate(scores) if score >= 2), 0)
    chosen = [first + 1]
    headers = [row for row in grids[first][:5] if header_score(row) == scores[first]]
    header = headers[0] if headers and scores[first] >= 2 else None
    for index in range(first + 1, len(grids)):
        grid = grids[index]
        if grid and header is not None and _same_header(trimmed(grid[0]), trimmed(header)):
            chosen.append(index + 1)
    return chosen


def _name(path: Path, chosen: Sequence[int]) -> str:
    label = "table" if len(chosen) == 1 else "tables"
    return f"{path.name}, {label} {', '.join(str(n) for n in chosen)}"


def _same_header(cells: Sequence[CellValue], header: Sequence[CellValue]) -> bool:
    keys = [header_key(str(c or "")) for c in trimmed(cells)]
    return bool(keys) and keys == [header_key(str(c or "")) for c in trimmed(header)]


def _header_cells(grid: list[list[str]], header_row: int) -> list[str]:
    return grid[header_row - 1] if 1 <= header_row <= len(grid) else []


def _fit(row: SourceRow, width: int) -> SourceRow:
    """A continuation table wider than the first keeps only the columns that have headers."""
    if len(row.cells) <= width:
        return row
    return SourceRow(row.number, row.cells[:width], row.part)


def _width(grid: list[list[str]]) -> int:
    return max((len(row) for row in grid), default=0)


def _numbered(grid: list[list[str]]) -> Iterator[RawRow]:
    for number, cells in enumerate(grid, start=1):
        yield number, list(cells)


def _info(number: int, grid: list[list[str]]) -> TableInfo:
    width = max((len(row) for row in grid), default=0)
    first = next((row for row in grid if any(c.strip() for c in row)), [])
    return TableInfo(number, len(grid), width, tuple(" ".join(c.split()) for c in first))


def _document_grids(path: Path) -> list[list[list[str]]]:
    """Every top-level table as rows of cell text, merges resolved."""
    with _damage_guard(path):
        from docx import Document

        document = Document(str(path))
        return [_grid(table) for table in document.tables]


def _grid(table: Any) -> list[list[str]]:
    """Walk the XML so merges are seen: python-docx's ``row.cells`` repeats a merged cell
    across every column it spans, which would copy a wide summary into two fields."""
    from docx.table import _Cell

    grid: list[list[str]] = []
    for tr in table._tbl.tr_lst:
        row: list[str] = [""] * (tr.grid_before or 0)
        for tc in tr.tc_lst:
            span = max(int(tc.grid_span or 1), 1)
            if tc.vMerge == "continue":
                above = grid[-1] if grid else []
                text = above[len(row)] if len(row) < len(above) else ""
            else:
                text = _Cell(tc, table).text
            row.append(text)
            row.extend([""] * (span - 1))
        grid.append(row)
    return grid


@contextmanager
def _damage_guard(path: Path) -> Iterator[None]:
    """python-docx, zipfile and lxml fail on a damaged file with many kinds of exception;
    the reviewer needs one clear message. Our own errors pass through unchanged."""
    try:
        yield
    except InvestigatorError:
        raise
    except FileNotFoundError:
        raise ImportFileError(path, "does not exist.") from None
    except PermissionError as error:
        raise ImportFileError(path, f"cannot be read ({error.strerror}).") from None
    except Exception as error:
        raise ImportFileError(
            path,
            "cannot be read as a Word document (.docx): it may be another kind of file, "
            "damaged, or only partly copied. Open it in Word and save it again as .docx.",
        ) from error
