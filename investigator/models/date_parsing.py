"""The one parser for dates that reviewers type or import.

Records are UK documents, so numeric dates are read day-first, and a reviewer
often knows only a month, a year or a season. A misread date silently reorders a
chronology, so anything that needs a guess (US month-first order, "Mar 19", a
date without a year) is refused with a reason the reviewer can act on.

Every form ``EventDate.display()`` prints, and ``format_event_date`` adds a time
to, parses back to the same value: what the app shows can be typed back in.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from .dates import DatePrecision, EventDate, month_end
from .errors import ValidationError

__all__ = [
    "DateParseError",
    "ParsedDate",
    "format_event_date",
    "parse_date_and_time",
    "parse_event_date",
    "parse_time",
]

MAX_LENGTH = 100  # far longer than any real date; bounds the work on pasted junk
EARLIEST_YEAR = 1900

_MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
_MONTHS = {name.lower(): number for number, name in enumerate(_MONTH_NAMES, start=1)} | {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8,
    "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_WEEKDAYS = {name.lower(): number for number, name in enumerate(_WEEKDAY_NAMES)} | {
    "mon": 0, "tue": 1, "tues": 1, "wed": 2, "thu": 3, "thur": 3, "thurs": 3,
    "fri": 4, "sat": 5, "sun": 6,
}  # fmt: skip
_PLACEHOLDERS = frozenset(
    {"unknown", "not known", "n/k", "nk", "n/a", "na", "tbc", "tba", "tbd", "?", "-", "none",
     "nil", "various"}
)  # fmt: skip
_OPEN_ENDS = frozenset({"present", "now", "date", "ongoing", "continuing"})
_PARTS_OF_YEAR = {"early": (1, 4), "mid": (5, 8), "late": (9, 12)}
_PARTS_OF_MONTH = {"early": (1, 10), "mid": (11, 20), "late": (21, 31)}
_SEASONS = {"spring": (3, 5), "summer": (6, 8), "autumn": (9, 11), "winter": (12, 2)}
_FORMS_HINT = "write it like 12/03/2019, 03/2019, March 2019, 2019 or c. 2019"

# Every pattern is used with fullmatch on at most MAX_LENGTH characters, and no
# pattern nests quantifiers, so matching cannot backtrack catastrophically.
_TIME_SOURCE = (
    r"(?:(?P<hour>\d{1,2})[:.](?P<minute>\d{2})(?::(?P<second>\d{2})(?:\.(?P<fraction>\d{1,6}))?)?"
    r"|(?P<bare_hour>\d{1,2})(?=\s*[ap]\.?m)"
    r"|(?P<compact>\d{4}))"
    r"(?:\s*(?P<meridiem>[ap])\.?m\.?)?(?:\s*(?:hrs|hours|h))?"
)
_TIME = re.compile(_TIME_SOURCE, re.ASCII)
_TRAILING_TIME = re.compile(
    r"(?P<body>.*?)(?:\s*,\s*|\s+at\s+|\s*@\s*|\s+|(?<=\d)t)" + _TIME_SOURCE, re.ASCII
)
_APPROXIMATELY = re.compile(
    r"(?:circa|approximately|approx|about|around|roughly|abt|ca|c)(?![a-z])\.?\s*", re.ASCII
)
_RANGE = re.compile(
    r"(?:(?P<lead>between|from)\s+)?(?P<first>.+?)"
    r"(?:\s*[–—]\s*|\s+(?P<joiner>-|to|until|till|and)\s+)(?P<last>.+)",
    re.ASCII,
)
_WEEKDAY = re.compile(r"(?P<weekday>[a-z]+)\.?,?\s+(?P<rest>.+)", re.ASCII)
_PART = re.compile(r"(?P<part>early|mid|late)(?![a-z])[\s-]*(?P<rest>.+)", re.ASCII)
_SEASON = re.compile(
    r"(?P<season>spring|summer|autumn|winter)(?:\s+of)?\s*(?P<year>\d+)(?:/(?P<next>\d+))?",
    re.ASCII,
)
_DECADE = re.compile(r"(?P<decade>\d{3}0)'?s", re.ASCII)
_NUMERIC = re.compile(r"(?P<a>\d+)(?:(?P<sep>[/.\- ])(?P<b>\d+)(?:(?P=sep)(?P<c>\d+))?)?", re.ASCII)
_DAY_NAME = re.compile(
    r"(?P<day>\d+)(?:st|nd|rd|th)?(?:\s*of)?[\s\-/.]*(?P<month>[a-z]+)\.?"
    r"(?:[\s\-/.,']*(?P<year>\d+))?",
    re.ASCII,
)
_NAME_FIRST = re.compile(
    r"(?P<month>[a-z]+)\.?(?P<sep>[\s\-/.,']*)(?P<number>\d+)?(?P<ordinal>st|nd|rd|th)?"
    r"(?:[\s,]+(?P<year>\d+))?",
    re.ASCII,
)


class DateParseError(ValidationError, ValueError):
    """An unreadable or ambiguous date.

    ``value`` is the text, ``reason`` a one-line explanation a reviewer
    understands, ``ambiguous`` True when the text could be read more than one
    way. It is a ``ValueError`` too, so pydantic validators can raise it.
    """

    def __init__(self, value: str, reason: str, *, ambiguous: bool = False) -> None:
        self.value = value
        self.reason = reason
        self.ambiguous = ambiguous
        shown = value if len(value) <= 40 else value[:37] + "..."
        super().__init__(f"Cannot read {shown!r}: {reason}")


class _Unreadable(Exception):
    """Raised inside the parser; the public functions attach the whole text."""

    def __init__(self, reason: str, *, ambiguous: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.ambiguous = ambiguous


@dataclass(frozen=True)
class ParsedDate:
    """A time rides beside the date, not inside it: most records have none, and a span can't."""

    date: EventDate
    time: dt.time | None = None


