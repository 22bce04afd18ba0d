"""Small pieces every editing dialog shares, so they look and behave alike."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QWidget

ERROR_STYLE = "color: #B71C1C;"


def error_label() -> QLabel:
    """Where a dialog says, in the reviewer's terms, why it cannot save (hidden until then)."""
    label = QLabel()
    label.setStyleSheet(ERROR_STYLE)
    label.setWordWrap(True)
    label.setAccessibleName("Problem")
    label.hide()
    return label


def show_problem(dialog: QDialog, label: QLabel, message: str, field: QWidget) -> None:
    """Say in the dialog why it cannot go on, and put the cursor where to mend it."""
    label.setText(message)
    label.show()
    dialog.adjustSize()  # room for the message, without cutting off what is above it
    field.setFocus()


def save_cancel_buttons(dialog: QDialog) -> QDialogButtonBox:
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
    )
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons
