"""The service users of the open review, as a list model."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

from investigator.models import STANDARD_ATTRIBUTES, Subject

SubjectRole = Qt.ItemDataRole.UserRole + 1

_Index = QModelIndex | QPersistentModelIndex


class SubjectsModel(QAbstractListModel):
    def __init__(self) -> None:
        super().__init__()
        self._subjects: list[Subject] = []
        self._event_counts: dict[str, int] = {}

    def set_subjects(self, subjects: list[Subject], event_counts: dict[str, int]) -> None:
        self.beginResetModel()
        self._subjects = list(subjects)
        self._event_counts = dict(event_counts)
        self.endResetModel()

    def subject_at(self, row: int) -> Subject:
        return self._subjects[row]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._subjects)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._subjects):
            return None
        subject = self._subjects[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            count = self._event_counts.get(str(subject.id), 0)
            return f"{subject.label}  ({count} event{'s' if count != 1 else ''})"
        if role == Qt.ItemDataRole.ToolTipRole:
            return describe_subject(subject)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return subject.label
        if role == SubjectRole:
            return subject
        return None


def describe_subject(subject: Subject) -> str:
    """The subject's facts, one per line, for tooltips and the details pane."""
    lines = [
        f"{label}: {getattr(subject, key)}"
        for key, label in STANDARD_ATTRIBUTES.items()
        if getattr(subject, key)
    ]
    lines += [
        f"{attribute.name}: {_value_text(attribute.value)}"
        for attribute in subject.attributes
        if attribute.value is not None
    ]
    return "\n".join(lines) or "No attributes recorded."


def _value_text(value: object) -> str:
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
