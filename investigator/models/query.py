"""What the reviewer asks to see of the chronology: filters and sort order."""

from __future__ import annotations

import datetime as dt
import uuid
from enum import StrEnum

from pydantic import Field

from .common import Model
from .event import EventType


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
