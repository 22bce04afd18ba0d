"""Tagging commands of the main window: keys 1-9, the Themes panel, similar events."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDockWidget, QStatusBar, QTabWidget

from investigator.review import ReviewFile
from investigator.ui.tagging_panel import MAX_NUMBERED, TaggingPanel

if TYPE_CHECKING:
    from investigator.ui.chronology_view import ChronologyView
    from investigator.ui.filter_bar import FilterBar
    from investigator.ui.timeline import TimelineWidget

TAB_TIMELINE = 1


class TaggingCommands:
    """Mixed into the main window (``self`` is that window)."""

    review: ReviewFile | None
    table: ChronologyView
    timeline: TimelineWidget
    tagging: TaggingPanel
    tagging_dock: QDockWidget
    tabs: QTabWidget
    filter_bar: FilterBar

    def statusBar(self) -> QStatusBar:  # pragma: no cover - QMainWindow's
        raise NotImplementedError

    def _theme_key_actions(self) -> list[QAction]:
        """Keys 1-9 toggle the numbered themes wherever the reviewer is looking at
        events: the table, the timeline and the Themes panel itself (a note being
        typed keeps its digits: text boxes claim printable keys before shortcuts)."""
        actions = []
        for number in range(1, MAX_NUMBERED + 1):
            action = QAction(f"Toggle theme {number}", self.table)
            action.setShortcut(QKeySequence(str(number)))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(lambda _=False, n=number: self._toggle_theme_key(n))
            for widget in (self.table, self.timeline, self.tagging):
                widget.addAction(action)
            actions.append(action)
        return actions

    def _toggle_theme_key(self, number: int) -> None:
        self.tagging.show_events(self.table.selected_event_ids())
        self.tagging.toggle_number(number)

    def _show_themes(self) -> None:
        self.tagging_dock.show()
        self.tagging_dock.raise_()

    @Slot()
    def _focus_events(self) -> None:
        """Back to the events after a click in the Themes panel, so the keys go on working."""
        (self.timeline if self.tabs.currentIndex() == TAB_TIMELINE else self.table).setFocus()

    @Slot(str)
    def _show_similar(self, event_id: str) -> None:
        if not self.table.select_event(event_id):
            self.filter_bar.clear()
            self.table.select_event(event_id)
            self.statusBar().showMessage(
                "The filters were cleared to show the similar event.", 8000
            )
        self._focus_events()

    @Slot()
    def manage_themes(self) -> None:
        if self.review is not None:
            from investigator.ui.themes_dialog import ThemesDialog

            ThemesDialog(self.review, self).exec()  # type: ignore[arg-type]
