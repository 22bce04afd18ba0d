"""Every field of an event, as one form used by the details pane and the event dialog."""

from __future__ import annotations

import uuid

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QBoxLayout,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPlainTextEdit,
    QWidget,
)

from investigator.models import (
    EVENT_TYPE_LABELS,
    Event,
    EventType,
    InvestigatorError,
    Subject,
    ValidationError,
)
from investigator.models.date_parsing import parse_event_date
from investigator.ui.chronology_model import date_text
from investigator.ui.dialog_parts import ERROR_STYLE

DATE_HELP = (
    'As the record gives it: "12/03/2019", "12/03/2019 14:30", "03/2019", "2019", '
    '"c. June 2019", "12/03/2019 – 20/03/2019".'
)


class _TextEdit(QPlainTextEdit):
    """A multi-line field that reports when the reviewer leaves it (to store the edit)."""

    editing_finished = Signal()

    def focusOutEvent(self, event: object) -> None:
        super().focusOutEvent(event)  # type: ignore[arg-type]
        self.editing_finished.emit()


class EventForm(QWidget):
    """Reads and writes one event; ``edited`` fires when the reviewer finishes a field."""

    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._event: Event | None = None
        self._loading = False

        self.date = QLineEdit()
        self.date.setToolTip(DATE_HELP)
        self.date.setPlaceholderText("dd/mm/yyyy, mm/yyyy, yyyy or c. …")
        self.date_error = QLabel()
        self.date_error.setObjectName("fieldError")
        self.date_error.setWordWrap(True)
        self.date_error.setStyleSheet(ERROR_STYLE)
        self.date_error.hide()
        self.subjects_model = QStandardItemModel(self)
        self.subjects = QListView()
        self.subjects.setModel(self.subjects_model)
        self.subjects.setMaximumHeight(self.fontMetrics().height() * 5)
        self.agency = QComboBox()
        self.agency.setEditable(True)
        self.author_role = QLineEdit()
        self.event_type = QComboBox()
        for kind in EventType:
            self.event_type.addItem(EVENT_TYPE_LABELS[kind], kind.value)
        self.summary = _TextEdit()
        self.should_have_happened = _TextEdit()
        self.analysis = _TextEdit()
        for box, lines in ((self.summary, 4), (self.should_have_happened, 3), (self.analysis, 3)):
            box.setTabChangesFocus(True)
            box.setMinimumHeight(self.fontMetrics().lineSpacing() * lines + 10)
        self.source = QLineEdit()
        self.missed_opportunity = QCheckBox("Missed opportunity")
        self.care_problem = QCheckBox("Care or service delivery problem")
        self.notable_practice = QCheckBox("Notable practice")

        flags = QWidget()
        flags_layout = QHBoxLayout(flags)
        flags_layout.setContentsMargins(0, 0, 0, 0)
        flags_layout.setDirection(QBoxLayout.Direction.TopToBottom)
        for box in (self.missed_opportunity, self.care_problem, self.notable_practice):
            flags_layout.addWidget(box)

        form = QFormLayout(self)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        # Labels above fields: the form lives in a narrow dock.
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        form.addRow("&Date:", self.date)
        form.addRow("", self.date_error)
        form.addRow("Service &users:", self.subjects)
        form.addRow("&Agency:", self.agency)
        form.addRow("Author &role:", self.author_role)
        form.addRow("Event &type:", self.event_type)
        form.addRow("&What happened:", self.summary)
        form.addRow("What &should have happened:", self.should_have_happened)
        form.addRow("A&nalysis:", self.analysis)
        form.addRow("S&ource:", self.source)
        form.addRow("Flags:", flags)

        names = {
            self.date: ("Date", DATE_HELP),
            self.subjects: ("Service users involved", "Tick each service user involved"),
            self.agency: ("Agency", "The agency or source of the record"),
            self.author_role: ("Author role", "The role of the person who wrote the record"),
            self.event_type: ("Event type", ""),
            self.summary: ("What happened", "The summary of the event"),
            self.should_have_happened: ("What should have happened", "Policy or practice"),
            self.analysis: ("Analysis", "The reviewer's comment"),
            self.source: ("Source", "Document and page the fact came from"),
        }
        for widget, (name, description) in names.items():
            widget.setAccessibleName(name)
            widget.setAccessibleDescription(description)

        self.date.editingFinished.connect(self._field_done)
        self.agency.lineEdit().editingFinished.connect(self._field_done)
        self.agency.activated.connect(self._field_done)
        self.author_role.editingFinished.connect(self._field_done)
        self.event_type.activated.connect(self._field_done)
        self.source.editingFinished.connect(self._field_done)
        for box in (self.summary, self.should_have_happened, self.analysis):
            box.editing_finished.connect(self._field_done)
        for box in (self.missed_opportunity, self.care_problem, self.notable_practice):
            box.toggled.connect(self._field_done)
        self.subjects_model.itemChanged.connect(self._field_done)

    # Loading ----------------------------------------------------------------------------
    def set_choices(self, subjects: list[Subject], agencies: list[str]) -> None:
        self._loading = True
        ticked = set(self._ticked_subjects())
        self.subjects_model.clear()
        for subject in subjects:
            item = QStandardItem(subject.label)
            item.setCheckable(True)
            item.setEditable(False)
            item.setData(str(subject.id), Qt.ItemDataRole.UserRole)
            item.setCheckState(
                Qt.CheckState.Checked if subject.id in ticked else Qt.CheckState.Unchecked
            )
            self.subjects_model.appendRow(item)
        current = self.agency.currentText()
        self.agency.clear()
        self.agency.addItems(agencies)
        self.agency.setEditText(current)
        self._loading = False

    def load(self, event: Event | None) -> None:
        self._loading = True
        self._event = event
        self.date_error.hide()
        if event is None:
            for line in (self.date, self.author_role, self.source):
                line.clear()
            self.agency.setEditText("")
            for box in (self.summary, self.should_have_happened, self.analysis):
                box.clear()
            for check in (self.missed_opportunity, self.care_problem, self.notable_practice):
                check.setChecked(False)
            self.tick_subjects([])
        else:
            self.date.setText(date_text(event))
            self.tick_subjects(event.subject_ids)
            self.agency.setEditText(event.agency)
            self.author_role.setText(event.author_role)
            self.event_type.setCurrentIndex(self.event_type.findData(event.event_type.value))
            for box, text in (
                (self.summary, event.summary),
                (self.should_have_happened, event.should_have_happened),
                (self.analysis, event.analysis),
            ):
                if box.toPlainText() != text:
                    box.setPlainText(text)
            self.source.setText(event.source)
            self.missed_opportunity.setChecked(event.missed_opportunity)
            self.care_problem.setChecked(event.care_problem)
            self.notable_practice.setChecked(event.notable_practice)
        self._loading = False

    def tick_subjects(self, subject_ids: list[uuid.UUID]) -> None:
        wanted = {str(s) for s in subject_ids}
        for row in range(self.subjects_model.rowCount()):
            item = self.subjects_model.item(row)
            item.setCheckState(
                Qt.CheckState.Checked
                if item.data(Qt.ItemDataRole.UserRole) in wanted
                else Qt.CheckState.Unchecked
            )

    def _ticked_subjects(self) -> list[uuid.UUID]:
        ids = []
        for row in range(self.subjects_model.rowCount()):
            item = self.subjects_model.item(row)
            if item.checkState() == Qt.CheckState.Checked:
                ids.append(uuid.UUID(item.data(Qt.ItemDataRole.UserRole)))
        return ids

    def set_read_only(self, read_only: bool) -> None:
        for widget in (
            self.date,
            self.author_role,
            self.source,
            self.summary,
            self.should_have_happened,
            self.analysis,
        ):
            widget.setReadOnly(read_only)
        for widget in (
            self.agency,
            self.event_type,
            self.missed_opportunity,
            self.care_problem,
            self.notable_practice,
            self.subjects,
        ):
            widget.setEnabled(not read_only)

    # Reading ------------------------------------------------------------------------------
    def read(self, base: Event | None = None) -> Event:
        """The event as the form shows it; raises ValidationError with a clear message."""
        base = base or self._event
        try:
            parsed = parse_event_date(self.date.text())
        except InvestigatorError as error:
            self.date_error.setText(str(error))
            self.date_error.show()
            raise
        self.date_error.hide()
        subjects = self._ticked_subjects()
        if not subjects:
            raise ValidationError("Tick at least one service user for the event.")
        summary = self.summary.toPlainText().strip()
        if not summary:
            raise ValidationError("Write what happened: an event needs a summary.")
        data = {
            **(base.model_dump() if base is not None else {}),
            "subject_ids": subjects,
            "date": parsed.date,
            "time": parsed.time,
            "agency": self.agency.currentText().strip(),
            "author_role": self.author_role.text().strip(),
            "event_type": EventType(self.event_type.currentData()),
            "summary": summary,
            "should_have_happened": self.should_have_happened.toPlainText().strip(),
            "analysis": self.analysis.toPlainText().strip(),
            "source": self.source.text().strip(),
            "missed_opportunity": self.missed_opportunity.isChecked(),
            "care_problem": self.care_problem.isChecked(),
            "notable_practice": self.notable_practice.isChecked(),
        }
        try:
            return Event.model_validate(data)
        except ValueError as error:
            raise ValidationError(f"This event cannot be stored: {error}") from None

    def _field_done(self) -> None:
        if not self._loading:
            self.edited.emit()


__all__ = ["EventForm"]
