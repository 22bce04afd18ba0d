"""The identifier vault: the real names behind the pseudonyms."""

from __future__ import annotations

import uuid
from enum import StrEnum

from .common import Entity, NonBlank


class IdentifierKind(StrEnum):
    NAME = "name"
    ALIAS = "alias"
    ADDRESS = "address"
    PLACE = "place"
    DATE_OF_BIRTH = "date_of_birth"
    NHS_NUMBER = "nhs_number"
    PHONE = "phone"
    EMAIL = "email"
    OTHER = "other"


class Identifier(Entity):
    """A real identifying value and what replaces it in the review.

    Never leaves the machine unless the reviewer explicitly includes the vault.
    """

    kind: IdentifierKind
    value: NonBlank
    replacement: NonBlank
    subject_id: uuid.UUID | None = None
