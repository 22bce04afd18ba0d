"""The import wizard's first page: which file (or pasted cells) holds the chronology."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWizardPage,
)

from investigator.importers import IMPORT_FILE_FILTER

if TYPE_CHECKING:
    from investigator.ui.import_wizard import ImportWizard


class FilePage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self.setTitle("Choose the chronology to import")
        self.setSubTitle(
            "An Excel workbook (.xlsx), a CSV or text file, or a Word document (.docx) with "
            "the chronology in a table. Nothing in the review changes until the last step."
        )
        self.path_edit = QLineEdit()
        self.path_edit.setPlaceholderText("No file chosen")
        self.path_edit.setAccessibleName("File to import")
        self.path_edit.setClearButtonEnabled(True)
        self.path_edit.textChanged.connect(self._path_edited)
        browse = QPushButton("Browse…")
        browse.setAccessibleName("Choose the file to import")
        browse.clicked.connect(self.browse)
        self.paste_button = QPushButton("Paste cells from the clipboard")
        self.paste_button.setToolTip(
            "Copy the rows (with their headers) in Excel or Word, then press this."
        )
        self.paste_button.clicked.connect(self.paste)
        self.pasted_label = QLabel()
        self.pasted_label.setWordWrap(True)
        self.error_label = QLabel()
        self.error_label.setObjectName("importError")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #A4262C;")
        self.error_label.hide()

        grid = QGridLayout()
        grid.addWidget(QLabel("File:"), 0, 0)
        row = QHBoxLayout()
        row.addWidget(self.path_edit, 1)
        row.addWidget(browse)
        grid.addLayout(row, 0, 1)
        grid.addWidget(QLabel("Or:"), 1, 0)
        paste_row = QHBoxLayout()
        paste_row.addWidget(self.paste_button)
        paste_row.addWidget(self.pasted_label, 1)
        grid.addLayout(paste_row, 1, 1)
        hint = QLabel(
            "Dates may be written as the records give them: 12/03/2019, 03/2019, March 2019, "
            "2019, c. June 2019, or in Excel date cells. A date that could be read two ways "
            "is reported, never guessed."
        )
        hint.setWordWrap(True)
        hint.setObjectName("emptyState")
        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addSpacing(12)
        layout.addWidget(hint)
        layout.addWidget(self.error_label)
        layout.addStretch(1)
        if wizard.choices.path is not None:
            self.path_edit.setText(str(wizard.choices.path))
        if wizard.review.read_only:
            self.show_error(
                "This review is open read-only, so nothing can be imported into it. "
                "Close it in the other window and open it again."
            )

    def browse(self) -> None:
        start = self.path_edit.text() or str(self._wizard.review.path.parent)
        chosen, _ = QFileDialog.getOpenFileName(
            self, "Choose the chronology to import", start, IMPORT_FILE_FILTER
        )
        if chosen:
            self.path_edit.setText(chosen)

    def paste(self) -> None:
        from PySide6.QtGui import QGuiApplication

        text = QGuiApplication.clipboard().text()
        if not text.strip():
            self.show_error("The clipboard holds no text. Copy the cells in Excel or Word first.")
            return
        self.use_pasted(text)

    def use_pasted(self, text: str) -> None:
        """Pasted cells replace any file chosen."""
        self.path_edit.blockSignals(True)
        self.path_edit.clear()
        self.path_edit.blockSignals(False)
        self._wizard.use_pasted_text(text)
        lines = len([line for line in text.splitlines() if line.strip()])
        self.pasted_label.setText(f"Pasted {lines} line(s) of cells.")
        self.error_label.hide()
        self.completeChanged.emit()

    def _path_edited(self, text: str) -> None:
        self.error_label.hide()
        self.pasted_label.clear()
        if self._wizard.choices.pasted is not None and text.strip():
            self._wizard.use_path(Path(text.strip()).expanduser())
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        if self._wizard.review.read_only:
            return False
        return bool(self.path_edit.text().strip()) or self._wizard.choices.pasted is not None

    def validatePage(self) -> bool:
        text = self.path_edit.text().strip()
        if text:
            self._wizard.use_path(Path(text).expanduser())
        self.error_label.hide()
        return self._wizard.table_ready()

    def show_error(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.show()
