"""Typed domain models. Imports the standard library and pydantic only."""

from .audit import AuditEntry
from .common import Entity, Model, new_id, utc_now
from .dates import DatePrecision, EventDate
from .document import DOCUMENT_FORMAT, DOCUMENT_VERSION, ReviewDocument
from .errors import InvestigatorError, NotFoundError, ValidationError
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
from .query import EventFilter, SortColumn, ThemeMatch
from .review import (
    STANDARD_ATTRIBUTES,
    AttributeKind,
    Review,
    ReviewStatus,
    Subject,
    SubjectAttribute,
    coerce_attribute_value,
)
from .themes import LexiconEntry, Tag, TagOrigin, Theme, ThemeFramework
from .vault import Identifier, IdentifierKind

__all__ = [
    "DOCUMENT_FORMAT",
    "DOCUMENT_VERSION",
    "EVENT_TYPE_LABELS",
    "STANDARD_ATTRIBUTES",
    "AttributeKind",
    "AuditEntry",
    "Bulletin",
    "BulletinSection",
    "BulletinStatus",
    "DatePrecision",
    "Entity",
    "Event",
    "EventDate",
    "EventFilter",
    "EventType",
    "Finding",
    "Identifier",
    "IdentifierKind",
    "InvestigatorError",
    "LearningPoint",
    "LexiconEntry",
    "Model",
    "NotFoundError",
    "Quadrant",
    "QuadrantItem",
    "Review",
    "ReviewDocument",
    "ReviewStatus",
    "SortColumn",
    "Subject",
    "SubjectAttribute",
    "Tag",
    "TagOrigin",
    "Theme",
    "ThemeFramework",
    "ThemeMatch",
    "ValidationError",
    "coerce_attribute_value",
    "new_id",
    "utc_now",
]
