"""File ▸ Export chronology…: choose where, then write the file off the UI thread.

Export only reads the review, so it runs as a background job with a progress
dialog and Cancel; the file appears whole or not at all (atomic write).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget

from investigator.importers import EXPORT_FILE_FILTER, export_chronology
from investigator.models import EventFilter
from investigator.progress import Progress
from investigator.review import ReviewFile
from investigator.ui.jobs import Job, run_job

_SUFFIX_OF_FILTER = {"Excel": ".xlsx", "CSV": ".csv"}


def export_chronology_dialog(
    review: ReviewFile,
    event_filter: EventFilter | None,
    parent: QWidget | None,
    *,
    on_done: Callable[[Path, int], None] | None = None,
    path: Path | None = None,
) -> Job | None:
    """Ask for a file name (unless ``path`` is given) and export; returns the running job.

    ``event_filter`` is what the chronology view shows, so the reviewer gets
    what they see; None exports everything. ``on_done`` receives the file and
    the number of events written.
    """
    if path is None:
        path = _ask_for_path(review, event_filter, parent)
        if path is None:
            return None
    target = path

    def work(progress: Progress) -> int:
        return export_chronology(review, target, event_filter, progress)

    def done(count: int) -> None:
        if on_done is not None:
            on_done(target, count)

    return run_job(parent, "Exporting the chronology", work, done)


def _ask_for_path(
    review: ReviewFile, event_filter: EventFilter | None, parent: QWidget | None
) -> Path | None:
    filtered = event_filter is not None and not event_filter.is_empty
    title = "Export the filtered chronology" if filtered else "Export the chronology"
    chosen, chosen_filter = QFileDialog.getSaveFileName(
        parent, title, str(default_export_path(review)), EXPORT_FILE_FILTER
    )
    if not chosen:
        return None
    path = Path(chosen)
    if path.suffix.lower() not in (".csv", ".xlsx"):
        wanted = next((s for k, s in _SUFFIX_OF_FILTER.items() if chosen_filter.startswith(k)), "")
        path = path.with_name(path.name + (wanted or ".xlsx"))
    return path


def default_export_path(review: ReviewFile) -> Path:
    """Beside the review, named after it: where a reviewer looks for it afterwards."""
    stem = re.sub(r"[^\w\- ]+", "", review.review.title).strip()[:60] or review.path.stem
    return review.path.with_name(f"{stem} - chronology.xlsx")
