"""Between models and rows: the one place that knows each table's columns."""

from __future__ import annotations

import json
import sqlite3
import uuid
from dataclasses import dataclass
from typing import Any

from investigator.models import (
    Bulletin,
    DatePrecision,
    Entity,
    Event,
    EventDate,
    Finding,
    Identifier,
    LearningPoint,
    QuadrantItem,
    Review,
    Subject,
    SuggestionDecision,
    Tag,
    Theme,
    ThemeFramework,
)


@dataclass(frozen=True)
class Mapper:
    """Maps one model class to one table; list and object fields are JSON text."""

    kind: str
    table: str
    model: type[Entity]
    json_columns: frozenset[str] = frozenset()
    order_by: str = "rowid"

    @property
    def columns(self) -> list[str]:
        return list(self.model.model_fields)

    def to_row(self, model: Entity) -> dict[str, Any]:
        data = model.model_dump(mode="json")
        for column in self.json_columns:
            data[column] = json.dumps(data[column], ensure_ascii=False)
        return data

    def from_row(self, row: sqlite3.Row) -> Entity:
        data = dict(row)
        for column in self.json_columns:
            data[column] = json.loads(data[column])
        return self.model.model_validate(data)

    def select_sql(self) -> str:
        return f"SELECT {', '.join(self.columns)} FROM {self.table}"


class EventMapper(Mapper):
    """Events keep their date in three columns and their subjects in a link table."""

    @property
    def columns(self) -> list[str]:
        return [c for c in EVENT_COLUMNS]

    def to_row(self, model: Entity) -> dict[str, Any]:
        assert isinstance(model, Event)
        data = model.model_dump(mode="json", exclude={"date", "subject_ids"})
        data["date_start"] = model.date.start.isoformat()
        data["date_end"] = model.date.end.isoformat()
        data["date_precision"] = model.date.precision.value
        return data

    def from_row(self, row: sqlite3.Row) -> Entity:
        data = dict(row)
        data["date"] = EventDate(
            start=data.pop("date_start"),
            end=data.pop("date_end"),
            precision=DatePrecision(data.pop("date_precision")),
        )
        links = data.pop("subject_links")
        data["subject_ids"] = [uuid.UUID(s) for s in links.split(",")] if links else []
        for flag in ("missed_opportunity", "care_problem", "notable_practice"):
            data[flag] = bool(data[flag])
        return Event.model_validate(data)

    def select_sql(self) -> str:
        return f"SELECT {', '.join(EVENT_COLUMNS)}, {SUBJECT_LINKS_SQL} FROM events"


EVENT_COLUMNS = [
    "id",
    "date_start",
    "date_end",
    "date_precision",
    "time",
    "agency",
    "author_role",
    "event_type",
    "summary",
    "should_have_happened",
    "analysis",
    "source",
    "missed_opportunity",
    "care_problem",
    "notable_practice",
]

# The event's subjects in the order they were given.
SUBJECT_LINKS_SQL = (
    "(SELECT group_concat(subject_id, ',') FROM (SELECT subject_id FROM "
    "event_subjects WHERE event_id = events.id ORDER BY position)) AS subject_links"
)

MAPPERS: dict[type[Entity], Mapper] = {
    m.model: m
    for m in (
        Mapper("review", "review", Review, frozenset({"reviewers"})),
        Mapper("framework", "frameworks", ThemeFramework),
        Mapper(
            "theme",
            "themes",
            Theme,
            frozenset({"lexicon", "quadrant_questions"}),
            order_by="sort_order, rowid",
        ),
        Mapper(
            "subject",
            "subjects",
            Subject,
            frozenset({"attributes"}),
            order_by="sort_order, label COLLATE NOCASE",
        ),
        EventMapper("event", "events", Event, order_by="date_start, time, seq"),
        Mapper("tag", "tags", Tag),
        Mapper("suggestion_decision", "suggestion_decisions", SuggestionDecision),
        Mapper(
            "finding",
            "findings",
            Finding,
            frozenset({"evidence_event_ids"}),
            order_by="sort_order, rowid",
        ),
        Mapper(
            "learning_point",
            "learning_points",
            LearningPoint,
            frozenset({"theme_ids"}),
            order_by="sort_order, rowid",
        ),
        Mapper(
            "quadrant_item",
            "quadrant_items",
            QuadrantItem,
            frozenset({"theme_ids"}),
            order_by="quadrant, sort_order, rowid",
        ),
        Mapper(
            "bulletin",
            "bulletins",
            Bulletin,
            frozenset({"sections", "learning_point_ids", "quadrant_item_ids"}),
        ),
        Mapper("identifier", "identifiers", Identifier),
    )
}

MAPPERS_BY_KIND: dict[str, Mapper] = {m.kind: m for m in MAPPERS.values()}


def mapper_for(model_class: type[Entity]) -> Mapper:
    return MAPPERS[model_class]
