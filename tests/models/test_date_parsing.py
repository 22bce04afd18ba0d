"""The project's one date parser: UK forms in, refusals with reasons, lossless round trip."""

from __future__ import annotations

import datetime as dt
import time as clock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from investigator.models.date_parsing import (
    DateParseError,
    ParsedDate,
    format_event_date,
    parse_date_and_time,
    parse_event_date,
    parse_time,
)
from investigator.models.dates import DatePrecision, EventDate, month_end
from investigator.models.errors import InvestigatorError

TODAY = dt.date(2025, 6, 1)
# Far enough ahead that every year 1900–2099 is inside the accepted window.
FAR_FUTURE = dt.date(2099, 12, 31)

D = dt.date
day, month, year = EventDate.day, EventDate.month, EventDate.year
approx, between = EventDate.approximate, EventDate.between


def parse(text: str) -> ParsedDate:
    return parse_event_date(text, today=TODAY)


ACCEPTED: list[tuple[str, EventDate, dt.time | None]] = [
    # numeric, day first
    ("12/03/2019", day(2019, 3, 12), None),
    ("12/3/2019", day(2019, 3, 12), None),
    ("12-03-2019", day(2019, 3, 12), None),
    ("12.3.19", day(2019, 3, 12), None),
    ("12.03.2019", day(2019, 3, 12), None),
    ("12 03 2019", day(2019, 3, 12), None),
    ("  12/03/2019\t", day(2019, 3, 12), None),
    ("19/03/12", day(2012, 3, 19), None),
    ("01/01/26", day(2026, 1, 1), None),  # pivot: up to next year is this century
    ("01/01/27", day(1927, 1, 1), None),
    ("29/02/2020", day(2020, 2, 29), None),
    # month names
    ("12-Mar-2019", day(2019, 3, 12), None),
    ("12 Mar 2019", day(2019, 3, 12), None),
    ("12 MARCH 2019", day(2019, 3, 12), None),
    ("3rd March 2019", day(2019, 3, 3), None),
    ("3rd of March, 2019", day(2019, 3, 3), None),
    ("12 Sept 2019", day(2019, 9, 12), None),
    ("12-mar-19", day(2019, 3, 12), None),
    ("Tuesday 12 March 2019", day(2019, 3, 12), None),
    ("Tue, 12 Mar 2019", day(2019, 3, 12), None),
    # month precision
    ("March 2019", month(2019, 3), None),
    ("Mar 2019", month(2019, 3), None),
    ("Mar. 2019", month(2019, 3), None),
    ("Mar-19", month(2019, 3), None),
    ("Mar '19", month(2019, 3), None),
    ("03/2019", month(2019, 3), None),
    ("3/2019", month(2019, 3), None),
    ("2019-03", month(2019, 3), None),
    # year precision
    ("2019", year(2019), None),
    ("1900", year(1900), None),
    ("2026", year(2026), None),
    # approximate
    ("c. 2019", approx(D(2019, 1, 1), D(2019, 12, 31)), None),
    ("c.2019", approx(D(2019, 1, 1), D(2019, 12, 31)), None),
    ("c 2019", approx(D(2019, 1, 1), D(2019, 12, 31)), None),
    ("C. 2019", approx(D(2019, 1, 1), D(2019, 12, 31)), None),
    ("circa 2019", approx(D(2019, 1, 1), D(2019, 12, 31)), None),
    ("about 2019", approx(D(2019, 1, 1), D(2019, 12, 31)), None),
    ("approx. 2019", approx(D(2019, 1, 1), D(2019, 12, 31)), None),
    ("approximately June 2019", approx(D(2019, 6, 1), D(2019, 6, 30)), None),
    ("around 06/2019", approx(D(2019, 6, 1), D(2019, 6, 30)), None),
    ("c. June 2019", approx(D(2019, 6, 1), D(2019, 6, 30)), None),
    ("c. 06/2019", approx(D(2019, 6, 1), D(2019, 6, 30)), None),
    ("c. 12/03/2019", approx(D(2019, 3, 12), D(2019, 3, 12)), None),
    ("early 2019", approx(D(2019, 1, 1), D(2019, 4, 30)), None),
    ("mid 2019", approx(D(2019, 5, 1), D(2019, 8, 31)), None),
    ("mid-2019", approx(D(2019, 5, 1), D(2019, 8, 31)), None),
    ("late 2019", approx(D(2019, 9, 1), D(2019, 12, 31)), None),
    ("early March 2019", approx(D(2019, 3, 1), D(2019, 3, 10)), None),
    ("late Feb 2020", approx(D(2020, 2, 21), D(2020, 2, 29)), None),
    ("spring 2019", approx(D(2019, 3, 1), D(2019, 5, 31)), None),
    ("summer 2019", approx(D(2019, 6, 1), D(2019, 8, 31)), None),
    ("summer of 2019", approx(D(2019, 6, 1), D(2019, 8, 31)), None),
    ("autumn 2019", approx(D(2019, 9, 1), D(2019, 11, 30)), None),
    ("winter 2019", approx(D(2019, 12, 1), D(2020, 2, 29)), None),
    ("winter 2019/20", approx(D(2019, 12, 1), D(2020, 2, 29)), None),
    ("1990s", approx(D(1990, 1, 1), D(1999, 12, 31)), None),
    ("2019–2020", approx(D(2019, 1, 1), D(2020, 12, 31)), None),
    ("2019-2020", approx(D(2019, 1, 1), D(2020, 12, 31)), None),
    ("c. 2019-2020", approx(D(2019, 1, 1), D(2020, 12, 31)), None),
    ("c. 2018–2019", approx(D(2018, 1, 1), D(2019, 12, 31)), None),
    ("c. 03/2019–05/2019", approx(D(2019, 3, 1), D(2019, 5, 31)), None),
    ("c. 12/03/2019–20/03/2019", approx(D(2019, 3, 12), D(2019, 3, 20)), None),
    # ranges
    ("12/03/2019 - 20/03/2019", between(D(2019, 3, 12), D(2019, 3, 20)), None),
    ("12/03/2019 – 20/03/2019", between(D(2019, 3, 12), D(2019, 3, 20)), None),
    ("12/03/2019-20/03/2019", between(D(2019, 3, 12), D(2019, 3, 20)), None),
    ("12/03/2019 to 20/03/2019", between(D(2019, 3, 12), D(2019, 3, 20)), None),
    ("between 12/03/2019 and 20/03/2019", between(D(2019, 3, 12), D(2019, 3, 20)), None),
    ("from 12/03/2019 to 20/03/2019", between(D(2019, 3, 12), D(2019, 3, 20)), None),
    ("03/2019 - 05/2019", between(D(2019, 3, 1), D(2019, 5, 31)), None),
    ("12/03/2019 – 12/03/2019", between(D(2019, 3, 12), D(2019, 3, 12)), None),
    ("12-20 March 2019", between(D(2019, 3, 12), D(2019, 3, 20)), None),
    ("12/03 - 20/03/2019", between(D(2019, 3, 12), D(2019, 3, 20)), None),
    ("March–May 2019", between(D(2019, 3, 1), D(2019, 5, 31)), None),
    ("between 2019 and 2020", approx(D(2019, 1, 1), D(2020, 12, 31)), None),
    # ISO
    ("2019-03-12", day(2019, 3, 12), None),
    ("2019/03/12", day(2019, 3, 12), None),
    ("2019-03-12T14:30", day(2019, 3, 12), dt.time(14, 30)),
    ("2019-03-12 14:30:00", day(2019, 3, 12), dt.time(14, 30)),
    # date and time in one cell
    ("12/03/2019 14:30", day(2019, 3, 12), dt.time(14, 30)),
    ("12/03/2019 14.30", day(2019, 3, 12), dt.time(14, 30)),
    ("12/03/2019 1430", day(2019, 3, 12), dt.time(14, 30)),
    ("12/03/2019 1430hrs", day(2019, 3, 12), dt.time(14, 30)),
    ("12/03/2019 at 14:30", day(2019, 3, 12), dt.time(14, 30)),
    ("12/03/2019, 2:30pm", day(2019, 3, 12), dt.time(14, 30)),
    ("12/03/2019 2pm", day(2019, 3, 12), dt.time(14)),
    ("12/03/2019 2 p.m.", day(2019, 3, 12), dt.time(14)),
    ("12/03/2019 12:00am", day(2019, 3, 12), dt.time(0)),
    ("12/03/2019 12pm", day(2019, 3, 12), dt.time(12)),
    ("12 March 2019 09:05:30", day(2019, 3, 12), dt.time(9, 5, 30)),
    ("c. 2019 14:30", approx(D(2019, 1, 1), D(2019, 12, 31)), dt.time(14, 30)),
    ("12/03/2019 – 20/03/2019 08:00", between(D(2019, 3, 12), D(2019, 3, 20)), dt.time(8)),
]


