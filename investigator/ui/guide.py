"""The user guide, shown inside the app from docs/USER_GUIDE.md (works offline)."""

from __future__ import annotations

from PySide6.QtCore import QUrl
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QMessageBox,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from investigator import __version__
from investigator.resources import docs_path


class GuideDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Investigator user guide")
        self.browser = QTextBrowser()
        self.browser.setOpenExternalLinks(False)
        self.browser.setOpenLinks(True)
        self.browser.setAccessibleName("User guide")
        guide = docs_path("USER_GUIDE.md")
        self.browser.setSearchPaths([str(guide.parent)])
        if guide.exists():
            self.browser.document().setBaseUrl(QUrl.fromLocalFile(str(guide.parent) + "/"))
            self.browser.setMarkdown(guide.read_text(encoding="utf-8"))
        else:
            self.browser.setPlainText("The user guide is not installed with this copy.")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addWidget(buttons)
        self.resize(900, 760)


def show_about(parent: QWidget | None) -> None:
    QMessageBox.about(
        parent,
        "About Investigator",
        f"<h3>Investigator {__version__}</h3>"
        "<p>An offline workbench for case-learning reviews in mental health care: "
        "chronologies, themes, cross-case learning and anonymised learning "
        "bulletins.</p><p>It makes no network connections. Every change is stored "
        "as you make it.</p>",
    )
