"""The timeline widget: what a reviewer clicks, zooms and reads, on the demo review."""

from __future__ import annotations

import datetime as dt
import random
import uuid
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QHelpEvent, QImage, QWheelEvent
from PySide6.QtWidgets import QApplication, QToolTip
from pytestqt.qtbot import QtBot

from investigator.models import EventFilter, Theme, TimelinePoint
from investigator.review import ReviewFile
from investigator.ui.timeline import TimelineWidget, lanes_for
from investigator.ui.timeline_frame import LegendItem, Metrics, layout_geometry, place_legend
from investigator.ui.timeline_index import build_lanes, density_bins, index_points, stack_slots
from investigator.ui.timeline_scale import TimeScale, axis_ticks, choose_step, format_span
from investigator.ui.timeline_text import legend_items


@pytest.fixture
def points(demo_review: ReviewFile) -> list[TimelinePoint]:
    return demo_review.store.events.timeline(EventFilter())


@pytest.fixture
def timeline(
    qtbot: QtBot, demo_review: ReviewFile, points: list[TimelinePoint]
) -> Iterator[TimelineWidget]:
    widget = TimelineWidget()
    qtbot.addWidget(widget)
    widget.set_lanes(lanes_for(demo_review.subjects()))
    widget.set_themes(demo_review.themes())
    widget.set_points(points)
    widget.resize(1200, 500)
    widget.show()
    qtbot.waitExposed(widget)
    yield widget


def marker(widget: TimelineWidget, event_id: str) -> QPoint:
    position = widget.marker_position(event_id)
    assert position is not None, "the event should be on screen"
    return position.toPoint()


def single_lane_points(points: list[TimelinePoint]) -> list[TimelinePoint]:
    return [p for p in points if len(p.subject_ids) == 1]


