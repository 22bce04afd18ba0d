"""The main window's menus and toolbar: every action reachable from the keyboard."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMenu

if TYPE_CHECKING:
    from investigator.ui.main_window import MainWindow


def build_menus(window: MainWindow) -> None:
    """The menu bar and toolbar of the main window, from its actions."""
    bar = window.menuBar()
    file_menu = bar.addMenu("&File")
    file_menu.addActions([window.action_new, window.action_open])
    window.recent_menu = QMenu("Open &recent", window)
    window.recent_menu.aboutToShow.connect(window._fill_recent)
    file_menu.addMenu(window.recent_menu)
    file_menu.addAction(window.action_open_demo)
    file_menu.addSeparator()
    file_menu.addActions([window.action_save_copy, window.action_import, window.action_export])
    file_menu.addSeparator()
    file_menu.addActions([window.action_close, window.action_quit])
    edit_menu = bar.addMenu("&Edit")
    edit_menu.addActions([window.action_undo, window.action_redo])
    edit_menu.addSeparator()
    edit_menu.addActions(
        [
            window.action_add_event,
            window.action_edit_event,
            window.action_duplicate,
            window.action_delete,
        ]
    )
    edit_menu.addSeparator()
    edit_menu.addActions([window.action_add_subject, window.action_manage_themes])
    edit_menu.addSeparator()
    edit_menu.addActions([window.action_find, window.action_clear_filters])
    view_menu = bar.addMenu("&View")
    view_menu.addActions(
        [window.action_show_table, window.action_show_timeline, window.action_zoom_fit]
    )
    view_menu.addSeparator()
    view_menu.addAction(window.subjects_dock.toggleViewAction())
    view_menu.addAction(window.details_dock.toggleViewAction())
    view_menu.addAction(window.tagging_dock.toggleViewAction())
    view_menu.addAction(window.action_show_themes)
    help_menu = bar.addMenu("&Help")
    help_menu.addActions([window.action_guide, window.action_about])

    toolbar = window.addToolBar("Main")
    toolbar.setObjectName("main_toolbar")
    toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    toolbar.addActions([window.action_open, window.action_import])
    toolbar.addSeparator()
    toolbar.addActions([window.action_add_event, window.action_duplicate, window.action_delete])
    toolbar.addSeparator()
    toolbar.addActions([window.action_undo, window.action_redo])
