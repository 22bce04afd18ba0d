"""The whole-review interchange document (``export-json`` / ``import-json``).

Its JSON Schema is generated into ``docs/review.schema.json``.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from .common import Model
from .event import Event
from .learning import Bulletin, Finding, LearningPoint, QuadrantItem
from .review import Review, Subject
from .themes import SuggestionDecision, Tag, Theme, ThemeFramework
from .vault import Identifier

DOCUMENT_FORMAT = "investigator-review"
DOCUMENT_VERSION = 1


class ReviewDocument(Model):
    """Everything in a review, in a stable order, losslessly.

    The audit trail is a history of one file and is not part of the document.
    The identifier vault is ``None`` unless the reviewer chose to include it.
    """

    format: Literal["investigator-review"] = DOCUMENT_FORMAT
    format_version: Literal[1] = DOCUMENT_VERSION
    review: Review
    frameworks: list[ThemeFramework] = Field(default_factory=list)
    themes: list[Theme] = Field(default_factory=list)
    subjects: list[Subject] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)
    tags: list[Tag] = Field(default_factory=list)
    suggestion_decisions: list[SuggestionDecision] = Field(default_factory=list)
    findings: list[Finding] = Field(default_factory=list)
    learning_points: list[LearningPoint] = Field(default_factory=list)
    quadrant_items: list[QuadrantItem] = Field(default_factory=list)
    bulletins: list[Bulletin] = Field(default_factory=list)
    identifiers: list[Identifier] | None = None
