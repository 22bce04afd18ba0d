"""Running long work off the UI thread, with a progress dialog and Cancel.

The work is a plain function taking a :class:`Progress`; it must not touch
widgets. Its result (or the error a reviewer should see) comes back on the UI
thread through ``on_done`` / ``on_error``. One place does threading, progress
and error display, so import, scan, export and share all behave the same.
"""

from __future__ import annotations

import contextlib
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal, Slot
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from investigator.models import InvestigatorError
from investigator.progress import Cancelled, Progress

Work = Callable[[Progress], Any]


class ChangeRelay(QObject):
    """Carries a review's change notices to the UI thread, whichever thread wrote."""

    changed = Signal(object)  # ActionResult


class _Signals(QObject):
    progressed = Signal(int, int, str)
    finished = Signal(object)
    failed = Signal(object)


class _Runnable(QRunnable):
    def __init__(self, work: Work, progress: Progress, signals: _Signals) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self._work = work
        self._progress = progress
        self._signals = signals

    def run(self) -> None:
        try:
            result = self._work(self._progress)
        except BaseException as error:  # reported on the UI thread
            self._deliver(self._signals.failed, error)
        else:
            self._deliver(self._signals.finished, result)

    @staticmethod
    def _deliver(signal: Signal, value: object) -> None:
        # The window that asked may be gone (the app is closing): nobody to tell.
        with contextlib.suppress(RuntimeError):
            signal.emit(value)  # type: ignore[attr-defined]


class Job(QObject):
    """One piece of background work and its progress dialog."""

    done = Signal(object)
    failed = Signal(object)
    cancelled = Signal()

    def __init__(
        self,
        parent: QWidget | None,
        title: str,
        work: Work,
        *,
        show_dialog: bool = True,
        minimum_duration_ms: int = 400,
    ) -> None:
        super().__init__(parent)
        self._signals = _Signals()
        self.progress = Progress(self._signals.progressed.emit)
        self._runnable = _Runnable(work, self.progress, self._signals)
        self._dialog: QProgressDialog | None = None
        if show_dialog:
            dialog = QProgressDialog(title, "Cancel", 0, 0, parent)
            dialog.setWindowTitle(title)
            dialog.setWindowModality(Qt.WindowModality.WindowModal)
            dialog.setMinimumDuration(minimum_duration_ms)
            dialog.setAutoClose(False)
            dialog.setAutoReset(False)
            dialog.canceled.connect(self.cancel)
            dialog.setAccessibleName(f"{title} progress")
            self._dialog = dialog
        self._signals.progressed.connect(self._on_progress)
        self._signals.finished.connect(self._on_finished)
        self._signals.failed.connect(self._on_failed)
        self.finished = False

    def start(self, pool: QThreadPool | None = None) -> Job:
        (pool or QThreadPool.globalInstance()).start(self._runnable)
        return self

    @Slot()
    def cancel(self) -> None:
        self.progress.cancel()
        if self._dialog is not None:
            self._dialog.setLabelText("Cancelling…")

    @Slot(int, int, str)
    def _on_progress(self, done: int, total: int, message: str) -> None:
        if self._dialog is None:
            return
        self._dialog.setMaximum(max(total, 0))
        self._dialog.setValue(min(done, total) if total > 0 else 0)
        if message:
            self._dialog.setLabelText(message)

    def _close_dialog(self) -> None:
        self.finished = True
        if self._dialog is not None:
            self._dialog.close()
            self._dialog.deleteLater()
            self._dialog = None

    @Slot(object)
    def _on_finished(self, result: object) -> None:
        self._close_dialog()
        self.done.emit(result)

    @Slot(object)
    def _on_failed(self, error: object) -> None:
        self._close_dialog()
        if isinstance(error, Cancelled):
            self.cancelled.emit()
        else:
            self.failed.emit(error)


def run_job(
    parent: QWidget | None,
    title: str,
    work: Work,
    on_done: Callable[[Any], None] | None = None,
    *,
    on_error: Callable[[BaseException], None] | None = None,
    show_dialog: bool = True,
) -> Job:
    """Start ``work`` in the background; errors a user can fix are shown to them."""
    job = Job(parent, title, work, show_dialog=show_dialog)
    if on_done is not None:
        job.done.connect(on_done)
    job.failed.connect(on_error or (lambda error: show_error(parent, title, error)))
    return job.start()


def show_error(parent: QWidget | None, title: str, error: BaseException) -> None:
    """A user's error in their terms; anything else is a fault, shown with details."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(title)
    if isinstance(error, InvestigatorError):
        box.setText(str(error))
    else:
        box.setText(
            "Something went wrong that Investigator did not expect. "
            "Nothing was changed by the step that failed."
        )
        box.setDetailedText("".join(traceback.format_exception(error)))
    box.open()
