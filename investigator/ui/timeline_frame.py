"""Where everything goes in one view of the timeline.

The widget lays out a ``Frame`` once per change of view and uses it both to
paint and to answer "what is under the mouse?", so a click always lands on the
marker the reviewer sees.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QFont, QFontMetricsF

from investigator.models import TimelinePoint

from .timeline_index import DensityBin, LaneIndex, centre_of, density_bins, stack_slots
from .timeline_scale import TimeScale


@dataclass(frozen=True)
class Metrics:
    """Sizes derived from the font, so the picture scales with the reviewer's settings."""

    font: QFont
    small_font: QFont
    bold_font: QFont
    line: float  # height of a line of text
    small_line: float
    em: float
    pad: float
    radius: float  # of an event marker

    @classmethod
    def for_font(cls, font: QFont) -> Metrics:
        small = QFont(font)
        if font.pointSizeF() > 0:
            small.setPointSizeF(font.pointSizeF() * 0.9)
        else:
            small.setPixelSize(max(8, round(font.pixelSize() * 0.9)))
        bold = QFont(font)
        bold.setWeight(QFont.Weight.DemiBold)
        fm = QFontMetricsF(font)
        line = fm.height()
        return cls(
            font=font,
            small_font=small,
            bold_font=bold,
            line=line,
            small_line=QFontMetricsF(small).height(),
            em=fm.horizontalAdvance("M"),
            pad=round(fm.horizontalAdvance("M") * 0.6),
            radius=max(4.0, round(line * 0.42)),
        )

    @property
    def min_lane_height(self) -> float:
        return max(self.line * 2.6, self.radius * 5)

    @property
    def max_lane_height(self) -> float:
        return self.line * 14

    @property
    def axis_height(self) -> float:
        return self.small_line * 2 + self.pad * 1.5

    @property
    def edge_room(self) -> float:
        """Kept at each end of the plot so the first and last markers show whole."""
        return self.radius * 2 + self.pad


@dataclass(frozen=True)
class LegendItem:
    kind: str  # "framework", "theme", "untagged", "missed", "uncertain", "shared", "more"
    text: str
    colour: str = ""


@dataclass(frozen=True)
class PlacedLegendItem:
    item: LegendItem
    chip: QRectF
    text_at: QPointF
    text_width: float


@dataclass
class Geometry:
    labels: QRectF  # lane labels, left of the plot
    axis: QRectF  # above the plot
    plot: QRectF  # the lanes, right of the labels
    lane_height: float
    lanes_top: float  # y of the first lane, after vertical scrolling
    content_height: float  # all lanes, to know how far the view may scroll
    legend: list[PlacedLegendItem]
    legend_rect: QRectF

    def lane_top(self, lane: int) -> float:
        return self.lanes_top + lane * self.lane_height

    def lane_centre(self, lane: int) -> float:
        return self.lane_top(lane) + self.lane_height / 2

    def lane_at(self, y: float) -> int:
        return math.floor((y - self.lanes_top) / self.lane_height)


def place_legend(
    items: Sequence[LegendItem], metrics: Metrics, left: float, right: float, max_rows: int = 3
) -> tuple[list[PlacedLegendItem], int]:
    """Flow legend entries into rows; beyond ``max_rows`` say how many are left out.
    A framework's name (a heading, with no chip) begins a row of its own."""
    fm = QFontMetricsF(metrics.small_font)
    size = metrics.small_line * 0.8
    gap = metrics.em * 1.4
    row_height = metrics.small_line * 1.35
    placed: list[PlacedLegendItem] = []
    x, row = left, 0
    for number, item in enumerate(items):
        heading = item.kind == "framework"
        chip = 0.0 if heading else size * 2 if item.kind == "uncertain" else size
        text_width = min(fm.horizontalAdvance(item.text), right - left - chip - metrics.pad)
        width = chip + (0.0 if heading else metrics.pad * 0.6) + text_width
        if x > left and (heading or x + width > right):
            row += 1
            x = left
        if row >= max_rows:
            hidden = sum(1 for left_out in items[number:] if left_out.kind != "framework")
            placed = _drop_to_fit(placed, LegendItem("more", f"+{hidden} more"), fm, right)
            row = max_rows - 1
            break
        y = row * row_height
        placed.append(
            PlacedLegendItem(
                item,
                QRectF(x, y + (row_height - size) / 2, chip, size),
                QPointF(x + width - text_width, y + (row_height + fm.ascent() - fm.descent()) / 2),
                text_width,
            )
        )
        x += width + gap
    return placed, row + 1 if placed else 0


def _drop_to_fit(
    placed: list[PlacedLegendItem], more: LegendItem, fm: QFontMetricsF, right: float
) -> list[PlacedLegendItem]:
    width = fm.horizontalAdvance(more.text)
    while placed and placed[-1].text_at.x() + placed[-1].text_width + width * 1.5 > right:
        placed.pop()
    if not placed:
        return placed
    last = placed[-1]
    x = last.text_at.x() + last.text_width + fm.averageCharWidth() * 2
    placed.append(
        PlacedLegendItem(more, QRectF(x, last.chip.y(), 0, 0), QPointF(x, last.text_at.y()), width)
    )
    return placed


