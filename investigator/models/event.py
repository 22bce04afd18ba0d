"""One chronology entry."""

from __future__ import annotations

import datetime as dt
import uuid
from enum import StrEnum

from pydantic import Field

from .common import Entity, NonBlank
from .dates import EventDate


class EventType(StrEnum):
    """The documented vocabulary of event types (see docs/USER_GUIDE.md)."""

    REFERRAL = "referral"
    REFERRAL_DECLINED = "referral_declined"
    ASSESSMENT = "assessment"
    RISK_ASSESSMENT = "risk_assessment"
    APPOINTMENT = "appointment"
    MISSED_APPOINTMENT = "missed_appointment"
    DISCHARGE = "discharge"
    ADMISSION = "admission"
    SAFEGUARDING_CONCERN = "safeguarding_concern"
    POLICE_CONTACT = "police_contact"
    FAMILY_CONTACT = "family_contact"
    CARE_PLAN = "care_plan"
    MEDICATION = "medication"
    OTHER = "other"

    @property
    def label(self) -> str:
        return EVENT_TYPE_LABELS[self]


EVENT_TYPE_LABELS: dict[EventType, str] = {
    EventType.REFERRAL: "Referral",
    EventType.REFERRAL_DECLINED: "Referral declined",
    EventType.ASSESSMENT: "Assessment",
    EventType.RISK_ASSESSMENT: "Risk assessment",
    EventType.APPOINTMENT: "Appointment",
    EventType.MISSED_APPOINTMENT: "Missed appointment",
    EventType.DISCHARGE: "Discharge",
    EventType.ADMISSION: "Admission",
    EventType.SAFEGUARDING_CONCERN: "Safeguarding concern",
    EventType.POLICE_CONTACT: "Police contact",
    EventType.FAMILY_CONTACT: "Family contact",
    EventType.CARE_PLAN: "Care plan",
    EventType.MEDICATION: "Medication",
    EventType.OTHER: "Other",
}


class Event(Entity):
    """What happened, when, to whom, and what the reviewer makes of it."""

    subject_ids: list[uuid.UUID] = Field(min_length=1)
    date: EventDate
    time: dt.time | None = None
    agency: str = ""
    author_role: str = ""
    event_type: EventType = EventType.OTHER
    summary: NonBlank
    should_have_happened: str = ""
    analysis: str = ""
    source: str = ""
    missed_opportunity: bool = False
    care_problem: bool = False
    notable_practice: bool = False
