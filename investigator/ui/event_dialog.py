"""Adding or editing an event in a dialog (the details pane edits in place)."""

from __future__ import annotations

import uuid

from PySide6.QtWidgets import QDialog, QVBoxLayout, QWidget

from investigator.models import Event, InvestigatorError
from investigator.review import ReviewFile
from investigator.ui.dialog_parts import error_label, save_cancel_buttons
from investigator.ui.event_form import EventForm


class EventDialog(QDialog):
    def __init__(
        self,
        review: ReviewFile,
        event: Event | None = None,
        parent: QWidget | None = None,
        *,
        default_subject_ids: list[uuid.UUID] | None = None,
    ) -> None:
        super().__init__(parent)
        self.review = review
        self.original = event
        self.result_event: Event | None = None
        self.setWindowTitle("Edit event" if event is not None else "Add event")
        self.form = EventForm()
        self.form.set_choices(review.subjects(), review.store.events.agencies())
        if event is not None:
            self.form.load(event)
        else:
            self.form.load(None)
            self.form.tick_subjects(default_subject_ids or [])
        self.error = error_label()
        buttons = save_cancel_buttons(self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.resize(640, 620)
        self.form.date.setFocus()

    def accept(self) -> None:
        try:
            event = self.form.read(self.original)
            if self.original is None:
                self.result_event = self.review.add_event(event)
            elif event != self.original:
                self.result_event = self.review.update_event(event)
            else:
                self.result_event = event
        except InvestigatorError as error:
            self.error.setText(str(error))
            self.error.show()
            return
        super().accept()
