"""What a review concludes and publishes."""

from __future__ import annotations

import datetime as dt
import uuid
from enum import StrEnum

from pydantic import Field

from .common import Entity, Model, NonBlank, utc_now


class Finding(Entity):
    """A theme's narrative, with the events that evidence it."""

    theme_id: uuid.UUID | None = None
    title: NonBlank
    narrative: str = ""
    evidence_event_ids: list[uuid.UUID] = Field(default_factory=list)
    sort_order: int = 0


class LearningPoint(Entity):
    text: NonBlank
    theme_ids: list[uuid.UUID] = Field(default_factory=list)
    sort_order: int = 0


class Quadrant(StrEnum):
    INDIVIDUAL = "individual"
    GOVERNANCE = "governance"
    BOARD = "board"
    SYSTEM = "system"

    @property
    def label(self) -> str:
        return {
            Quadrant.INDIVIDUAL: "Individual practice",
            Quadrant.GOVERNANCE: "Governance focused learning",
            Quadrant.BOARD: "Board assurance",
            Quadrant.SYSTEM: "System learning points",
        }[self]


class QuadrantItem(Entity):
    quadrant: Quadrant
    question: NonBlank
    theme_ids: list[uuid.UUID] = Field(default_factory=list)
    sort_order: int = 0


class BulletinStatus(StrEnum):
    DRAFT = "draft"
    FINAL = "final"


class BulletinSection(Model):
    heading: NonBlank
    body: str = ""
    theme_id: uuid.UUID | None = None


class Bulletin(Entity):
    title: NonBlank
    subtitle: str = ""
    introduction: str = ""
    sections: list[BulletinSection] = Field(default_factory=list)
    learning_point_ids: list[uuid.UUID] = Field(default_factory=list)
    quadrant_item_ids: list[uuid.UUID] = Field(default_factory=list)
    notes: str = ""
    status: BulletinStatus = BulletinStatus.DRAFT
    version: int = 1
    updated_at: dt.datetime = Field(default_factory=utc_now)
