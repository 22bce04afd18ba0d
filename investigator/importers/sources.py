"""Which reader a file needs, chosen from its name, so callers need not know the formats."""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum
from pathlib import Path

from investigator.progress import Progress, collector_paused

from .csv_reader import read_csv
from .docx_reader import read_docx
from .errors import ImportFileError, ImportOptionsError
from .table import SourceTable
from .xlsx_reader import read_xlsx


class SourceKind(StrEnum):
    CSV = "csv"
    XLSX = "xlsx"
    DOCX = "docx"


_SUFFIXES = {
    ".csv": SourceKind.CSV,
    ".tsv": SourceKind.CSV,
    ".tab": SourceKind.CSV,
    ".txt": SourceKind.CSV,
    ".xlsx": SourceKind.XLSX,
    ".xlsm": SourceKind.XLSX,
    ".docx": SourceKind.DOCX,
}
_OLD_FORMATS = {
    ".xls": "an old-style Excel workbook (.xls); open it in Excel and save it as .xlsx",
    ".doc": "an old-style Word document (.doc); open it in Word and save it as .docx",
    ".rtf": "a rich-text document; open it in Word and save it as .docx",
    ".odt": "an OpenDocument text; save it as .docx",
    ".ods": "an OpenDocument spreadsheet; save it as .xlsx",
    ".pdf": "a PDF; ask the agency for the chronology as a spreadsheet or Word document",
}

IMPORT_FILE_FILTER = (
    "Chronologies (*.xlsx *.xlsm *.csv *.tsv *.txt *.docx);;"
    "Excel workbooks (*.xlsx *.xlsm);;CSV or text (*.csv *.tsv *.txt);;"
    "Word documents (*.docx);;All files (*)"
)


def source_kind(path: Path) -> SourceKind:
    suffix = path.suffix.lower()
    if suffix in _SUFFIXES:
        return _SUFFIXES[suffix]
    if suffix in _OLD_FORMATS:
        raise ImportFileError(path, f"is {_OLD_FORMATS[suffix]}.")
    raise ImportFileError(
        path, "is not a kind of file Investigator imports; use .xlsx, .csv, .txt or .docx."
    )


def read_source(
    path: Path | str,
    *,
    sheet: str | None = None,
    tables: Sequence[int] | None = None,
    header_row: int | None = None,
    progress: Progress | None = None,
) -> SourceTable:
    """Read a chronology file into a table; the sheet and tables apply to their kinds only."""
    path = Path(path)
    kind = source_kind(path)
    if sheet is not None and kind is not SourceKind.XLSX:
        raise ImportOptionsError(f"{path.name} is not a workbook, so it has no sheets to choose.")
    if tables and kind is not SourceKind.DOCX:
        raise ImportOptionsError(f"{path.name} is not a Word document, so it has no tables.")
    if not path.is_file():
        raise ImportFileError(path, "does not exist." if not path.exists() else "is a folder.")
    with collector_paused():
        if kind is SourceKind.XLSX:
            return read_xlsx(path, sheet, header_row=header_row, progress=progress)
        if kind is SourceKind.DOCX:
            return read_docx(path, tables, header_row=header_row, progress=progress)
        return read_csv(path, header_row=header_row, progress=progress)
