"""Table models for the import wizard: the live preview of parsed rows, and the problem report.

Both hold plain results computed elsewhere (``investigator.importers``); they
only decide how a row looks. A row with a problem says so in words, not only
in colour, so the preview reads the same to a screen reader.
"""

from __future__ import annotations

import uuid
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from investigator.importers import ImportProblem, RowOutcome, Severity
from investigator.importers.cells import time_text

_Index = QModelIndex | QPersistentModelIndex
_TEXT_ROLES = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole)
ERROR_COLOUR = QColor("#A4262C")
WARNING_COLOUR = QColor("#7A5B00")
ERROR_BACKGROUND = QColor("#FDF3F4")

(
    COL_ROW,
    COL_STATUS,
    COL_SUBJECT,
    COL_DATE,
    COL_TYPE,
    COL_AGENCY,
    COL_SUMMARY,
    COL_THEMES,
) = range(8)
PREVIEW_HEADERS = [
    "Row",
    "Status",
    "Service user",
    "Date",
    "Event type",
    "Agency",
    "What happened",
    "Themes",
]


class PreviewModel(QAbstractTableModel):
    """The first rows of the file as they would be imported, or why they would not be."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._outcomes: list[RowOutcome] = []
        self._labels: dict[uuid.UUID, str] = {}
        self._codes: dict[uuid.UUID, str] = {}

    def set_outcomes(
        self,
        outcomes: list[RowOutcome],
        subject_labels: dict[uuid.UUID, str],
        theme_codes: dict[uuid.UUID, str],
    ) -> None:
        self.beginResetModel()
        self._outcomes = list(outcomes)
        self._labels = dict(subject_labels)
        self._codes = dict(theme_codes)
        self.endResetModel()

    def clear(self) -> None:
        self.set_outcomes([], {}, {})

    def outcome(self, row: int) -> RowOutcome:
        return self._outcomes[row]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._outcomes)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(PREVIEW_HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if horizontal and role in _TEXT_ROLES and 0 <= section < len(PREVIEW_HEADERS):
            return PREVIEW_HEADERS[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._outcomes):
            return None
        outcome = self._outcomes[index.row()]
        column = index.column()
        if role in _TEXT_ROLES:
            return self._text(outcome, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            if outcome.problems:
                return "\n".join(f"{p.column or 'Row'}: {p.message}" for p in outcome.problems)
            event = outcome.event
            return event.summary if column == COL_SUMMARY and event is not None else None
        if role == Qt.ItemDataRole.ForegroundRole and column == COL_STATUS and not outcome.ok:
            return QBrush(ERROR_COLOUR)
        if role == Qt.ItemDataRole.BackgroundRole and not outcome.ok:
            return QBrush(ERROR_BACKGROUND)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == COL_ROW:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _text(self, outcome: RowOutcome, column: int) -> str:
        if column == COL_ROW:
            row = outcome.row
            return (
                f"{row.part.replace('Table ', 'T')}:{row.number}" if row.part else str(row.number)
            )
        if column == COL_STATUS:
            if outcome.ok:
                return "Ready" if not outcome.problems else "Ready (warning)"
            first = outcome.problems[0]
            more = f" (+{len(outcome.problems) - 1})" if len(outcome.problems) > 1 else ""
            return f"{first.column}: {first.message}{more}" if first.column else first.message
        event = outcome.event
        if event is None:
            return ""
        if column == COL_SUBJECT:
            return "; ".join(self._labels.get(s, "(new)") for s in event.subject_ids)
        if column == COL_DATE:
            shown = event.date.display()
            return f"{shown} {time_text(event.time)}" if event.time is not None else shown
        if column == COL_TYPE:
            return event.event_type.label
        if column == COL_AGENCY:
            return event.agency
        if column == COL_SUMMARY:
            return event.summary.replace("\n", " ⏎ ")
        if column == COL_THEMES:
            return "; ".join(self._codes.get(t, "?") for t in outcome.theme_ids)
        return ""


PROBLEM_HEADERS = ["Where", "Column", "Value", "Problem"]


class ProblemsModel(QAbstractTableModel):
    """Every problem the check found, in file order, as the reviewer will fix them."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._problems: list[ImportProblem] = []

    def set_problems(self, problems: list[ImportProblem]) -> None:
        self.beginResetModel()
        self._problems = list(problems)
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._problems)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(PROBLEM_HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if horizontal and role in _TEXT_ROLES and 0 <= section < len(PROBLEM_HEADERS):
            return PROBLEM_HEADERS[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._problems):
            return None
        problem = self._problems[index.row()]
        column = index.column()
        if role in _TEXT_ROLES:
            if column == 0:
                return problem.location
            if column == 1:
                return problem.column
            if column == 2:
                return problem.value.replace("\n", " ⏎ ")
            prefix = "Warning: " if problem.severity is Severity.WARNING else ""
            return prefix + problem.message
        if role == Qt.ItemDataRole.ToolTipRole and column in (2, 3):
            return problem.value if column == 2 else problem.message
        if role == Qt.ItemDataRole.ForegroundRole and column == 3:
            error = problem.severity is Severity.ERROR
            return QBrush(ERROR_COLOUR if error else WARNING_COLOUR)
        return None