def parse_event_date(text: str, *, today: dt.date | None = None) -> ParsedDate:
    """Read a date as a UK reviewer writes it, refusing rather than guessing.

    ``today`` decides which century a two-digit year falls in and how far ahead a
    year may be: records describe the past, so a year after next is a typo.
    """
    today = today or dt.date.today()
    value, clean = _normalised(text)
    try:
        return _read_date_and_time(clean, today)
    except _Unreadable as error:
        raise DateParseError(value, error.reason, ambiguous=error.ambiguous) from None


def parse_time(text: str) -> dt.time:
    """Read a clock time from its own cell, as police and health records write it."""
    value, clean = _normalised(text)
    match = _TIME.fullmatch(clean)
    if match is None:
        raise DateParseError(value, "this is not a time; write it like 14:30, 1430 or 2:30pm")
    try:
        return _time_from(match)
    except _Unreadable as error:
        raise DateParseError(value, error.reason) from None


def parse_date_and_time(
    date_text: str, time_text: str | None, *, today: dt.date | None = None
) -> ParsedDate:
    """Join a spreadsheet's separate date and time cells without losing a clash between them."""
    parsed = parse_event_date(date_text, today=today)
    if time_text is None or not str(time_text).strip():
        return parsed
    time = parse_time(time_text)
    if parsed.time is not None and parsed.time != time:
        raise DateParseError(
            f"{date_text} / {time_text}",
            f"the date gives the time {_time_text(parsed.time)} "
            f"but the time column gives {_time_text(time)}",
        )
    return ParsedDate(parsed.date, time)


def format_event_date(date: EventDate, time: dt.time | None = None) -> str:
    """The display form plus any time, so that what the app shows can be typed back."""
    if time is None:
        return date.display()
    if time.tzinfo is not None:
        raise ValueError("event times are local clock times and carry no time zone")
    return f"{date.display()} {_time_text(time)}"


# The parser ------------------------------------------------------------------


def _normalised(text: object) -> tuple[str, str]:
    """Spreadsheets hand over None, numbers and odd spaces; reduce all to one spelling."""
    if not isinstance(text, str):
        raise DateParseError("" if text is None else str(text)[:MAX_LENGTH], "it is not text")
    value = text.strip()
    if not value:
        raise DateParseError(value, "it is empty")
    if len(value) > MAX_LENGTH:
        raise DateParseError(value, f"{len(value)} characters is too long for a date")
    clean = " ".join(value.lower().split()).rstrip(" .,;")
    if not clean:
        raise DateParseError(value, f"this is not a date; {_FORMS_HINT}")
    return value, clean


