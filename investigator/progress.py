"""Progress and cancellation for long work, without any UI.

Services (import, scan, export, share) take a ``Progress`` and call
``step()``; the app shows it as a progress bar with Cancel, the command line
ignores it. Cancelling raises ``Cancelled`` inside the work at its next step,
so the work's own transaction rolls back and nothing is half-done.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Protocol

from investigator.models import InvestigatorError

ProgressCallback = Callable[[int, int, str], None]


class Cancelled(InvestigatorError):
    def __init__(self) -> None:
        super().__init__("Cancelled; nothing was changed.")


class Progress:
    def __init__(self, callback: ProgressCallback | None = None) -> None:
        self._callback = callback
        self._cancel = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def step(self, done: int, total: int, message: str = "") -> None:
        """Report how far the work is; raise ``Cancelled`` if the user asked to stop."""
        if self._cancel.is_set():
            raise Cancelled()
        if self._callback is not None:
            self._callback(done, total, message)


class ProgressReport(Protocol):
    """What :class:`Progress` offers to work that reports (``step`` may raise ``Cancelled``)."""

    def step(self, done: int, total: int, message: str = "") -> None: ...


# Items of one action (tags written, changes undone) between two progress reports.
REPORT_EVERY = 1000


def step_now_and_then(progress: ProgressReport | None, done: int, total: int, message: str) -> None:
    """``progress.step`` at the first item and every ``REPORT_EVERY`` after it, for
    work that goes item by item (each step may raise ``Cancelled``)."""
    if progress is not None and done % REPORT_EVERY == 0:
        progress.step(done, total, message)


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while bulk work makes 100,000s of objects.

    Imports and suggestions create many small objects per row, none in
    reference cycles; each burst would make the collector walk everything
    alive, again and again (at 100,000 rows that doubled the time). Reference
    counting still frees it all; the collector runs as usual afterwards.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
