"""Event dates as reviewers record them: often partial, sometimes approximate.

Every date is held as an inclusive span (``start``..``end``) plus the precision
it was recorded with, so that sorting and range filters work on real dates while
the display keeps what the record actually said ("03/2019", "c. 2019").
"""

from __future__ import annotations

import calendar
import datetime as dt
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, model_validator


class DatePrecision(StrEnum):
    DAY = "day"
    MONTH = "month"
    YEAR = "year"
    APPROXIMATE = "approximate"
    RANGE = "range"


def month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


class EventDate(BaseModel):
    """A recorded date: a span with the precision it was written with."""

    model_config = ConfigDict(frozen=True)

    start: dt.date
    end: dt.date
    precision: DatePrecision = DatePrecision.DAY

    @model_validator(mode="after")
    def _check_span(self) -> EventDate:
        if self.end < self.start:
            raise ValueError("a date range cannot end before it starts")
        if self.precision is DatePrecision.DAY and self.end != self.start:
            raise ValueError("a day-precision date has one day")
        if self.precision is DatePrecision.MONTH and (
            self.start.day != 1 or self.end != month_end(self.start.year, self.start.month)
        ):
            raise ValueError("a month-precision date spans one whole month")
        if self.precision is DatePrecision.YEAR and (
            (self.start.month, self.start.day) != (1, 1)
            or self.end != dt.date(self.start.year, 12, 31)
        ):
            raise ValueError("a year-precision date spans one whole year")
        return self

    # Constructors ---------------------------------------------------------
    @classmethod
    def day(cls, year: int, month: int, day: int) -> EventDate:
        d = dt.date(year, month, day)
        return cls(start=d, end=d, precision=DatePrecision.DAY)

    @classmethod
    def month(cls, year: int, month: int) -> EventDate:
        return cls(
            start=dt.date(year, month, 1),
            end=month_end(year, month),
            precision=DatePrecision.MONTH,
        )

    @classmethod
    def year(cls, year: int) -> EventDate:
        return cls(
            start=dt.date(year, 1, 1),
            end=dt.date(year, 12, 31),
            precision=DatePrecision.YEAR,
        )

    @classmethod
    def approximate(cls, start: dt.date, end: dt.date) -> EventDate:
        return cls(start=start, end=end, precision=DatePrecision.APPROXIMATE)

    @classmethod
    def between(cls, start: dt.date, end: dt.date) -> EventDate:
        return cls(start=start, end=end, precision=DatePrecision.RANGE)

    # Display --------------------------------------------------------------
    def display(self) -> str:
        """The date as a UK reviewer writes it, keeping its precision."""
        p = self.precision
        if p is DatePrecision.DAY:
            return self.start.strftime("%d/%m/%Y")
        if p is DatePrecision.MONTH:
            return self.start.strftime("%m/%Y")
        if p is DatePrecision.YEAR:
            return str(self.start.year)
        if p is DatePrecision.APPROXIMATE:
            return "c. " + _span_text(self.start, self.end)
        return f"{self.start.strftime('%d/%m/%Y')} – {self.end.strftime('%d/%m/%Y')}"

    def __str__(self) -> str:
        return self.display()


def _span_text(start: dt.date, end: dt.date) -> str:
    """The coarsest whole unit a span covers: a year, a month or a day."""
    if (start.month, start.day) == (1, 1) and (end.month, end.day) == (12, 31):
        if start.year == end.year:
            return str(start.year)
        return f"{start.year}–{end.year}"
    if start.day == 1 and end == month_end(end.year, end.month):
        if (start.year, start.month) == (end.year, end.month):
            return start.strftime("%m/%Y")
        return f"{start.strftime('%m/%Y')}–{end.strftime('%m/%Y')}"
    if start == end:
        return start.strftime("%d/%m/%Y")
    return f"{start.strftime('%d/%m/%Y')}–{end.strftime('%d/%m/%Y')}"
