"""Adding or editing a service user: pseudonym, standard facts and typed free facts."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from investigator.models import (
    STANDARD_ATTRIBUTES,
    AttributeKind,
    InvestigatorError,
    Subject,
    SubjectAttribute,
    ValidationError,
    first_problem,
)
from investigator.review import ReviewFile
from investigator.ui.dialog_parts import error_label, save_cancel_buttons

KIND_LABELS = {
    AttributeKind.TEXT: "text",
    AttributeKind.DATE: "date",
    AttributeKind.YES_NO: "yes/no",
    AttributeKind.NUMBER: "number",
}


class SubjectDialog(QDialog):
    def __init__(
        self, review: ReviewFile, subject: Subject | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.review = review
        self.original = subject
        self.result_subject: Subject | None = None
        self.setWindowTitle("Edit service user" if subject else "Add service user")
        self.label = QLineEdit(subject.label if subject else self._next_label())
        self.label.setAccessibleName("Pseudonym")
        self.label.setToolTip('A pseudonym such as "Service user D", never a real name.')
        self.fields: dict[str, QLineEdit] = {}
        form = QFormLayout()
        form.addRow("&Pseudonym:", self.label)
        for key, caption in STANDARD_ATTRIBUTES.items():
            field = QLineEdit(getattr(subject, key) if subject else "")
            field.setAccessibleName(caption)
            self.fields[key] = field
            form.addRow(f"{caption}:", field)

        self.attributes = QStandardItemModel(0, 3, self)
        self.attributes.setHorizontalHeaderLabels(
            ["Fact", "Kind (text, date, yes/no, number)", "Value"]
        )
        for attribute in subject.attributes if subject else []:
            self._append_attribute(attribute.name, attribute.kind, attribute.value)
        table = QTableView()
        table.setModel(self.attributes)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        table.setAccessibleName("Other facts")
        table.setMinimumHeight(self.fontMetrics().height() * 7)
        self.table = table
        add = QPushButton("Add fact")
        add.clicked.connect(lambda: self._append_attribute("", AttributeKind.TEXT, ""))
        remove = QPushButton("Remove fact")
        remove.clicked.connect(self._remove_attribute)
        row = QHBoxLayout()
        row.addWidget(add)
        row.addWidget(remove)
        row.addStretch()

        self.error = error_label()
        buttons = save_cancel_buttons(self)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel("Other facts:"))
        layout.addWidget(table)
        layout.addLayout(row)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.resize(560, 520)

    def _next_label(self) -> str:
        used = {s.label.lower() for s in self.review.subjects()}
        for letter in "ABCDEFGHIJKLMNOPQRSTUVWXYZ":
            label = f"Service user {letter}"
            if label.lower() not in used:
                return label
        return ""

    def _append_attribute(self, name: str, kind: AttributeKind, value: Any) -> None:
        shown = (
            ""
            if value is None
            else ("yes" if value is True else "no" if value is False else str(value))
        )
        items = [QStandardItem(name), QStandardItem(KIND_LABELS[kind]), QStandardItem(shown)]
        self.attributes.appendRow(items)

    def _remove_attribute(self) -> None:
        index = self.table.currentIndex()
        if index.isValid():
            self.attributes.removeRow(index.row())

    def read(self) -> Subject:
        attributes = []
        by_label = {v: k for k, v in KIND_LABELS.items()}
        for row in range(self.attributes.rowCount()):
            name = (self.attributes.item(row, 0).text() or "").strip()
            kind_text = (self.attributes.item(row, 1).text() or "text").strip().lower()
            value = (self.attributes.item(row, 2).text() or "").strip()
            if not name and not value:
                continue
            kind = by_label.get(kind_text) or by_label.get(kind_text.replace("_", "/"))
            if kind is None:
                raise ValidationError(
                    f"Fact {name or row + 1}: kind must be text, date, yes/no or number."
                )
            try:
                attributes.append(SubjectAttribute(name=name, kind=kind, value=value))
            except ValueError as error:
                raise ValidationError(
                    f"Fact {name!r}: {first_problem(error, with_field=False)}"
                ) from None
        data = {
            **(self.original.model_dump() if self.original else {}),
            "label": self.label.text(),
            "attributes": attributes,
            **{key: field.text().strip() for key, field in self.fields.items()},
        }
        if self.original is None:
            data["sort_order"] = len(self.review.subjects())
        try:
            return Subject.model_validate(data)
        except ValueError as error:
            raise ValidationError(
                f"Service user: {first_problem(error, with_field=False)}"
            ) from None

    def accept(self) -> None:
        try:
            subject = self.read()
            if self.original is None:
                self.result_subject = self.review.insert_subject(subject)
            elif subject != self.original:
                self.result_subject = self.review.update_subject(subject)
        except InvestigatorError as error:
            self.error.setText(str(error))
            self.error.show()
            return
        super().accept()


__all__ = ["SubjectDialog"]
