"""The import wizard's second page: which sheet or tables, and which row holds the headers.

Every change re-reads the file at once, so the reviewer sees the headers that
were found before going on to the mapping.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QListView,
    QSpinBox,
    QVBoxLayout,
    QWizardPage,
)

from investigator.importers import SourceKind

if TYPE_CHECKING:
    from investigator.ui.import_wizard import ImportWizard

MAX_HEADERS_SHOWN = 12


class SourcePage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self._filling = False
        self.setTitle("Where the chronology is in the file")
        self.sheet_combo = QComboBox()
        self.sheet_combo.setAccessibleName("Sheet")
        self.sheet_combo.currentIndexChanged.connect(self._sheet_chosen)
        self.tables_model = QStandardItemModel(self)
        self.tables_model.itemChanged.connect(self._tables_chosen)
        self.tables_view = QListView()
        self.tables_view.setModel(self.tables_model)
        self.tables_view.setAccessibleName("Tables to read")
        self.tables_view.setMinimumHeight(110)
        self.header_spin = QSpinBox()
        self.header_spin.setRange(0, 1_048_576)
        self.header_spin.setSpecialValueText("Found automatically")
        self.header_spin.setAccessibleName("Header row")
        self.header_spin.setToolTip("The row number, as the file shows it, that holds the headers")
        self._header_timer = QTimer(self)
        self._header_timer.setSingleShot(True)
        self._header_timer.setInterval(400)
        self._header_timer.timeout.connect(self._header_chosen)
        self.header_spin.valueChanged.connect(lambda _value: self._header_timer.start())
        self.found_label = QLabel()
        self.found_label.setWordWrap(True)
        self.found_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #A4262C;")
        self.error_label.hide()

        self.form = QFormLayout()
        self.form.addRow("Sheet:", self.sheet_combo)
        self.form.addRow("Tables:", self.tables_view)
        self.form.addRow("Header row:", self.header_spin)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addSpacing(8)
        layout.addWidget(self.found_label)
        layout.addWidget(self.error_label)
        layout.addStretch(1)

    # Filling from the wizard -----------------------------------------------------------------
    def initializePage(self) -> None:
        wizard = self._wizard
        description = wizard.description
        self._filling = True
        try:
            kind = description.kind
            self.form.setRowVisible(self.sheet_combo, kind is SourceKind.XLSX)
            self.form.setRowVisible(self.tables_view, kind is SourceKind.DOCX)
            self.sheet_combo.clear()
            for sheet in description.sheets:
                shown = f"{sheet.name} (hidden)" if sheet.hidden else sheet.name
                self.sheet_combo.addItem(shown, sheet.name)
            if wizard.choices.sheet is not None:
                self.sheet_combo.setCurrentIndex(self.sheet_combo.findData(wizard.choices.sheet))
            self.tables_model.clear()
            for info in description.tables:
                item = QStandardItem(info.description)
                item.setCheckable(True)
                item.setEditable(False)
                item.setData(info.number, Qt.ItemDataRole.UserRole)
                checked = info.number in wizard.choices.tables
                item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
                self.tables_model.appendRow(item)
            self.header_spin.setValue(wizard.choices.header_row or 0)
        finally:
            self._filling = False
        self.setSubTitle(_subtitle(kind))
        self.refresh()

    def refresh(self) -> None:
        table = self._wizard.table
        self.error_label.hide()
        if table is None:
            self.found_label.clear()
            return
        headers = ", ".join(table.headers[:MAX_HEADERS_SHOWN])
        if len(table.headers) > MAX_HEADERS_SHOWN:
            headers += f" and {len(table.headers) - MAX_HEADERS_SHOWN} more"
        lines = [
            f"<b>Headers found on row {table.header_row}:</b> {escape(headers)}",
            f"<b>{len(table.rows):,} rows</b> with text below them.",
            *(escape(note) for note in table.notes),
        ]
        self.found_label.setText("<br>".join(lines))

    # The reviewer's changes ------------------------------------------------------------------
    def _sheet_chosen(self, _index: int) -> None:
        name = self.sheet_combo.currentData()
        if self._filling or name is None or name == self._wizard.choices.sheet:
            return
        self._wizard.choices.sheet = name
        self._wizard.choices.header_row = None
        self._filling = True
        self.header_spin.setValue(0)
        self._filling = False
        self._reload()

    def _tables_chosen(self, _item: QStandardItem) -> None:
        if self._filling:
            return
        chosen = tuple(
            self.tables_model.item(row).data(Qt.ItemDataRole.UserRole)
            for row in range(self.tables_model.rowCount())
            if self.tables_model.item(row).checkState() == Qt.CheckState.Checked
        )
        self._wizard.choices.tables = chosen
        if chosen:
            self._reload()
        else:
            self.show_error("Choose at least one table.")
        self.completeChanged.emit()

    def _header_chosen(self) -> None:
        if self._filling:
            return
        value = self.header_spin.value()
        self._wizard.choices.header_row = value or None
        self._reload()

    def _reload(self) -> None:
        self.found_label.setText("Reading…")
        self._wizard.load_table(self.refresh)

    # QWizardPage -----------------------------------------------------------------------------
    def isComplete(self) -> bool:
        if self._wizard.description.kind is SourceKind.DOCX:
            return bool(self._wizard.choices.tables)
        return True

    def validatePage(self) -> bool:
        if self._header_timer.isActive():
            self._header_timer.stop()
            self._wizard.choices.header_row = self.header_spin.value() or None
        return self._wizard.table_ready()

    def show_error(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.show()


def _subtitle(kind: SourceKind | None) -> str:
    if kind is SourceKind.XLSX:
        return "Choose the sheet that holds the chronology. Titles above the headers are skipped."
    if kind is SourceKind.DOCX:
        return (
            "Tick the tables that hold the chronology. Tables with the same headers are "
            "read as one; a cell merged over several rows counts for each of them."
        )
    return "Check that the right row was taken as the headers; give its number if not."
