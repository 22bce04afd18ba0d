"""Where dates fall on the timeline, and which dates the axis names at each zoom.

Kept free of Qt so the zoom arithmetic and the choice of ticks can be tested and
reasoned about without a widget.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
from collections.abc import Callable
from typing import NamedTuple

MIN_VISIBLE_DAYS = 5.0
"""Closer than this a reviewer gains nothing: events are held to the day."""

MIN_FIT_DAYS = 28.0
"""A chronology of one day still gets a month of context around it."""

MONTH_ABBREVIATIONS = (
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "May",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Oct",
    "Nov",
    "Dec",
)
MONTH_NAMES = tuple(calendar.month_name[1:])


class TimeScale:
    """Day ordinals to plot pixels; the view can never leave the data plus a margin.

    ``origin`` is the (fractional) ordinal at the plot's left edge and ``ppd`` the
    pixels per day. ``lo``..``hi`` is the data extent, ``hi`` exclusive, and
    ``pad_px`` the room kept at each end so edge markers are not cut in half.
    """

    def __init__(self) -> None:
        year_start = dt.date(dt.date.today().year, 1, 1).toordinal()
        self.width = 1.0
        self.pad_px = 0.0
        self.lo = float(year_start)
        self.hi = float(year_start + 366)
        self.origin = self.lo
        self.ppd = 1.0

    # Geometry ------------------------------------------------------------------
    @property
    def visible_days(self) -> float:
        return self.width / self.ppd

    def x_of(self, ordinal: float) -> float:
        return (ordinal - self.origin) * self.ppd

    def ordinal_at(self, x: float) -> float:
        return self.origin + x / self.ppd

    # Limits --------------------------------------------------------------------
    def _fit_ppd(self) -> float:
        span = max(self.hi - self.lo, MIN_FIT_DAYS)
        usable = max(self.width - 2 * self.pad_px, self.width * 0.5, 1.0)
        return usable / span

    def min_ppd(self) -> float:
        """Zoomed out as far as the whole span plus its margin, no further."""
        return min(self._fit_ppd(), self.max_ppd())

    def max_ppd(self) -> float:
        return max(self.width, 1.0) / MIN_VISIBLE_DAYS

    def set_extent(self, lo: float, hi: float) -> None:
        self.lo, self.hi = float(lo), float(max(hi, lo + 1))
        self.clamp()

    def set_width(self, width: float, pad_px: float) -> None:
        """Keep the date at the centre where it was when the plot changes width."""
        centre = self.ordinal_at(self.width / 2)
        self.width = max(float(width), 1.0)
        self.pad_px = pad_px
        self.origin = centre - self.visible_days / 2
        self.clamp()

    def clamp(self) -> None:
        self.ppd = min(max(self.ppd, self.min_ppd()), self.max_ppd())
        pad_days = self.pad_px / self.ppd
        first = self.lo - pad_days
        last = self.hi + pad_days - self.visible_days
        if last <= first:  # everything fits: keep the data centred
            mid = (self.lo + self.hi) / 2
            self.origin = mid - self.visible_days / 2
        else:
            self.origin = min(max(self.origin, first), last)

    # Moves ---------------------------------------------------------------------
    def fit(self) -> None:
        self.ppd = self._fit_ppd()
        self.origin = (self.lo + self.hi) / 2 - self.visible_days / 2
        self.clamp()

    def is_fitted(self) -> bool:
        return math.isclose(self.ppd, self.min_ppd(), rel_tol=1e-6)

    def zoom(self, factor: float, anchor_x: float | None = None) -> None:
        """Scale about ``anchor_x`` so the date under the cursor stays under it."""
        if anchor_x is None:
            anchor_x = self.width / 2
        anchor = self.ordinal_at(anchor_x)
        self.ppd = min(max(self.ppd * factor, self.min_ppd()), self.max_ppd())
        self.origin = anchor - anchor_x / self.ppd
        self.clamp()

    def pan(self, dx_px: float) -> None:
        """Move the picture by ``dx_px`` pixels, as when dragging it to the right."""
        self.origin -= dx_px / self.ppd
        self.clamp()

    def centre_on(self, ordinal: float) -> None:
        self.origin = ordinal - self.visible_days / 2
        self.clamp()


# Axis ticks ----------------------------------------------------------------------
class Tick(NamedTuple):
    ordinal: int
    label: str
    short: str = ""  # used when ``label`` does not fit before the next tick


class AxisTicks(NamedTuple):
    """Minor ticks name each step; context ticks name the larger period they sit in."""

    minor: list[Tick]
    context: list[Tick]
    unit: str  # "day", "month" or "year"


_STEPS: tuple[tuple[str, int], ...] = (
    ("day", 1),
    ("day", 2),
    ("day", 5),
    ("day", 15),
    ("month", 1),
    ("month", 3),
    ("month", 6),
    ("year", 1),
    ("year", 2),
    ("year", 5),
    ("year", 10),
    ("year", 25),
    ("year", 50),
    ("year", 100),
)
_NOMINAL_DAYS = {"day": 1.0, "month": 30.44, "year": 365.25}
_WIDEST_SAMPLE = {"day": "28", "month": "May", "year": "2028"}


def choose_step(ppd: float, measure: Callable[[str], float], gap: float) -> tuple[str, int]:
    """The finest step whose labels still fit side by side at this zoom.

    Days are only numbered once each month has room to be named in full above
    them; until then months read better than a row of bare day numbers.
    """
    month_named = _NOMINAL_DAYS["month"] * ppd >= measure("September 2029") + gap
    for unit, step in _STEPS:
        if unit == "day" and not month_named:
            continue
        if _NOMINAL_DAYS[unit] * step * ppd >= measure(_WIDEST_SAMPLE[unit]) + gap:
            return unit, step
    return _STEPS[-1]


def axis_ticks(first: float, last: float, unit: str, step: int) -> AxisTicks:
    """Ticks from ``first`` to ``last`` (ordinals), each at the start of its period."""
    lo = dt.date.fromordinal(max(math.floor(first), 1))
    hi = dt.date.fromordinal(max(math.ceil(last), 1))
    minor: list[Tick] = []
    context: list[Tick] = []
    if unit == "year":
        year = lo.year - lo.year % step
        while year <= hi.year:
            if year >= 1:
                minor.append(Tick(dt.date(year, 1, 1).toordinal(), str(year)))
            year += step
        return AxisTicks(minor, context, unit)
    if unit == "month":
        for year in range(lo.year, hi.year + 1):
            context.append(Tick(dt.date(year, 1, 1).toordinal(), str(year)))
            for month in range(1, 13, step):
                minor.append(
                    Tick(dt.date(year, month, 1).toordinal(), MONTH_ABBREVIATIONS[month - 1])
                )
        return AxisTicks(minor, context, unit)
    year, month = lo.year, lo.month
    while (year, month) <= (hi.year, hi.month):
        start = dt.date(year, month, 1)
        context.append(
            Tick(
                start.toordinal(),
                f"{MONTH_NAMES[month - 1]} {year}",
                f"{MONTH_ABBREVIATIONS[month - 1]} {year}",
            )
        )
        length = calendar.monthrange(year, month)[1]
        for day in range(1, length + 1, step):
            # A last tick crowding the next month's first is dropped, not squeezed.
            if day == 1 or length - day + 1 >= step * 0.6:
                minor.append(Tick(start.toordinal() + day - 1, str(day)))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return AxisTicks(minor, context, unit)


def format_day(ordinal: int) -> str:
    """UK style, month in words so nobody misreads 03/04 as 4 March."""
    day = dt.date.fromordinal(ordinal)
    return f"{day.day} {MONTH_ABBREVIATIONS[day.month - 1]} {day.year}"


def format_span(first: int, last: int) -> str:
    if first == last:
        return format_day(first)
    return f"{format_day(first)} – {format_day(last)}"
