"""Writing the chronology to CSV or Excel, in the shape the importer reads back.

The columns are the canonical field names, dates are written as the app shows
them (so their precision survives), and any cell that a spreadsheet would run
as a formula is neutralised. Export then import into a new review gives the
same events.
"""

from __future__ import annotations

import csv
import io
import uuid
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Protocol

from investigator.files import atomic_write_bytes
from investigator.models import Event, EventFilter, Subject, Tag, Theme
from investigator.progress import Progress

from .cells import neutralised, time_text
from .errors import ExportError
from .fields import ImportField
from .rows import ImportProblem

EXPORT_COLUMNS: tuple[ImportField, ...] = (
    ImportField.SUBJECT,
    ImportField.DATE,
    ImportField.TIME,
    ImportField.AGENCY,
    ImportField.AUTHOR_ROLE,
    ImportField.EVENT_TYPE,
    ImportField.SUMMARY,
    ImportField.SHOULD_HAVE_HAPPENED,
    ImportField.ANALYSIS,
    ImportField.SOURCE,
    ImportField.MISSED_OPPORTUNITY,
    ImportField.CARE_PROBLEM,
    ImportField.NOTABLE_PRACTICE,
    ImportField.THEMES,
)
EXPORT_FILE_FILTER = "Excel workbook (*.xlsx);;CSV, UTF-8 (*.csv)"
PROGRESS_EVERY = 2000
_WIDTHS = {ImportField.SUMMARY: 60, ImportField.ANALYSIS: 40, ImportField.SHOULD_HAVE_HAPPENED: 40}


class ChronologySource(Protocol):
    """What export needs of a review; ``ReviewFile`` provides it."""

    def events(self, event_filter: EventFilter | None = None) -> list[Event]: ...

    def tags(self, event_ids: Sequence[uuid.UUID | str] | None = None) -> list[Tag]: ...

    def subjects(self) -> list[Subject]: ...

    def themes(self) -> list[Theme]: ...


def export_chronology(
    source: ChronologySource,
    path: Path | str,
    event_filter: EventFilter | None = None,
    progress: Progress | None = None,
) -> int:
    """Write the (filtered) chronology to ``path``; returns the number of events written."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise ExportError(f"{path.name}: a chronology can be exported as .csv or .xlsx only.")
    rows = chronology_rows(source, event_filter, progress)
    data = _csv_bytes(rows) if suffix == ".csv" else _xlsx_bytes(rows, progress)
    if progress is not None:
        progress.step(len(rows), len(rows), f"Saving {path.name}")
    try:
        atomic_write_bytes(path, data)
    except OSError as error:
        raise ExportError(f"Cannot write {path}: {error.strerror or error}.") from None
    return len(rows) - 1


def chronology_rows(
    source: ChronologySource,
    event_filter: EventFilter | None = None,
    progress: Progress | None = None,
) -> list[list[str]]:
    """The header and one row per event, every cell already neutralised."""
    events = source.events(event_filter)
    labels = {s.id: s.label for s in source.subjects()}
    codes = {t.id: t.code for t in source.themes()}
    order = {t.id: position for position, t in enumerate(source.themes())}
    themes_by_event: dict[uuid.UUID, list[uuid.UUID]] = {}
    for tag in source.tags([e.id for e in events]) if events else []:
        themes_by_event.setdefault(tag.event_id, []).append(tag.theme_id)
    rows: list[list[str]] = [[field.value for field in EXPORT_COLUMNS]]
    total = len(events)
    for number, event in enumerate(events, start=1):
        if progress is not None and number % PROGRESS_EVERY == 0:
            progress.step(number, total, f"Exporting event {number:,} of {total:,}")
        themes = sorted(themes_by_event.get(event.id, []), key=lambda t: order.get(t, 0))
        row = [
            "; ".join(labels.get(s, str(s)) for s in event.subject_ids),
            event.date.display(),
            time_text(event.time) if event.time is not None else "",
            event.agency,
            event.author_role,
            event.event_type.value,
            event.summary,
            event.should_have_happened,
            event.analysis,
            event.source,
            _yes_no(event.missed_opportunity),
            _yes_no(event.care_problem),
            _yes_no(event.notable_practice),
            "; ".join(codes.get(t, str(t)) for t in themes),
        ]
        rows.append([neutralised(cell) for cell in row])
    return rows


def export_problems(problems: Sequence[ImportProblem], path: Path | str) -> None:
    """The import report as CSV, to send back to the agency or keep with the review notes."""
    rows = [["where", "row", "column", "value", "problem", "severity"]]
    rows += [
        [
            neutralised(p.location),
            "" if p.row is None else str(p.row),
            neutralised(p.column),
            neutralised(p.value),
            neutralised(p.message),
            p.severity.value,
        ]
        for p in problems
    ]
    try:
        atomic_write_bytes(Path(path), _csv_bytes(rows))
    except OSError as error:
        raise ExportError(f"Cannot write {path}: {error.strerror or error}.") from None


def _yes_no(flag: bool) -> str:
    return "yes" if flag else "no"


def _csv_bytes(rows: Iterable[list[str]]) -> bytes:
    """UTF-8 with a byte-order mark: without it Excel reads the file as Windows-1252."""
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")


def _xlsx_bytes(rows: list[list[str]], progress: Progress | None) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Chronology")
    for position, field in enumerate(EXPORT_COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(position)].width = _WIDTHS.get(field, 16)
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for name in rows[0]:
        cell = WriteOnlyCell(sheet, value=name)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for number, row in enumerate(rows[1:], start=1):
        if progress is not None and number % PROGRESS_EVERY == 0:
            progress.step(number, len(rows) - 1, f"Writing row {number:,}")
        sheet.append([_xlsx_text(value) for value in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _xlsx_text(value: str) -> str | None:
    """Excel forbids most control characters in a cell; they cannot come from a record anyway."""
    if not value:
        return None
    return value.translate(_CONTROL) if _has_control(value) else value


_CONTROL = {c: None for c in range(32) if c not in (9, 10, 13)}


def _has_control(value: str) -> bool:
    return any(ord(c) < 32 and c not in "\t\n\r" for c in value)