@pytest.mark.parametrize(("text", "expected", "time"), ACCEPTED, ids=[t for t, _, _ in ACCEPTED])
def test_accepted_forms(text: str, expected: EventDate, time: dt.time | None) -> None:
    assert parse(text) == ParsedDate(expected, time)


REJECTED: list[tuple[str, str, bool]] = [
    # (text, reason fragment, ambiguous)
    ("", "empty", False),
    ("   ", "empty", False),
    ("unknown", "not known", False),
    ("n/k", "not known", False),
    ("TBC", "not known", False),
    ("hello", "not a date", False),
    ("31/02/2019", "February 2019 has only 28 days", False),
    ("29/02/2019", "February 2019 has only 28 days", False),
    ("00/01/2019", "no day 0", False),
    ("12/00/2019", "no month 00", False),
    ("12/13/2019", "13/12/2019", True),
    ("03/25/2019", "25/03/2019 if 25 March 2019 was meant", True),
    ("25/25/2019", "no month 25", False),
    ("2019-13-01", "no month 13", False),
    ("March 3rd, 2019", "US", True),
    ("March 3, 2019", "US", True),
    ("Mar 3", "US", True),
    ("Mar 19", "March 2019 or 19 March", True),
    ("12/03", "no year", False),
    ("12 March", "no year", False),
    ("March", "no year", False),
    ("1899", "before 1900", False),
    ("12/03/1850", "before 1900", False),
    ("2027", "future", False),
    ("01/01/2027", "future", False),
    ("12/03/201", "'201' is not a year", False),
    ("12 Marhc 2019", "'marhc' is not a month", False),
    ("Monday 12 March 2019", "was a Tuesday, not a Monday", False),
    ("Tuesday March 2019", "weekday needs a full date", False),
    ("20/03/2019 - 12/03/2019", "ends (12/03/2019) before it starts (20/03/2019)", False),
    ("05/2019 to 03/2019", "before it starts", False),
    ("12/03/2019 25:00", "no hour 25", False),
    ("12/03/2019 14:61", "no minute 61", False),
    ("12/03/2019 14:30pm", "12-hour clock", False),
    ("43536", "spreadsheet date number", False),
    ("12", "number alone", False),
    ("c.", "no date after", False),
    ("mid 12/03/2019", "needs a month or a year", False),
    ("spring 2019/20", "only a winter", False),
    ("2019 - present", "last date known", False),
    ("12/03/2019 to date", "last date known", False),
    ("x" * 101, "too long", False),
]


