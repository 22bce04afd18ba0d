from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from investigator.ui.app import configure_application


@pytest.fixture(autouse=True)
def configured_app(qapp: QApplication) -> QApplication:
    """The same names, style sheet and icon as the real app, so QSettings works."""
    configure_application(qapp)
    return qapp