def layout_geometry(
    width: float,
    height: float,
    metrics: Metrics,
    labels: Sequence[str],
    legend_items: Sequence[LegendItem],
    scroll_y: float,
) -> Geometry:
    fm = QFontMetricsF(metrics.bold_font)
    widest = max((fm.horizontalAdvance(label) for label in labels), default=0.0)
    widest = max(widest, QFontMetricsF(metrics.small_font).horizontalAdvance("00,000 events"))
    label_width = min(max(widest, metrics.em * 6) + metrics.pad * 2.5, metrics.em * 14, width * 0.3)
    # A row more for each framework named after the first, which begins a row.
    headings = sum(1 for item in legend_items if item.kind == "framework")
    legend, rows = place_legend(
        legend_items, metrics, metrics.pad, width - metrics.pad, 3 + max(headings - 1, 0)
    )
    legend_height = rows * metrics.small_line * 1.35 + (metrics.pad * 1.5 if rows else 0)
    axis = QRectF(label_width, 0, max(width - label_width, 1.0), metrics.axis_height)
    plot_height = max(height - axis.height() - legend_height, metrics.line)
    plot = QRectF(label_width, axis.bottom(), axis.width(), plot_height)
    lane_count = max(len(labels), 1)
    lane_height = min(
        max(plot_height / lane_count, metrics.min_lane_height), metrics.max_lane_height
    )
    content = lane_height * len(labels)
    scroll_y = min(max(scroll_y, 0.0), max(content - plot_height, 0.0))
    legend_top = plot.bottom() + metrics.pad
    shifted = [
        PlacedLegendItem(
            p.item,
            p.chip.translated(0, legend_top),
            p.text_at + QPointF(0, legend_top),
            p.text_width,
        )
        for p in legend
    ]
    return Geometry(
        labels=QRectF(0, plot.top(), label_width, plot_height),
        axis=axis,
        plot=plot,
        lane_height=lane_height,
        lanes_top=plot.top() - scroll_y,
        content_height=content,
        legend=shifted,
        legend_rect=QRectF(0, legend_top, width, legend_height),
    )


@dataclass(frozen=True)
class Marker:
    row: int  # index into the points
    lane: int
    x: float
    y: float


@dataclass(frozen=True)
class DensityBar:
    lane: int
    x: float
    width: float
    bin: DensityBin


@dataclass
class Frame:
    geometry: Geometry
    markers: list[Marker] = field(default_factory=list)  # in painting order
    connectors: list[tuple[int, float, float, float]] = field(default_factory=list)  # row,x,y0,y1
    bars: list[DensityBar] = field(default_factory=list)
    dense_lanes: set[int] = field(default_factory=set)
    peak: int = 1  # the fullest density bin, to scale the others

    def markers_of(self, row: int) -> list[Marker]:
        return [m for m in self.markers if m.row == row]


def build_frame(
    geometry: Geometry,
    metrics: Metrics,
    scale: TimeScale,
    points: Sequence[TimelinePoint],
    lanes: Sequence[LaneIndex],
    theme_order: Sequence[str],
    selected_row: int | None,
) -> Frame:
    """Place the markers of visible lanes; lanes too crowded to read become density bars."""
    frame = Frame(geometry)
    plot = geometry.plot
    radius = metrics.radius
    first = scale.ordinal_at(-radius * 2)
    last = scale.ordinal_at(plot.width() + radius * 2)
    step = radius * 1.05
    capacity = max(1, int((geometry.lane_height - radius * 2 - metrics.pad) // step) + 1)
    capacity = min(capacity, 9)
    crowd_limit = max(60, int(capacity * plot.width() / (radius * 2.2)))
    positions: dict[int, list[tuple[int, float, float]]] = {}
    bin_px = max(2.0, round(radius * 0.45))
    for lane, index in enumerate(lanes):
        top = geometry.lane_top(lane)
        if top + geometry.lane_height < plot.top() or top > plot.bottom():
            continue
        visible = index.visible(first, last)
        if len(visible) > crowd_limit:
            frame.dense_lanes.add(lane)
            for dbin in density_bins(index, scale.ppd, first, last, bin_px, theme_order):
                x = plot.left() + scale.x_of(dbin.first)
                frame.bars.append(DensityBar(lane, x, bin_px, dbin))
                frame.peak = max(frame.peak, dbin.count)
            continue
        rows = [index.rows[i] for i in visible]
        xs = [plot.left() + scale.x_of(index.centres[i]) for i in visible]
        slots = stack_slots(xs, radius * 1.7, capacity)
        centre_y = geometry.lane_centre(lane)
        for row, x, slot in zip(rows, xs, slots, strict=True):
            y = centre_y + slot * step
            frame.markers.append(Marker(row, lane, x, y))
            if len(points[row].subject_ids) > 1:
                positions.setdefault(row, []).append((lane, x, y))
    if selected_row is not None:
        _add_selected(frame, geometry, scale, points, lanes, selected_row, positions)
    for row, placed in positions.items():
        if len(placed) > 1:
            ys = [y for _, _, y in placed]
            frame.connectors.append((row, placed[0][1], min(ys), max(ys)))
    return frame


def _add_selected(
    frame: Frame,
    geometry: Geometry,
    scale: TimeScale,
    points: Sequence[TimelinePoint],
    lanes: Sequence[LaneIndex],
    row: int,
    positions: dict[int, list[tuple[int, float, float]]],
) -> None:
    """The selected event stays visible as a marker even inside a density lane."""
    x = geometry.plot.left() + scale.x_of(centre_of(points[row]))
    for lane in sorted(frame.dense_lanes):
        index = lanes[lane]
        if row in _rows_near(index, centre_of(points[row])):
            y = geometry.lane_centre(lane)
            frame.markers.append(Marker(row, lane, x, y))
            positions.setdefault(row, []).append((lane, x, y))
    placed = positions.get(row)
    if placed:
        placed.sort()


def _rows_near(index: LaneIndex, centre: float) -> list[int]:
    return index.rows[bisect_left(index.centres, centre) : bisect_right(index.centres, centre)]
