"""The service users panel: the people in the review, their facts, add/edit/remove."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListView,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from investigator.models import EventFilter, InvestigatorError, Subject
from investigator.review import ReviewFile
from investigator.ui.subject_dialog import SubjectDialog
from investigator.ui.subjects_model import SubjectsModel, describe_subject


class SubjectsPanel(QWidget):
    show_only = Signal(object)  # Subject: the reviewer wants this one's chronology
    problem = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.review: ReviewFile | None = None
        self.model = SubjectsModel()
        self.view = QListView()
        self.view.setModel(self.model)
        self.view.setAccessibleName("Service users")
        self.view.setAccessibleDescription(
            "Service users in this review. Enter or double-click shows only their chronology."
        )
        self.view.activated.connect(self._activated)
        self.view.selectionModel().currentChanged.connect(self._show_current)
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.details.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details.setAccessibleName("Service user details")
        self.add_button = QPushButton("Add…")
        self.edit_button = QPushButton("Edit…")
        self.remove_button = QPushButton("Remove…")
        for button, name in (
            (self.add_button, "Add a service user"),
            (self.edit_button, "Edit the selected service user"),
            (self.remove_button, "Remove the selected service user"),
        ):
            button.setAccessibleName(name)
        self.add_button.clicked.connect(self.add_subject)
        self.edit_button.clicked.connect(self.edit_subject)
        self.remove_button.clicked.connect(self.remove_subject)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.remove_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 2)
        layout.addLayout(buttons)
        layout.addWidget(self.details, 3)
        self._update_buttons()

    def set_review(self, review: ReviewFile | None) -> None:
        self.review = review
        self.refresh()

    def refresh(self) -> None:
        current = self.current_subject()
        if self.review is None:
            self.model.set_subjects([], {})
        else:
            self.model.set_subjects(
                self.review.subjects(), self.review.store.events.counts_by_subject()
            )
        wanted = 0
        if current is not None:
            for row in range(self.model.rowCount()):
                if self.model.subject_at(row).id == current.id:
                    wanted = row
                    break
        if self.model.rowCount():
            self.view.setCurrentIndex(self.model.index(min(wanted, self.model.rowCount() - 1), 0))
        self._show_current()

    def current_subject(self) -> Subject | None:
        index = self.view.currentIndex()
        if not index.isValid() or index.row() >= self.model.rowCount():
            return None
        return self.model.subject_at(index.row())

    @Slot()
    def _show_current(self) -> None:
        subject = self.current_subject()
        if subject is None:
            self.details.setText(
                "No service users yet: add one to start the chronology."
                if self.review is not None and self.model.rowCount() == 0
                else ""
            )
        else:
            facts = "<br>".join(
                f"<b>{escape(name)}:</b>{escape(value)}" if sep else escape(name)
                for name, sep, value in (
                    line.partition(":") for line in describe_subject(subject).splitlines()
                )
            )
            self.details.setText(f"<b>{escape(subject.label)}</b><br>{facts}")
        self._update_buttons()

    def _update_buttons(self) -> None:
        writable = self.review is not None and not self.review.read_only
        chosen = self.current_subject() is not None
        self.add_button.setEnabled(writable)
        self.edit_button.setEnabled(writable and chosen)
        self.remove_button.setEnabled(writable and chosen)

    @Slot()
    def _activated(self) -> None:
        subject = self.current_subject()
        if subject is not None:
            self.show_only.emit(subject)

    @Slot()
    def add_subject(self) -> None:
        if self.review is None or self.review.read_only:
            return
        SubjectDialog(self.review, None, self).exec()

    @Slot()
    def edit_subject(self) -> None:
        subject = self.current_subject()
        if self.review is None or subject is None or self.review.read_only:
            return
        SubjectDialog(self.review, subject, self).exec()

    @Slot()
    def remove_subject(self) -> None:
        subject = self.current_subject()
        if self.review is None or subject is None or self.review.read_only:
            return
        events = self.review.store.events.count(EventFilter(subject_ids=[subject.id]))
        answer = QMessageBox.question(
            self,
            "Remove service user",
            f"Remove {subject.label}? Their {events} event(s) go too, except events "
            "shared with other service users, which stay with them. "
            "You can undo this (Edit ▸ Undo).",
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            self.review.remove_subject(subject.id)
        except InvestigatorError as error:
            self.problem.emit(str(error))
