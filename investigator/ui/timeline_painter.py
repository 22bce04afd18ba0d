"""Drawing a laid-out timeline frame: the picture reviewers show their colleagues.

Colours come from the themes and the widget's palette, so text stays readable on
dark palettes; everything else is neutral grey so the theme colours carry meaning.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFontMetricsF,
    QPainter,
    QPainterPath,
    QPalette,
    QPen,
    QPolygonF,
)

from investigator.models import TimelinePoint

from .timeline_frame import DensityBar, Frame, Geometry, Marker, Metrics, PlacedLegendItem
from .timeline_index import MISSED_OPPORTUNITY, UNTAGGED
from .timeline_scale import AxisTicks, TimeScale, format_span

MISSED_RED = QColor("#C62828")
UNKNOWN_THEME = QColor("#9AA0A6")


def mix(a: QColor, b: QColor, amount: float) -> QColor:
    """``a`` moved ``amount`` of the way towards ``b``; tints that follow the palette."""
    return QColor.fromRgbF(
        a.redF() + (b.redF() - a.redF()) * amount,
        a.greenF() + (b.greenF() - a.greenF()) * amount,
        a.blueF() + (b.blueF() - a.blueF()) * amount,
    )


def with_alpha(colour: QColor, alpha: int) -> QColor:
    result = QColor(colour)
    result.setAlpha(alpha)
    return result


@dataclass(frozen=True)
class Style:
    base: QColor
    lane_alt: QColor
    chrome: QColor  # axis band and label column
    text: QColor
    muted: QColor
    grid: QColor
    grid_strong: QColor
    border: QColor
    highlight: QColor
    highlight_text: QColor
    untagged_fill: QColor
    untagged_line: QColor
    connector: QColor
    halo: QColor

    @classmethod
    def from_palette(cls, palette: QPalette) -> Style:
        base = palette.color(QPalette.ColorRole.Base)
        text = palette.color(QPalette.ColorRole.Text)
        dark = base.lightnessF() < 0.5
        return cls(
            base=base,
            lane_alt=mix(base, text, 0.035),
            chrome=mix(palette.color(QPalette.ColorRole.Window), base, 0.35),
            text=text,
            muted=mix(text, base, 0.42),
            grid=with_alpha(text, 22),
            grid_strong=with_alpha(text, 55),
            border=with_alpha(text, 45),
            highlight=palette.color(QPalette.ColorRole.Highlight),
            highlight_text=palette.color(QPalette.ColorRole.HighlightedText),
            untagged_fill=QColor("#FFFFFF") if not dark else QColor("#E8EAED"),
            untagged_line=QColor("#80868B"),
            connector=with_alpha(mix(text, base, 0.3), 150),
            halo=base,
        )


@dataclass
class Scene:
    """Everything the painter needs besides the frame, gathered by the widget."""

    frame: Frame
    metrics: Metrics
    style: Style
    scale: TimeScale
    ticks: AxisTicks
    points: Sequence[TimelinePoint]
    labels: Sequence[str]
    lane_counts: Sequence[int]
    colours: Mapping[str, QColor]
    selected_row: int | None
    hovered_row: int | None
    message: str
    has_focus: bool


def paint_scene(painter: QPainter, scene: Scene, width: float, height: float) -> None:
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    style, geometry = scene.style, scene.frame.geometry
    painter.fillRect(QRectF(0, 0, width, height), style.base)
    if not scene.labels:
        _centred_message(painter, scene, QRectF(0, 0, width, height))
        return
    _lanes(painter, scene, geometry)
    _gridlines(painter, scene, geometry)
    _axis(painter, scene, geometry)
    _lane_labels(painter, scene, geometry)
    _selected_date(painter, scene)
    painter.save()
    painter.setClipRect(geometry.plot)
    _density(painter, scene, scene.frame.bars)
    _connectors(painter, scene)
    _markers(painter, scene)
    _selection(painter, scene, geometry)
    painter.restore()
    _scroll_indicator(painter, scene, geometry)
    if scene.message:
        _centred_message(painter, scene, geometry.plot)
    _legend(painter, scene, geometry.legend)
    if scene.has_focus:
        painter.setPen(QPen(with_alpha(style.highlight, 160), 1.5))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(QRectF(0.75, 0.75, width - 1.5, height - 1.5))


# Background ----------------------------------------------------------------------
def _lanes(painter: QPainter, scene: Scene, geometry: Geometry) -> None:
    style = scene.style
    area = geometry.labels.united(geometry.plot)
    painter.save()
    painter.setClipRect(area)
    for lane in range(len(scene.labels)):
        rect = QRectF(0, geometry.lane_top(lane), area.right(), geometry.lane_height)
        if rect.intersects(area):
            painter.fillRect(rect, style.lane_alt if lane % 2 else style.base)
    labels = QRectF(geometry.labels)
    labels.setBottom(min(labels.bottom(), geometry.lanes_top + geometry.content_height))
    painter.fillRect(labels, with_alpha(style.chrome, 120))
    painter.setPen(QPen(style.grid, 1))
    for lane in range(1, len(scene.labels) + 1):
        y = round(geometry.lane_top(lane)) + 0.5
        painter.drawLine(QLineF(0, y, area.right(), y))
    painter.restore()
    painter.setPen(QPen(style.border, 1))
    x = round(geometry.plot.left()) - 0.5
    painter.drawLine(QLineF(x, 0, x, labels.bottom()))


def _gridlines(painter: QPainter, scene: Scene, geometry: Geometry) -> None:
    plot = geometry.plot
    bottom = min(plot.bottom(), geometry.lanes_top + geometry.content_height)
    context = {tick.ordinal for tick in scene.ticks.context}
    painter.save()
    painter.setClipRect(plot)
    for tick in scene.ticks.minor:
        x = round(plot.left() + scene.scale.x_of(tick.ordinal)) + 0.5
        strong = tick.ordinal in context
        painter.setPen(QPen(scene.style.grid_strong if strong else scene.style.grid, 1))
        painter.drawLine(QLineF(x, plot.top(), x, bottom))
    painter.restore()


def _axis(painter: QPainter, scene: Scene, geometry: Geometry) -> None:
    style, metrics, axis = scene.style, scene.metrics, geometry.axis
    painter.fillRect(QRectF(0, 0, axis.right(), axis.bottom()), style.chrome)
    painter.setPen(QPen(style.border, 1))
    painter.drawLine(QLineF(0, axis.bottom() - 0.5, axis.right(), axis.bottom() - 0.5))
    row = metrics.small_line
    upper_base = axis.top() + metrics.pad * 0.5 + QFontMetricsF(metrics.bold_font).ascent()
    lower_top = axis.bottom() - row - metrics.pad * 0.5
    lower_base = lower_top + QFontMetricsF(metrics.small_font).ascent()
    painter.setFont(metrics.small_font)
    painter.setPen(style.muted)
    painter.drawText(QPointF(metrics.pad, lower_base), "Service user")
    painter.save()
    painter.setClipRect(axis)
    context = {tick.ordinal for tick in scene.ticks.context}
    fm = QFontMetricsF(metrics.small_font)
    only_row = not scene.ticks.context
    for tick in scene.ticks.minor:
        x = round(axis.left() + scene.scale.x_of(tick.ordinal)) + 0.5
        top = axis.top() if tick.ordinal in context else lower_top
        painter.setPen(QPen(style.grid_strong, 1))
        painter.drawLine(
            QLineF(x, top if not only_row else axis.top() + axis.height() * 0.35, x, axis.bottom())
        )
        painter.setPen(style.text if only_row else style.muted)
        painter.setFont(metrics.bold_font if only_row else metrics.small_font)
        left = x + metrics.pad * 0.4
        if left < axis.left() or left + fm.horizontalAdvance(tick.label) > axis.right():
            continue  # a label cut by the edge reads as a different word
        baseline = (
            (axis.top() + axis.bottom() + fm.ascent() - fm.descent()) / 2
            if only_row
            else lower_base
        )
        painter.drawText(QPointF(left, baseline), tick.label)
    _context_labels(painter, scene, axis, upper_base)
    painter.restore()


def _context_labels(painter: QPainter, scene: Scene, axis: QRectF, baseline: float) -> None:
    """The year (or month) stays named at the left edge until the next one pushes it off."""
    metrics = scene.metrics
    painter.setFont(metrics.bold_font)
    painter.setPen(scene.style.text)
    fm = QFontMetricsF(metrics.bold_font)
    ticks = scene.ticks.context
    inset = metrics.pad * 0.4
    for number, tick in enumerate(ticks):
        x = max(axis.left() + scene.scale.x_of(tick.ordinal), axis.left()) + inset
        following = (
            axis.left() + scene.scale.x_of(ticks[number + 1].ordinal)
            if number + 1 < len(ticks)
            else axis.right() + metrics.em * 40
        )
        label = tick.label
        if x + fm.horizontalAdvance(label) + metrics.em > following and tick.short:
            label = tick.short
        # A half-hidden name reads as a glitch; the next tick names its own period.
        right = x + fm.horizontalAdvance(label)
        if right + metrics.em > following or right > axis.right():
            continue
        painter.drawText(QPointF(x, baseline), label)


def _lane_labels(painter: QPainter, scene: Scene, geometry: Geometry) -> None:
    metrics, style = scene.metrics, scene.style
    bold = QFontMetricsF(metrics.bold_font)
    small = QFontMetricsF(metrics.small_font)
    width = geometry.labels.width() - metrics.pad * 2
    painter.save()
    painter.setClipRect(geometry.labels)
    two_lines = geometry.lane_height >= metrics.line + metrics.small_line + metrics.pad
    for lane, label in enumerate(scene.labels):
        top = geometry.lane_top(lane)
        if top > geometry.labels.bottom() or top + geometry.lane_height < geometry.labels.top():
            continue
        centre = top + geometry.lane_height / 2
        block = bold.height() + (small.height() if two_lines else 0)
        baseline = centre - block / 2 + bold.ascent()
        painter.setFont(metrics.bold_font)
        painter.setPen(style.text)
        text = bold.elidedText(label, Qt.TextElideMode.ElideRight, width)
        painter.drawText(QPointF(metrics.pad, baseline), text)
        if two_lines and lane < len(scene.lane_counts):  # no counts while being read
            count = scene.lane_counts[lane]
            note = f"{count:,} event{'s' if count != 1 else ''}"
            painter.setFont(metrics.small_font)
            painter.setPen(style.muted)
            painter.drawText(
                QPointF(metrics.pad, baseline + bold.descent() + small.ascent() + 1),
                small.elidedText(note, Qt.TextElideMode.ElideRight, width),
            )
    painter.restore()


# Events --------------------------------------------------------------------------
def theme_colours(scene: Scene, point: TimelinePoint) -> list[QColor]:
    return [scene.colours.get(theme, UNKNOWN_THEME) for theme in point.theme_ids]


def _density(painter: QPainter, scene: Scene, bars: Sequence[DensityBar]) -> None:
    geometry, metrics = scene.frame.geometry, scene.metrics
    full = geometry.lane_height - metrics.pad * 2
    painter.setPen(Qt.PenStyle.NoPen)
    for bar in bars:
        share = (bar.bin.count / scene.frame.peak) ** 0.5
        height = max(2.0, full * share)
        bottom = geometry.lane_centre(bar.lane) + height / 2
        width = bar.width - (1 if bar.width >= 3 else 0)
        for theme, count in bar.bin.themes:
            part = height * count / bar.bin.count
            colour = (
                scene.style.untagged_line
                if theme == UNTAGGED
                else scene.colours.get(theme, UNKNOWN_THEME)
            )
            painter.fillRect(QRectF(bar.x, bottom - part, width, part), colour)
            bottom -= part
        if bar.bin.missed:
            painter.fillRect(QRectF(bar.x, bottom - 3, width, 2), MISSED_RED)


def _connectors(painter: QPainter, scene: Scene) -> None:
    pen = QPen(scene.style.connector, 1.3)
    pen.setCapStyle(Qt.PenCapStyle.FlatCap)
    painter.setPen(pen)
    for _row, x, top, bottom in scene.frame.connectors:
        painter.drawLine(QLineF(x, top, x, bottom))


def _markers(painter: QPainter, scene: Scene) -> None:
    radius = scene.metrics.radius
    for marker in scene.frame.markers:
        point = scene.points[marker.row]
        if point.end > point.start:
            _date_bar(painter, scene, marker, point)
    for marker in scene.frame.markers:
        draw_marker(painter, scene, marker.x, marker.y, radius, scene.points[marker.row])


def _date_bar(painter: QPainter, scene: Scene, marker: Marker, point: TimelinePoint) -> None:
    """An uncertain date is a bar over every day it could be, so the doubt is visible."""
    plot_left = scene.frame.geometry.plot.left()
    left = plot_left + scene.scale.x_of(point.start)
    right = plot_left + scene.scale.x_of(point.end + 1)
    colours = theme_colours(scene, point)
    colour = colours[0] if colours else scene.style.untagged_line
    half = scene.metrics.radius * 0.42
    rect = QRectF(left, marker.y - half, max(right - left, 1.0), half * 2)
    painter.setPen(QPen(with_alpha(colour, 170), 1))
    painter.setBrush(with_alpha(colour, 70))
    painter.drawRoundedRect(rect, half, half)
    if right - left < scene.metrics.radius * 4:
        return  # end caps on a bar hardly wider than the marker are only noise
    cap = scene.metrics.radius * 0.8
    painter.setPen(QPen(with_alpha(colour, 200), 1.4))
    for x in (left, right):
        painter.drawLine(QLineF(x, marker.y - cap, x, marker.y + cap))


def draw_marker(
    painter: QPainter,
    scene: Scene,
    x: float,
    y: float,
    radius: float,
    point: TimelinePoint,
    accent_gap: float = 1.5,
) -> None:
    style = scene.style
    centre = QPointF(x, y)
    colours = theme_colours(scene, point)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(style.halo)
    painter.drawEllipse(centre, radius + 1.5, radius + 1.5)
    box = QRectF(x - radius, y - radius, radius * 2, radius * 2)
    if not colours:
        painter.setPen(QPen(style.untagged_line, 1.4))
        painter.setBrush(style.untagged_fill)
        painter.drawEllipse(centre, radius - 0.7, radius - 0.7)
    elif len(colours) == 1:
        painter.setBrush(colours[0])
        painter.drawEllipse(box)
    else:
        span = -360 * 16 / len(colours)
        for number, colour in enumerate(colours):
            painter.setBrush(colour)
            painter.drawPie(box, round(90 * 16 + number * span), round(span) - (1 if number else 0))
    if colours:
        painter.setPen(QPen(QColor(0, 0, 0, 55), 1))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawEllipse(centre, radius - 0.5, radius - 0.5)
    if point.flags & MISSED_OPPORTUNITY:
        _missed_accent(painter, style, x, y - radius - accent_gap, radius)


def _missed_accent(painter: QPainter, style: Style, x: float, apex_y: float, radius: float) -> None:
    """A small red pointer above the marker: seen at a glance, not shouting."""
    half = radius * 0.72
    height = radius * 0.95
    triangle = QPolygonF(
        [QPointF(x - half, apex_y - height), QPointF(x + half, apex_y - height), QPointF(x, apex_y)]
    )
    painter.setPen(QPen(style.halo, 1.2))
    painter.setBrush(MISSED_RED)
    painter.drawPolygon(triangle)


def _selection(painter: QPainter, scene: Scene, geometry: Geometry) -> None:
    radius = scene.metrics.radius
    style = scene.style
    if scene.hovered_row is not None and scene.hovered_row != scene.selected_row:
        painter.setPen(QPen(with_alpha(style.text, 120), 1.5))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for marker in scene.frame.markers_of(scene.hovered_row):
            painter.drawEllipse(QPointF(marker.x, marker.y), radius + 2.5, radius + 2.5)
    if scene.selected_row is None:
        return
    point = scene.points[scene.selected_row]
    markers = scene.frame.markers_of(scene.selected_row)
    if not markers:
        return
    for marker in markers:  # on top of any neighbour that overlapped it
        if point.end > point.start:
            _date_bar(painter, scene, marker, point)
        # The red pointer moves above the ring rather than hide under it.
        draw_marker(painter, scene, marker.x, marker.y, radius, point, accent_gap=6.0)
        painter.setPen(QPen(style.halo, 4.5))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawEllipse(QPointF(marker.x, marker.y), radius + 3.5, radius + 3.5)
        painter.setPen(QPen(style.highlight, 2.2))
        painter.drawEllipse(QPointF(marker.x, marker.y), radius + 3.5, radius + 3.5)


def _selected_date(painter: QPainter, scene: Scene) -> None:
    """Name the selected event's date on the axis, where the reviewer looks for it."""
    if scene.selected_row is None or not scene.frame.markers_of(scene.selected_row):
        return
    geometry, metrics, style = scene.frame.geometry, scene.metrics, scene.style
    point = scene.points[scene.selected_row]
    x = scene.frame.markers_of(scene.selected_row)[0].x
    pen = QPen(with_alpha(style.highlight, 110), 1, Qt.PenStyle.DashLine)
    painter.setPen(pen)
    bottom = min(geometry.plot.bottom(), geometry.lanes_top + geometry.content_height)
    painter.save()
    painter.setClipRect(geometry.plot.united(geometry.axis))
    painter.drawLine(QLineF(x, geometry.axis.bottom() - 2, x, bottom))
    fm = QFontMetricsF(metrics.small_font)
    text = format_span(point.start, point.end)
    width = fm.horizontalAdvance(text) + metrics.pad * 1.2
    height = fm.height() + 2
    left = min(max(x - width / 2, geometry.axis.left() + 1), geometry.axis.right() - width - 1)
    pill = QRectF(left, geometry.axis.bottom() - height - metrics.pad * 0.3, width, height)
    path = QPainterPath()
    path.addRoundedRect(pill, height / 2, height / 2)
    painter.fillPath(path, QBrush(style.highlight))
    painter.setFont(metrics.small_font)
    painter.setPen(style.highlight_text)
    painter.drawText(pill, Qt.AlignmentFlag.AlignCenter, text)
    painter.restore()


