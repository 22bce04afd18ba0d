"""Managing the review's themes: add, rename, recolour, merge, and add a framework.

Every change is one undoable action; merging moves every tag to the theme kept.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QColor, QPixmap, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QColorDialog,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListView,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from investigator.models import InvestigatorError, Theme
from investigator.review import ReviewFile
from investigator.themes.frameworks import available_frameworks
from investigator.ui.dialog_parts import error_label

ThemeIdRole = Qt.ItemDataRole.UserRole + 1


class ThemesDialog(QDialog):
    def __init__(self, review: ReviewFile, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.review = review
        self.setWindowTitle("Themes of this review")
        self.model = QStandardItemModel(self)
        self.view = QListView()
        self.view.setModel(self.model)
        self.view.setAccessibleName("Themes")
        self.view.setMinimumHeight(self.fontMetrics().height() * 14)
        self.add_button = QPushButton("&Add theme…")
        self.rename_button = QPushButton("&Rename…")
        self.colour_button = QPushButton("&Colour…")
        self.merge_button = QPushButton("&Merge into…")
        self.framework_button = QPushButton("Add a &framework…")
        self.phrases_button = QPushButton("&Update phrases")
        self.phrases_button.setToolTip(
            "Use the suggestion phrases of this version of Investigator for the themes of "
            "the frameworks it ships; names, colours and tags are kept"
        )
        buttons = QVBoxLayout()
        for button, slot in (
            (self.add_button, self.add_theme),
            (self.rename_button, self.rename_theme),
            (self.colour_button, self.recolour_theme),
            (self.merge_button, self.merge_theme),
            (self.framework_button, self.add_framework),
            (self.phrases_button, self.update_phrases),
        ):
            button.clicked.connect(slot)
            buttons.addWidget(button)
        buttons.addStretch()
        row = QHBoxLayout()
        row.addWidget(self.view, 1)
        row.addLayout(buttons)
        self.error = error_label()
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        self.note = QLabel("Changes are stored at once and can be undone (Edit ▸ Undo).")
        self.note.setWordWrap(True)
        layout.addWidget(self.note)
        layout.addLayout(row)
        layout.addWidget(self.error)
        layout.addWidget(close)
        writable = not review.read_only
        for button in (
            self.add_button, self.rename_button, self.colour_button,
            self.merge_button, self.framework_button, self.phrases_button,
        ):  # fmt: skip
            button.setEnabled(writable)
        self.refresh()
        self.resize(680, 460)

    def refresh(self) -> None:
        current = self.current_theme()
        counts = self.review.store.events.tag_counts()
        frameworks = {f.id: f.name for f in self.review.frameworks()}
        self.model.clear()
        for theme in self.review.themes():
            count = counts.get(str(theme.id), 0)
            where = f" · {frameworks[theme.framework_id]}" if len(frameworks) > 1 else ""
            item = QStandardItem(
                f"{theme.code} – {theme.name} · {count} tag{'s' if count != 1 else ''}{where}"
            )
            swatch = QPixmap(14, 14)
            swatch.fill(QColor(theme.colour))
            item.setIcon(swatch)
            item.setEditable(False)
            item.setData(str(theme.id), ThemeIdRole)
            item.setToolTip(theme.description)
            self.model.appendRow(item)
            if current is not None and theme.id == current.id:
                self.view.setCurrentIndex(item.index())

    def current_theme(self) -> Theme | None:
        index = self.view.currentIndex()
        if not index.isValid():
            return None
        try:
            return self.review.theme(str(index.data(ThemeIdRole)))
        except InvestigatorError:
            return None

    def _run(self, change: object) -> None:
        """Make one change, show a reviewer's error in the dialog, and refresh."""
        try:
            change()  # type: ignore[operator]
        except InvestigatorError as error:
            self.error.setText(str(error))
            self.error.show()
            return
        self.error.hide()
        self.refresh()

    @Slot()
    def add_theme(self) -> None:
        name, ok = QInputDialog.getText(self, "Add theme", "Name of the new theme:")
        if ok and name.strip():
            self._run(lambda: self.review.add_theme(name.strip()))

    @Slot()
    def rename_theme(self) -> None:
        theme = self.current_theme()
        if theme is None:
            return
        name, ok = QInputDialog.getText(self, "Rename theme", "New name:", text=theme.name)
        if ok and name.strip() and name.strip() != theme.name:
            self._run(lambda: self.review.rename_theme(theme.id, name.strip()))

    @Slot()
    def recolour_theme(self) -> None:
        theme = self.current_theme()
        if theme is None:
            return
        colour = QColorDialog.getColor(QColor(theme.colour), self, f"Colour of {theme.name}")
        if colour.isValid():
            self._run(lambda: self.review.recolour_theme(theme.id, colour.name().upper()))

    @Slot()
    def merge_theme(self) -> None:
        theme = self.current_theme()
        if theme is None:
            return
        others = [t for t in self.review.themes() if t.id != theme.id]
        labels = [f"{t.code} – {t.name}" for t in others]
        chosen, ok = QInputDialog.getItem(
            self,
            "Merge theme",
            f"Move every tag of {theme.name} to, then remove {theme.name}:",
            labels,
            editable=False,
        )
        if ok and chosen in labels:
            target = others[labels.index(chosen)]
            self._run(lambda: self.review.merge_themes(theme.id, target.id))

    @Slot()
    def update_phrases(self) -> None:
        updated: list[object] = []
        self._run(lambda: updated.extend(self.review.update_phrases()))
        if self.error.isHidden():
            count = len(updated)
            self.note.setText(
                f"Updated the suggestion phrases of {count} theme{'s' if count != 1 else ''}."
                if count
                else "The suggestion phrases are already those of this version."
            )

    @Slot()
    def add_framework(self) -> None:
        present = {f.code for f in self.review.frameworks()}
        templates = [t for t in available_frameworks() if t.framework.code not in present]
        if not templates:
            self.error.setText("Every framework Investigator knows is already in this review.")
            self.error.show()
            return
        labels = [t.framework.name for t in templates]
        chosen, ok = QInputDialog.getItem(
            self, "Add a framework", "Framework to add beside the current themes:", labels,
            editable=False,
        )  # fmt: skip
        if ok and chosen in labels:
            code = templates[labels.index(chosen)].framework.code
            self._run(lambda: self.review.add_framework(code))
