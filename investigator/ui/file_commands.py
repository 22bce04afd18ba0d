"""File commands of the main window: new, open, recent, copy, import and export."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Slot
from PySide6.QtWidgets import QFileDialog, QMenu, QWidget

from investigator.models import InvestigatorError
from investigator.review import ReviewFile
from investigator.ui.jobs import run_job

if TYPE_CHECKING:
    from investigator.ui.chronology_model import ChronologyModel

REVIEW_FILTER = "Reviews (*.review);;All files (*)"
MAX_RECENT = 8


class FileCommands:
    """Mixed into the main window (``self`` is that window)."""

    review: ReviewFile | None
    settings: QSettings
    recent_menu: QMenu
    model: ChronologyModel

    def set_review(self, review: ReviewFile | None) -> None:  # pragma: no cover - overridden
        raise NotImplementedError

    def show_problem(self, message: str) -> None:  # pragma: no cover - overridden
        raise NotImplementedError

    def status_message(self, message: str, timeout_ms: int = 4000) -> None:
        raise NotImplementedError  # pragma: no cover - overridden

    @property
    def _widget(self) -> QWidget:
        assert isinstance(self, QWidget)
        return self

    # Files -------------------------------------------------------
    @Slot()
    def open_dialog(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self._widget, "Open review", self._last_folder(), REVIEW_FILTER
        )
        if name:
            self.open_path(Path(name))

    def open_path(self, path: Path, *, read_only: bool = False) -> None:
        from investigator.ui.app import open_review_interactively

        if self.review is not None and self.review.path.resolve() == path.resolve():
            return
        review = open_review_interactively(path, read_only=read_only, parent=self._widget)
        if review is not None:
            self.set_review(review)

    @Slot()
    def open_demo(self) -> None:
        from investigator.ui.app import ensure_demo_review

        try:
            path = ensure_demo_review()
        except InvestigatorError as error:
            self.show_problem(str(error))
            return
        self.open_path(path)

    @Slot()
    def new_review(self) -> None:
        from investigator.ui.new_review_dialog import NewReviewDialog

        dialog = NewReviewDialog(self._last_folder(), self._widget)
        if dialog.exec() and dialog.created is not None:
            self.set_review(dialog.created)

    @Slot()
    def save_copy(self) -> None:
        review = self.review
        if review is None:
            return
        suggested = str(review.path.with_name(review.path.stem + " copy.review"))
        name, _ = QFileDialog.getSaveFileName(
            self._widget, "Save a copy as", suggested, REVIEW_FILTER
        )
        if not name:
            return
        target = Path(name if name.endswith(".review") else f"{name}.review")
        run_job(
            self._widget,
            "Saving a copy",
            lambda _progress: review.save_copy(target),
            lambda path: self.status_message(f"Saved a copy as {path}", 6000),
        )

    @Slot()
    def import_chronology(self) -> None:
        if self.review is None or self.review.read_only:
            return
        from investigator.ui.import_wizard import ImportWizard

        ImportWizard(self.review, self._widget).exec()

    @Slot()
    def export_chronology(self) -> None:
        if self.review is None:
            return
        from investigator.ui.export_dialog import export_chronology_dialog

        export_chronology_dialog(self.review, self.model.filter, self._widget)

    @Slot()
    def close_review(self) -> None:
        self.set_review(None)

    def _remember(self, path: Path) -> None:
        recent = [p for p in self._recent_files() if Path(p) != path.resolve()]
        recent.insert(0, str(path.resolve()))
        self.settings.setValue("recent_files", recent[:MAX_RECENT])

    def _recent_files(self) -> list[str]:
        value = self.settings.value("recent_files", [])
        if isinstance(value, str):
            value = [value]
        return [str(v) for v in (value or [])]

    def _last_folder(self) -> str:
        recent = self._recent_files()
        return str(Path(recent[0]).parent) if recent else ""

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        files = self._recent_files()
        for number, name in enumerate(files, start=1):
            action = self.recent_menu.addAction(f"&{number} {Path(name).name}")
            action.setToolTip(name)
            action.triggered.connect(lambda _=False, n=name: self.open_path(Path(n)))
        if not files:
            self.recent_menu.addAction("(no recent reviews)").setEnabled(False)
