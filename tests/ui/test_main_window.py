from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from investigator.progress import Progress
from investigator.review import ReviewFile
from investigator.ui.jobs import Job
from investigator.ui.main_window import MainWindow
from investigator.ui.subjects_model import SubjectsModel


def test_window_shows_the_demo_title_and_subjects(qtbot: QtBot, demo_path: Path) -> None:
    review = ReviewFile.open(demo_path)
    window = MainWindow(review)
    qtbot.addWidget(window)
    window.show()
    title = review.review.title
    assert title in window.windowTitle()
    assert title in window.heading.text()
    model = window.subjects_model
    labels = [model.subject_at(r).label for r in range(model.rowCount())]
    assert labels == ["Service user A", "Service user B", "Service user C"]
    window.subjects_view.setCurrentIndex(model.index(1, 0))
    assert "Community" in window.subject_details.text()


def test_window_follows_changes_to_the_review(qtbot: QtBot, review: ReviewFile) -> None:
    window = MainWindow(None)
    qtbot.addWidget(window)
    assert "No review open" in window.heading.text()
    other = ReviewFile.create(review.path.with_name("w.review"), "Window test")
    window.set_review(other)
    other.add_subject("Service user A")
    assert window.subjects_model.rowCount() == 1
    window.close_review()
    assert window.subjects_model.rowCount() == 0


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
