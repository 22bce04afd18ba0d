"""The review itself and the people it is about."""

from __future__ import annotations

import datetime as dt
import math
import uuid
from enum import StrEnum

from pydantic import Field, model_validator

from .common import Entity, Model, NonBlank, utc_now


class ReviewStatus(StrEnum):
    IN_PROGRESS = "in_progress"
    IN_DRAFT = "in_draft"
    PUBLISHED = "published"


class Review(Entity):
    """One review: the unit kept in one file."""

    title: NonBlank
    reference: str = ""
    terms_of_reference: str = ""
    reviewers: list[str] = Field(default_factory=list)
    status: ReviewStatus = ReviewStatus.IN_PROGRESS
    framework_id: uuid.UUID | None = None
    created_at: dt.datetime = Field(default_factory=utc_now)
    updated_at: dt.datetime = Field(default_factory=utc_now)


class AttributeKind(StrEnum):
    TEXT = "text"
    DATE = "date"
    YES_NO = "yes_no"
    NUMBER = "number"


class SubjectAttribute(Model):
    """A reviewer-defined fact about a service user, with its type."""

    name: NonBlank
    kind: AttributeKind = AttributeKind.TEXT
    value: bool | float | dt.date | str | None = None

    @model_validator(mode="before")
    @classmethod
    def _value_matches_kind(cls, data: object) -> object:
        """Read the value as its kind says, so JSON round trips keep types."""
        if not isinstance(data, dict):
            return data
        data = dict(data)
        kind = AttributeKind(data.get("kind", AttributeKind.TEXT))
        data["value"] = coerce_attribute_value(kind, data.get("value"))
        return data


_YES = {"yes", "y", "true", "1"}
_NO = {"no", "n", "false", "0"}


def coerce_attribute_value(
    kind: AttributeKind, value: object
) -> bool | float | dt.date | str | None:
    """Turn a typed-in or stored value into the attribute's kind, or fail."""
    if value is None or value == "":
        return None
    if kind is AttributeKind.TEXT:
        return str(value)
    if kind is AttributeKind.YES_NO:
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in _YES:
            return True
        if text in _NO:
            return False
        raise ValueError(f"{value!r} is not yes or no")
    if kind is AttributeKind.NUMBER:
        if isinstance(value, bool):
            raise ValueError("a yes/no value is not a number")
        try:
            number = float(value)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            raise ValueError(f"{value!r} is not a number") from None
        if not math.isfinite(number):
            raise ValueError(f"{value!r} is not a finite number")
        return number
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise ValueError(f"{value!r} is not a date (write YYYY-MM-DD)") from None


# The attribute fields every subject has, in display order.
STANDARD_ATTRIBUTES: dict[str, str] = {
    "community": "Community / ethnicity",
    "communication_needs": "Communication needs",
    "care_pathway": "Care pathway",
    "forensic_history": "Forensic history",
    "substance_use": "Substance use",
}


class Subject(Entity):
    """A service user, known in the review only by a pseudonym label."""

    label: NonBlank
    community: str = ""
    communication_needs: str = ""
    care_pathway: str = ""
    forensic_history: str = ""
    substance_use: str = ""
    attributes: list[SubjectAttribute] = Field(default_factory=list)
    sort_order: int = 0