@pytest.mark.parametrize(("text", "fragment", "ambiguous"), REJECTED, ids=[r[0] for r in REJECTED])
def test_rejected_forms(text: str, fragment: str, ambiguous: bool) -> None:
    with pytest.raises(DateParseError) as caught:
        parse(text)
    assert fragment in caught.value.reason
    assert caught.value.ambiguous is ambiguous
    assert caught.value.value == text.strip()


def test_error_is_a_reviewer_facing_value_error() -> None:
    with pytest.raises(DateParseError) as caught:
        parse("31/02/2019")
    assert isinstance(caught.value, ValueError)
    assert isinstance(caught.value, InvestigatorError)
    assert "31/02/2019" in str(caught.value)
    assert "28 days" in str(caught.value)


def test_non_text_is_refused_not_crashed_on() -> None:
    with pytest.raises(DateParseError):
        parse_event_date(None, today=TODAY)  # type: ignore[arg-type]
    with pytest.raises(DateParseError):
        parse_event_date(43536.0, today=TODAY)  # type: ignore[arg-type]


def test_default_today_allows_next_year_only() -> None:
    this_year = dt.date.today().year
    assert parse_event_date(str(this_year + 1)).date == year(this_year + 1)
    with pytest.raises(DateParseError, match="future"):
        parse_event_date(str(this_year + 2))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("14:30", dt.time(14, 30)),
        ("14.30", dt.time(14, 30)),
        ("1430", dt.time(14, 30)),
        ("0905", dt.time(9, 5)),
        ("2:30pm", dt.time(14, 30)),
        ("2:30 PM", dt.time(14, 30)),
        ("2pm", dt.time(14)),
        ("12:00am", dt.time(0)),
        ("12:15pm", dt.time(12, 15)),
        ("14:30:15", dt.time(14, 30, 15)),
        ("00:00", dt.time(0)),
        ("23:59", dt.time(23, 59)),
        ("1430hrs", dt.time(14, 30)),
        (" 14:30 ", dt.time(14, 30)),
    ],
)
def test_parse_time_accepts(text: str, expected: dt.time) -> None:
    assert parse_time(text) == expected


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("24:00", "no hour 24"),
        ("14:60", "no minute 60"),
        ("14:30:60", "no second 60"),
        ("13pm", "12-hour clock"),
        ("0am", "12-hour clock"),
        ("14", "not a time"),
        ("noonish", "not a time"),
        ("", "empty"),
    ],
)
def test_parse_time_rejects(text: str, fragment: str) -> None:
    with pytest.raises(DateParseError) as caught:
        parse_time(text)
    assert fragment in caught.value.reason