def _scroll_indicator(painter: QPainter, scene: Scene, geometry: Geometry) -> None:
    """A thin thumb on the right tells the reviewer more service users lie below."""
    plot = geometry.plot
    if geometry.content_height <= plot.height() + 0.5:
        return
    scrolled = plot.top() - geometry.lanes_top
    height = max(plot.height() * plot.height() / geometry.content_height, scene.metrics.em)
    top = plot.top() + (plot.height() - height) * scrolled / (
        geometry.content_height - plot.height()
    )
    width = scene.metrics.pad * 0.6
    thumb = QRectF(plot.right() - width - 2, top + 2, width, height - 4)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(with_alpha(scene.style.text, 70))
    painter.drawRoundedRect(thumb, width / 2, width / 2)


# Text and legend -----------------------------------------------------------------
def _centred_message(painter: QPainter, scene: Scene, rect: QRectF) -> None:
    painter.setFont(scene.metrics.font)
    painter.setPen(scene.style.muted)
    painter.drawText(rect, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, scene.message)


def _legend(painter: QPainter, scene: Scene, placed: Sequence[PlacedLegendItem]) -> None:
    metrics, style = scene.metrics, scene.style
    fm = QFontMetricsF(metrics.small_font)
    painter.setFont(metrics.small_font)
    for entry in placed:
        chip = entry.chip
        _LEGEND_CHIPS.get(entry.item.kind, _no_chip)(painter, scene, chip, entry.item.colour)
        painter.setPen(style.muted if entry.item.kind != "theme" else style.text)
        text = fm.elidedText(entry.item.text, Qt.TextElideMode.ElideRight, entry.text_width + 1)
        painter.drawText(entry.text_at, text)


