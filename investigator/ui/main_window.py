"""The main window: service users, the chronology and its timeline, the event details."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QSettings, Qt, QThreadPool, QTimer, Slot
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QDockWidget,
    QLabel,
    QMainWindow,
    QMessageBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from investigator.models import EventFilter, InvestigatorError, Subject
from investigator.review import ActionResult, ReviewFile
from investigator.ui.chronology_model import ChronologyModel
from investigator.ui.chronology_view import ChronologyView
from investigator.ui.event_details import EventDetails
from investigator.ui.event_dialog import EventDialog
from investigator.ui.file_commands import FileCommands
from investigator.ui.filter_bar import FilterBar
from investigator.ui.guide import show_about
from investigator.ui.jobs import ChangeRelay, busy_pointer, run_job, run_writing_job
from investigator.ui.menus import build_menus
from investigator.ui.subjects_panel import SubjectsPanel
from investigator.ui.tagging_commands import TAB_TIMELINE, TaggingCommands
from investigator.ui.tagging_panel import JOB_FROM, TaggingPanel
from investigator.ui.timeline import TimelineWidget
from investigator.ui.timeline_feed import TimelineFeed

TAB_TABLE = 0
# Below these widths (pixels) the side panels' fields and suggestions cannot be read.
SUBJECTS_MIN_WIDTH = 170
SIDE_PANEL_MIN_WIDTH = 340


class MainWindow(QMainWindow, FileCommands, TaggingCommands):
    def __init__(self, review: ReviewFile | None = None) -> None:
        super().__init__()
        self.review: ReviewFile | None = None
        self.settings = QSettings()
        self.setMinimumSize(900, 600)
        screen = self.screen().availableGeometry()
        self.resize(min(1500, int(screen.width() * 0.95)), min(940, int(screen.height() * 0.92)))

        # Centre: banner, filters, table / timeline.
        self.banner = QLabel()
        self.banner.setObjectName("readOnlyBanner")
        self.banner.setWordWrap(True)
        self.banner.setAccessibleName("Read-only notice")
        self.banner.hide()
        self.heading = QLabel()
        self.heading.setObjectName("reviewHeading")
        self.heading.setAccessibleName("Review title")
        self.filter_bar = FilterBar()
        self.model = ChronologyModel()
        self.table = ChronologyView(self.model)
        self.timeline = TimelineWidget()
        self.tabs = QTabWidget()
        self.tabs.addTab(self.table, "&Chronology")
        self.tabs.addTab(self.timeline, "T&imeline")
        self.tabs.setAccessibleName("Chronology views")
        self.empty_state = QLabel(
            "<h2>No review open</h2><p>Open a review (File ▸ Open), start a new one "
            "(File ▸ New review), or look around the fictional demo review "
            "(File ▸ Open demo review).</p>"
        )
        self.empty_state.setObjectName("emptyState")
        self.empty_state.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_state.setWordWrap(True)
        centre = QWidget()
        layout = QVBoxLayout(centre)
        layout.setContentsMargins(6, 6, 6, 0)
        layout.addWidget(self.banner)
        layout.addWidget(self.heading)
        layout.addWidget(self.filter_bar)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.empty_state, 1)
        self.setCentralWidget(centre)

        # Docks.
        self.subjects_panel = SubjectsPanel()
        self.subjects_dock = self._dock("Service users", "subjects_dock", self.subjects_panel)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.subjects_dock)
        self.details = EventDetails()
        self.details_dock = self._dock("Event details", "details_dock", self.details)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.details_dock)
        self.tagging = TaggingPanel()
        self.tagging_dock = self._dock("Themes", "tagging_dock", self.tagging)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.tagging_dock)
        self.tabifyDockWidget(self.details_dock, self.tagging_dock)
        self.details_dock.raise_()
        # Narrower than this the panels cannot be read; the table gives way instead
        # (and the filter bar wraps onto two rows).
        self.subjects_dock.setMinimumWidth(SUBJECTS_MIN_WIDTH)
        self.details_dock.setMinimumWidth(SIDE_PANEL_MIN_WIDTH)
        self.tagging_dock.setMinimumWidth(SIDE_PANEL_MIN_WIDTH)
        self._docks_sized = False

        # Status bar.
        self.counts = QLabel()
        self.counts.setAccessibleName("Event counts")
        self.statusBar().addPermanentWidget(self.counts)

        # Changes are announced by whichever thread wrote them; the relay brings
        # them to the UI thread (directly when that is where they happened).
        self._relay = ChangeRelay(self)
        self._relay.changed.connect(self._on_review_changed)

        self._timeline_feed = TimelineFeed(
            self,
            self.timeline,
            source=lambda: (self.review, self.model.filter),
            shown=lambda: self.tabs.currentIndex() == TAB_TIMELINE,
            current_event=lambda: self.table.current_event_id(),
            report=lambda message: self.statusBar().showMessage(message, 8000),
        )

        self._build_actions()
        build_menus(self)
        self._connect()
        self._restore_layout()
        self.set_review(review)

    def _dock(self, title: str, name: str, widget: QWidget) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        dock.setWidget(widget)
        dock.setAccessibleName(title)
        return dock

    # Actions and menus -------------------------------------------
    def _act(self, text: str, slot: object, shortcut: object = None, tip: str = "") -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            if isinstance(shortcut, list):
                action.setShortcuts(shortcut)
            else:
                action.setShortcut(shortcut)  # type: ignore[arg-type]
        if tip:
            action.setStatusTip(tip)
            action.setToolTip(tip)
        action.triggered.connect(slot)  # type: ignore[arg-type]
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        keys = QKeySequence.StandardKey
        self.action_new = self._act("&New review…", self.new_review, keys.New)
        self.action_open = self._act("&Open…", self.open_dialog, keys.Open)
        self.action_open_demo = self._act("Open &demo review", self.open_demo)
        self.action_save_copy = self._act(
            "Save a &copy as…", self.save_copy, keys.SaveAs, "Write a complete copy of this review"
        )
        self.action_import = self._act(
            "&Import chronology…",
            self.import_chronology,
            "Ctrl+Shift+I",
            "Import events from a CSV, Excel or Word file",
        )
        self.action_export = self._act(
            "&Export chronology…",
            self.export_chronology,
            "Ctrl+Shift+X",
            "Export the events shown to CSV or Excel",
        )
        self.action_close = self._act("&Close review", self.close_review, keys.Close)
        self.action_quit = self._act("&Quit", self.close, keys.Quit)
        self.action_undo = self._act("&Undo", self.undo, keys.Undo)
        self.action_redo = self._act(
            "&Redo", self.redo, [QKeySequence("Ctrl+Shift+Z"), QKeySequence(keys.Redo)]
        )
        self.action_add_event = self._act(
            "&Add event…",
            self.add_event,
            [QKeySequence("Ctrl+Shift+N"), QKeySequence("Insert")],
            "Add an event to the chronology",
        )
        self.action_edit_event = self._act("&Edit event…", self.edit_event, "Ctrl+E")
        self.action_duplicate = self._act("D&uplicate event", self.duplicate_events, "Ctrl+D")
        self.action_delete = self._act("&Delete event", self.delete_events, keys.Delete)
        self.action_delete.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.action_add_subject = self._act(
            "Add &service user…", self.subjects_panel.add_subject, "Ctrl+Shift+U"
        )
        self.action_manage_themes = self._act(
            "Manage t&hemes…", self.manage_themes, tip="Add, rename, recolour or merge themes"
        )
        self.action_find = self._act("&Find…", self.filter_bar.focus_search, keys.Find)
        self.action_clear_filters = self._act(
            "C&lear filters", self.filter_bar.clear, "Ctrl+Shift+L"
        )
        self.action_show_table = self._act(
            "&Chronology table", lambda: self.tabs.setCurrentIndex(TAB_TABLE), "Ctrl+1"
        )
        self.action_show_timeline = self._act(
            "&Timeline", lambda: self.tabs.setCurrentIndex(TAB_TIMELINE), "Ctrl+2"
        )
        self.action_zoom_fit = self._act("Timeline: zoom to &fit", self._zoom_fit, "Ctrl+0")
        self.action_guide = self._act("&User guide", self.show_guide, keys.HelpContents)
        self.action_about = self._act("&About Investigator", self.about)
        self.theme_key_actions = self._theme_key_actions()
        self.action_show_themes = self._act(
            "T&hemes of the selection",
            self._show_themes,
            "Ctrl+T",
            "Tag the selected events and see suggested themes",
        )
        self.table.set_context_actions(
            [self.action_edit_event, self.action_duplicate, None, self.action_delete]
        )

    def _connect(self) -> None:
        self.filter_bar.filter_changed.connect(self.apply_filter)
        self.filter_bar.problem.connect(self.show_problem)
        self.table.current_event_changed.connect(self._on_current_event)
        self.table.edit_requested.connect(self.edit_event)
        self.table.delete_requested.connect(self.delete_events)
        self.table.doubleClicked.connect(self._on_double_click)
        self.model.edit_failed.connect(self.show_problem)
        self.details.problem.connect(self.show_problem)
        self.tagging.problem.connect(self.show_problem)
        self.tagging.show_event.connect(self._show_similar)
        self.tagging.decided.connect(self._focus_events)
        self.table.selectionModel().selectionChanged.connect(self._on_selection)
        self.subjects_panel.problem.connect(self.show_problem)
        self.subjects_panel.show_only.connect(self._show_only_subject)
        self.timeline.event_clicked.connect(self._on_timeline_click)
        self.timeline.set_summary_provider(self._summary_for)
        self.tabs.currentChanged.connect(self._on_tab)

    # The open review ---------------------------------------------
    def _release_review(self) -> None:
        """Close the open review once background work on it has finished."""
        if self.review is None:
            return
        QThreadPool.globalInstance().waitForDone()
        self.tagging.set_review(None)  # results still queued for it are now ignored
        self.review.remove_listener(self._relay.changed.emit)
        self.review.close()
        self.review = None

    def set_review(self, review: ReviewFile | None) -> None:
        self._release_review()
        self.review = review
        if review is not None:
            review.add_listener(self._relay.changed.emit)
            if not review.checked:
                run_job(
                    self,
                    "Checking the review file",
                    lambda _progress: review.verify(),
                    on_error=lambda error: self._damaged(review, error),
                    show_dialog=False,
                )
            self._remember(review.path)
        has_review = review is not None
        self.tabs.setVisible(has_review)
        self.filter_bar.setVisible(has_review)
        self.heading.setVisible(has_review)
        self.empty_state.setVisible(not has_review)
        self.banner.setVisible(has_review and review.read_only)  # type: ignore[union-attr]
        if review is not None and review.read_only:
            self.banner.setText(
                "<b>Read-only.</b> This review is open in another window or process, so "
                "nothing can be changed here. Close it there and reopen it to edit."
            )
        self.model.set_review(review)
        self.subjects_panel.set_review(review)
        self.details.set_review(review)
        self.tagging.set_review(review)
        self.filter_bar.blockSignals(True)
        self.filter_bar.clear()
        self.filter_bar.blockSignals(False)
        self._tagged_count = review.store.events.tagged_count() if review is not None else 0
        self._refresh_options()
        self._refresh_chrome()
        if self.model.rowCount():
            self.table.select_event(self.model.event_ids[0])
            # On the events, not the search box: keys 1-9 and the arrows work at once.
            self.table.setFocus()
        self._timeline_feed.review_opened()

    def _on_review_changed(self, result: ActionResult) -> None:
        kinds = result.kinds()
        current = self.table.current_event_id()
        selected = self.table.selected_event_ids()
        row = self.table.currentIndex().row()
        self.model.reload()
        gone = current is not None and not self.table.select_events(selected, current)
        if gone and self.model.rowCount():
            # It left the view (say, tagged under an "untagged" filter): go on to the next.
            self.table.select_event(self.model.event_ids[min(row, self.model.rowCount() - 1)])
        if kinds & {"subject", "theme", "framework"}:
            self._refresh_options()
        if kinds & {"theme", "framework"}:
            self.tagging.refresh_themes()
        if kinds & {"tag", "event", "events"} and self.review is not None:
            self._tagged_count = self.review.store.events.tagged_count()
        if kinds & {"subject", "event", "events"}:
            self.subjects_panel.refresh()
            self.details.refresh_choices()
        self._timeline_feed.changed()
        self._on_current_event(self.table.current_event_id())
        self._on_selection()
        self._refresh_chrome()
        verb = "Undid" if result.undo else "Redid" if result.redo else "Saved"
        self.statusBar().showMessage(f"{verb}: {result.label}", 4000)

    def _refresh_options(self) -> None:
        review = self.review
        if review is None:
            self.filter_bar.set_options([], [], [])
            self.timeline.set_lanes([])
            return
        subjects = review.subjects()
        themes = review.themes()
        self.filter_bar.set_options(subjects, review.store.events.agencies(), themes)
        self.timeline.set_lanes([(str(s.id), s.label) for s in subjects])
        self.timeline.set_themes(themes, review.frameworks())

    def _refresh_chrome(self) -> None:
        review = self.review
        writable = review is not None and not review.read_only
        for action in (
            self.action_add_event,
            self.action_edit_event,
            self.action_duplicate,
            self.action_delete,
            self.action_add_subject,
            self.action_import,
        ):
            action.setEnabled(writable)
        for action in (
            self.action_close,
            self.action_save_copy,
            self.action_export,
            self.action_find,
            self.action_clear_filters,
            self.action_manage_themes,
        ):
            action.setEnabled(review is not None)
        self.action_undo.setEnabled(writable and review.undo_label is not None)  # type: ignore[union-attr]
        self.action_redo.setEnabled(writable and review.redo_label is not None)  # type: ignore[union-attr]
        self.action_undo.setText(
            f"&Undo {review.undo_label}" if review and review.undo_label else "&Undo"
        )
        self.action_redo.setText(
            f"&Redo {review.redo_label}" if review and review.redo_label else "&Redo"
        )
        if review is None:
            self.setWindowTitle("Investigator")
            self.counts.clear()
            return
        title = review.review.title
        self.setWindowTitle(f"{title}{' (read-only)' if review.read_only else ''} — Investigator")
        self.setWindowFilePath(str(review.path))
        self.heading.setText(
            f"<b>{escape(title)}</b>"
            + (f" · {escape(review.review.reference)}" if review.review.reference else "")
        )
        shown = self.model.rowCount()
        total = self.model.total
        tagged = self._tagged_count
        self.counts.setText(
            f"Showing {shown:,} of {total:,} events · {tagged:,} tagged · "
            f"{total - tagged:,} untagged"
        )

    # Filtering and selection -------------------------------------
    @Slot(object)
    def apply_filter(self, event_filter: EventFilter) -> None:
        current = self.table.current_event_id()
        selected = self.table.selected_event_ids()
        self.model.set_filter(event_filter)
        self.table.summary_delegate.set_search_text(event_filter.text)
        # The selected events that still show stay selected; a model reset does
        # not announce a new selection, so the Themes panel is told here (it must
        # never offer to tag an event the filters have hidden).
        kept = current is not None and self.table.select_events(selected, current)
        if not kept and self.model.rowCount():
            self.table.select_event(self.model.event_ids[0])
        self._on_selection()
        self._timeline_feed.changed()
        self._refresh_chrome()

    @Slot(object)
    def _show_only_subject(self, subject: Subject) -> None:
        self.filter_bar.subjects.set_chosen([str(subject.id)])

    @Slot(object)
    def _on_current_event(self, event_id: str | None) -> None:
        event = None
        if event_id is not None and self.review is not None:
            row = self.model.row_for_id(event_id)
            event = self.model.event_at(row) if row is not None else None
        self.details.show_event(event)
        self.timeline.select_event(event_id, centre=True)

    @Slot()
    def _on_selection(self) -> None:
        self.tagging.show_events(self.table.selected_event_ids())

    @Slot(str)
    def _on_timeline_click(self, event_id: str) -> None:
        if not self.table.select_event(event_id):
            self.statusBar().showMessage("That event is hidden by the filters.", 4000)

    def _summary_for(self, event_id: str) -> str:
        row = self.model.row_for_id(event_id)
        event = self.model.event_at(row) if row is not None else None
        if event is None:
            return ""
        subjects = ", ".join(self.model.subject_label(s) for s in event.subject_ids)
        return f"{event.date.display()} · {subjects} · {event.agency}\n{event.summary}"

    @Slot(int)
    def _on_tab(self, index: int) -> None:
        feed = getattr(self, "_timeline_feed", None)  # tabs are made before the feed
        if index == TAB_TIMELINE and feed is not None:
            feed.refresh_if_shown()

    @property
    def timeline_loading(self) -> bool:
        """True while the timeline's points are being read in the background."""
        return self._timeline_feed.loading

    @property
    def timeline_current(self) -> bool:
        """True when the timeline shows the review and filter as they are now."""
        return self._timeline_feed.current

    def _zoom_fit(self) -> None:
        self.tabs.setCurrentIndex(TAB_TIMELINE)
        self.timeline.zoom_to_fit()

    @Slot()
    def _on_double_click(self) -> None:
        # Editable cells edit in place; the others open the event.
        index = self.table.currentIndex()
        if index.isValid() and not (self.model.flags(index) & Qt.ItemFlag.ItemIsEditable):
            self.edit_event()

    # Editing -----------------------------------------------------
    def _damaged(self, review: ReviewFile, error: BaseException) -> None:
        """The background check found damage: close the file before anything is written."""
        if review is self.review:
            self.set_review(None)
        self.show_problem(str(error))

    def status_message(self, message: str, timeout_ms: int = 4000) -> None:
        self.statusBar().showMessage(message, timeout_ms)

    def show_problem(self, message: str) -> None:
        self.statusBar().showMessage(message, 8000)
        QMessageBox.warning(self, "Investigator", message)

    @Slot()
    def undo(self) -> None:
        self._step_back_or_on(undo=True)

    @Slot()
    def redo(self) -> None:
        self._step_back_or_on(undo=False)

    def _step_back_or_on(self, *, undo: bool) -> None:
        """Undo or redo: with the wait pointer, as a large selection's tags take a
        moment; in the background, with progress and Cancel, when they are as
        many as the Themes panel tags in the background."""
        review = self.review
        if review is None or review.read_only:
            return
        step = review.undo if undo else review.redo
        if (review.undo_size if undo else review.redo_size) >= JOB_FROM:
            label = review.undo_label if undo else review.redo_label
            run_writing_job(
                self,
                f"{'Undo' if undo else 'Redo'} {label}",
                lambda progress: step(progress),
                self.show_problem,
            )
            return
        try:
            with busy_pointer():
                step()
        except InvestigatorError as error:
            self.show_problem(str(error))

    @Slot()
    def add_event(self) -> None:
        if self.review is None or self.review.read_only:
            return
        if not self.review.subjects():
            self.show_problem("Add a service user first: every event belongs to someone.")
            return
        chosen = self.filter_bar.current_filter().subject_ids
        dialog = EventDialog(self.review, None, self, default_subject_ids=chosen)
        if dialog.exec() and dialog.result_event is not None:
            self.table.select_event(str(dialog.result_event.id))

    @Slot()
    def edit_event(self) -> None:
        event_id = self.table.current_event_id()
        if self.review is None or event_id is None:
            return
        event = self.review.event(event_id)
        dialog = EventDialog(self.review, event, self)
        if self.review.read_only:
            dialog.form.set_read_only(True)
        dialog.exec()

    @Slot()
    def duplicate_events(self) -> None:
        if self.review is None or self.review.read_only:
            return
        ids = self.table.selected_event_ids()
        last = None
        for event_id in ids:
            last = self.review.duplicate_event(event_id)
        if last is not None:
            self.table.select_event(str(last.id))

    @Slot()
    def delete_events(self) -> None:
        if self.review is None or self.review.read_only:
            return
        ids = self.table.selected_event_ids()
        if not ids:
            return
        row = self.model.row_for_id(ids[0]) or 0
        self.review.remove_events(ids)
        self.statusBar().showMessage(
            f"Deleted {len(ids)} event{'s' if len(ids) != 1 else ''}. Undo with Ctrl+Z.", 6000
        )
        if self.model.rowCount():
            self.table.select_event(self.model.event_ids[min(row, self.model.rowCount() - 1)])

    # Help --------------------------------------------------------
    @Slot()
    def show_guide(self) -> None:
        from investigator.ui.guide import GuideDialog

        GuideDialog(self).show()

    @Slot()
    def about(self) -> None:
        show_about(self)

    # Layout ------------------------------------------------------
    def _restore_layout(self) -> None:
        geometry = self.settings.value("window/geometry")
        state = self.settings.value("window/state")
        if geometry is not None:
            self.restoreGeometry(geometry)  # type: ignore[arg-type]
        if state is not None:
            self._docks_sized = bool(self.restoreState(state))  # type: ignore[arg-type]
        header = self.settings.value("window/columns")
        if header is not None:
            self.table.horizontalHeader().restoreState(header)  # type: ignore[arg-type]

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._docks_sized:
            # Dock sizes take effect only once the window is laid out at its size:
            # the first time it shows, unless a saved layout was restored.
            self._docks_sized = True
            QTimer.singleShot(0, self._size_docks)

    def _size_docks(self) -> None:
        side = max(SIDE_PANEL_MIN_WIDTH, min(420, self.width() // 5))
        self.resizeDocks(
            [self.subjects_dock, self.details_dock],
            [SUBJECTS_MIN_WIDTH + 30, side],
            Qt.Orientation.Horizontal,
        )

    def closeEvent(self, event: QCloseEvent) -> None:
        # Nothing is ever unsaved: closing keeps the layout and releases the file.
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/state", self.saveState())
        self.settings.setValue("window/columns", self.table.horizontalHeader().saveState())
        self._release_review()
        super().closeEvent(event)