def _read_date_and_time(text: str, today: dt.date) -> ParsedDate:
    """Split off a trailing time, unless the 'time' is really part of the date.

    A bare four-digit time ("1430") is only taken after a full day, because after
    anything else it is more likely a year ("12 03 2019", "c. 2019").
    """
    split = _TRAILING_TIME.fullmatch(text)
    if split is None:
        return ParsedDate(_read_span(text, today), None)
    try:
        date = _read_span(split["body"], today)
    except _Unreadable as body_error:
        try:
            return ParsedDate(_read_span(text, today), None)
        except _Unreadable:
            if split["compact"]:
                raise  # the digits were more likely a year, so the whole text's reason fits
            raise body_error from None
    if split["compact"] and date.precision is not DatePrecision.DAY:
        return ParsedDate(_read_span(text, today), None)
    return ParsedDate(date, _time_from(split))


def _read_span(text: str, today: dt.date) -> EventDate:
    """Approximation and ranges wrap single dates; read them from the outside in."""
    approximate = _APPROXIMATELY.match(text)
    if approximate is not None:
        text = text[approximate.end() :]
        if not text:
            raise _Unreadable(f"there is no date after 'c.'; {_FORMS_HINT}")
    parts = _RANGE.fullmatch(text)
    if parts is not None and (parts["joiner"] != "and" or parts["lead"] == "between"):
        last = _read_point(parts["last"], today)
        return _joined(_read_point(parts["first"], today, last), last, approximate is not None)
    try:
        single = _read_point(text, today)
    except _Unreadable:
        # "2019-2020", "12-20 March 2019": a lone unspaced hyphen may join two dates.
        # Only tried after the whole failed, so "2019-03" and "Mar-19" stay single dates.
        if text.count("-") != 1:
            raise
        left, right = text.split("-")
        try:
            last = _read_point(right, today)
            first = _read_point(left, today, last)
        except _Unreadable:
            pass
        else:
            return _joined(first, last, approximate is not None)
        raise
    return EventDate.approximate(single.start, single.end) if approximate else single


def _joined(first: EventDate, last: EventDate, approximate: bool) -> EventDate:
    """A span of whole years is how records say 'some time then', so it counts as approximate."""
    if last.end < first.start:
        raise _Unreadable(f"the range ends ({last}) before it starts ({first})")
    if (
        approximate
        or DatePrecision.APPROXIMATE in (first.precision, last.precision)
        or first.precision is last.precision is DatePrecision.YEAR
    ):
        return EventDate.approximate(first.start, last.end)
    return EventDate.between(first.start, last.end)


def _read_point(text: str, today: dt.date, context: EventDate | None = None) -> EventDate:
    """One date. ``context`` is the other end of a range, lending a missing year."""
    text = text.strip()
    if text in _PLACEHOLDERS:
        raise _Unreadable(
            f"'{text}' says the date is not known; give what is known instead, "
            "such as 2019 or c. 2019"
        )
    if text in _OPEN_ENDS:
        raise _Unreadable(f"'{text}' moves as time passes; give the last date known instead")
    weekday = _WEEKDAY.fullmatch(text)
    if weekday is not None and weekday["weekday"] in _WEEKDAYS:
        date = _read_point(weekday["rest"], today, context)
        named = _WEEKDAYS[weekday["weekday"]]
        if date.precision is not DatePrecision.DAY:
            raise _Unreadable("a weekday needs a full date with it")
        if date.start.weekday() != named:
            actual = _WEEKDAY_NAMES[date.start.weekday()]
            raise _Unreadable(f"{date} was a {actual}, not a {_WEEKDAY_NAMES[named]}")
        return date

    vague = _read_vague(text, today)
    if vague is not None:
        return vague
    if match := _NUMERIC.fullmatch(text):
        return _numeric(match, today, context)
    if (match := _DAY_NAME.fullmatch(text)) and len(match["day"]) <= 2:
        month = _month_named(match["month"])
        if match["year"] is None:
            return _day(_borrowed_year(text, context, DatePrecision.DAY), month, match["day"])
        return _day(_year(match["year"], today), month, match["day"])
    if (match := _NAME_FIRST.fullmatch(text)) and (match["number"] or match["month"] in _MONTHS):
        return _month_first(match, today, context)
    raise _Unreadable(f"this is not a date; {_FORMS_HINT}")


