"""Managing the review's themes: add, rename, recolour, merge, and add a framework.

Every change is one undoable action; merging moves every tag to the theme kept.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import (
    QColor,
    QKeySequence,
    QPixmap,
    QShortcut,
    QStandardItem,
    QStandardItemModel,
)
from PySide6.QtWidgets import (
    QColorDialog,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListView,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from investigator.models import InvestigatorError, Theme
from investigator.review import ReviewFile
from investigator.themes import colours
from investigator.themes.frameworks import available_frameworks
from investigator.ui.dialog_parts import error_label, save_cancel_buttons, show_problem

ThemeIdRole = Qt.ItemDataRole.UserRole + 1
NOTE = (
    "Changes are stored at once. Undo (Ctrl+Z) takes back the last one, here or later "
    "from Edit ▸ Undo."
)


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
        self.remove_button = QPushButton("Remo&ve")
        self.remove_button.setToolTip(
            "Remove a theme no event uses (to keep the tags of one in use, merge it)"
        )
        self.framework_button = QPushButton("Add a &framework…")
        self.undo_button = QPushButton("Und&o")
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
            (self.remove_button, self.remove_theme),
            (self.framework_button, self.add_framework),
            (self.phrases_button, self.update_phrases),
        ):
            button.clicked.connect(slot)
            buttons.addWidget(button)
        buttons.addStretch()
        self.undo_button.clicked.connect(self.undo)
        buttons.addWidget(self.undo_button)
        # The main window's Edit menu cannot be reached while this dialog is open.
        self.undo_shortcut = QShortcut(QKeySequence.StandardKey.Undo, self, self.undo)
        row = QHBoxLayout()
        row.addWidget(self.view, 1)
        row.addLayout(buttons)
        self.error = error_label()
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        self.note = QLabel(NOTE)
        self.note.setWordWrap(True)
        layout.addWidget(self.note)
        layout.addLayout(row)
        layout.addWidget(self.error)
        layout.addWidget(close)
        writable = not review.read_only
        for button in (
            self.add_button, self.rename_button, self.colour_button,
            self.merge_button, self.remove_button, self.framework_button,
            self.phrases_button,
        ):  # fmt: skip
            button.setEnabled(writable)
        self.refresh()
        self.resize(820, 480)

    def refresh(self) -> None:
        label = self.review.undo_label if not self.review.read_only else None
        self.undo_button.setEnabled(label is not None)
        # Say what it takes back: the last change may have been made in the chronology.
        shown = label if label is None or len(label) <= 24 else label[:23] + "…"
        self.undo_button.setText(f"Und&o {shown}" if shown else "Und&o")
        self.undo_button.setToolTip(f"Undo {label}" if label else "Nothing to undo")
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
    def undo(self) -> None:
        if self.review.read_only or self.review.undo_label is None:
            return
        self._run(self.review.undo)
        self.note.setText(NOTE)  # a warning about the change undone no longer holds

    @Slot()
    def add_theme(self) -> None:
        dialog = AddThemeDialog(self.review, self)
        if dialog.exec():
            self.error.hide()
            self.refresh()

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
        if not colour.isValid():
            return
        chosen = colour.name().upper()
        self._run(lambda: self.review.recolour_theme(theme.id, chosen))
        alike = [
            t.name
            for t in self.review.themes()
            if t.id != theme.id and colours.distance(t.colour, chosen) < colours.MIN_DISTANCE
        ]
        if alike and self.error.isHidden():
            self.note.setText(
                f"{theme.name}'s new colour is hard to tell from that of {', '.join(alike)} "
                "on the timeline; Undo (Ctrl+Z) takes it back."
            )
        elif self.error.isHidden() and not colours.readable(chosen):
            self.note.setText(
                f"{theme.name}'s new colour is too light or too dark for its code to be read "
                "on it, or for its markers to show on white; Undo (Ctrl+Z) takes it back."
            )

    @Slot()
    def merge_theme(self) -> None:
        theme = self.current_theme()
        if theme is None:
            return
        others = [t for t in self.review.themes() if t.id != theme.id]
        labels = [f"{t.code} – {t.name}" for t in others]
        count = self.review.store.events.tag_counts().get(str(theme.id), 0)
        tags = f"{count} tag moves" if count == 1 else f"{count} tags move"
        chosen, ok = QInputDialog.getItem(
            self,
            "Merge theme",
            f"Merge {theme.name} into which theme? Its {tags} to the theme you "
            f"choose, and {theme.name} is then removed.",
            labels,
            editable=False,
        )
        if ok and chosen in labels:
            target = others[labels.index(chosen)]
            self._run(lambda: self.review.merge_themes(theme.id, target.id))

    @Slot()
    def remove_theme(self) -> None:
        theme = self.current_theme()
        if theme is not None:
            self._run(lambda: self.review.remove_theme(theme.id))

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


class AddThemeDialog(QDialog):
    """A theme of the reviewer's own: its name, code, description and framework."""

    def __init__(self, review: ReviewFile, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.review = review
        self.setWindowTitle("Add theme")
        self.added: Theme | None = None
        self.name = QLineEdit()
        self.name.setPlaceholderText("For example: Housing and homelessness")
        self.code = QLineEdit()
        self.code.setPlaceholderText("Made from the name if left blank")
        self.code.setMaxLength(16)
        self.code.setToolTip("Shown on the chronology's theme chips; letters, digits, - and _")
        self.description = QPlainTextEdit()
        self.description.setPlaceholderText(
            "What the theme covers (shown when the pointer rests on it)"
        )
        self.description.setTabChangesFocus(True)
        self.description.setMaximumHeight(self.fontMetrics().lineSpacing() * 5)
        self.framework = QComboBox()
        for framework in review.frameworks():
            self.framework.addItem(framework.name, str(framework.id))
        self.framework.setCurrentIndex(
            max(0, self.framework.findData(str(review.review.framework_id)))
        )
        form = QFormLayout()
        form.addRow("&Name:", self.name)
        form.addRow("&Code:", self.code)
        form.addRow("&Description:", self.description)
        if self.framework.count() > 1:
            form.addRow("&Framework:", self.framework)
        self.error = error_label()
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(save_cancel_buttons(self))
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 60)

    def accept(self) -> None:
        """Add the theme; a name or code already taken is explained here, not lost."""
        if not self.name.text().strip():
            show_problem(self, self.error, "Give the theme a name.", self.name)
            return
        try:
            self.added = self.review.add_theme(
                self.name.text().strip(),
                framework=str(self.framework.currentData()),
                code=self.code.text().strip(),
                description=self.description.toPlainText().strip(),
            )
        except InvestigatorError as error:
            show_problem(
                self, self.error, str(error), self.code if "code" in str(error) else self.name
            )
            return
        super().accept()
