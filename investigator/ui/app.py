"""Starting the app: the QApplication, the demo review, the first window."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from investigator import __version__
from investigator.demo import write_demo_review
from investigator.models import InvestigatorError
from investigator.paths import demo_review_path
from investigator.resources import resource_path
from investigator.review import ReviewFile
from investigator.store import ReviewInUseError

CHECK_IN_BACKGROUND_BYTES = 32 * 1024 * 1024
ORGANISATION = "Investigator"
APPLICATION = "Investigator"


def create_application(argv: list[str] | None = None) -> QApplication:
    """The one QApplication; tests get theirs from pytest-qt with the same settings."""
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        configure_application(existing)
        return existing
    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
        Qt.HighDpiScaleFactorRoundingPolicy.PassThrough
    )
    app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setStyle("Fusion")
    configure_application(app)
    return app


def configure_application(app: QApplication) -> None:
    QCoreApplication.setOrganizationName(ORGANISATION)
    QCoreApplication.setApplicationName(APPLICATION)
    QCoreApplication.setApplicationVersion(__version__)
    app.setApplicationDisplayName(APPLICATION)
    icon = resource_path("icons", "investigator.svg")
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    stylesheet = resource_path("style.qss")
    if stylesheet.exists():
        app.setStyleSheet(stylesheet.read_text(encoding="utf-8"))


def ensure_demo_review() -> Path:
    """The demo review in the user's data folder, written the first time it is asked for."""
    path = demo_review_path()
    if not path.exists():
        write_demo_review(path)
    return path


def open_review_interactively(
    path: Path, *, read_only: bool = False, parent: QWidget | None = None
) -> ReviewFile | None:
    """Open a file, offering read-only when another window has it; errors are shown.

    A large file's full check (it reads every page) runs after the window shows
    (MainWindow.set_review), so a big review opens as fast as a small one.
    """
    check = not path.exists() or path.stat().st_size < CHECK_IN_BACKGROUND_BYTES
    try:
        return ReviewFile.open(path, read_only=read_only, check=check)
    except ReviewInUseError as error:
        answer = QMessageBox.question(
            parent,
            "Review in use",
            f"{error}\n\nOpen it read-only?",
            QMessageBox.StandardButton.Open | QMessageBox.StandardButton.Cancel,
        )
        if answer == QMessageBox.StandardButton.Open:
            return ReviewFile.open(path, read_only=True, check=check)
        return None
    except InvestigatorError as error:
        QMessageBox.warning(parent, "Cannot open review", str(error))
        return None


def run_app(path: Path | None = None, *, demo: bool = False, read_only: bool = False) -> int:
    from investigator.ui.main_window import MainWindow

    app = create_application()
    review = None
    if demo or path is None:
        try:
            path = ensure_demo_review() if demo else None
        except InvestigatorError as error:
            QMessageBox.warning(None, "Cannot write the demo review", str(error))
            path = None
    if path is not None:
        review = open_review_interactively(Path(path), read_only=read_only)
    window = MainWindow(review)
    window.show()
    return app.exec()
