"""The pinned Qt binding must count references correctly on this Python.

PySide6 6.12's abi3 wheels drop a reference to None on every void call under
Python 3.11, which aborts the app after a few thousand calls; 6.11.3 is pinned
for that reason. This test stops an upgrade from bringing the fault back.
"""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication, QLabel


def test_void_calls_keep_none_alive(qapp: QApplication) -> None:
    label = QLabel()
    before = sys.getrefcount(None)
    for _ in range(500):
        label.setObjectName("probe")
    assert sys.getrefcount(None) - before > -10
