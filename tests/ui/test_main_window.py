"""The main window as a reviewer uses it: keyboard, filters, undo, timeline, read-only."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, Qt, QThreadPool
from PySide6.QtWidgets import QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from investigator.models import Event
from investigator.progress import Progress
from investigator.review import ReviewFile, build_event
from investigator.ui import jobs
from investigator.ui.jobs import Job
from investigator.ui.main_window import (
    SIDE_PANEL_MIN_WIDTH,
    SUBJECTS_MIN_WIDTH,
    TAB_TIMELINE,
    MainWindow,
)
from investigator.ui.subjects_model import SubjectsModel


@pytest.fixture
def window(qtbot: QtBot, demo_path: Path) -> MainWindow:
    main = MainWindow(ReviewFile.open(demo_path))
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    return main


def test_window_shows_the_demo_title_subjects_and_counts(window: MainWindow) -> None:
    review = window.review
    assert review is not None
    assert review.review.title in window.windowTitle()
    panel = window.subjects_panel.model
    labels = [panel.subject_at(r).label for r in range(panel.rowCount())]
    assert labels == ["Service user A", "Service user B", "Service user C"]
    total = review.info()["events"]
    assert window.model.rowCount() == total
    assert f"Showing {total} of {total} events" in window.counts.text()
    assert not window.banner.isVisible()


def test_search_filters_as_you_type_and_counts_follow(window: MainWindow, qtbot: QtBot) -> None:
    qtbot.keyClicks(window.filter_bar.search, "telephone")
    qtbot.waitUntil(lambda: window.model.filter.text == "telephone", timeout=2000)
    shown = window.model.rowCount()
    assert 0 < shown < window.model.total
    assert f"Showing {shown} of" in window.counts.text()
    window.filter_bar.clear()
    assert window.model.rowCount() == window.model.total


def test_add_edit_delete_from_the_window_undo_and_redo(window: MainWindow, qtbot: QtBot) -> None:
    review = window.review
    assert review is not None
    before = window.model.rowCount()
    subject = review.subjects()[0]
    review.add_event(build_event([subject.id], "01/01/2016", "Added from a test"))
    assert window.model.rowCount() == before + 1

    # Select it and delete with the keyboard, then undo and redo with the shortcuts.
    window.model.set_filter(window.model.filter.model_copy(update={"text": "Added from"}))
    window.table.setFocus()
    window.table.select_event(window.model.event_ids[0])
    qtbot.keyClick(window.table, Qt.Key.Key_Delete)
    assert review.store.events.count(window.model.filter) == 0
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.model.rowCount() == 1
    qtbot.keyClick(
        window,
        Qt.Key.Key_Z,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert window.model.rowCount() == 0
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)

    # Edit in the details pane: leaving the field stores it, undo restores it.
    window.table.select_event(window.model.event_ids[0])
    event_id = window.table.current_event_id()
    assert event_id is not None
    details = window.details.form
    details.source.setText("Test bundle, p. 3")
    details.source.editingFinished.emit()
    assert review.event(event_id).source == "Test bundle, p. 3"
    assert window.action_undo.text() == "&Undo Edit event"
    window.action_undo.trigger()
    assert review.event(event_id).source == ""
    window.action_redo.trigger()
    assert review.event(event_id).source == "Test bundle, p. 3"


def test_duplicate_then_undo(window: MainWindow) -> None:
    window.table.select_event(window.model.event_ids[3])
    total = window.model.rowCount()
    window.action_duplicate.trigger()
    assert window.model.rowCount() == total + 1
    window.action_undo.trigger()
    assert window.model.rowCount() == total


def test_subject_edit_and_remove_undo(window: MainWindow) -> None:
    review = window.review
    assert review is not None
    a = review.subjects()[0]
    review.update_subject(a.model_copy(update={"community": "Edited community"}))
    assert window.subjects_panel.model.subject_at(0).community == "Edited community"
    review.remove_subject(a.id)
    assert window.subjects_panel.model.rowCount() == 2
    window.action_undo.trigger()
    assert window.subjects_panel.model.rowCount() == 3
    window.action_undo.trigger()
    assert window.subjects_panel.model.subject_at(0).community == a.community


def test_timeline_and_table_select_each_other(window: MainWindow, qtbot: QtBot) -> None:
    window.tabs.setCurrentIndex(TAB_TIMELINE)
    qtbot.waitUntil(lambda: window.timeline_current, timeout=5000)
    timeline = window.timeline
    target = window.model.event_ids[10]
    with qtbot.waitSignal(timeline.event_clicked, timeout=2000):
        timeline.zoom_to_fit()
        timeline.select_event(target)
        point = timeline.marker_position(target)
        assert point is not None
        qtbot.mouseClick(timeline, Qt.MouseButton.LeftButton, pos=point.toPoint())
    assert window.table.current_event_id() == timeline.selected_event()
    # And back: choosing a row highlights it on the timeline.
    other = window.model.event_ids[20]
    window.table.select_event(other)
    assert timeline.selected_event() == other


def test_the_timeline_is_read_in_the_background_and_follows_filters_and_edits(
    window: MainWindow, qtbot: QtBot
) -> None:
    review = window.review
    assert review is not None
    window.tabs.setCurrentIndex(TAB_TIMELINE)
    assert window.timeline_loading  # the window is not held up while it is read
    assert window.timeline.reading  # and the empty timeline says it is being read
    qtbot.waitUntil(lambda: window.timeline_current, timeout=5000)
    assert not window.timeline.reading
    everything = set(window.model.event_ids)
    assert {p.event_id for p in window.timeline.points} == everything

    subject = review.subjects()[1]
    window.filter_bar.subjects.set_chosen([str(subject.id)])
    qtbot.waitUntil(
        lambda: {p.event_id for p in window.timeline.points} == set(window.model.event_ids),
        timeout=5000,
    )
    assert len(window.timeline.points) < len(everything)

    # An edit is read again and shown.
    window.filter_bar.clear()
    event_id = window.model.event_ids[0]
    review.tag(event_id, "INEQ")
    qtbot.waitUntil(lambda: window.timeline_current, timeout=5000)
    tagged = next(p for p in window.timeline.points if p.event_id == event_id)
    assert str(review.theme("INEQ").id) in tagged.theme_ids


def test_a_review_opened_while_the_timeline_is_read_shows_its_own_points(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    other = ReviewFile.create(tmp_path / "other.review", "Another review")
    person = other.add_subject("Service user Z")
    added = other.add_event(build_event([person.id], "03/02/2020", "Seen at home."))
    window.tabs.setCurrentIndex(TAB_TIMELINE)
    assert window.timeline_loading
    first = window.review
    window.set_review(other)  # the demo review's read is still under way
    assert first is not None
    first.close()
    qtbot.waitUntil(lambda: window.timeline_current, timeout=5000)
    assert [p.event_id for p in window.timeline.points] == [str(added.id)]


def test_details_pane_refuses_an_unreadable_date(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: shown.append(args[2]))
    window.table.select_event(window.model.event_ids[0])
    review = window.review
    assert review is not None
    event_id = window.table.current_event_id()
    before = review.event(event_id)
    window.details.form.date.setText("31/02/2019")
    window.details.form.date.editingFinished.emit()
    assert shown and "February" in shown[0]
    assert review.event(event_id) == before


HOLDER = """
import sys, time
from investigator.review import ReviewFile
review = ReviewFile.open(sys.argv[1])
print("open", flush=True)
time.sleep(60)
"""


def test_a_locked_review_opens_read_only_with_a_banner(
    qtbot: QtBot, demo_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(demo_path)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "open"
        monkeypatch.setattr(
            QMessageBox, "question", lambda *args, **kwargs: QMessageBox.StandardButton.Open
        )
        main = MainWindow(None)
        qtbot.addWidget(main)
        main.show()
        assert main.empty_state.isVisible()
        main.open_path(demo_path)
        assert main.review is not None and main.review.read_only
        assert main.banner.isVisible()
        assert "Read-only" in main.banner.text()
        assert "(read-only)" in main.windowTitle()
        assert not main.action_add_event.isEnabled()
        assert not main.model.flags(main.model.index(0, 4)) & Qt.ItemFlag.ItemIsEditable
        main.close()
    finally:
        holder.kill()
        holder.wait()


def test_a_bad_file_shows_the_store_message(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: shown.append(args[2]))
    bad = tmp_path / "notes.review"
    bad.write_text("not a review")
    main = MainWindow(None)
    qtbot.addWidget(main)
    main.open_path(bad)
    assert main.review is None
    assert shown and "not an SQLite database" in shown[0]


def test_subjects_model_passes_the_model_tester(
    qtmodeltester: object, demo_review: ReviewFile
) -> None:
    model = SubjectsModel()
    model.set_subjects(demo_review.subjects(), demo_review.store.events.counts_by_subject())
    qtmodeltester.check(model)  # type: ignore[attr-defined]


def test_background_job_reports_its_result(qtbot: QtBot) -> None:
    def work(progress: Progress) -> int:
        for i in range(5):
            progress.step(i, 5, f"step {i}")
        return 42

    job = Job(None, "Counting", work, show_dialog=True)
    with qtbot.waitSignal(job.done, timeout=5000) as blocker:
        job.start()
    assert blocker.args == [42]


def test_background_job_can_be_cancelled(qtbot: QtBot) -> None:
    import threading
    import time

    started = threading.Event()

    def work(progress: Progress) -> None:
        started.set()
        while True:
            progress.step(0, 0)
            time.sleep(0.001)

    job = Job(None, "Endless", work, show_dialog=False)
    with qtbot.waitSignal(job.cancelled, timeout=5000):
        job.start()
        assert started.wait(5)
        job.cancel()
    assert job.finished


def test_many_jobs_let_go_of_at_once_all_report_and_nothing_crashes(qtbot: QtBot) -> None:
    """Each job is dropped as soon as it starts. A pool thread must never hold the
    last reference to a job's Qt objects: destroyed there while the UI thread
    destroyed another, they crashed the app (one run of the suite in ten)."""
    results: list[int] = []
    count = 400

    for number in range(count):

        def work(progress: Progress, number: int = number) -> int:
            progress.step(0, 1)
            return number

        job = Job(None, "Short", work, show_dialog=number % 2 == 0)
        job.done.connect(results.append)
        job.start()
        del job  # not kept: its result must still arrive
        Job(None, "Unheard", work, show_dialog=False).start()  # nobody listens

    qtbot.waitUntil(lambda: len(results) == count, timeout=30000)
    QThreadPool.globalInstance().waitForDone()
    qtbot.wait(50)
    assert sorted(results) == list(range(count))
    assert not jobs._JOBS  # every job let go of, on this thread


def test_window_remembers_recent_files(window: MainWindow) -> None:
    assert window.review is not None
    assert str(window.review.path.resolve()) == window._recent_files()[0]
    assert isinstance(window.review.events()[0], Event)


def test_an_unchecked_review_is_checked_in_the_background(qtbot: QtBot, demo_path: Path) -> None:
    main = MainWindow(None)
    qtbot.addWidget(main)
    review = ReviewFile.open(demo_path, check=False)
    main.set_review(review)
    qtbot.waitUntil(lambda: review.checked, timeout=10000)
    assert main.review is review


def test_a_write_from_a_worker_thread_reaches_the_window_on_its_thread(
    window: MainWindow, qtbot: QtBot
) -> None:
    import threading

    from PySide6.QtCore import QThread

    review = window.review
    assert review is not None
    seen_on: list[object] = []
    original = window._on_review_changed

    def spy(result: object) -> None:
        seen_on.append(QThread.currentThread())
        original(result)  # type: ignore[arg-type]

    window._relay.changed.disconnect()
    window._relay.changed.connect(spy)
    worker = threading.Thread(target=lambda: review.add_subject("Service user D"))
    worker.start()
    worker.join()
    qtbot.waitUntil(lambda: window.subjects_panel.model.rowCount() == 4, timeout=5000)
    assert seen_on == [window.thread()]


def _overlapping_children(bar: QWidget) -> list[tuple[str, str]]:
    shown = [w for w in bar.findChildren(QWidget) if w.isVisibleTo(bar) and not w.children()]
    boxes = [(w, QRect(w.mapTo(bar, QPoint(0, 0)), w.size())) for w in shown]
    return [
        (a.objectName() or type(a).__name__, b.objectName() or type(b).__name__)
        for i, (a, box_a) in enumerate(boxes)
        for b, box_b in boxes[i + 1 :]
        if box_a.intersects(box_b)
    ]


def test_side_panels_open_readable_and_the_filters_wrap(qtbot: QtBot, demo_path: Path) -> None:
    """On a 1440-pixel laptop screen, with no saved layout, the event details open
    at a readable width: the filter bar moves its dates under the choices rather
    than squeezing the panels (or overlapping its own buttons)."""
    main = MainWindow(ReviewFile.open(demo_path))
    qtbot.addWidget(main)
    main.resize(1368, 830)
    main.show()
    qtbot.waitExposed(main)
    qtbot.waitUntil(lambda: main.filter_bar.wrapped, timeout=3000)
    assert main.details_dock.width() >= SIDE_PANEL_MIN_WIDTH
    assert main.subjects_dock.width() >= SUBJECTS_MIN_WIDTH
    assert main.table.width() > main.details_dock.width()
    assert _overlapping_children(main.filter_bar) == []
    # With room to spare, the filters go back to one row.
    main.resize(2400, 830)
    qtbot.waitUntil(lambda: not main.filter_bar.wrapped, timeout=3000)
    assert _overlapping_children(main.filter_bar) == []
