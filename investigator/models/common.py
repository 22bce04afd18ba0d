"""Pieces every model shares: ids, timestamps, strict validation."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field


def new_id() -> uuid.UUID:
    return uuid.uuid4()


def utc_now() -> dt.datetime:
    """Now, in UTC, to the millisecond (what the store keeps)."""
    now = dt.datetime.now(dt.UTC)
    return now.replace(microsecond=(now.microsecond // 1000) * 1000)


NonBlank = Annotated[str, Field(min_length=1)]


class Model(BaseModel):
    """Base for stored things: unknown fields are errors, strings are trimmed."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, validate_assignment=True)


class Entity(Model):
    id: uuid.UUID = Field(default_factory=new_id)
