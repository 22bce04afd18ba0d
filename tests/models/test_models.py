from __future__ import annotations

import datetime as dt
import uuid

import pytest
from pydantic import ValidationError

from investigator.models import (
    AttributeKind,
    DatePrecision,
    Event,
    EventDate,
    SubjectAttribute,
    Theme,
)


@pytest.mark.parametrize(
    ("date", "shown"),
    [
        (EventDate.day(2019, 3, 12), "12/03/2019"),
        (EventDate.month(2019, 3), "03/2019"),
        (EventDate.year(2019), "2019"),
        (EventDate.approximate(dt.date(2019, 1, 1), dt.date(2019, 12, 31)), "c. 2019"),
        (EventDate.approximate(dt.date(2019, 6, 1), dt.date(2019, 6, 30)), "c. 06/2019"),
        (EventDate.between(dt.date(2019, 3, 12), dt.date(2019, 3, 20)), "12/03/2019 – 20/03/2019"),
    ],
)
def test_dates_show_their_precision(date: EventDate, shown: str) -> None:
    assert date.display() == shown


def test_inconsistent_dates_are_refused() -> None:
    with pytest.raises(ValidationError):
        EventDate(start=dt.date(2019, 3, 2), end=dt.date(2019, 3, 1), precision=DatePrecision.RANGE)
    with pytest.raises(ValidationError):
        EventDate(
            start=dt.date(2019, 3, 2), end=dt.date(2019, 3, 31), precision=DatePrecision.MONTH
        )


def test_an_event_needs_a_subject_and_a_summary() -> None:
    with pytest.raises(ValidationError):
        Event(subject_ids=[], date=EventDate.year(2019), summary="x")
    with pytest.raises(ValidationError):
        Event(subject_ids=[uuid.uuid4()], date=EventDate.year(2019), summary="   ")


def test_attribute_values_follow_their_kind() -> None:
    assert SubjectAttribute(name="n", kind=AttributeKind.NUMBER, value="3").value == 3.0
    with pytest.raises(ValidationError):
        SubjectAttribute(name="n", kind=AttributeKind.NUMBER, value="inf")
    with pytest.raises(ValidationError):
        SubjectAttribute(name="n", kind=AttributeKind.YES_NO, value="perhaps")


def test_theme_colours_are_hex() -> None:
    with pytest.raises(ValidationError):
        Theme(framework_id=uuid.uuid4(), code="X", name="X", colour="purple")
    assert (
        Theme(framework_id=uuid.uuid4(), code="X", name="X", colour="#abcdef").colour == "#ABCDEF"
    )
