"""The import wizard's mapping page: which column fills which field, with a live preview.

Columns whose headers are recognised arrive already matched; the reviewer
changes any that are wrong, chooses whose rows these are, and sees the first
rows parsed exactly as they would be imported, problems included.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from investigator.importers import (
    FIELD_LABELS,
    ImportField,
    SavedMappingsError,
    auto_map,
    delete_mapping,
    load_saved_mappings,
    mapping_for_headers,
    preview,
    save_mapping,
)
from investigator.models import InvestigatorError
from investigator.ui.import_models import COL_STATUS, COL_SUMMARY, PreviewModel

if TYPE_CHECKING:
    from investigator.ui.import_wizard import ImportWizard

PREVIEW_ROWS = 200
SAMPLE_WIDTH = 220
NOT_IMPORTED = "Not imported"


class MappingPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self._combos: dict[str, QComboBox] = {}
        self._headers: list[str] = []
        self._ok = False
        self.setTitle("Match the columns")
        self.setSubTitle(
            "Each column fills one field of the chronology. Columns recognised by their "
            "headers are matched already; change any that are wrong. The preview shows the "
            "first rows exactly as they would be imported."
        )
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(150)
        self._refresh_timer.timeout.connect(self.refresh_preview)

        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setChildrenCollapsible(False)
        top = QWidget()
        top_layout = QHBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self._columns_box(), 3)
        top_layout.addWidget(self._subject_box(), 2)
        splitter.addWidget(top)
        splitter.addWidget(self._preview_box())
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([330, 370])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self._saved_row())
        layout.addWidget(splitter, 1)

    # Building ----------------------------------------------------------------------------------
    def _saved_row(self) -> QHBoxLayout:
        self.saved_combo = QComboBox()
        self.saved_combo.setAccessibleName("Saved mappings")
        self.saved_combo.setMinimumContentsLength(22)
        self.saved_combo.activated.connect(self._apply_saved)
        self.save_button = QPushButton("Save mapping…")
        self.save_button.setToolTip("Keep this mapping to reuse for the next file from this agency")
        self.save_button.clicked.connect(self._save)
        self.delete_button = QPushButton("Delete")
        self.delete_button.clicked.connect(self._delete)
        row = QHBoxLayout()
        row.addWidget(QLabel("Saved mapping:"))
        row.addWidget(self.saved_combo)
        row.addWidget(self.save_button)
        row.addWidget(self.delete_button)
        row.addStretch(1)
        return row

    def _columns_box(self) -> QGroupBox:
        box = QGroupBox("Columns in the file")
        self.columns_widget = QWidget()
        self.columns_grid = QGridLayout(self.columns_widget)
        self.columns_grid.setColumnStretch(1, 1)
        self.columns_grid.setHorizontalSpacing(12)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.columns_widget)
        layout = QVBoxLayout(box)
        layout.addWidget(scroll)
        return box

    def _subject_box(self) -> QGroupBox:
        box = QGroupBox("Whose events are these?")
        self.from_column = QRadioButton("The service user named in each row")
        self.one_subject = QRadioButton("All rows belong to:")
        group = QButtonGroup(self)
        group.addButton(self.from_column)
        group.addButton(self.one_subject)
        self.subject_combo = QComboBox()
        self.subject_combo.setEditable(True)
        self.subject_combo.setAccessibleName("Service user for all rows")
        self.subject_combo.lineEdit().setPlaceholderText("Choose or type a service user")
        self.create_check = QCheckBox("Add service users who are not in the review yet")
        self.subject_note = QLabel()
        self.subject_note.setWordWrap(True)
        hint = QLabel(
            "A row about several service users names them all in one cell, separated by "
            "semicolons. Names are matched whatever their capitals."
        )
        hint.setWordWrap(True)
        hint.setObjectName("emptyState")
        for signal in (self.from_column.toggled, self.create_check.toggled):
            signal.connect(self._subject_changed)
        self.subject_combo.currentTextChanged.connect(self._subject_changed)
        layout = QVBoxLayout(box)
        layout.addWidget(self.from_column)
        layout.addWidget(self.one_subject)
        indented = QHBoxLayout()
        indented.addSpacing(22)
        indented.addWidget(self.subject_combo, 1)
        layout.addLayout(indented)
        layout.addWidget(self.create_check)
        layout.addWidget(self.subject_note)
        layout.addStretch(1)
        layout.addWidget(hint)
        return box

    def _preview_box(self) -> QGroupBox:
        box = QGroupBox("Preview")
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        self.status_label.setTextFormat(Qt.TextFormat.RichText)
        self.preview_model = PreviewModel(self)
        self.preview_view = QTableView()
        self.preview_view.setModel(self.preview_model)
        self.preview_view.setAccessibleName("Preview of the rows to import")
        self.preview_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.preview_view.setAlternatingRowColors(True)
        self.preview_view.setWordWrap(False)
        self.preview_view.verticalHeader().hide()
        self.preview_view.verticalHeader().setDefaultSectionSize(
            self.preview_view.fontMetrics().height() + 8
        )
        header = self.preview_view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(COL_SUMMARY, QHeaderView.ResizeMode.Stretch)
        layout = QVBoxLayout(box)
        layout.addWidget(self.status_label)
        layout.addWidget(self.preview_view, 1)
        return box

    # Filling -------------------------------------------------------------------------------------
    def initializePage(self) -> None:
        wizard = self._wizard
        table = wizard.table
        if table is None:
            return
        if table.headers != self._headers:
            self._headers = list(table.headers)
            kept = {h: f for h, f in wizard.choices.mapping.items() if h in table.headers}
            wizard.choices.mapping = kept or auto_map(table.headers)
            self._build_columns()
        self._fill_subjects()
        self._fill_saved()
        self.refresh_preview()

    def _build_columns(self) -> None:
        while self.columns_grid.count():
            item = self.columns_grid.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        self._combos.clear()
        table = self._wizard.table
        assert table is not None
        bold = QFont(self.font())
        bold.setBold(True)
        for column, name in enumerate(("Column", "Example", "Imports as")):
            heading = QLabel(name)
            heading.setObjectName("emptyState")
            self.columns_grid.addWidget(heading, 0, column)
        for row, header in enumerate(table.headers, start=1):
            label = QLabel(header)
            label.setFont(bold)
            samples = table.sample(header)
            sample = QLabel()
            shown = " · ".join(" ".join(s.split()) for s in samples) or "(empty)"
            metrics = sample.fontMetrics()
            sample.setText(metrics.elidedText(shown, Qt.TextElideMode.ElideRight, SAMPLE_WIDTH))
            sample.setToolTip("\n".join(samples))
            sample.setObjectName("emptyState")
            combo = QComboBox()
            combo.setAccessibleName(f"Field for column {header}")
            combo.addItem(NOT_IMPORTED, None)
            for field in ImportField:
                combo.addItem(FIELD_LABELS[field], field.value)
            combo.setMinimumContentsLength(18)
            self.columns_grid.addWidget(label, row, 0)
            self.columns_grid.addWidget(sample, row, 1)
            self.columns_grid.addWidget(combo, row, 2)
            self._combos[header] = combo
        self.columns_grid.setRowStretch(len(table.headers) + 1, 1)
        self._show_mapping()
        for header, combo in self._combos.items():
            combo.currentIndexChanged.connect(
                lambda _i, h=header: self._field_chosen(h)  # type: ignore[misc]
            )

    def _show_mapping(self) -> None:
        mapping = self._wizard.choices.mapping
        for header, combo in self._combos.items():
            field = mapping.get(header)
            combo.blockSignals(True)
            combo.setCurrentIndex(combo.findData(field.value if field else None))
            combo.blockSignals(False)

    def _fill_subjects(self) -> None:
        choices = self._wizard.choices
        labels = [s.label for s in self._wizard.review.subjects()]
        widgets = (self.subject_combo, self.from_column, self.one_subject, self.create_check)
        for widget in widgets:
            widget.blockSignals(True)
        self.subject_combo.clear()
        self.subject_combo.addItems(labels)
        self.subject_combo.setCurrentIndex(-1)
        if choices.subject:
            self.subject_combo.setCurrentText(choices.subject)
        has_column = ImportField.SUBJECT in choices.mapping.values()
        use_one = bool(choices.subject) or not has_column
        self.one_subject.setChecked(use_one)
        self.from_column.setChecked(not use_one)
        self.subject_combo.setEnabled(use_one)
        self.create_check.setChecked(choices.create_subjects)
        for widget in widgets:
            widget.blockSignals(False)

    def _fill_saved(self) -> None:
        self.saved_combo.clear()
        self.saved_combo.addItem("None", None)
        try:
            names = sorted(load_saved_mappings(), key=str.casefold)
        except SavedMappingsError as error:
            self.subject_note.setText(escape(str(error)))
            names = []
        for name in names:
            self.saved_combo.addItem(name, name)
        self.delete_button.setEnabled(bool(names))

    # The reviewer's changes ----------------------------------------------------------------------
    def _field_chosen(self, header: str) -> None:
        """A field comes from one column only: choosing it here frees it elsewhere."""
        value = self._combos[header].currentData()
        mapping = self._wizard.choices.mapping
        if value is None:
            mapping.pop(header, None)
        else:
            field = ImportField(value)
            for other, chosen in list(mapping.items()):
                if chosen is field and other != header:
                    del mapping[other]
            mapping[header] = field
            if field is ImportField.SUBJECT:
                self.from_column.setChecked(True)
        self._show_mapping()
        self._refresh_timer.start()

    def _subject_changed(self, *_args: object) -> None:
        choices = self._wizard.choices
        self.subject_combo.setEnabled(self.one_subject.isChecked())
        text = self.subject_combo.currentText().strip()
        choices.subject = text if self.one_subject.isChecked() and text else None
        choices.create_subjects = self.create_check.isChecked()
        self._refresh_timer.start()

    def _apply_saved(self, _index: int) -> None:
        name = self.saved_combo.currentData()
        if name is None:
            return
        try:
            saved = load_saved_mappings()
        except SavedMappingsError as error:
            self.show_error(str(error))
            return
        if name in saved:
            self._wizard.choices.mapping = mapping_for_headers(self._headers, saved[name])
            self._show_mapping()
            self.refresh_preview()

    def _save(self) -> None:
        name, ok = QInputDialog.getText(
            self, "Save mapping", "Name this mapping (for example, the agency it is for):"
        )
        if not ok:
            return
        try:
            save_mapping(name, dict(self._wizard.choices.mapping))
        except SavedMappingsError as error:
            self.show_error(str(error))
            return
        self._fill_saved()
        self.saved_combo.setCurrentIndex(self.saved_combo.findText(" ".join(name.split())))

    def _delete(self) -> None:
        name = self.saved_combo.currentData()
        if name is None:
            return
        try:
            delete_mapping(name)
        except SavedMappingsError as error:
            self.show_error(str(error))
            return
        self._fill_saved()

    # The preview ---------------------------------------------------------------------------------
    def refresh_preview(self) -> None:
        wizard = self._wizard
        table = wizard.table
        if table is None:
            return
        if self.one_subject.isChecked() and wizard.choices.subject is None:
            self.preview_model.clear()
            self._set_ok(False)
            self.show_error("Choose the service user these rows belong to.")
            return
        try:
            outcomes, interpreter = preview(wizard.review, table, wizard.options(), PREVIEW_ROWS)
        except InvestigatorError as error:
            self.preview_model.clear()
            self._set_ok(False)
            self.show_error(str(error))
            return
        labels = {s.id: s.label for s in wizard.review.subjects()}
        labels |= {s.id: f"{s.label} (new)" for s in interpreter.new_subjects.values()}
        codes = {t.id: t.code for t in wizard.review.themes()}
        self.preview_model.set_outcomes(outcomes, labels, codes)
        self._size_columns()
        failing = sum(1 for o in outcomes if not o.ok)
        shown = len(outcomes)
        scope = f"All {shown:,} rows" if shown == len(table.rows) else f"The first {shown:,} rows"
        text = f"<b>{scope}</b> of {len(table.rows):,}: {shown - failing:,} ready"
        if failing:
            text += f", <span style='color:#A4262C'>{failing:,} with problems</span>"
        text += ". Every row is checked again on the next page."
        self.status_label.setText(text)
        unknown = [
            label
            for key, label in interpreter.unknown_subjects.items()
            if key not in {s.label.casefold() for s in wizard.review.subjects()}
        ]
        if unknown and not wizard.choices.create_subjects:
            self.subject_note.setText(
                "Not in the review: " + escape(", ".join(unknown)) + ". Tick the box above "
                "to add them, or correct the file."
            )
        elif unknown:
            self.subject_note.setText("Will be added: " + escape(", ".join(unknown)) + ".")
        else:
            self.subject_note.clear()
        self._set_ok(True)

    def _size_columns(self) -> None:
        """A failing row has no event to show, so its reason spans the empty columns."""
        view = self.preview_view
        view.clearSpans()
        span = self.preview_model.columnCount() - COL_STATUS
        for row in range(self.preview_model.rowCount()):
            if not self.preview_model.outcome(row).ok:
                view.setSpan(row, COL_STATUS, 1, span)
        for column in range(self.preview_model.columnCount()):
            if column != COL_SUMMARY:
                view.resizeColumnToContents(column)
                view.setColumnWidth(column, min(view.columnWidth(column), 260))
        view.setColumnWidth(COL_STATUS, 130)

    def _set_ok(self, ok: bool) -> None:
        if ok != self._ok:
            self._ok = ok
            self.completeChanged.emit()

    def show_error(self, message: str) -> None:
        self.status_label.setText(f"<span style='color:#A4262C'>{escape(message)}</span>")

    # QWizardPage ---------------------------------------------------------------------------------
    def isComplete(self) -> bool:
        return self._ok

    def validatePage(self) -> bool:
        if self._refresh_timer.isActive():
            self._refresh_timer.stop()
            self.refresh_preview()
        return self._ok
