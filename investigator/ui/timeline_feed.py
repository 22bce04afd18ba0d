"""Keeping the timeline in step with the window's review and filter.

Reading 100,000 events' points and sorting them into lanes takes a second or
two, so it is done off the UI thread, one read at a time: a change during a
read asks for another once it is in, and the widget only takes the finished
index. The timeline follows edits and filters a moment later, and only while
it is shown, so typing in the search box is never held up by it.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QWidget

from investigator.models import EventFilter
from investigator.progress import Progress, collector_paused
from investigator.review import ReviewFile
from investigator.ui.jobs import Job, run_job
from investigator.ui.timeline import TimelineWidget
from investigator.ui.timeline_index import PointsIndex, index_points

FOLLOW_AFTER_MS = 250


class TimelineFeed(QObject):
    """Reads the timeline's points for ``source()`` (the review and its filter)
    whenever they are out of date and ``shown()`` is true."""

    def __init__(
        self,
        window: QWidget,
        timeline: TimelineWidget,
        source: Callable[[], tuple[ReviewFile | None, EventFilter]],
        shown: Callable[[], bool],
        current_event: Callable[[], str | None],
        report: Callable[[str], None],
    ) -> None:
        super().__init__(window)
        self._window = window
        self._timeline = timeline
        self._source = source
        self._shown = shown
        self._current_event = current_event
        self._report = report
        self._stale = True
        self._job: Job | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(FOLLOW_AFTER_MS)
        self._timer.timeout.connect(self.refresh_if_shown)

    @property
    def loading(self) -> bool:
        """True while points are being read in the background."""
        return self._job is not None and not self._job.finished

    @property
    def current(self) -> bool:
        """True when the timeline shows the review and filter as they are now."""
        return not self.loading and not self._stale

    def review_opened(self) -> None:
        """Another review (or none): its points replace the last one's at once."""
        self._timeline.set_points([])
        self._stale = True
        self.refresh_if_shown()

    def changed(self) -> None:
        """The review or the filter changed: follow a moment later, if shown."""
        self._stale = True
        if self._shown():
            self._timer.start()

    def refresh_if_shown(self) -> None:
        if self._shown() and self._stale:
            self.refresh()

    def refresh(self) -> None:
        review, event_filter = self._source()
        if review is None:
            self._stale = False
            self._timeline.set_points([])
            return
        if self.loading:
            self._stale = True  # read again when this read is in
            return
        self._stale = False
        lane_ids = self._timeline.lane_ids

        def read(_progress: Progress) -> PointsIndex:
            with collector_paused():
                return index_points(review.store.events.timeline(event_filter), lane_ids)

        self._timeline.set_reading(True)
        self._job = run_job(
            self._window,
            "Reading the timeline",
            read,
            lambda prepared: self._read(review, prepared),
            on_error=lambda error: self._failed(review, error),
            show_dialog=False,
        )

    def _read(self, review: ReviewFile, prepared: PointsIndex) -> None:
        self._timeline.set_reading(False)
        if review is self._source()[0]:  # not another review opened meanwhile
            self._timeline.set_points(prepared.points, prepared)
            self._timeline.select_event(self._current_event(), centre=False)
        self.refresh_if_shown()  # something changed while it was read

    def _failed(self, review: ReviewFile, error: BaseException) -> None:
        self._timeline.set_reading(False)
        if review is self._source()[0]:
            self._report(f"The timeline could not be read: {error}")
        self.refresh_if_shown()
