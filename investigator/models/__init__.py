"""Typed domain models. Imports the standard library and pydantic only."""

from .audit import AuditEntry
from .common import Entity, Model, new_id, utc_now
from .dates import DatePrecision, EventDate
from .document import DOCUMENT_FORMAT, DOCUMENT_VERSION, ReviewDocument
from .errors import InvestigatorError, NotFoundError, ValidationError, first_problem
from .event import EVENT_TYPE_LABELS, Event, EventType
from .learning import (
    Bulletin,
    BulletinSection,
    BulletinStatus,
    Finding,
    LearningPoint,
    Quadrant,
    QuadrantItem,
)
from .query import ChronologyRow, EventFilter, Flags, SortColumn, ThemeMatch, TimelinePoint
from .review import (
    STANDARD_ATTRIBUTES,
    AttributeKind,
    Review,
    ReviewStatus,
    Subject,
    SubjectAttribute,
    coerce_attribute_value,
)
from .suggestions import (
    FIELD_LABELS,
    SUGGESTION_FIELDS,
    EventText,
    ExampleWord,
    ExampleWordsReason,
    PhraseReason,
    Reason,
    SimilarEventReason,
    Suggestion,
    built,
)
from .themes import (
    Decision,
    LexiconEntry,
    SuggestionDecision,
    Tag,
    TagOrigin,
    Theme,
    ThemeFramework,
)
from .vault import Identifier, IdentifierKind

__all__ = [
    "DOCUMENT_FORMAT",
    "DOCUMENT_VERSION",
    "EVENT_TYPE_LABELS",
    "FIELD_LABELS",
    "STANDARD_ATTRIBUTES",
    "SUGGESTION_FIELDS",
    "AttributeKind",
    "AuditEntry",
    "Bulletin",
    "BulletinSection",
    "BulletinStatus",
    "ChronologyRow",
    "DatePrecision",
    "Decision",
    "Entity",
    "Event",
    "EventDate",
    "EventFilter",
    "EventText",
    "EventType",
    "ExampleWord",
    "ExampleWordsReason",
    "Finding",
    "Flags",
    "Identifier",
    "IdentifierKind",
    "InvestigatorError",
    "LearningPoint",
    "LexiconEntry",
    "Model",
    "NotFoundError",
    "PhraseReason",
    "Quadrant",
    "QuadrantItem",
    "Reason",
    "Review",
    "ReviewDocument",
    "ReviewStatus",
    "SimilarEventReason",
    "SortColumn",
    "Subject",
    "SubjectAttribute",
    "Suggestion",
    "SuggestionDecision",
    "Tag",
    "TagOrigin",
    "Theme",
    "ThemeFramework",
    "ThemeMatch",
    "TimelinePoint",
    "ValidationError",
    "built",
    "coerce_attribute_value",
    "first_problem",
    "new_id",
    "utc_now",
]
