"""The import wizard's last page: every row checked, every problem listed, then the choice.

The reviewer decides between importing nothing (and fixing the file) and
importing only the rows without problems. Rows already in the review are
skipped unless the reviewer unticks that.
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QRadioButton,
    QTableView,
    QVBoxLayout,
    QWizard,
    QWizardPage,
)

from investigator.importers import export_problems
from investigator.models import InvestigatorError
from investigator.ui.import_models import ProblemsModel

if TYPE_CHECKING:
    from investigator.ui.import_wizard import ImportWizard


class ReportPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self.setTitle("Check and import")
        self.setSubTitle(
            "Every row has been read and checked. Nothing has been written to the review yet."
        )
        self.setFinalPage(True)
        self.summary_label = QLabel()
        self.summary_label.setWordWrap(True)
        self.summary_label.setTextFormat(Qt.TextFormat.RichText)
        self.summary_label.setAccessibleName("Summary of the check")
        self.notes_label = QLabel()
        self.notes_label.setWordWrap(True)
        self.notes_label.setObjectName("emptyState")
        self.problems_model = ProblemsModel(self)
        self.problems_view = QTableView()
        self.problems_view.setModel(self.problems_model)
        self.problems_view.setAccessibleName("Problems found")
        self.problems_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.problems_view.setAlternatingRowColors(True)
        self.problems_view.setWordWrap(False)
        self.problems_view.verticalHeader().hide()
        self.problems_view.verticalHeader().setDefaultSectionSize(
            self.problems_view.fontMetrics().height() + 8
        )
        self.save_report_button = QPushButton("Save the list of problems…")
        self.save_report_button.setToolTip("A CSV file to send back to the agency")
        self.save_report_button.clicked.connect(self.save_report)
        self.problems_view.horizontalHeader().setSectionResizeMode(
            3, QHeaderView.ResizeMode.Stretch
        )
        self.import_nothing = QRadioButton("Import nothing: I will correct the file and try again")
        self.import_valid = QRadioButton("Import only the rows without problems")
        group = QButtonGroup(self)
        group.addButton(self.import_nothing)
        group.addButton(self.import_valid)
        self.import_nothing.setChecked(True)
        self.import_valid.toggled.connect(self._choice_changed)
        self.skip_check = QCheckBox("Skip rows that are already in the review")
        self.skip_check.setChecked(True)
        self.skip_check.toggled.connect(self._skip_changed)
        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #A4262C;")
        self.error_label.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.notes_label)
        layout.addWidget(self.problems_view, 1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.save_report_button)
        layout.addLayout(row)
        layout.addWidget(self.import_nothing)
        layout.addWidget(self.import_valid)
        layout.addWidget(self.skip_check)
        layout.addWidget(self.error_label)

    def initializePage(self) -> None:
        self.skip_check.blockSignals(True)
        self.skip_check.setChecked(self._wizard.choices.skip_duplicates)
        self.skip_check.blockSignals(False)
        (self.import_valid if self._wizard.choices.valid_only else self.import_nothing).setChecked(
            True
        )
        self._check()

    def _check(self) -> None:
        self.error_label.hide()
        self.summary_label.setText("Checking every row…")
        self.problems_model.set_problems([])
        self.completeChanged.emit()
        self._wizard.check_rows(self.refresh)

    def refresh(self) -> None:
        plan = self._wizard.plan
        if plan is None:
            return
        errors = plan.errors
        ready = len(plan.ready)
        lines = [f"<b>{escape(plan.source_name)}</b>: {escape(plan.summary())}"]
        if plan.new_subjects:
            names = ", ".join(s.label for s in plan.new_subjects)
            lines.append(f"New service users will be added: {escape(names)}.")
        elif plan.unknown_subjects and not self._wizard.choices.create_subjects:
            names = ", ".join(plan.unknown_subjects)
            lines.append(
                f"Not in the review: {escape(names)}. Go back to add them, or correct the file."
            )
        if not errors and ready:
            lines.append(f"All {ready:,} rows are ready to import.")
        elif not ready:
            lines.append("There is nothing to import.")
        self.summary_label.setText("<br>".join(lines))
        self.notes_label.setText(" ".join(plan.notes))
        self.problems_model.set_problems([*plan.problems, *plan.duplicates])
        self.problems_view.setVisible(self.problems_model.rowCount() > 0)
        self.save_report_button.setVisible(self.problems_model.rowCount() > 0)
        self.problems_view.resizeColumnsToContents()
        for column in (0, 1, 2):
            width = min(self.problems_view.columnWidth(column), 240)
            self.problems_view.setColumnWidth(column, width)
        has_errors = bool(errors)
        self.import_nothing.setVisible(has_errors)
        self.import_valid.setVisible(has_errors)
        self.import_valid.setText(f"Import only the {ready:,} rows without problems")
        self.skip_check.setText(
            f"Skip the {len(plan.duplicates):,} rows already in the review"
            if plan.duplicates
            else "Skip rows that are already in the review"
        )
        self._update_finish()
        self.completeChanged.emit()

    def save_report(self) -> None:
        plan = self._wizard.plan
        if plan is None:
            return
        source = self._wizard.choices.path
        suggested = (
            source.with_name(f"{source.stem} - import problems.csv")
            if source is not None
            else self._wizard.review.path.with_name("import problems.csv")
        )
        chosen, _ = QFileDialog.getSaveFileName(
            self, "Save the list of problems", str(suggested), "CSV (*.csv)"
        )
        if not chosen:
            return
        try:
            export_problems([*plan.problems, *plan.duplicates], Path(chosen))
        except InvestigatorError as error:
            self.show_error(str(error))

    def _choice_changed(self, _checked: bool) -> None:
        self._wizard.choices.valid_only = self.import_valid.isChecked()
        self._update_finish()
        self.completeChanged.emit()

    def _skip_changed(self, checked: bool) -> None:
        self._wizard.choices.skip_duplicates = checked
        self._check()

    def _update_finish(self) -> None:
        plan = self._wizard.plan
        count = len(plan.ready) if plan is not None else 0
        text = f"Import {count:,} events" if count else "Import"
        self._wizard.setButtonText(QWizard.WizardButton.FinishButton, text)

    def show_writing(self, count: int) -> None:
        self.summary_label.setText(f"Writing {count:,} events to the review…")

    def on_cancelled(self) -> None:
        self.summary_label.setText("Checking was cancelled. Press Back to change the mapping.")

    def show_error(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.show()

    def isComplete(self) -> bool:
        plan = self._wizard.plan
        if plan is None or not plan.ready or self._wizard.is_busy:
            return False
        return not plan.errors or self._wizard.choices.valid_only
