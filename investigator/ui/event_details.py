"""The details pane: the selected event's every field, stored as soon as a field is left."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QScrollArea, QVBoxLayout, QWidget

from investigator.models import Event, InvestigatorError
from investigator.review import ReviewFile
from investigator.ui.event_form import EventForm


class EventDetails(QScrollArea):
    problem = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.review: ReviewFile | None = None
        self.current_event: Event | None = None
        self.form = EventForm()
        self.form.edited.connect(self._store)
        self.empty = QLabel("Select an event in the chronology or the timeline to see it here.")
        self.empty.setObjectName("emptyState")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.addWidget(self.empty)
        layout.addWidget(self.form)
        layout.addStretch()
        self.setWidget(body)
        self.setWidgetResizable(True)
        self.setAccessibleName("Event details")
        self.show_event(None)

    def set_review(self, review: ReviewFile | None) -> None:
        self.review = review
        self.refresh_choices()
        self.form.set_read_only(review is None or review.read_only)
        self.show_event(None)

    def refresh_choices(self) -> None:
        if self.review is None:
            self.form.set_choices([], [])
        else:
            self.form.set_choices(self.review.subjects(), self.review.store.events.agencies())

    def show_event(self, event: Event | None) -> None:
        self.current_event = event
        self.form.load(event)
        self.form.setVisible(event is not None)
        self.empty.setVisible(event is None)

    def _store(self) -> None:
        if self.review is None or self.current_event is None or self.review.read_only:
            return
        try:
            updated = self.form.read(self.current_event)
        except InvestigatorError as error:
            self.problem.emit(str(error))
            return
        if updated == self.current_event:
            return
        self.current_event = updated
        try:
            self.review.update_event(updated)
        except InvestigatorError as error:
            self.problem.emit(str(error))
