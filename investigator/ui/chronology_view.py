"""The chronology table view: delegates, column sizes, keyboard and context menu."""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, QItemSelectionModel, Qt, Signal
from PySide6.QtGui import QAction, QContextMenuEvent, QKeyEvent, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QMenu, QTableView, QWidget

from investigator.ui.chronology_model import (
    COL_AGENCY,
    COL_DATE,
    COL_FLAGS,
    COL_SUBJECTS,
    COL_SUMMARY,
    COL_THEMES,
    COL_TYPE,
    ChronologyModel,
    EventIdRole,
)
from investigator.ui.delegates import (
    EventTypeDelegate,
    FlagsDelegate,
    SummaryDelegate,
    ThemeChipsDelegate,
)


class ChronologyView(QTableView):
    """Rows are events; the current row drives the details pane and the timeline."""

    current_event_changed = Signal(object)  # event id (str) or None
    edit_requested = Signal()
    delete_requested = Signal()

    def __init__(self, model: ChronologyModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setModel(model)
        self.chronology = model
        self.summary_delegate = SummaryDelegate(self)
        self.setItemDelegateForColumn(COL_SUMMARY, self.summary_delegate)
        self.setItemDelegateForColumn(COL_THEMES, ThemeChipsDelegate(self))
        self.setItemDelegateForColumn(COL_FLAGS, FlagsDelegate(self))
        self.setItemDelegateForColumn(COL_TYPE, EventTypeDelegate(self))
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.setSortingEnabled(True)
        self.horizontalHeader().setSortIndicator(COL_DATE, Qt.SortOrder.AscendingOrder)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.setTabKeyNavigation(False)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header = self.horizontalHeader()
        header.setStretchLastSection(False)
        metrics = self.fontMetrics()
        widths = {
            COL_DATE: metrics.horizontalAdvance("12/03/2019 14:30") + 16,
            COL_SUBJECTS: metrics.horizontalAdvance("Service user A") + 12,
            COL_AGENCY: metrics.horizontalAdvance("Substance mis") + 12,
            COL_TYPE: metrics.horizontalAdvance("Missed appointm") + 12,
            COL_THEMES: metrics.horizontalAdvance("ACCESS INEQ") + 40,
            COL_FLAGS: metrics.horizontalAdvance("Missed CSDP") + 30,
        }
        for column, width in widths.items():
            header.resizeSection(column, width)
        header.setSectionResizeMode(COL_SUMMARY, QHeaderView.ResizeMode.Stretch)
        header.setSectionsMovable(True)
        self.setAccessibleName("Chronology")
        self.setAccessibleDescription(
            "Events in date order. Enter or F2 edits a cell, Ctrl+E opens the event, "
            "Delete removes the selected events."
        )
        model.modelReset.connect(self._announce_current)
        model.layoutChanged.connect(self._announce_current)

    def currentChanged(self, current, previous) -> None:  # type: ignore[no-untyped-def]
        super().currentChanged(current, previous)
        self._announce_current()

    def _announce_current(self) -> None:
        index = self.currentIndex()
        self.current_event_changed.emit(index.data(EventIdRole) if index.isValid() else None)

    def current_event_id(self) -> str | None:
        index = self.currentIndex()
        return index.data(EventIdRole) if index.isValid() else None

    def selected_event_ids(self) -> list[str]:
        # From the selection's ranges: selectedRows() asks every cell of every
        # selected row for its flags, which shows with thousands of rows.
        rows = sorted(
            {
                row
                for span in self.selectionModel().selection()
                for row in range(span.top(), span.bottom() + 1)
            }
        )
        if not rows and self.currentIndex().isValid():
            rows = [self.currentIndex().row()]
        model = self.chronology
        return [model.event_ids[r] for r in rows if r < len(model.event_ids)]

    def select_event(self, event_id: str | None) -> bool:
        """Select and show the event's row (from the timeline); False if filtered out."""
        if event_id is None:
            self.clearSelection()
            return False
        row = self.chronology.row_for_id(event_id)
        if row is None:
            return False
        index = self.chronology.index(row, COL_SUMMARY)
        self.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.scrollTo(index, QAbstractItemView.ScrollHint.EnsureVisible)
        return True

    def select_events(self, event_ids: list[str], current: str) -> bool:
        """Restore a selection after a reload; False if the current event is gone.

        The rows are selected in one step, as runs of adjacent rows: row by row,
        each would announce a new selection and the Themes panel would be
        rebuilt once per row (minutes for a few thousand events)."""
        current_row = self.chronology.row_for_id(current)
        if current_row is None:
            return False
        rows = sorted(
            {current_row, *(r for r in map(self.chronology.row_for_id, event_ids) if r is not None)}
        )
        last_column = self.chronology.columnCount() - 1
        selection = QItemSelection()
        first = previous = rows[0]
        for row in [*rows[1:], None]:
            if row is not None and row == previous + 1:
                previous = row
                continue
            selection.select(
                self.chronology.index(first, 0), self.chronology.index(previous, last_column)
            )
            if row is not None:
                first = previous = row
        index = self.chronology.index(current_row, COL_SUMMARY)
        model = self.selectionModel()
        model.setCurrentIndex(index, QItemSelectionModel.SelectionFlag.NoUpdate)
        model.select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        self.scrollTo(index, QAbstractItemView.ScrollHint.EnsureVisible)
        return True

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self.chronology.rowCount() or self.chronology.review is None:
            return
        if self.chronology.total:
            text = "No events match the filters. Clear filters (Ctrl+Shift+L) to see them all."
        else:
            text = (
                "No events yet.\nAdd one with Edit ▸ Add event (Ctrl+Shift+N), or import a "
                "chronology with File ▸ Import chronology (Ctrl+Shift+I)."
            )
        painter = QPainter(self.viewport())
        painter.setPen(self.palette().color(QPalette.ColorRole.PlaceholderText))
        area = self.viewport().rect().adjusted(24, 24, -24, -24)
        flags = Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap
        painter.drawText(area, flags, text)
        painter.end()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if (
            event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)
            and self.state() != QAbstractItemView.State.EditingState
        ):
            self.delete_requested.emit()
            return
        if (
            event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and self.state() != QAbstractItemView.State.EditingState
        ):
            self.edit_requested.emit()
            return
        super().keyPressEvent(event)

    def set_context_actions(self, actions: list[QAction | None]) -> None:
        self._context_actions = actions

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        menu = QMenu(self)
        for action in getattr(self, "_context_actions", []):
            if action is None:
                menu.addSeparator()
            else:
                menu.addAction(action)
        menu.exec(event.globalPos())


__all__ = ["COL_AGENCY", "COL_SUBJECTS", "ChronologyView"]
