"""Storage: the only layer that speaks SQL. Takes and returns models."""

from .errors import (
    CorruptReviewError,
    NewerVersionError,
    NotAReviewError,
    NotSQLiteError,
    ReadOnlyError,
    ReviewBusyError,
    ReviewExistsError,
    ReviewFileError,
    ReviewInUseError,
    ReviewNotFoundError,
)
from .review_store import ReviewStore
from .schema import SCHEMA_VERSION
from .transaction import Change, Transaction

__all__ = [
    "SCHEMA_VERSION",
    "Change",
    "CorruptReviewError",
    "NewerVersionError",
    "NotAReviewError",
    "NotSQLiteError",
    "ReadOnlyError",
    "ReviewBusyError",
    "ReviewExistsError",
    "ReviewFileError",
    "ReviewInUseError",
    "ReviewNotFoundError",
    "ReviewStore",
    "Transaction",
]