def _read_vague(text: str, today: dt.date) -> EventDate | None:
    """Parts of a year, seasons and decades: how records say 'we do not know exactly'."""
    if match := _PART.fullmatch(text):
        whole = _read_point(match["rest"], today)
        if whole.precision is DatePrecision.YEAR:
            first, last = _PARTS_OF_YEAR[match["part"]]
            year = whole.start.year
            return EventDate.approximate(dt.date(year, first, 1), month_end(year, last))
        if whole.precision is DatePrecision.MONTH:
            first, last = _PARTS_OF_MONTH[match["part"]]
            return EventDate.approximate(
                whole.start.replace(day=first), whole.start.replace(day=min(last, whole.end.day))
            )
        raise _Unreadable(f"'{match['part']}' needs a month or a year after it")
    if match := _SEASON.fullmatch(text):
        year = _year(match["year"], today)
        first, last = _SEASONS[match["season"]]
        last_year = year + 1 if last < first else year
        if match["next"] is not None and (
            last_year == year or match["next"] not in (str(last_year), str(last_year)[2:])
        ):
            raise _Unreadable("only a winter spans two years, as in winter 2019/20")
        _year(str(last_year), today)
        return EventDate.approximate(dt.date(year, first, 1), month_end(last_year, last))
    if match := _DECADE.fullmatch(text):
        start = _year(match["decade"], today)
        return EventDate.approximate(dt.date(start, 1, 1), dt.date(start + 9, 12, 31))
    return None


def _numeric(match: re.Match[str], today: dt.date, context: EventDate | None) -> EventDate:
    """All-number dates: day-first, except that a leading four-digit year means ISO order."""
    a, b, c = match["a"], match["b"], match["c"]
    if b is not None and c is not None:
        if len(a) == 4:
            return _day(_year(a, today), _month_number(b), c)
        return _day_first(a, b, _year(c, today))
    if b is not None:
        if len(a) == 4 and len(b) == 4:
            raise _Unreadable("write a span of years with a dash, as in 2019–2020")
        if len(b) == 4:
            return EventDate.month(_year(b, today), _month_number(a))
        if len(a) == 4:
            return EventDate.month(_year(a, today), _month_number(b))
        return _day_first(a, b, _borrowed_year(f"{a}/{b}", context, DatePrecision.DAY))
    if len(a) == 4:
        return EventDate.year(_year(a, today))
    if len(a) <= 2 and context is not None and context.precision is DatePrecision.DAY:
        return _day(context.start.year, context.start.month, a)
    if len(a) == 5:
        raise _Unreadable("this looks like a spreadsheet date number; format the cell as a date")
    raise _Unreadable(f"a number alone is not a date; {_FORMS_HINT}")


def _month_first(match: re.Match[str], today: dt.date, context: EventDate | None) -> EventDate:
    """Month-name-first is fine with a year alone; with a day it is US order and is refused."""
    month = _month_named(match["month"])
    name, number = _MONTH_NAMES[month - 1], match["number"]
    if number is None:
        return EventDate.month(_borrowed_year(name, context, DatePrecision.MONTH), month)
    plain = match["year"] is None and match["ordinal"] is None
    if plain and len(number) == 4:
        return EventDate.month(_year(number, today), month)
    if plain and len(number) == 2 and set("-'/") & set(match["sep"]):
        return EventDate.month(_year(number, today), month)  # "Mar-19", "Mar '19"
    if plain and len(number) == 2:
        year = _year(number, today)
        raise _Unreadable(
            f"this could be {name} {year} or {int(number)} {name} written US style; "
            f"write {name} {year}, or the full date day first",
            ambiguous=True,
        )
    if len(number) <= 2:
        raise _Unreadable(
            f"month-first dates are US style; write {int(number)} {name} and the year",
            ambiguous=True,
        )
    raise _Unreadable(f"'{number}' is not a year; write years with four digits")


