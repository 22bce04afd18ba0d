"""Each lane's events sorted by time, so drawing a view costs bisects, not a scan.

A reviewer may load a chronology of 100,000 events; painting must look only at
what is on screen, and at far zoom must summarise rather than draw every event.
Kept free of Qt.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from typing import NamedTuple

from investigator.models import TimelinePoint

MISSED_OPPORTUNITY = 4
UNTAGGED = ""


def centre_of(point: TimelinePoint) -> float:
    """The middle of the recorded span; a day event sits mid-day, between gridlines."""
    return (point.start + point.end + 1) / 2


class LaneIndex:
    """The events of one service user, ordered by where their markers sit."""

    __slots__ = ("by_theme", "centres", "max_half_span", "missed", "rows")

    def __init__(self) -> None:
        self.centres: list[float] = []
        self.rows: list[int] = []  # index into the widget's points, same order
        self.max_half_span = 0.5
        self.by_theme: dict[str, list[float]] = {}  # first theme (or UNTAGGED) -> centres
        self.missed: list[float] = []

    def __len__(self) -> int:
        return len(self.centres)

    def visible(self, first: float, last: float) -> range:
        """Positions whose marker or date bar may reach into ``first``..``last``."""
        reach = self.max_half_span
        return range(
            bisect_left(self.centres, first - reach), bisect_right(self.centres, last + reach)
        )

    def count_between(self, first: float, last: float) -> int:
        return bisect_left(self.centres, last) - bisect_left(self.centres, first)


def build_lanes(points: Sequence[TimelinePoint], lane_ids: Sequence[str]) -> list[LaneIndex]:
    lane_of = {subject_id: lane for lane, subject_id in enumerate(lane_ids)}
    entries: list[list[tuple[float, int]]] = [[] for _ in lane_ids]
    lanes = [LaneIndex() for _ in lane_ids]
    for row, point in enumerate(points):
        centre = centre_of(point)
        half = (point.end + 1 - point.start) / 2
        theme = point.theme_ids[0] if point.theme_ids else UNTAGGED
        missed = point.flags & MISSED_OPPORTUNITY
        for subject_id in point.subject_ids:
            lane = lane_of.get(subject_id)
            if lane is None:
                continue
            entries[lane].append((centre, row))
            index = lanes[lane]
            index.by_theme.setdefault(theme, []).append(centre)
            if missed:
                index.missed.append(centre)
            if half > index.max_half_span:
                index.max_half_span = half
    for index, lane_entries in zip(lanes, entries, strict=True):
        lane_entries.sort()
        index.centres = [centre for centre, _ in lane_entries]
        index.rows = [row for _, row in lane_entries]
        for centres in index.by_theme.values():
            centres.sort()
        index.missed.sort()
    return lanes


class PointsIndex(NamedTuple):
    """Everything the timeline works out from its points and lanes, in one piece, so
    that it can be made off the UI thread for a large review (:func:`index_points`)."""

    points: list[TimelinePoint]
    lane_ids: tuple[str, ...]
    lanes: list[LaneIndex]
    row_of: dict[str, int]  # event id -> row in ``points``
    order: list[int]  # rows that appear in some lane, in date order
    place_in_order: dict[int, int]
    extent: tuple[int, int] | None  # first and last day of those rows


def index_points(points: list[TimelinePoint], lane_ids: Sequence[str]) -> PointsIndex:
    in_lane = set(lane_ids)
    order = [
        row
        for row, point in enumerate(points)
        if any(subject in in_lane for subject in point.subject_ids)
    ]
    extent = None
    if order:
        extent = (min(points[row].start for row in order), max(points[row].end for row in order))
    return PointsIndex(
        points,
        tuple(lane_ids),
        build_lanes(points, lane_ids),
        {point.event_id: row for row, point in enumerate(points)},
        order,
        {row: place for place, row in enumerate(order)},
        extent,
    )


# Stacking ------------------------------------------------------------------------
def slot_order(capacity: int) -> list[int]:
    """Centre first, then alternately above and below: 0, -1, 1, -2, 2, …"""
    order = [0]
    step = 1
    while len(order) < capacity:
        order.append(-step)
        if len(order) < capacity:
            order.append(step)
        step += 1
    return order


def stack_slots(xs: Sequence[float], min_gap: float, capacity: int) -> list[int]:
    """Give markers that would overlap different heights, so none hides another.

    ``xs`` must be sorted. Each marker takes the first slot whose last marker is
    at least ``min_gap`` to its left; when every slot is crowded it takes the
    one that overlaps least.
    """
    order = slot_order(max(capacity, 1))
    last_x = [-math.inf] * len(order)
    slots: list[int] = []
    for x in xs:
        chosen = -1
        for position in range(len(order)):
            if last_x[position] <= x - min_gap:
                chosen = position
                break
        if chosen < 0:
            chosen = min(range(len(order)), key=last_x.__getitem__)
        last_x[chosen] = x
        slots.append(order[chosen])
    return slots


# Density -------------------------------------------------------------------------
class DensityBin(NamedTuple):
    """Events too close together to draw one by one, summarised by first theme."""

    first: float  # ordinals covered, ``last`` exclusive
    last: float
    count: int
    themes: tuple[tuple[str, int], ...]  # (theme id or UNTAGGED, count) in theme order
    missed: int


def density_bins(
    index: LaneIndex,
    ppd: float,
    first: float,
    last: float,
    bin_px: float,
    theme_order: Sequence[str],
) -> list[DensityBin]:
    """Bins of ``bin_px`` pixels between ``first`` and ``last`` ordinals.

    Bins are fixed to the calendar (not to the screen) so panning does not make
    the bars shimmer as events cross bin edges.
    """
    days_per_bin = bin_px / ppd
    bins: list[DensityBin] = []
    centres = index.centres
    keys = [key for key in theme_order if key in index.by_theme]
    keys += [key for key in index.by_theme if key not in theme_order and key != UNTAGGED]
    if UNTAGGED in index.by_theme:
        keys.append(UNTAGGED)
    lists = [index.by_theme[key] for key in keys]
    k = math.floor(first / days_per_bin)
    k_last = math.floor(last / days_per_bin)
    cursor = bisect_left(centres, k * days_per_bin)
    while k <= k_last:
        lo = k * days_per_bin
        hi = lo + days_per_bin
        end = bisect_left(centres, hi, cursor)
        if end > cursor:
            themes = []
            for key, theme_centres in zip(keys, lists, strict=True):
                n = bisect_left(theme_centres, hi) - bisect_left(theme_centres, lo)
                if n:
                    themes.append((key, n))
            missed = bisect_left(index.missed, hi) - bisect_left(index.missed, lo)
            bins.append(DensityBin(lo, hi, end - cursor, tuple(themes), missed))
            cursor = end
            k += 1
        elif end < len(centres):
            # Skip empty stretches in one step rather than bin by bin.
            k = max(k + 1, math.floor(centres[end] / days_per_bin))
        else:
            break
    return bins
