"""What the reviewer asks to see of the chronology: filters and sort order."""

from __future__ import annotations

import datetime as dt
import uuid
from enum import IntFlag, StrEnum
from typing import NamedTuple

from pydantic import Field

from .common import Model
from .event import Event, EventType


class ThemeMatch(StrEnum):
    ANY = "any"  # tagged with at least one of the chosen themes
    ALL = "all"  # tagged with every chosen theme
    UNTAGGED = "untagged"  # no tags at all


class SortColumn(StrEnum):
    DATE = "date"
    SUBJECTS = "subjects"
    AGENCY = "agency"
    EVENT_TYPE = "event_type"
    SUMMARY = "summary"
    THEMES = "themes"
    FLAGS = "flags"


class EventFilter(Model):
    """A combination of filters; an empty filter shows the whole chronology."""

    subject_ids: list[uuid.UUID] = Field(default_factory=list)
    agencies: list[str] = Field(default_factory=list)
    event_types: list[EventType] = Field(default_factory=list)
    theme_ids: list[uuid.UUID] = Field(default_factory=list)
    theme_match: ThemeMatch = ThemeMatch.ANY
    missed_opportunity: bool | None = None
    care_problem: bool | None = None
    notable_practice: bool | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    text: str = ""
    sort: SortColumn = SortColumn.DATE
    descending: bool = False

    @property
    def is_empty(self) -> bool:
        return self == EventFilter(sort=self.sort, descending=self.descending)


class Flags(IntFlag):
    NONE = 0
    MISSED_OPPORTUNITY = 4
    CARE_PROBLEM = 2
    NOTABLE_PRACTICE = 1

    @classmethod
    def of(cls, event: Event) -> Flags:
        value = cls.NONE
        if event.missed_opportunity:
            value |= cls.MISSED_OPPORTUNITY
        if event.care_problem:
            value |= cls.CARE_PROBLEM
        if event.notable_practice:
            value |= cls.NOTABLE_PRACTICE
        return value


class ChronologyRow(NamedTuple):
    """One row of the chronology table: the event and the themes it is tagged with."""

    event: Event
    theme_ids: tuple[uuid.UUID, ...]


class TimelinePoint(NamedTuple):
    """What the timeline needs of an event; light enough for 100,000 of them."""

    event_id: str
    start: int  # date.toordinal()
    end: int
    subject_ids: tuple[str, ...]
    theme_ids: tuple[str, ...]
    flags: int
