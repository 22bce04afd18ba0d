"""The timeline: one swimlane per service user on a shared date axis.

This is the picture a reviewer shows colleagues, so it is drawn by hand with
QPainter for control over every pixel, and it stays quick with 100,000 events by
looking only at what is on screen (see ``timeline_index``). Layout lives in
``timeline_frame``, drawing in ``timeline_painter`` and zoom arithmetic in
``timeline_scale``; this module holds the state and the reviewer's interactions.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, QPointF, QRect, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFocusEvent,
    QFontMetricsF,
    QHelpEvent,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import QApplication, QToolTip, QWidget

from investigator.models import Theme, ThemeFramework, TimelinePoint

from .timeline_frame import (
    DensityBar,
    Frame,
    Geometry,
    LegendItem,
    Metrics,
    build_frame,
    layout_geometry,
)
from .timeline_index import LaneIndex, PointsIndex, centre_of, index_points
from .timeline_painter import Scene, Style, paint_scene
from .timeline_scale import TimeScale, axis_ticks, choose_step
from .timeline_text import density_tooltip, event_tooltip, lanes_for, legend_items

__all__ = ["TimelineWidget", "lanes_for"]


KEY_ZOOM = 1.5
WHEEL_ZOOM = 1.2  # per notch of a mouse wheel
DENSITY_CLICK_ZOOM = 4.0

ACCESSIBLE_DESCRIPTION = (
    "Events of each service user on a shared date axis, one row per service user. "
    "Tab or the Up and Down arrows move between events in date order; Enter opens the "
    "selected event. Plus and minus zoom, 0 fits the whole chronology, Left and Right pan."
)


class TimelineWidget(QWidget):
    """Swimlanes of events, one per service user, with zoom, pan and selection."""

    event_clicked = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setAccessibleName("Timeline")
        self.setAccessibleDescription(ACCESSIBLE_DESCRIPTION)
        self._lane_ids: list[str] = []
        self._labels: list[str] = []
        self._themes: list[Theme] = []
        self._framework_names: dict[str, str] = {}
        self._colours: dict[str, QColor] = {}
        self._themes_by_id: dict[str, Theme] = {}
        self._points: list[TimelinePoint] = []
        self._row_of: dict[str, int] = {}
        self._lanes: list[LaneIndex] = []
        self._lane_counts: list[int] = []
        self._order: list[int] = []  # rows that appear in some lane, in date order
        self._place_in_order: dict[int, int] = {}
        self._legend: list[LegendItem] = []
        self._scale = TimeScale()
        self._fitted = True
        self._selected: int | None = None
        self._hovered: int | None = None
        self._scroll_y = 0.0
        self._summary: Callable[[str], str] | None = None
        self._metrics_cache: Metrics | None = None
        self._style_cache: Style | None = None
        self._geometry_cache: Geometry | None = None
        self._frame_cache: Frame | None = None
        self._press_at: QPointF | None = None
        self._drag_x: float | None = None
        self._reading = False

    # Public API ----------------------------------------------------------------------
    def set_lanes(self, lanes: list[tuple[str, str]]) -> None:
        """Service users as (subject id, label), top to bottom."""
        self._lane_ids = [str(subject_id) for subject_id, _ in lanes]
        self._labels = [label for _, label in lanes]
        self._reindex()

    def set_themes(self, themes: list[Theme], frameworks: Sequence[ThemeFramework] = ()) -> None:
        """The review's themes (for colours and the legend) and its frameworks (so
        the legend can name each framework when themes of several are shown)."""
        self._themes = list(themes)
        self._framework_names = {str(f.id): f.name for f in frameworks}
        self._colours = {str(theme.id): QColor(theme.colour) for theme in themes}
        self._themes_by_id = {str(theme.id): theme for theme in themes}
        self._legend = legend_items(
            (self._points[row] for row in self._order), self._themes, self._framework_names
        )
        self._invalidate(geometry=True)

    def set_points(self, points: list[TimelinePoint], prepared: PointsIndex | None = None) -> None:
        """Replace the events shown; the view stays put unless it was showing everything.

        ``prepared`` is :func:`index_points` of these points, made off the UI thread
        for a large review; it is used if the lanes have not changed since.
        """
        selected = self.selected_event()
        self._points = list(points)
        if prepared is None or prepared.lane_ids != tuple(self._lane_ids):
            prepared = index_points(self._points, self._lane_ids)
        self._selected = prepared.row_of.get(selected) if selected else None
        self._apply(prepared)

    @property
    def lane_ids(self) -> tuple[str, ...]:
        return tuple(self._lane_ids)

    @property
    def reading(self) -> bool:
        return self._reading

    def set_reading(self, reading: bool) -> None:
        """While its points are read in the background, an empty timeline says so
        rather than "No events to show"."""
        self._reading = reading
        self._invalidate()

    @property
    def points(self) -> list[TimelinePoint]:
        """The events shown, as last set."""
        return self._points

    def select_event(self, event_id: str | None, *, centre: bool = True) -> None:
        """Highlight without emitting, so a table and the timeline can follow each other."""
        row = self._row_of.get(event_id) if event_id else None
        if row is not None and row not in self._place_in_order:
            row = None
        self._selected = row
        if row is not None and centre:
            self._centre_on_row(row)
        self._invalidate()

    def selected_event(self) -> str | None:
        return None if self._selected is None else self._points[self._selected].event_id

    def zoom_to_fit(self) -> None:
        self._geometry()
        self._scale.fit()
        self._fitted = True
        self._invalidate()

    def zoom(self, factor: float, anchor_x: float | None = None) -> None:
        """Zoom by ``factor`` (above 1 zooms in) keeping the date at ``anchor_x`` in place.

        ``anchor_x`` is in widget coordinates; without it the plot's centre stays put.
        """
        geometry = self._geometry()
        anchor = None if anchor_x is None else anchor_x - geometry.plot.left()
        self._scale.zoom(factor, anchor)
        self._fitted = self._scale.is_fitted()
        self._invalidate()

    def visible_range(self) -> tuple[int, int]:
        """First and last ordinals at least partly on screen."""
        self._geometry()
        first = self._scale.origin
        last = first + self._scale.visible_days
        return int(first // 1), int(last // 1)

    def set_summary_provider(self, provider: Callable[[str], str]) -> None:
        self._summary = provider

    def marker_position(self, event_id: str) -> QPointF | None:
        """Where the event's marker is drawn (its top lane), or None when off screen."""
        row = self._row_of.get(event_id)
        if row is None:
            return None
        frame = self._frame()
        for marker in frame.markers_of(row):
            if frame.geometry.plot.contains(QPointF(marker.x, marker.y)):
                return QPointF(marker.x, marker.y)
        return None

    def sizeHint(self) -> QSize:
        metrics = self._metrics()
        lanes = max(len(self._labels), 3)
        height = metrics.axis_height + lanes * metrics.min_lane_height + metrics.small_line * 3
        return QSize(round(metrics.em * 70), round(height))

    def minimumSizeHint(self) -> QSize:
        metrics = self._metrics()
        return QSize(round(metrics.em * 24), round(metrics.axis_height + metrics.min_lane_height))

    # Data ------------------------------------------------------------------------------
    def _reindex(self) -> None:
        self._apply(index_points(self._points, self._lane_ids))

    def _apply(self, prepared: PointsIndex) -> None:
        self._row_of = prepared.row_of
        self._lanes = prepared.lanes
        self._lane_counts = [len(lane) for lane in self._lanes]
        self._order = prepared.order
        self._place_in_order = prepared.place_in_order
        if self._selected is not None and self._selected not in self._place_in_order:
            self._selected = None
        self._hovered = None
        if prepared.extent is not None:
            first, last = prepared.extent
            self._scale.set_extent(first, last + 1)
        self._legend = legend_items(
            (self._points[row] for row in self._order), self._themes, self._framework_names
        )
        self._invalidate(geometry=True)
        if self._fitted:
            self.zoom_to_fit()

    # Layout ----------------------------------------------------------------------------
    def _metrics(self) -> Metrics:
        if self._metrics_cache is None:
            self._metrics_cache = Metrics.for_font(self.font())
        return self._metrics_cache

    def _style(self) -> Style:
        if self._style_cache is None:
            self._style_cache = Style.from_palette(self.palette())
        return self._style_cache

    def _geometry(self) -> Geometry:
        if self._geometry_cache is None:
            metrics = self._metrics()
            geometry = layout_geometry(
                self.width(), self.height(), metrics, self._labels, self._legend, self._scroll_y
            )
            self._scroll_y = geometry.plot.top() - geometry.lanes_top
            self._scale.set_width(geometry.plot.width(), metrics.edge_room)
            if self._fitted:
                self._scale.fit()
            self._geometry_cache = geometry
        return self._geometry_cache

    def _frame(self) -> Frame:
        if self._frame_cache is None:
            self._frame_cache = build_frame(
                self._geometry(),
                self._metrics(),
                self._scale,
                self._points,
                self._lanes,
                [str(theme.id) for theme in self._themes],
                self._selected,
            )
        return self._frame_cache

    def _invalidate(self, *, geometry: bool = False) -> None:
        if geometry:
            self._geometry_cache = None
        self._frame_cache = None
        self.update()

    def _centre_on_row(self, row: int) -> None:
        self._geometry()
        self._scale.centre_on(centre_of(self._points[row]))
        self._fitted = self._scale.is_fitted()
        self._scroll_to_lane_of(row)
        self._invalidate()

    def _ensure_visible(self, row: int) -> None:
        """Pan only when the event is off screen, so stepping through keeps its place."""
        geometry = self._geometry()
        x = self._scale.x_of(centre_of(self._points[row]))
        room = self._metrics().edge_room
        if not room <= x <= geometry.plot.width() - room:
            self._centre_on_row(row)
        else:
            self._scroll_to_lane_of(row)

    def _scroll_to_lane_of(self, row: int) -> None:
        lanes = [
            self._lane_ids.index(subject)
            for subject in self._points[row].subject_ids
            if subject in self._lane_ids
        ]
        if not lanes:
            return
        geometry = self._geometry()
        top = geometry.lane_top(min(lanes))
        if top < geometry.plot.top() or top + geometry.lane_height > geometry.plot.bottom():
            self._scroll_y += top - geometry.plot.top()
            self._invalidate(geometry=True)

    # Painting --------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        frame = self._frame()
        metrics = self._metrics()
        measure = QFontMetricsF(metrics.small_font).horizontalAdvance
        unit, step = choose_step(self._scale.ppd, measure, metrics.em * 1.2)
        first = self._scale.origin
        ticks = axis_ticks(first - 1, first + self._scale.visible_days + 1, unit, step)
        if not self._labels:
            message = "No service users yet"
        elif not self._order:
            message = "Reading the timeline…" if self._reading else "No events to show"
        else:
            message = ""
        scene = Scene(
            frame=frame,
            metrics=metrics,
            style=self._style(),
            scale=self._scale,
            ticks=ticks,
            points=self._points,
            labels=self._labels,
            lane_counts=[] if self._reading and not self._points else self._lane_counts,
            colours=self._colours,
            selected_row=self._selected,
            hovered_row=self._hovered,
            message=message,
            has_focus=self.hasFocus(),
        )
        painter = QPainter(self)
        try:
            paint_scene(painter, scene, self.width(), self.height())
        finally:
            painter.end()

    # Hit testing -----------------------------------------------------------------------
    def _row_at(self, pos: QPointF) -> int | None:
        frame = self._frame()
        if not frame.geometry.plot.contains(pos):
            return None
        reach = (self._metrics().radius + 2) ** 2
        if self._selected is not None:  # drawn on top, so it wins
            for marker in frame.markers_of(self._selected):
                if (marker.x - pos.x()) ** 2 + (marker.y - pos.y()) ** 2 <= reach:
                    return marker.row
        for marker in reversed(frame.markers):
            if (marker.x - pos.x()) ** 2 + (marker.y - pos.y()) ** 2 <= reach:
                return marker.row
        return None

    def _bar_at(self, pos: QPointF) -> DensityBar | None:
        frame = self._frame()
        lane = frame.geometry.lane_at(pos.y())
        if lane not in frame.dense_lanes or not frame.geometry.plot.contains(pos):
            return None
        slack = self._metrics().radius * 0.5
        for bar in frame.bars:
            if bar.lane == lane and bar.x - slack <= pos.x() <= bar.x + bar.width + slack:
                return bar
        return None

    # Mouse -----------------------------------------------------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._press_at = event.position()
            self._drag_x = None
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        pos = event.position()
        if self._press_at is not None and event.buttons() & Qt.MouseButton.LeftButton:
            distance = (pos - self._press_at).manhattanLength()
            if self._drag_x is None and distance >= QApplication.startDragDistance():
                self._drag_x = self._press_at.x()
                self.setCursor(Qt.CursorShape.ClosedHandCursor)
                QToolTip.hideText()
            if self._drag_x is not None:
                self._pan(pos.x() - self._drag_x)
                self._drag_x = pos.x()
                return
        row = self._row_at(pos)
        if row != self._hovered:
            self._hovered = row
            self.update()
        pointing = row is not None or self._bar_at(pos) is not None
        self.setCursor(
            Qt.CursorShape.PointingHandCursor if pointing else Qt.CursorShape.ArrowCursor
        )

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton or self._press_at is None:
            super().mouseReleaseEvent(event)
            return
        dragged = self._drag_x is not None
        self._press_at = self._drag_x = None
        self.setCursor(Qt.CursorShape.ArrowCursor)
        if dragged:
            return
        pos = event.position()
        row = self._row_at(pos)
        if row is not None:
            self._choose(row, pan=False)
            return
        bar = self._bar_at(pos)
        if bar is not None:  # a summary bar opens up into its events
            self.zoom(DENSITY_CLICK_ZOOM, pos.x())

    def leaveEvent(self, event: QEvent) -> None:
        if self._hovered is not None:
            self._hovered = None
            self.update()
        super().leaveEvent(event)

    def wheelEvent(self, event: QWheelEvent) -> None:
        geometry = self._geometry()
        pos = event.position()
        delta = event.angleDelta()
        modifiers = event.modifiers()
        over_axis = pos.y() < geometry.axis.bottom()
        if modifiers & Qt.KeyboardModifier.ControlModifier or (over_axis and delta.y()):
            self.zoom(WHEEL_ZOOM ** (delta.y() / 120), pos.x())
        elif delta.x() or modifiers & Qt.KeyboardModifier.ShiftModifier:
            self._pan((delta.x() or delta.y()) / 120 * geometry.plot.width() / 10)
        elif geometry.content_height > geometry.plot.height():
            self._scroll_y -= delta.y() / 120 * geometry.lane_height / 2
            self._invalidate(geometry=True)
        else:
            self._pan(delta.y() / 120 * geometry.plot.width() / 10)
        event.accept()

    def _pan(self, dx: float) -> None:
        self._geometry()
        self._scale.pan(dx)
        self._fitted = self._scale.is_fitted() and self._fitted
        self._invalidate()

    # Keyboard --------------------------------------------------------------------------
    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            key = event.key()
            if key in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab) and not (
                event.modifiers() & Qt.KeyboardModifier.ControlModifier
            ):
                backwards = key == Qt.Key.Key_Backtab or bool(
                    event.modifiers() & Qt.KeyboardModifier.ShiftModifier
                )
                # At either end Tab leaves the timeline, so keyboard users are never trapped.
                if self._step(-1 if backwards else 1):
                    event.accept()
                    return True
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            self._show_tooltip(event)
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        plot_width = self._geometry().plot.width()
        if event.matches(QKeySequence.StandardKey.ZoomIn) or key in (
            Qt.Key.Key_Plus,
            Qt.Key.Key_Equal,
        ):
            self.zoom(KEY_ZOOM)
        elif event.matches(QKeySequence.StandardKey.ZoomOut) or key in (
            Qt.Key.Key_Minus,
            Qt.Key.Key_Underscore,
        ):
            self.zoom(1 / KEY_ZOOM)
        elif key == Qt.Key.Key_0:
            self.zoom_to_fit()
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            share = 0.9 if event.modifiers() & Qt.KeyboardModifier.ShiftModifier else 0.125
            self._pan(plot_width * share * (1 if key == Qt.Key.Key_Left else -1))
        elif key in (Qt.Key.Key_Home, Qt.Key.Key_End):
            self._geometry()
            self._scale.centre_on(self._scale.lo if key == Qt.Key.Key_Home else self._scale.hi)
            self._fitted = self._scale.is_fitted()
            self._invalidate()
        elif key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            self._step(-1 if key == Qt.Key.Key_Up else 1)
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self._selected is not None:
            self.event_clicked.emit(self._points[self._selected].event_id)
        else:
            super().keyPressEvent(event)

    def _step(self, direction: int) -> bool:
        """Move the selection one event along in date order; False at either end."""
        if not self._order:
            return False
        if self._selected is None:
            place = self._first_on_screen(direction)
        else:
            place = self._place_in_order[self._selected] + direction
        if not 0 <= place < len(self._order):
            return False
        self._choose(self._order[place], pan=True)
        return True

    def _first_on_screen(self, direction: int) -> int:
        """Start keyboard travel from what the reviewer is looking at."""
        first, last = self.visible_range()
        places = range(len(self._order)) if direction > 0 else range(len(self._order) - 1, -1, -1)
        for place in places:
            if first <= centre_of(self._points[self._order[place]]) <= last + 1:
                return place
        return places[0]

    def _choose(self, row: int, *, pan: bool) -> None:
        self._selected = row
        if pan:
            self._ensure_visible(row)
        self._invalidate()
        self.event_clicked.emit(self._points[row].event_id)

    # Tooltips --------------------------------------------------------------------------
    def _show_tooltip(self, event: QHelpEvent) -> None:
        pos = QPointF(event.pos())
        row = self._row_at(pos)
        if row is not None:
            radius = round(self._metrics().radius + 2)
            area = QRect(event.pos().x() - radius, event.pos().y() - radius, radius * 2, radius * 2)
            point = self._points[row]
            summary = self._summary(point.event_id) if self._summary else None
            text = event_tooltip(point, summary, self._themes_by_id)
            QToolTip.showText(event.globalPos(), text, self, area)
            return
        bar = self._bar_at(pos)
        if bar is not None:
            QToolTip.showText(event.globalPos(), density_tooltip(bar.bin), self)
            return
        QToolTip.hideText()
        event.ignore()

    # Housekeeping ----------------------------------------------------------------------
    def resizeEvent(self, event: QResizeEvent) -> None:
        self._invalidate(geometry=True)
        super().resizeEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._metrics_cache = None
            self._invalidate(geometry=True)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.StyleChange):
            self._style_cache = None
            self.update()
        super().changeEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:
        self.update()
        super().focusInEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self.update()
        super().focusOutEvent(event)