def _day(year: int, month: int, day_text: str) -> EventDate:
    """Name the impossible part, because "invalid date" does not tell a reviewer what to fix."""
    if len(day_text) > 2:
        raise _Unreadable(f"'{day_text}' is not a day of the month")
    day = int(day_text)
    days_in_month = calendar.monthrange(year, month)[1]
    if day == 0:
        raise _Unreadable("there is no day 0")
    if day > days_in_month:
        raise _Unreadable(
            f"{_MONTH_NAMES[month - 1]} {year} has only {days_in_month} days, not {day}"
        )
    return EventDate.day(year, month, day)


def _day_first(day: str, month: str, year: int) -> EventDate:
    """A 'month' over 12 after a 'day' up to 12 is US order: say so rather than swap silently."""
    if len(day) <= 2 and len(month) <= 2 and 1 <= int(day) <= 12 < int(month):
        us_month, us_day = int(day), int(month)
        if us_day <= calendar.monthrange(year, us_month)[1]:
            raise _Unreadable(
                f"dates are read day-first, so there is no month {us_day} (this looks like US "
                f"month-first order); write {us_day:02d}/{us_month:02d}/{year} if "
                f"{us_day} {_MONTH_NAMES[us_month - 1]} {year} was meant",
                ambiguous=True,
            )
    return _day(year, _month_number(month), day)


def _month_number(text: str) -> int:
    if len(text) > 2 or not 1 <= int(text) <= 12:
        raise _Unreadable(f"there is no month {text}")
    return int(text)


def _month_named(word: str) -> int:
    if word not in _MONTHS:
        raise _Unreadable(f"'{word}' is not a month; {_FORMS_HINT}")
    return _MONTHS[word]


def _year(text: str, today: dt.date) -> int:
    """Two-digit years fall in this century up to next year, else the last one."""
    latest = min(today.year + 1, dt.MAXYEAR - 1)  # room for a winter that ends next year
    if len(text) == 2:
        pivot = today.year % 100 + 1
        century = today.year - today.year % 100
        year = century + int(text) if int(text) <= pivot else century - 100 + int(text)
    elif len(text) == 4:
        year = int(text)
    else:
        raise _Unreadable(f"'{text}' is not a year; write years with four digits")
    if year < EARLIEST_YEAR:
        raise _Unreadable(f"{year} is before {EARLIEST_YEAR}; check the year")
    if year > latest:
        raise _Unreadable(f"{year} is more than a year in the future; check the year")
    return year


def _borrowed_year(text: str, context: EventDate | None, finest: DatePrecision) -> int:
    """'12 – 20 March 2019' lends its year leftwards, but only to an end no finer than itself."""
    allowed = (
        {DatePrecision.DAY}
        if finest is DatePrecision.DAY
        else {DatePrecision.DAY, DatePrecision.MONTH}
    )
    if context is None or context.precision not in allowed:
        raise _Unreadable(f"'{text}' has no year; add one, as in 12/03/2019 or March 2019")
    return context.start.year


def _time_from(match: re.Match[str]) -> dt.time:
    if match["compact"]:
        hour, minute = int(match["compact"][:2]), int(match["compact"][2:])
    else:
        hour, minute = int(match["hour"] or match["bare_hour"]), int(match["minute"] or 0)
    second = int(match["second"] or 0)
    microsecond = int((match["fraction"] or "").ljust(6, "0"))
    if match["meridiem"]:
        if not 1 <= hour <= 12:
            raise _Unreadable(f"{hour} is not an hour on a 12-hour clock (am/pm)")
        hour = hour % 12 + (12 if match["meridiem"] == "p" else 0)
    if hour > 23:
        raise _Unreadable(f"there is no hour {hour}; the day ends at 23:59")
    if minute > 59:
        raise _Unreadable(f"there is no minute {minute}; an hour has 60 minutes")
    if second > 59:
        raise _Unreadable(f"there is no second {second}; a minute has 60 seconds")
    return dt.time(hour, minute, second, microsecond)


def _time_text(time: dt.time) -> str:
    text = time.strftime("%H:%M")
    if time.second or time.microsecond:
        text += time.strftime(":%S")
    if time.microsecond:
        text += f".{time.microsecond:06d}"
    return text
