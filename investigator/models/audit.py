"""The audit trail: who changed what, when, with the before and after."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from pydantic import Field

from .common import Entity, utc_now


class AuditEntry(Entity):
    action_id: uuid.UUID
    action: str
    at: dt.datetime = Field(default_factory=utc_now)
    actor: str = ""
    entity: str
    entity_id: str
    before: dict[str, Any] | None = None
    after: dict[str, Any] | None = None
