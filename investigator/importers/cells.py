"""Turning one cell into the text, date or yes/no a field needs, and back for export.

Spreadsheet programs run a cell that starts with ``=``, ``+``, ``-`` or ``@``
as a formula, so a chronology line like "=> seen by GP" could run code on the
reader's computer. Export prefixes such cells with one apostrophe; import
takes exactly one apostrophe back off, so text survives the round trip.
"""

from __future__ import annotations

import datetime as dt
import math
import re

from .table import CellValue

_FORMULA_START = re.compile(r"'*[=+\-@\t\r]")
_TRUE = frozenset({"yes", "y", "true", "t", "1", "x", "✓", "✔", "☑", "✅", "ticked"})
_FALSE = frozenset({"no", "n", "false", "f", "0", "", "-", "✗", "✘", "☐", "none"})


def neutralised(text: str) -> str:
    """The text as it must be written into a spreadsheet cell so that it cannot run.

    Text that already starts with apostrophes before such a character gets one
    more, so that ``unneutralised`` returns it exactly.
    """
    return "'" + text if _FORMULA_START.match(text) else text


def unneutralised(text: str) -> str:
    return text[1:] if text.startswith("'") and _FORMULA_START.match(text, 1) else text


def cell_text(value: CellValue) -> str:
    """Text for a text field; numbers lose a spreadsheet's trailing ".0"."""
    if value is None:
        return ""
    if type(value) is str:
        text = value.strip()
        if "\r" in text:
            text = text.replace("\r\n", "\n").replace("\r", "\n")
        if text[:1] == "'":
            text = unneutralised(text).strip()
        return text
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        if math.isfinite(value) and value.is_integer():
            return str(int(value))
        return repr(value)
    if isinstance(value, dt.datetime):
        return value.strftime("%d/%m/%Y %H:%M") if value.time() else value.strftime("%d/%m/%Y")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    return str(value)


def date_cell_text(value: CellValue) -> tuple[str, str | None]:
    """A date cell as text for the one date parser, plus any time the cell carried.

    A real Excel date is written day-first so the parser reads it exactly as
    stored; a date-time at midnight is a date alone (Excel cannot tell "no
    time" from 00:00, and midnight events are far rarer than dates without a
    time).
    """
    if isinstance(value, dt.datetime):
        time = value.time()
        has_time = time != dt.time(0)
        return _day_text(value.date()), (_clock_text(time) if has_time else None)
    if isinstance(value, dt.date):
        return _day_text(value), None
    if isinstance(value, dt.time):
        return "", _clock_text(value)
    return cell_text(value), None


def time_cell_text(value: CellValue) -> str | None:
    """A time cell as text for the parser; Excel hands over times as time objects."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return _clock_text(value.time())
    if isinstance(value, dt.time):
        return _clock_text(value)
    if isinstance(value, dt.timedelta):
        seconds = int(value.total_seconds())
        if 0 <= seconds < 86400:
            return _clock_text(dt.time(seconds // 3600, seconds // 60 % 60, seconds % 60))
    if isinstance(value, int | float) and not isinstance(value, bool) and 0 <= value < 1:
        seconds = round(value * 86400)  # an unformatted Excel time: a fraction of a day
        if seconds < 86400:
            return _clock_text(dt.time(seconds // 3600, seconds // 60 % 60, seconds % 60))
    text = cell_text(value)
    return text or None


def read_flag(value: CellValue) -> bool:
    """Yes/no as reviewers mark it; raises ValueError for anything else."""
    if value is None:
        return False
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        if value in (0, 1):
            return bool(value)
        raise ValueError(value)
    text = cell_text(value).casefold().rstrip(".")
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValueError(value)


def _day_text(day: dt.date) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year:04d}"


def _clock_text(time: dt.time) -> str:
    text = f"{time.hour:02d}:{time.minute:02d}"
    if time.second or time.microsecond:
        text += f":{time.second:02d}"
    if time.microsecond:
        text += f".{time.microsecond:06d}"
    return text


def time_text(time: dt.time) -> str:
    """How export writes a time: what ``parse_time`` reads back exactly."""
    return _clock_text(time)