# Clicking and selecting ---------------------------------------------------------------
def test_clicking_a_marker_emits_its_event(
    qtbot: QtBot, timeline: TimelineWidget, points: list[TimelinePoint]
) -> None:
    target = single_lane_points(points)[len(points) // 2]
    with qtbot.waitSignal(timeline.event_clicked) as signal:
        qtbot.mouseClick(timeline, Qt.MouseButton.LeftButton, pos=marker(timeline, target.event_id))
    assert signal.args == [target.event_id]
    assert timeline.selected_event() == target.event_id


def test_every_visible_marker_can_be_clicked(
    qtbot: QtBot, timeline: TimelineWidget, points: list[TimelinePoint]
) -> None:
    """Stacked markers on the same day must each stay reachable."""
    timeline.zoom(40, timeline.width() / 2)
    clicked: list[str] = []
    timeline.event_clicked.connect(clicked.append)
    shown = [p for p in points if timeline.marker_position(p.event_id) is not None]
    assert shown
    for point in shown:
        qtbot.mouseClick(timeline, Qt.MouseButton.LeftButton, pos=marker(timeline, point.event_id))
    assert clicked == [p.event_id for p in shown]


def test_clicking_empty_space_selects_nothing(qtbot: QtBot, timeline: TimelineWidget) -> None:
    with qtbot.assertNotEmitted(timeline.event_clicked):
        qtbot.mouseClick(timeline, Qt.MouseButton.LeftButton, pos=QPoint(5, timeline.height() // 2))
    assert timeline.selected_event() is None


def test_select_event_highlights_and_centres_without_emitting(
    qtbot: QtBot, timeline: TimelineWidget, points: list[TimelinePoint]
) -> None:
    timeline.zoom(10)
    target = single_lane_points(points)[len(points) // 2]
    with qtbot.assertNotEmitted(timeline.event_clicked):
        timeline.select_event(target.event_id)
    assert timeline.selected_event() == target.event_id
    position = timeline.marker_position(target.event_id)
    assert position is not None
    plot = timeline._geometry().plot
    assert abs(position.x() - plot.center().x()) < 2
    highlight = timeline.palette().color(timeline.palette().ColorRole.Highlight)
    image = timeline.grab().toImage()
    ring = timeline._metrics().radius + 3.5
    assert any(
        _close(image.pixelColor(round(position.x() + dx), round(position.y() + dy)), highlight)
        for dx, dy in ((ring, 0), (-ring, 0), (0, ring), (0, -ring))
    )


def test_select_event_without_centre_keeps_the_view(
    timeline: TimelineWidget, points: list[TimelinePoint]
) -> None:
    timeline.zoom(10)
    before = timeline.visible_range()
    timeline.select_event(points[-1].event_id, centre=False)
    assert timeline.visible_range() == before
    assert timeline.selected_event() == points[-1].event_id
    timeline.select_event(None)
    assert timeline.selected_event() is None


def test_selection_survives_new_points_only_if_the_event_remains(
    timeline: TimelineWidget, points: list[TimelinePoint]
) -> None:
    timeline.select_event(points[3].event_id)
    timeline.set_points(points)
    assert timeline.selected_event() == points[3].event_id
    timeline.set_points(points[4:])
    assert timeline.selected_event() is None


# Zooming and panning ------------------------------------------------------------------
def test_points_prepared_elsewhere_are_used_only_for_the_same_lanes(
    timeline: TimelineWidget, points: list[TimelinePoint]
) -> None:
    lanes = timeline.lane_ids
    prepared = index_points(points, lanes)
    timeline.set_points(points, prepared)
    assert [p.event_id for p in timeline.points] == [p.event_id for p in points]
    last = points[-1].event_id
    timeline.select_event(last)
    assert timeline.selected_event() == last
    # Prepared for fewer lanes (a service user added meanwhile): worked out again.
    in_first_lane = index_points(points, lanes[:1])
    outside = next(p.event_id for p in points if lanes[0] not in p.subject_ids)
    timeline.set_points(points, in_first_lane)
    timeline.select_event(outside)
    assert timeline.selected_event() == outside


def test_zoom_in_and_out_about_the_anchor(timeline: TimelineWidget) -> None:
    timeline.zoom(4)  # away from the fitted view, so both directions have room
    plot = timeline._geometry().plot
    anchor_x = plot.left() + plot.width() * 0.3
    first, last = timeline.visible_range()
    anchor_day = first + (last - first) * 0.3
    timeline.zoom(2, anchor_x)
    zoomed_first, zoomed_last = timeline.visible_range()
    assert zoomed_last - zoomed_first == pytest.approx((last - first) / 2, abs=2)
    assert zoomed_first + (zoomed_last - zoomed_first) * 0.3 == pytest.approx(anchor_day, abs=2)
    timeline.zoom(0.5, anchor_x)
    assert timeline.visible_range() == pytest.approx((first, last), abs=2)


def test_zoom_is_limited_to_days_and_to_the_whole_span(
    timeline: TimelineWidget, points: list[TimelinePoint]
) -> None:
    timeline.zoom(1e6)
    first, last = timeline.visible_range()
    assert 3 <= last - first <= 7
    timeline.zoom(1e-6)
    first, last = timeline.visible_range()
    assert first <= min(p.start for p in points)
    assert last >= max(p.end for p in points)
    assert last - first < (max(p.end for p in points) - min(p.start for p in points)) * 1.2


def test_zoom_to_fit_covers_every_point(
    timeline: TimelineWidget, points: list[TimelinePoint]
) -> None:
    timeline.zoom(20)
    timeline.zoom_to_fit()
    first, last = timeline.visible_range()
    assert first <= min(p.start for p in points)
    assert last >= max(p.end for p in points)
    assert all(timeline.marker_position(p.event_id) is not None for p in points)


def test_keys_zoom_pan_and_fit(qtbot: QtBot, timeline: TimelineWidget) -> None:
    fitted = timeline.visible_range()
    qtbot.keyClick(timeline, Qt.Key.Key_Plus)
    zoomed = timeline.visible_range()
    assert zoomed[1] - zoomed[0] < fitted[1] - fitted[0]
    qtbot.keyClick(timeline, Qt.Key.Key_Left)
    assert timeline.visible_range()[0] < zoomed[0]
    qtbot.keyClick(timeline, Qt.Key.Key_Right)
    qtbot.keyClick(timeline, Qt.Key.Key_Right)
    assert timeline.visible_range()[0] > zoomed[0]
    qtbot.keyClick(timeline, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(timeline, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(timeline, Qt.Key.Key_0)
    assert timeline.visible_range() == fitted


def test_ctrl_wheel_zooms_at_the_cursor_and_shift_wheel_pans(timeline: TimelineWidget) -> None:
    fitted = timeline.visible_range()
    at = QPointF(timeline.width() * 0.75, timeline.height() / 2)
    _wheel(timeline, at, 240, Qt.KeyboardModifier.ControlModifier)
    first, last = timeline.visible_range()
    assert last - first < fitted[1] - fitted[0]
    assert first > fitted[0]  # zoomed towards the right, where the cursor is
    _wheel(timeline, at, 120, Qt.KeyboardModifier.ShiftModifier)
    assert timeline.visible_range()[0] < first


def test_dragging_pans(qtbot: QtBot, timeline: TimelineWidget) -> None:
    timeline.zoom(4)
    first = timeline.visible_range()[0]
    y = timeline.height() // 2
    qtbot.mousePress(timeline, Qt.MouseButton.LeftButton, pos=QPoint(600, y))
    for x in range(590, 390, -20):
        qtbot.mouseMove(timeline, QPoint(x, y))
    qtbot.mouseRelease(timeline, Qt.MouseButton.LeftButton, pos=QPoint(400, y))
    assert timeline.visible_range()[0] > first


# Keyboard -----------------------------------------------------------------------------
def test_keyboard_moves_through_events_in_date_order(
    qtbot: QtBot, timeline: TimelineWidget, points: list[TimelinePoint]
) -> None:
    timeline.setFocus()
    emitted: list[str] = []
    timeline.event_clicked.connect(emitted.append)
    for _ in range(5):
        qtbot.keyClick(timeline, Qt.Key.Key_Tab)
    for _ in range(3):
        qtbot.keyClick(timeline, Qt.Key.Key_Down)
    ids = [p.event_id for p in points]
    assert emitted == ids[:8]
    qtbot.keyClick(timeline, Qt.Key.Key_Up)
    qtbot.keyClick(timeline, Qt.Key.Key_Backtab)
    assert emitted[-2:] == [ids[6], ids[5]]
    qtbot.keyClick(timeline, Qt.Key.Key_Return)
    assert emitted[-1] == ids[5]
    starts = [p.start for p in points]
    assert starts == sorted(starts)


def test_tab_at_the_last_event_leaves_the_timeline(
    qtbot: QtBot, timeline: TimelineWidget, points: list[TimelinePoint]
) -> None:
    timeline.select_event(points[-1].event_id)
    with qtbot.assertNotEmitted(timeline.event_clicked):
        qtbot.keyClick(timeline, Qt.Key.Key_Down)
    assert timeline.selected_event() == points[-1].event_id


def test_focus_and_accessibility(timeline: TimelineWidget) -> None:
    assert timeline.focusPolicy() == Qt.FocusPolicy.StrongFocus
    assert timeline.accessibleName() == "Timeline"
    assert "date order" in timeline.accessibleDescription()


def test_many_service_users_scroll_and_selection_follows(qtbot: QtBot) -> None:
    points, _, themes = synthetic(400)
    lanes = [(f"s{n}", f"Service user {n}") for n in range(15)]
    spread = [p._replace(subject_ids=(f"s{int(p.event_id) % 15}",)) for p in points]
    widget = TimelineWidget()
    qtbot.addWidget(widget)
    widget.resize(800, 300)
    widget.set_lanes(lanes)
    widget.set_themes(themes)
    widget.set_points(spread)
    last_lane = next(p for p in spread if p.subject_ids == ("s14",))
    widget.select_event(last_lane.event_id, centre=False)
    assert widget.marker_position(last_lane.event_id) is None  # below the fold
    widget.select_event(last_lane.event_id)
    assert widget.marker_position(last_lane.event_id) is not None
    first_lane = next(p for p in spread if p.subject_ids == ("s0",))
    widget.zoom_to_fit()
    at = QPointF(400, 150)
    for _ in range(20):
        _wheel(widget, at, 120, Qt.KeyboardModifier.NoModifier)
    assert widget.marker_position(first_lane.event_id) is not None
    widget.render(QImage(widget.size(), QImage.Format.Format_ARGB32))


# Hover --------------------------------------------------------------------------------
def test_hover_asks_for_the_summary_lazily_and_points(
    qtbot: QtBot, timeline: TimelineWidget, points: list[TimelinePoint]
) -> None:
    asked: list[str] = []

    def summary(event_id: str) -> str:
        asked.append(event_id)
        return "12/03/2019 · Service user A\nSeen by <duty> team"

    timeline.set_summary_provider(summary)
    timeline.grab()
    assert asked == []
    target = single_lane_points(points)[10]
    at = marker(timeline, target.event_id)
    qtbot.mouseMove(timeline, at)
    assert timeline.cursor().shape() == Qt.CursorShape.PointingHandCursor
    help_event = QHelpEvent(QEvent.Type.ToolTip, at, timeline.mapToGlobal(at))
    QApplication.sendEvent(timeline, help_event)
    assert asked == [target.event_id]
    assert "&lt;duty&gt;" in QToolTip.text()
    QToolTip.hideText()
    qtbot.mouseMove(timeline, QPoint(3, 3))
    assert timeline.cursor().shape() == Qt.CursorShape.ArrowCursor


# Painting -----------------------------------------------------------------------------
def test_the_picture_uses_the_theme_colours(
    timeline: TimelineWidget, demo_review: ReviewFile
) -> None:
    image = timeline.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    pixels = bytes(image.constBits())
    found = [theme.name for theme in demo_review.themes() if _has_pixel(pixels, theme.colour)]
    assert len(found) >= 3, found


def test_empty_states_paint(qtbot: QtBot) -> None:
    widget = TimelineWidget()
    qtbot.addWidget(widget)
    widget.resize(600, 300)
    image = QImage(widget.size(), QImage.Format.Format_ARGB32)
    widget.render(image)  # no service users yet
    assert _colours_in(image) > 1  # the message is drawn
    widget.set_lanes([("a", "Service user A"), ("b", "Service user B")])
    widget.render(image)  # no events to show
    assert widget.visible_range()[0] < widget.visible_range()[1]
    assert widget.marker_position("missing") is None
    widget.set_points([])
    widget.zoom(3)
    widget.zoom_to_fit()
    widget.render(image)


def test_a_long_label_and_unknown_subjects_do_not_break_the_picture(qtbot: QtBot) -> None:
    widget = TimelineWidget()
    qtbot.addWidget(widget)
    widget.resize(500, 200)
    widget.set_lanes([("a", "A service user with a very long pseudonym indeed " * 3)])
    day = dt.date(2020, 5, 1).toordinal()
    widget.set_points(
        [
            TimelinePoint("1", day, day, ("a",), ("no-such-theme",), 4),
            TimelinePoint("2", day, day, ("somebody-else",), (), 0),
            TimelinePoint("3", day, day + 30, ("a", "somebody-else"), (), 2),
        ]
    )
    widget.render(QImage(widget.size(), QImage.Format.Format_ARGB32))
    assert widget.marker_position("1") is not None
    assert widget.marker_position("2") is None


def test_a_hundred_thousand_events_paint(qtbot: QtBot) -> None:
    points, lanes, themes = synthetic(100_000)
    widget = TimelineWidget()
    qtbot.addWidget(widget)
    widget.resize(1400, 600)
    widget.set_lanes(lanes)
    widget.set_themes(themes)
    widget.set_points(points)
    image = QImage(widget.size(), QImage.Format.Format_ARGB32)
    widget.render(image)
    assert widget._frame().dense_lanes  # summarised, not 100,000 circles
    widget.zoom(300)
    widget.render(image)
    assert not widget._frame().dense_lanes
    widget.select_event(points[50_000].event_id)
    widget.render(image)
    assert widget.marker_position(points[50_000].event_id) is not None


def test_clicking_a_density_bar_zooms_into_it(qtbot: QtBot) -> None:
    points, lanes, themes = synthetic(20_000)
    widget = TimelineWidget()
    qtbot.addWidget(widget)
    widget.resize(1000, 400)
    widget.set_lanes(lanes)
    widget.set_themes(themes)
    widget.set_points(points)
    widget.show()
    qtbot.waitExposed(widget)
    bar = max(widget._frame().bars, key=lambda b: b.bin.count)
    centre = QPoint(round(bar.x + bar.width / 2), round(widget._geometry().lane_centre(bar.lane)))
    before = widget.visible_range()
    with qtbot.assertNotEmitted(widget.event_clicked):
        qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=centre)
    first, last = widget.visible_range()
    assert last - first < (before[1] - before[0]) / 2
    assert first <= bar.bin.first <= last


# The pieces without a widget -----------------------------------------------------------
def test_axis_names_years_months_then_days() -> None:
    def measure(text: str) -> float:
        return 7.0 * len(text)

    assert choose_step(0.05, measure, 10)[0] == "year"
    assert choose_step(1.5, measure, 10) == ("month", 1)
    assert choose_step(30, measure, 10) == ("day", 1)
    months = axis_ticks(
        dt.date(2019, 2, 10).toordinal(), dt.date(2019, 5, 1).toordinal(), "month", 1
    )
    assert [t.label for t in months.minor] == [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
    ]  # fmt: skip
    assert [t.label for t in months.context] == ["2019"]
    days = axis_ticks(dt.date(2019, 3, 30).toordinal(), dt.date(2019, 4, 2).toordinal(), "day", 1)
    assert days.context[0].label == "March 2019"
    assert "Apr 2019" in [t.short for t in days.context]
    assert format_span(dt.date(2019, 3, 4).toordinal(), dt.date(2019, 3, 4).toordinal()) == (
        "4 Mar 2019"
    )


def test_scale_keeps_the_view_on_the_data() -> None:
    scale = TimeScale()
    scale.set_width(1000, 20)
    scale.set_extent(700_000, 701_000)
    scale.fit()
    assert scale.ordinal_at(20) == pytest.approx(700_000)
    scale.pan(10_000)  # far past the start
    assert scale.ordinal_at(20) == pytest.approx(700_000)
    scale.zoom(10)
    scale.pan(-1e9)
    assert scale.ordinal_at(980) == pytest.approx(701_000)


def test_stacking_separates_markers_on_the_same_day() -> None:
    slots = stack_slots([100.0, 100.0, 100.0, 200.0], min_gap=10, capacity=5)
    assert slots == [0, -1, 1, 0]
    assert stack_slots([1.0] * 4, min_gap=10, capacity=1) == [0, 0, 0, 0]


def test_density_bins_account_for_every_event() -> None:
    points, lanes, themes = synthetic(5_000)
    indexes = build_lanes(points, [lane for lane, _ in lanes])
    order = [str(t.id) for t in themes]
    for index in indexes:
        bins = density_bins(index, 0.2, points[0].start - 100, points[-1].end + 100, 3, order)
        assert sum(b.count for b in bins) == len(index)
        assert all(sum(n for _, n in b.themes) == b.count for b in bins)


# Helpers ------------------------------------------------------------------------------
def synthetic(count: int) -> tuple[list[TimelinePoint], list[tuple[str, str]], list[Theme]]:
    """A large chronology: mostly single days, some months, a few shared events."""
    rng = random.Random(7)
    framework = uuid.uuid4()
    colours = ["#A578B4", "#A5693C", "#2D8769", "#0F96F0", "#96961E", "#E15A87"]
    themes = [
        Theme(framework_id=framework, code=f"T{n}", name=f"Theme {n}", colour=c, sort_order=n)
        for n, c in enumerate(colours)
    ]
    lanes = [(str(uuid.uuid4()), f"Service user {letter}") for letter in "ABCD"]
    first = dt.date(2012, 1, 1).toordinal()
    points = []
    for number in range(count):
        day = first + rng.randrange(3650)
        span = 30 if rng.random() < 0.1 else 0
        if rng.random() < 0.05:
            subjects = tuple(lane for lane, _ in rng.sample(lanes, 2))
        else:
            subjects = (rng.choice(lanes)[0],)
        tagged = rng.sample(themes, rng.choice([0, 1, 1, 2]))
        flags = 4 if rng.random() < 0.02 else 0
        points.append(
            TimelinePoint(
                str(number), day, day + span, subjects, tuple(str(t.id) for t in tagged), flags
            )
        )
    points.sort(key=lambda p: p.start)
    return points, lanes, themes


def _wheel(widget: TimelineWidget, at: QPointF, delta: int, modifiers: Qt.KeyboardModifier) -> None:
    event = QWheelEvent(
        at,
        widget.mapToGlobal(at),
        QPoint(0, 0),
        QPoint(0, delta),
        Qt.MouseButton.NoButton,
        modifiers,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(widget, event)


def _has_pixel(pixels: bytes, colour: str) -> bool:
    """Whether an RGB32 image's bytes hold a pixel of exactly this colour."""
    rgb = QColor(colour)
    pattern = bytes([rgb.blue(), rgb.green(), rgb.red(), 255])
    at = pixels.find(pattern)
    while at >= 0:
        if at % 4 == 0:
            return True
        at = pixels.find(pattern, at + 1)
    return False


def _close(a: QColor, b: QColor, tolerance: int = 40) -> bool:
    return all(
        abs(x - y) <= tolerance
        for x, y in zip(a.getRgb()[:3], b.getRgb()[:3], strict=True)  # type: ignore[arg-type]
    )


def _colours_in(image: QImage) -> int:
    return len({image.pixel(x, image.height() // 2) for x in range(0, image.width(), 2)})


# The legend ---------------------------------------------------------------------------
def test_the_legend_names_each_framework_only_when_themes_of_two_are_shown(
    demo_review: ReviewFile, points: list[TimelinePoint]
) -> None:
    tagged = next(p for p in points if p.theme_ids)
    seips = demo_review.add_framework("seips")
    second = [t for t in demo_review.themes() if t.framework_id == seips.id]
    names = {str(f.id): f.name for f in demo_review.frameworks()}
    (own,) = [f for f in demo_review.frameworks() if f.id != seips.id]

    # Only the review's own themes in use: no headings, as before.
    plain = legend_items(points, demo_review.themes(), names)
    in_use = len({theme_id for p in points for theme_id in p.theme_ids})
    assert [item.kind for item in plain][:in_use] == ["theme"] * in_use
    assert not [item for item in plain if item.kind == "framework"]

    # One event also tagged with a SEIPS theme: each framework's themes follow its name.
    mixed = [
        p._replace(theme_ids=(*p.theme_ids, str(second[2].id))) if p is tagged else p
        for p in points
    ]
    items = legend_items(mixed, demo_review.themes(), names)
    headings = [i for i, item in enumerate(items) if item.kind == "framework"]
    assert [items[i].text for i in headings] == [f"{own.name}:", f"{seips.name}:"]
    assert headings[0] == 0
    assert items[headings[1] + 1] == LegendItem("theme", second[2].name, second[2].colour)
    assert all(item.kind == "theme" for item in items[1 : headings[1]])
    # Without the frameworks' names the legend is flat, as before.
    assert not [i for i in legend_items(mixed, demo_review.themes()) if i.kind == "framework"]


def test_a_framework_heading_begins_a_row_and_is_not_counted_as_left_out(qtbot: QtBot) -> None:
    metrics = Metrics.for_font(QApplication.font())
    themes = [LegendItem("theme", f"Theme {n}", "#A578B4") for n in range(3)]
    items = [LegendItem("framework", "First:"), *themes, LegendItem("framework", "Second:")]
    placed, rows = place_legend([*items, *themes], metrics, 0, 2000)
    assert rows == 2
    tops = [entry.chip.top() for entry in placed]
    assert tops[4] > tops[3]  # "Second:" starts the second row though the first has room
    assert placed[4].chip.width() == 0 and placed[1].chip.width() > 0
    assert placed[0].text_at.x() == 0  # a heading has no chip to leave room for

    # One row only: what does not fit is counted in themes, not headings.
    placed, rows = place_legend([*items, *themes], metrics, 0, 2000, max_rows=1)
    assert rows == 1
    assert placed[-1].item.kind == "more" and placed[-1].item.text == "+3 more"


def test_the_timeline_paints_a_legend_grouped_by_framework(
    qtbot: QtBot, demo_review: ReviewFile, points: list[TimelinePoint]
) -> None:
    seips = demo_review.add_framework("seips")
    second = next(t for t in demo_review.themes() if t.framework_id == seips.id)
    demo_review.tag(str(points[0].event_id), second.code)
    widget = TimelineWidget()
    qtbot.addWidget(widget)
    widget.set_lanes(lanes_for(demo_review.subjects()))
    widget.set_themes(demo_review.themes(), demo_review.frameworks())
    widget.set_points(demo_review.store.events.timeline(EventFilter()))
    widget.resize(1200, 500)
    image = widget.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    assert _has_pixel(bytes(image.constBits()), second.colour)


def test_a_second_framework_gets_a_legend_row_of_its_own(qtbot: QtBot) -> None:
    metrics = Metrics.for_font(QApplication.font())
    names = ["Trauma-informed care", "Barriers to accessing treatment", "Health inequalities"]
    first = [LegendItem("theme", name, "#A578B4") for name in names * 2]
    second = [LegendItem("theme", name, "#5B7FA3") for name in ("Person(s)", "Tasks", "Tools")]
    extras = [LegendItem(kind, kind.title()) for kind in ("untagged", "missed", "shared")]
    grouped = [
        LegendItem("framework", "Six learning themes:"),
        *first,
        LegendItem("framework", "SEIPS work system:"),
        *second,
        *extras,
    ]

    def rows(items: list[LegendItem]) -> int:
        # Narrow, so that the entries need more rows than the legend may take.
        geometry = layout_geometry(300, 600, metrics, ["A", "B"], items, 0)
        assert geometry.legend[-1].item.kind == "more"
        return len({round(entry.chip.top()) for entry in geometry.legend})

    assert rows(grouped) == 4  # the second framework's heading begins a row of its own
    assert rows([*first, *second, *extras]) == 3  # one framework: three rows, as before
