"""A new review: its title, reference, theme framework and where the file goes."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from investigator.models import InvestigatorError
from investigator.review import ReviewFile
from investigator.themes.frameworks import available_frameworks
from investigator.ui.dialog_parts import error_label, show_problem

REVIEW_SUFFIX = ".review"


def review_path(text: str, folder: str) -> Path | None:
    """The file the reviewer named (a bare name goes in ``folder``), with the review
    suffix added if it was left off."""
    text = text.strip()
    if not text:
        return None
    path = Path(text).expanduser()
    if not path.is_absolute():
        path = Path(folder) / path
    return path if path.suffix == REVIEW_SUFFIX else path.with_name(path.name + REVIEW_SUFFIX)


def default_folder() -> str:
    """Where a first review goes: the reviewer's documents folder, or home."""
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return documents if documents and Path(documents).is_dir() else str(Path.home())


class NewReviewDialog(QDialog):
    """Asks for everything a review needs before its file is made, then makes it.

    The framework cannot be swapped later without merging themes, so it is chosen
    here, with each framework's description shown; another framework can still
    be added beside it (Edit ▸ Manage themes)."""

    def __init__(self, folder: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("New review")
        self.created: ReviewFile | None = None
        self._folder = folder or default_folder()
        self._templates = available_frameworks()
        self.title = QLineEdit()
        self.title.setPlaceholderText("For example: Review of the care of Service users A and B")
        self.reference = QLineEdit()
        self.reference.setPlaceholderText("Optional, for example SAR 2026-04")
        self.framework = QComboBox()
        for template in self._templates:
            self.framework.addItem(template.framework.name, template.framework.code)
        self.framework.setAccessibleName("Theme framework")
        self.about = QLabel()
        self.about.setWordWrap(True)
        self.about.setMinimumHeight(self.fontMetrics().lineSpacing() * 4)
        self.file = QLineEdit()
        self.file.setAccessibleName("Review file")
        browse = QPushButton("&Browse…")
        browse.clicked.connect(self._browse)
        where = QHBoxLayout()
        where.addWidget(self.file, 1)
        where.addWidget(browse)
        form = QFormLayout()
        form.addRow("&Title:", self.title)
        form.addRow("&Reference:", self.reference)
        form.addRow("Theme &framework:", self.framework)
        form.addRow("", self.about)
        save_as = QLabel("&Save as:")
        save_as.setBuddy(self.file)  # a row holding a layout gets no buddy of its own
        form.addRow(save_as, where)
        self.error = error_label()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Create")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.framework.currentIndexChanged.connect(self._show_about)
        self.title.textEdited.connect(self._suggest_file)
        self._file_touched = False
        self.file.textEdited.connect(self._touch_file)
        self._show_about()
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 80)

    def chosen_framework(self) -> str:
        return str(self.framework.currentData())

    @Slot()
    def _show_about(self) -> None:
        template = self._templates[self.framework.currentIndex()]
        names = ", ".join(theme.name for theme in template.themes)
        self.about.setText(f"{template.framework.description}\nThemes: {names}.")
        self.adjustSize()  # descriptions differ in length: grow to show all of it

    @Slot()
    def _touch_file(self) -> None:
        self._file_touched = True

    @Slot(str)
    def _suggest_file(self, title: str) -> None:
        """Until the reviewer types a file name, name the file after the title."""
        if self._file_touched:
            return
        stem = "".join(c if c.isalnum() or c in " -_" else " " for c in title).strip()
        stem = " ".join(stem.split())[:60]
        self.file.setText(str(Path(self._folder) / f"{stem}{REVIEW_SUFFIX}") if stem else "")

    @Slot()
    def _browse(self) -> None:
        start = self.file.text().strip() or self._folder
        name, _ = QFileDialog.getSaveFileName(
            self, "Save the new review as", start, f"Reviews (*{REVIEW_SUFFIX})"
        )
        if name:
            self.file.setText(name)
            self._file_touched = True

    def accept(self) -> None:
        title = " ".join(self.title.text().split())
        path = review_path(self.file.text(), self._folder)
        if not title:
            show_problem(self, self.error, "Give the review a title.", self.title)
            return
        if path is None:
            show_problem(self, self.error, "Choose where to save the review file.", self.file)
            return
        if path.exists():
            show_problem(
                self,
                self.error,
                f"{path.name} already exists there. Choose another name: "
                "an existing review is never overwritten.",
                self.file,
            )
            return
        if not path.parent.is_dir():
            show_problem(self, self.error, f"The folder {path.parent} does not exist.", self.file)
            return
        try:
            self.created = ReviewFile.create(
                path,
                title,
                framework=self.chosen_framework(),
                reference=self.reference.text().strip(),
            )
        except (InvestigatorError, OSError) as error:
            show_problem(self, self.error, f"The review could not be created: {error}", self.file)
            return
        super().accept()
