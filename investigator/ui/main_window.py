"""The main window: the review's service users and chronology."""

from __future__ import annotations

from html import escape
from pathlib import Path

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDockWidget,
    QFileDialog,
    QLabel,
    QListView,
    QMainWindow,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from investigator import __version__
from investigator.models import InvestigatorError
from investigator.review import ActionResult, ReviewFile
from investigator.ui.subjects_model import SubjectsModel, describe_subject

REVIEW_FILTER = "Reviews (*.review);;All files (*)"


class MainWindow(QMainWindow):
    def __init__(self, review: ReviewFile | None = None) -> None:
        super().__init__()
        self.review: ReviewFile | None = None
        self.setMinimumSize(900, 600)
        self.resize(1280, 800)

        self.subjects_model = SubjectsModel()
        self.subjects_view = QListView()
        self.subjects_view.setModel(self.subjects_model)
        self.subjects_view.setAccessibleName("Service users")
        self.subjects_view.setAccessibleDescription(
            "The service users in this review; select one to see their attributes."
        )
        self.subjects_view.selectionModel().currentChanged.connect(self._show_subject)
        self.subject_details = QLabel()
        self.subject_details.setWordWrap(True)
        self.subject_details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.subject_details.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.subject_details.setAccessibleName("Service user details")
        panel = QWidget()
        layout = QVBoxLayout(panel)
        layout.addWidget(self.subjects_view, 3)
        layout.addWidget(self.subject_details, 2)
        self.subjects_dock = QDockWidget("Service users", self)
        self.subjects_dock.setObjectName("subjects_dock")
        self.subjects_dock.setWidget(panel)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.subjects_dock)

        self.heading = QLabel()
        self.heading.setObjectName("reviewHeading")
        self.heading.setWordWrap(True)
        self.heading.setAccessibleName("Review title")
        self.overview = QLabel()
        self.overview.setWordWrap(True)
        self.overview.setAlignment(Qt.AlignmentFlag.AlignTop)
        centre = QWidget()
        centre_layout = QVBoxLayout(centre)
        centre_layout.addWidget(self.heading)
        centre_layout.addWidget(self.overview, 1)
        self.setCentralWidget(centre)

        self._build_menus()
        self.set_review(review)

    # Menus -------------------------------------------------------------------------
    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        self.action_new = self._action(
            file_menu, "&New review…", self.new_review, QKeySequence.StandardKey.New
        )
        self.action_open = self._action(
            file_menu, "&Open…", self.open_dialog, QKeySequence.StandardKey.Open
        )
        self.action_open_demo = self._action(file_menu, "Open &demo review", self.open_demo)
        file_menu.addSeparator()
        self.action_close = self._action(
            file_menu, "&Close review", self.close_review, QKeySequence.StandardKey.Close
        )
        self.action_quit = self._action(
            file_menu, "&Quit", self.close, QKeySequence.StandardKey.Quit
        )
        help_menu = self.menuBar().addMenu("&Help")
        self._action(help_menu, "&About Investigator", self.about)

    def _action(self, menu: object, text: str, slot: object, shortcut: object = None) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(shortcut)  # type: ignore[arg-type]
        action.triggered.connect(slot)  # type: ignore[arg-type]
        menu.addAction(action)  # type: ignore[attr-defined]
        return action

    # The open review ---------------------------------------------------------------------
    def set_review(self, review: ReviewFile | None) -> None:
        if self.review is not None:
            self.review.remove_listener(self._on_review_changed)
            self.review.close()
        self.review = review
        if review is not None:
            review.add_listener(self._on_review_changed)
        self.action_close.setEnabled(review is not None)
        self.refresh()

    def _on_review_changed(self, result: ActionResult) -> None:
        self.refresh()

    def refresh(self) -> None:
        review = self.review
        if review is None:
            self.setWindowTitle("Investigator")
            self.heading.setText("<h2>No review open</h2>")
            self.overview.setText(
                "Open a review file (File ▸ Open), start a new one (File ▸ New review), "
                "or look around the fictional demo review (File ▸ Open demo review)."
            )
            self.subjects_model.set_subjects([], {})
            self.subject_details.clear()
            self.statusBar().clearMessage()
            return
        info = review.info()
        title = info["title"]
        suffix = " (read-only)" if review.read_only else ""
        self.setWindowTitle(f"{title}{suffix} — Investigator")
        self.setWindowFilePath(str(review.path))
        reference = f"<p>{escape(info['reference'])}</p>" if info["reference"] else ""
        self.heading.setText(f"<h2>{escape(title)}</h2>{reference}")
        counts = review.store.events.counts_by_subject()
        self.subjects_model.set_subjects(review.subjects(), counts)
        tagged = review.store.events.tagged_count()
        self.overview.setText(
            f"{info['subjects']} service users · {info['events']} events · "
            f"{tagged} tagged · {info['events'] - tagged} untagged"
        )
        self.statusBar().showMessage(f"{review.path}{suffix}")

    @Slot()
    def _show_subject(self) -> None:
        index = self.subjects_view.currentIndex()
        if not index.isValid():
            self.subject_details.clear()
            return
        subject = self.subjects_model.subject_at(index.row())
        self.subject_details.setText(describe_subject(subject))

    # Commands ------------------------------------------------------------------------------
    @Slot()
    def open_dialog(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "Open review", "", REVIEW_FILTER)
        if name:
            self.open_path(Path(name))

    def open_path(self, path: Path, *, read_only: bool = False) -> None:
        from investigator.ui.app import open_review_interactively

        review = open_review_interactively(path, read_only=read_only)
        if review is not None:
            self.set_review(review)

    @Slot()
    def open_demo(self) -> None:
        from investigator.ui.app import ensure_demo_review

        try:
            path = ensure_demo_review()
        except InvestigatorError as error:
            QMessageBox.warning(self, "Cannot write the demo review", str(error))
            return
        self.open_path(path)

    @Slot()
    def new_review(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, "New review", "", REVIEW_FILTER)
        if not name:
            return
        path = Path(name if name.endswith(".review") else f"{name}.review")
        try:
            review = ReviewFile.create(path, path.stem.replace("_", " "))
        except InvestigatorError as error:
            QMessageBox.warning(self, "Cannot create review", str(error))
            return
        self.set_review(review)

    @Slot()
    def close_review(self) -> None:
        self.set_review(None)

    @Slot()
    def about(self) -> None:
        QMessageBox.about(
            self,
            "About Investigator",
            f"<h3>Investigator {__version__}</h3>"
            "<p>An offline workbench for case-learning reviews in mental health care: "
            "chronologies, themes, cross-case learning and anonymised learning "
            "bulletins.</p><p>It makes no network connections.</p>",
        )

    def closeEvent(self, event: object) -> None:
        # Every change is already stored; closing only releases the file.
        if self.review is not None:
            self.review.remove_listener(self._on_review_changed)
            self.review.close()
            self.review = None
        super().closeEvent(event)  # type: ignore[arg-type]