def test_date_and_time_in_two_cells() -> None:
    both = parse_date_and_time("12/03/2019", "14:30", today=TODAY)
    assert both == ParsedDate(day(2019, 3, 12), dt.time(14, 30))
    assert parse_date_and_time("12/03/2019", None, today=TODAY).time is None
    assert parse_date_and_time("12/03/2019", "  ", today=TODAY).time is None
    same = parse_date_and_time("12/03/2019 14:30", "2:30pm", today=TODAY)
    assert same.time == dt.time(14, 30)


def test_date_and_time_cells_that_disagree_are_refused() -> None:
    with pytest.raises(DateParseError, match=r"14:30.*15:00"):
        parse_date_and_time("12/03/2019 14:30", "15:00", today=TODAY)


def test_format_keeps_seconds_only_when_present() -> None:
    assert format_event_date(day(2019, 3, 12)) == "12/03/2019"
    assert format_event_date(day(2019, 3, 12), dt.time(14, 30)) == "12/03/2019 14:30"
    assert format_event_date(day(2019, 3, 12), dt.time(14, 30, 5)) == "12/03/2019 14:30:05"


@pytest.mark.parametrize(
    "text", ["1" * 100, "1/" * 50, "a " * 50, "- " * 50, "between " * 12, "c." * 50, "12:" * 33]
)
def test_adversarial_input_is_refused_quickly(text: str) -> None:
    started = clock.perf_counter()
    with pytest.raises(DateParseError):
        parse(text)
    assert clock.perf_counter() - started < 0.5


# Properties --------------------------------------------------------------------

calendar_days = st.dates(min_value=D(1900, 1, 1), max_value=D(2099, 12, 31))


@st.composite
def event_dates(draw: st.DrawFn) -> EventDate:
    precision = draw(st.sampled_from(DatePrecision))
    first, second = sorted((draw(calendar_days), draw(calendar_days)))
    if precision is DatePrecision.DAY:
        return day(first.year, first.month, first.day)
    if precision is DatePrecision.MONTH:
        return month(first.year, first.month)
    if precision is DatePrecision.YEAR:
        return year(first.year)
    # Snap some spans to whole months or years to reach every display form.
    snap = draw(st.sampled_from(["day", "month", "year"]))
    if snap == "month":
        first, second = first.replace(day=1), month_end(second.year, second.month)
    elif snap == "year":
        first, second = D(first.year, 1, 1), D(second.year, 12, 31)
    if draw(st.booleans()):
        second = first
    if precision is DatePrecision.APPROXIMATE:
        return approx(first, second)
    return between(first, second)


times = st.none() | st.times() | st.times().map(lambda t: t.replace(second=0, microsecond=0))


@settings(max_examples=300, deadline=None)
@given(event_dates(), times)
def test_formatted_dates_parse_back(date: EventDate, time: dt.time | None) -> None:
    text = format_event_date(date, time)
    assert parse_event_date(text, today=FAR_FUTURE) == ParsedDate(date, time)


@settings(max_examples=300, deadline=None)
@given(event_dates())
def test_displayed_dates_parse_back(date: EventDate) -> None:
    assert parse_event_date(date.display(), today=FAR_FUTURE) == ParsedDate(date, None)


date_words = st.sampled_from(
    [
        *"0123456789", "12", "03", "31", "00", "13", "25", "99", "2019", "1899", "2030",
        "/", "-", ".", " ", ",", "'", ":", "–", "t", "at", "am", "pm", "hrs", "st", "th",
        "march", "Mar", "sept", "may", "tuesday", "Tue", "c.", "circa", "mid", "early",
        "winter", "between", "and", "to", "of", "s", "unknown", "?",
    ]
)  # fmt: skip


def _parses_or_refuses(text: str) -> None:
    try:
        result = parse_event_date(text, today=TODAY)
    except DateParseError as error:
        assert error.reason
    else:
        assert isinstance(result, ParsedDate)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=120))
def test_any_text_parses_or_is_refused(text: str) -> None:
    _parses_or_refuses(text)


@settings(max_examples=300, deadline=None)
@given(st.lists(date_words, max_size=12).map("".join))
def test_date_like_text_parses_or_is_refused(text: str) -> None:
    _parses_or_refuses(text)
