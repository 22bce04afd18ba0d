"""Theme frameworks and the tags that link events to themes."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from enum import StrEnum

from pydantic import Field, field_validator

from .common import Entity, Model, NonBlank, utc_now

_COLOUR = re.compile(r"^#[0-9A-Fa-f]{6}$")


class LexiconEntry(Model):
    """A phrase that suggests a theme, and how strongly."""

    phrase: NonBlank
    weight: float = 1.0


class Theme(Entity):
    framework_id: uuid.UUID
    code: NonBlank
    name: NonBlank
    colour: str = "#607D8B"
    description: str = ""
    guidance: str = ""
    lexicon: list[LexiconEntry] = Field(default_factory=list)
    quadrant_questions: list[str] = Field(default_factory=list)
    sort_order: int = 0

    @field_validator("colour")
    @classmethod
    def _hex_colour(cls, value: str) -> str:
        if not _COLOUR.match(value):
            raise ValueError("colour must be written #RRGGBB")
        return value.upper()


class ThemeFramework(Entity):
    code: NonBlank
    name: NonBlank
    description: str = ""
    version: int = 1


class Decision(StrEnum):
    ACCEPTED = "accepted"
    REJECTED = "rejected"


class SuggestionDecision(Entity):
    """The reviewer's answer to a suggested theme for an event; a rejection is kept
    so the same suggestion is not offered again."""

    event_id: uuid.UUID
    theme_id: uuid.UUID
    decision: Decision
    decided_by: str = ""
    decided_at: dt.datetime = Field(default_factory=utc_now)


class TagOrigin(StrEnum):
    MANUAL = "manual"
    SUGGESTION = "suggestion"
    IMPORT = "import"


class Tag(Entity):
    event_id: uuid.UUID
    theme_id: uuid.UUID
    rationale: str = ""
    origin: TagOrigin = TagOrigin.MANUAL
    created_by: str = ""
    created_at: dt.datetime = Field(default_factory=utc_now)
