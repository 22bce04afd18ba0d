"""The chronology fields a source column can fill, and how headers are recognised.

Agencies name their columns every way ("Date/Time", "Entry", "Details"), so a
header is reduced to a key (case, punctuation and spacing removed) and looked
up in a table of the spellings seen in real chronologies. The canonical names
themselves (``subject``, ``date``, ``summary`` …) always match, which is what
makes an exported chronology re-import without a question.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from enum import StrEnum


class ImportField(StrEnum):
    SUBJECT = "subject"
    DATE = "date"
    TIME = "time"
    AGENCY = "agency"
    AUTHOR_ROLE = "author_role"
    EVENT_TYPE = "event_type"
    SUMMARY = "summary"
    SHOULD_HAVE_HAPPENED = "should_have_happened"
    ANALYSIS = "analysis"
    SOURCE = "source"
    THEMES = "themes"
    MISSED_OPPORTUNITY = "missed_opportunity"
    CARE_PROBLEM = "care_problem"
    NOTABLE_PRACTICE = "notable_practice"

    @property
    def label(self) -> str:
        return FIELD_LABELS[self]


FIELD_LABELS: dict[ImportField, str] = {
    ImportField.SUBJECT: "Service user",
    ImportField.DATE: "Date",
    ImportField.TIME: "Time",
    ImportField.AGENCY: "Agency",
    ImportField.AUTHOR_ROLE: "Author role",
    ImportField.EVENT_TYPE: "Event type",
    ImportField.SUMMARY: "What happened",
    ImportField.SHOULD_HAVE_HAPPENED: "What should have happened",
    ImportField.ANALYSIS: "Analysis / comment",
    ImportField.SOURCE: "Source (provenance)",
    ImportField.THEMES: "Themes",
    ImportField.MISSED_OPPORTUNITY: "Missed opportunity",
    ImportField.CARE_PROBLEM: "Care or service delivery problem",
    ImportField.NOTABLE_PRACTICE: "Notable practice",
}

# Without these an event cannot be made; the subject may instead be chosen for all rows.
REQUIRED_FIELDS = (ImportField.DATE, ImportField.SUMMARY)
FLAG_FIELDS = (
    ImportField.MISSED_OPPORTUNITY,
    ImportField.CARE_PROBLEM,
    ImportField.NOTABLE_PRACTICE,
)

# Spellings seen in agencies' chronologies, written as header_key() leaves them.
_ALIASES: dict[ImportField, tuple[str, ...]] = {
    ImportField.SUBJECT: (
        "service user", "service user name", "su", "patient", "client", "person",
        "individual", "pseudonym", "subject name", "service user label",
    ),
    ImportField.DATE: (
        "date time", "datetime", "date and time", "date of event", "event date",
        "date of contact", "contact date", "date of entry", "entry date", "when",
        "date of record", "record date", "date seen",
    ),
    ImportField.TIME: ("time of event", "event time", "time of contact", "contact time"),
    ImportField.AGENCY: (
        "organisation", "organization", "service", "provider", "team", "agency name",
        "agency service", "source agency", "agency source", "organisation service",
    ),
    ImportField.AUTHOR_ROLE: (
        "author", "role", "staff role", "author designation", "designation",
        "professional", "practitioner", "recorded by", "written by", "staff member role",
        "author of entry", "practitioner role", "job title",
    ),
    ImportField.EVENT_TYPE: (
        "type", "type of event", "entry type", "contact type", "type of contact",
        "category", "kind",
    ),
    ImportField.SUMMARY: (
        "event", "events", "details", "detail", "entry", "description", "what happened",
        "event details", "event description", "details of event", "narrative",
        "summary of event", "record", "information", "content", "contact details",
    ),
    ImportField.SHOULD_HAVE_HAPPENED: (
        "what should have happened", "should have happened", "policy",
        "acceptable practice", "policy acceptable practice", "expected practice",
        "policy or acceptable practice", "what should have happened policy",
    ),
    ImportField.ANALYSIS: (
        "comments", "comment", "reviewer comment", "reviewer comments", "reviewer analysis",
        "commentary", "analysis comment", "reviewer notes", "analysis and comment",
        "additional information", "notes",
    ),
    ImportField.SOURCE: (
        "provenance", "reference", "ref", "source document", "source reference",
        "document", "record source", "source of information", "document reference",
    ),
    ImportField.THEMES: ("theme", "theme codes", "tags", "learning themes"),
    ImportField.MISSED_OPPORTUNITY: ("missed opportunities", "mo"),
    ImportField.CARE_PROBLEM: (
        "care or service delivery problem", "service delivery problem",
        "care delivery problem", "care and service delivery problem", "cdp", "sdp", "csdp",
        "care service delivery problem",
    ),
    ImportField.NOTABLE_PRACTICE: ("good practice", "notable good practice"),
}  # fmt: skip

_PUNCTUATION = re.compile(r"[^\w]+", re.UNICODE)


def header_key(text: str) -> str:
    """One spelling for every way of writing a header: "Date / Time:" → "date time"."""
    text = text.replace("&", " and ").replace("_", " ")
    return " ".join(_PUNCTUATION.sub(" ", text.casefold()).split())


_BY_KEY: dict[str, ImportField] = {}
for _field in ImportField:
    _BY_KEY[header_key(_field.value)] = _field
    _BY_KEY[header_key(_field.label)] = _field
for _field, _spellings in _ALIASES.items():
    for _spelling in _spellings:
        _BY_KEY.setdefault(header_key(_spelling), _field)


def match_header(header: str) -> ImportField | None:
    """The field a header names, if it is one of the known spellings."""
    return _BY_KEY.get(header_key(header))


def auto_map(headers: Sequence[str]) -> dict[str, ImportField]:
    """Map each recognised header to its field; the first column claiming a field wins.

    A second "Date" column is left for the reviewer to decide rather than
    silently replacing the first.
    """
    mapping: dict[str, ImportField] = {}
    taken: set[ImportField] = set()
    for header in headers:
        found = match_header(header)
        if found is not None and found not in taken:
            mapping[header] = found
            taken.add(found)
    return mapping


def parse_field(text: str) -> ImportField | None:
    """A field named by a reviewer (``--map Entry=summary``); ``ignore`` unmaps a column."""
    key = header_key(text)
    if key in ("ignore", "none", "skip", ""):
        return None
    found = _BY_KEY.get(key)
    if found is None:
        raise ValueError(text)
    return found


def field_names() -> str:
    return ", ".join(f.value for f in ImportField)


def mapping_for_headers(
    headers: Sequence[str], wanted: Mapping[str, ImportField | None]
) -> dict[str, ImportField]:
    """Apply a mapping written against header names to this table's headers.

    Names match case- and punctuation-insensitively, so a saved mapping still
    fits next month's file from the same agency. Headers the mapping does not
    mention keep their automatic mapping unless the field is already claimed.
    """
    wanted_by_key = {header_key(name): field for name, field in wanted.items()}
    result: dict[str, ImportField] = {}
    for header in headers:
        key = header_key(header)
        if key in wanted_by_key:
            chosen = wanted_by_key[key]
            if chosen is not None:
                result[header] = chosen
    claimed = set(result.values())
    for header, field in auto_map(headers).items():
        if header_key(header) not in wanted_by_key and field not in claimed:
            result[header] = field
            claimed.add(field)
    return result
