"""Running long work off the UI thread, with a progress dialog and Cancel.

The work is a plain function taking a :class:`Progress`; it must not touch
widgets. Its result (or the error a reviewer should see) comes back on the UI
thread through ``on_done`` / ``on_error``. One place does threading, progress
and error display, so import, scan, export and share all behave the same.
"""

from __future__ import annotations

import contextlib
import functools
import itertools
import traceback
from collections.abc import Callable, Iterator
from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, Qt, QThreadPool, Signal, Slot
from PySide6.QtWidgets import QApplication, QMessageBox, QProgressDialog, QWidget

from investigator.models import InvestigatorError
from investigator.progress import Cancelled, Progress

Work = Callable[[Progress], Any]


@contextlib.contextmanager
def busy_pointer(busy: bool = True) -> Iterator[None]:
    """The wait pointer for work done on the UI thread that may take a moment
    (tagging a large selection, undoing it), put back however the work ends."""
    if busy:
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        yield
    finally:
        if busy:
            QApplication.restoreOverrideCursor()


class ChangeRelay(QObject):
    """Carries a review's change notices to the UI thread, whichever thread wrote."""

    changed = Signal(object)  # ActionResult


class _Dispatcher(QObject):
    """Brings what pool threads report to the UI thread, for whichever job it is.

    Pool threads refer to this one object and to job numbers, never to a job's
    own Qt objects: a reference a pool thread drops could otherwise be the
    last, and a Qt object destroyed on a pool thread while the UI thread
    disconnects it from another crashes the app. This object lives as long as
    the application, which owns it, so no thread ever destroys it.
    """

    progressed = Signal(int, int, int, str)  # job, done, total, message
    settled = Signal(int, bool, object)  # job, whether it succeeded, its result or error

    def __init__(self, parent: QObject | None) -> None:
        super().__init__(parent)
        self.progressed.connect(self._on_progress)
        self.settled.connect(self._on_settled)

    # A job whose window has closed (its Qt object deleted) has nobody left to tell.
    @Slot(int, int, int, str)
    def _on_progress(self, number: int, done: int, total: int, message: str) -> None:
        job = _JOBS.get(number)
        if job is not None:
            with contextlib.suppress(RuntimeError):
                job._on_progress(done, total, message)

    @Slot(int, bool, object)
    def _on_settled(self, number: int, succeeded: bool, outcome: object) -> None:
        job = _JOBS.pop(number, None)
        if job is not None:
            with contextlib.suppress(RuntimeError):
                (job._on_finished if succeeded else job._on_failed)(outcome)


# Jobs by number, held until their result is in, and let go of on the UI thread.
_JOBS: dict[int, Job] = {}
_numbers = itertools.count(1)
_dispatcher: _Dispatcher | None = None


def _the_dispatcher() -> _Dispatcher:
    """Made on the UI thread, by the first job, and owned by the application."""
    global _dispatcher
    if _dispatcher is None or not shiboken6.isValid(_dispatcher):
        _dispatcher = _Dispatcher(QCoreApplication.instance())
    return _dispatcher


def _run(work: Work, progress: Progress, number: int, dispatcher: _Dispatcher) -> None:
    """The body of a job, on a pool thread: holds nothing of the job's but its number."""
    try:
        outcome, succeeded = work(progress), True
    except BaseException as error:  # reported on the UI thread
        outcome, succeeded = error, False
    # The application may be closing: nobody to tell.
    with contextlib.suppress(RuntimeError):
        dispatcher.settled.emit(number, succeeded, outcome)


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
        self._number = number = next(_numbers)
        self._dispatcher = dispatcher = _the_dispatcher()
        self.progress = Progress(
            lambda done, total, message="": dispatcher.progressed.emit(number, done, total, message)
        )
        self._work = work
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
        self.finished = False

    def start(self, pool: QThreadPool | None = None) -> Job:
        _JOBS[self._number] = self
        (pool or QThreadPool.globalInstance()).start(
            functools.partial(_run, self._work, self.progress, self._number, self._dispatcher)
        )
        return self

    @Slot()
    def cancel(self) -> None:
        if self.finished:  # closing a shown progress dialog says "canceled" too
            return
        self.progress.cancel()
        if self._dialog is not None:
            self._dialog.setLabelText("Cancelling…")

    def _on_progress(self, done: int, total: int, message: str) -> None:
        dialog = self._dialog
        if dialog is None:
            return
        if message:
            dialog.setLabelText(message)
        dialog.setMaximum(max(total, 0))
        # Last: a shown modal dialog handles pending events in setValue, and the
        # job may finish (and its dialog close) meanwhile.
        dialog.setValue(min(done, total) if total > 0 else 0)

    def _close_dialog(self) -> None:
        self.finished = True
        if self._dialog is not None:
            self._dialog.close()
            self._dialog.deleteLater()
            self._dialog = None

    def _on_finished(self, result: object) -> None:
        self._close_dialog()
        self.done.emit(result)

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


def run_writing_job(
    parent: QWidget,
    title: str,
    work: Work,
    on_problem: Callable[[str], None],
) -> Job:
    """Start background work that writes to the review (a large selection's tags,
    their undo). Its modal progress shows at once, so that nothing else writes
    meanwhile (the store refuses a second writer); a problem the reviewer can
    act on goes to ``on_problem``, and a fault is shown with its details."""
    job = Job(parent, title, work, minimum_duration_ms=0)
    job.failed.connect(
        lambda error: (
            on_problem(str(error))
            if isinstance(error, InvestigatorError)
            else show_error(parent, title, error)
        )
    )
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