def _theme_chip(painter: QPainter, scene: Scene, chip: QRectF, colour: str) -> None:
    painter.setPen(QPen(QColor(0, 0, 0, 55), 1))
    painter.setBrush(QColor(colour))
    painter.drawEllipse(chip.adjusted(0.5, 0.5, -0.5, -0.5))


def _untagged_chip(painter: QPainter, scene: Scene, chip: QRectF, colour: str) -> None:
    painter.setPen(QPen(scene.style.untagged_line, 1.4))
    painter.setBrush(scene.style.untagged_fill)
    painter.drawEllipse(chip.adjusted(0.7, 0.7, -0.7, -0.7))


def _missed_chip(painter: QPainter, scene: Scene, chip: QRectF, colour: str) -> None:
    _missed_accent(painter, scene.style, chip.center().x(), chip.bottom() - 1, chip.width() / 1.6)


def _uncertain_chip(painter: QPainter, scene: Scene, chip: QRectF, colour: str) -> None:
    grey = scene.style.untagged_line
    wide = chip.adjusted(0.7, 0, -0.7, 0)
    y = chip.center().y()
    half = chip.height() * 0.2
    painter.setPen(QPen(with_alpha(grey, 170), 1))
    painter.setBrush(with_alpha(grey, 70))
    painter.drawRoundedRect(QRectF(wide.left(), y - half, wide.width(), half * 2), half, half)
    painter.setPen(QPen(with_alpha(grey, 220), 1.4))
    for x in (wide.left(), wide.right()):
        painter.drawLine(QLineF(x, y - chip.height() * 0.4, x, y + chip.height() * 0.4))


def _shared_chip(painter: QPainter, scene: Scene, chip: QRectF, colour: str) -> None:
    x = chip.center().x()
    dot = chip.width() * 0.22
    top = chip.top() - chip.height() * 0.15
    bottom = chip.bottom() + chip.height() * 0.15
    painter.setPen(QPen(scene.style.connector, 1.3))
    painter.drawLine(QLineF(x, top + dot, x, bottom - dot))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(scene.style.untagged_line)
    painter.drawEllipse(QPointF(x, top + dot), dot, dot)
    painter.drawEllipse(QPointF(x, bottom - dot), dot, dot)


def _no_chip(painter: QPainter, scene: Scene, chip: QRectF, colour: str) -> None:
    return None


_LEGEND_CHIPS: dict[str, Callable[[QPainter, Scene, QRectF, str], None]] = {
    "theme": _theme_chip,
    "untagged": _untagged_chip,
    "missed": _missed_chip,
    "uncertain": _uncertain_chip,
    "shared": _shared_chip,
}
