"""Reading one source row as one event, or as the reasons it cannot be one.

Every cell goes through the same checks whether the row is shown in the
wizard's preview or imported, so what the reviewer sees is what is written.
Nothing is guessed: an unreadable date, an unknown event type or theme, or a
yes/no that is neither, is a problem for that row, in that column.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from pydantic import ValidationError as PydanticValidationError

from investigator.models import (
    EVENT_TYPE_LABELS,
    Event,
    EventType,
    Subject,
    Theme,
    first_problem,
)
from investigator.models.date_parsing import DateParseError, ParsedDate, parse_date_and_time

from .cells import cell_text, date_cell_text, read_flag, time_cell_text
from .errors import ImportOptionsError
from .fields import FLAG_FIELDS, REQUIRED_FIELDS, ImportField, header_key
from .table import SourceRow

# Other names agencies give event types, beyond the types' own names and labels.
EVENT_TYPE_ALIASES: dict[str, EventType] = {
    "dna": EventType.MISSED_APPOINTMENT,
    "did not attend": EventType.MISSED_APPOINTMENT,
    "was not brought": EventType.MISSED_APPOINTMENT,
    "wnb": EventType.MISSED_APPOINTMENT,
    "no show": EventType.MISSED_APPOINTMENT,
    "failed appointment": EventType.MISSED_APPOINTMENT,
    "missed appt": EventType.MISSED_APPOINTMENT,
    "declined referral": EventType.REFERRAL_DECLINED,
    "referral rejected": EventType.REFERRAL_DECLINED,
    "referral not accepted": EventType.REFERRAL_DECLINED,
    "appt": EventType.APPOINTMENT,
    "contact": EventType.APPOINTMENT,
    "risk": EventType.RISK_ASSESSMENT,
    "safeguarding": EventType.SAFEGUARDING_CONCERN,
    "safeguarding referral": EventType.SAFEGUARDING_CONCERN,
    "safeguarding alert": EventType.SAFEGUARDING_CONCERN,
    "police": EventType.POLICE_CONTACT,
    "police incident": EventType.POLICE_CONTACT,
    "family": EventType.FAMILY_CONTACT,
    "admitted": EventType.ADMISSION,
    "discharged": EventType.DISCHARGE,
    "care plan review": EventType.CARE_PLAN,
    "prescription": EventType.MEDICATION,
}


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class ImportProblem:
    """One thing wrong with one row (or with the file), in the reviewer's terms."""

    row: int | None
    location: str
    column: str
    value: str
    message: str
    severity: Severity = Severity.ERROR

    def as_json(self) -> dict[str, Any]:
        return {
            "row": self.row,
            "location": self.location,
            "column": self.column,
            "value": self.value,
            "message": self.message,
        }


@dataclass(slots=True)
class RowOutcome:
    """What one row became: an event with its themes, or problems (or both, for warnings)."""

    row: SourceRow
    event: Event | None
    theme_ids: tuple[uuid.UUID, ...] = ()
    problems: list[ImportProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.event is not None


@dataclass(frozen=True)
class ImportOptions:
    """The reviewer's choices: which column fills which field, and whose rows they are.

    ``subject`` puts every row under one service user and ignores any
    service-user column. New service users named in the file are created
    only when ``create_subjects`` says so.
    """

    mapping: Mapping[str, ImportField]
    subject: str | None = None
    create_subjects: bool = False
    skip_duplicates: bool = True
    today: dt.date | None = None


class RowInterpreter:
    """Holds the lookups (service users, themes, types, a date cache) for one import."""

    def __init__(
        self,
        headers: Sequence[str],
        options: ImportOptions,
        subjects: Sequence[Subject],
        themes: Sequence[Theme],
    ) -> None:
        self.headers = list(headers)
        self.options = options
        self.today = options.today or dt.date.today()
        self.columns = _columns(self.headers, options)
        self._subjects = {s.label.casefold(): s for s in subjects}
        self.new_subjects: dict[str, Subject] = {}
        self.unknown_subjects: dict[str, str] = {}  # casefolded → as first written
        self._next_order = max((s.sort_order for s in subjects), default=-1) + 1
        self._themes = _theme_lookup(themes)
        self._theme_codes = ", ".join(t.code for t in themes)
        self._types = _event_type_lookup()
        self._dates: dict[tuple[str, str | None], ParsedDate | DateParseError] = {}
        self._flags: dict[Any, bool | None] = {}
        self._type_cache: dict[Any, EventType | None] = {}
        self._subject_cache: dict[Any, tuple[list[uuid.UUID], list[tuple[str, str]]]] = {}
        self._theme_cache: dict[Any, tuple[tuple[uuid.UUID, ...], list[str]]] = {}
        self.fixed_subject = self._fixed_subject()
        self._check_required()
        self._at = _Columns.of(self.columns)

    # Setup -----------------------------------------------------------------------------
    def _fixed_subject(self) -> Subject | None:
        label = (self.options.subject or "").strip()
        if not label:
            return None
        found = self._subject(label)
        if found is None:
            raise ImportOptionsError(
                f"There is no service user called {label!r} in this review; "
                "choose to create new service users, or pick one that exists."
            )
        return found

    def _check_required(self) -> None:
        missing = [f.label for f in REQUIRED_FIELDS if f not in self.columns]
        if self.fixed_subject is None and ImportField.SUBJECT not in self.columns:
            missing.insert(0, ImportField.SUBJECT.label)
        if missing:
            raise ImportOptionsError(
                "No column is mapped to "
                + " or ".join(missing)
                + ". Map a column to "
                + ("each" if len(missing) > 1 else "it")
                + (
                    ", or choose one service user for all rows."
                    if ImportField.SUBJECT.label in missing
                    else "."
                )
            )

    # One row -------------------------------------------------------------------------------
    def interpret(self, row: SourceRow) -> RowOutcome:
        """One row as an event; per-value caches keep 100,000 rows fast (values repeat)."""
        cells = row.cells
        problems: list[ImportProblem] = []

        def problem(name: ImportField, value: object, message: str) -> None:
            shown = "" if value is None else str(value)
            index = self.columns.get(name)
            header = self.headers[index] if index is not None else name.label
            problems.append(ImportProblem(row.number, row.location, header, shown, message))

        at = self._at
        subject_ids = self._row_subjects(None if at.subject is None else cells[at.subject], problem)
        parsed = self._date(cells[at.date], None if at.time is None else cells[at.time], problem)
        summary = cell_text(cells[at.summary])
        if not summary:
            problem(ImportField.SUMMARY, "", "what happened is empty; every event needs it")
        event_type = (
            EventType.OTHER
            if at.event_type is None
            else self._event_type(cells[at.event_type], problem)
        )
        theme_ids = () if at.themes is None else self._row_themes(cells[at.themes], problem)
        fields: dict[str, Any] = {name: cell_text(cells[index]) for name, index in at.texts}
        for flag, index in at.flags:
            value = cells[index]
            found = self._flags.get(value, _UNREAD) if _hashable(value) else _UNREAD
            if found is _UNREAD:
                try:
                    found = read_flag(value)
                except ValueError:
                    found = None
                if _hashable(value):
                    self._flags[value] = found
            if found is None:
                problem(flag, value, "write yes or no (or x, ✓, true, 1; blank means no)")
            else:
                fields[flag.value] = found
        if problems or parsed is None or not subject_ids:
            return RowOutcome(row, None, (), problems)
        try:
            event = Event(
                subject_ids=subject_ids,
                date=parsed.date,
                time=parsed.time,
                event_type=event_type,
                summary=summary,
                **fields,
            )
        except PydanticValidationError as error:
            reason = first_problem(error, with_field=False)
            problems.append(
                ImportProblem(row.number, row.location, "", "", f"not a valid event: {reason}")
            )
            return RowOutcome(row, None, (), problems)
        return RowOutcome(row, event, theme_ids, problems)

    # Fields --------------------------------------------------------------------------------
    def _date(self, date_value: Any, time_value: Any, problem: Any) -> ParsedDate | None:
        date_text, cell_time = date_cell_text(date_value)
        time_text = time_cell_text(time_value)
        if cell_time is not None:
            if time_text is None:
                time_text = cell_time
            else:  # both cells give a time: let the parser report a clash
                date_text = f"{date_text} {cell_time}"
        key = (date_text, time_text)
        found = self._dates.get(key)
        if found is None:
            try:
                found = parse_date_and_time(date_text, time_text, today=self.today)
            except DateParseError as error:
                found = error
            self._dates[key] = found
        if isinstance(found, DateParseError):
            about_time = bool(time_text) and found.value == time_text.strip()
            where = ImportField.TIME if about_time and ImportField.TIME in self.columns else None
            reason = f"ambiguous: {found.reason}" if found.ambiguous else found.reason
            problem(where or ImportField.DATE, found.value or date_text, reason)
            return None
        return found

    def _row_subjects(self, value: Any, problem: Any) -> list[uuid.UUID]:
        if self.fixed_subject is not None:
            return [self.fixed_subject.id]
        cached = self._subject_cache.get(value) if _hashable(value) else None
        if cached is None:
            cached = self._read_subjects(value)
            if _hashable(value):
                self._subject_cache[value] = cached
        ids, failures = cached
        for label, message in failures:
            problem(ImportField.SUBJECT, label, message)
        return ids

    def _read_subjects(self, value: Any) -> tuple[list[uuid.UUID], list[tuple[str, str]]]:
        labels = [part.strip() for part in cell_text(value).split(";") if part.strip()]
        if not labels:
            return [], [("", "no service user is given")]
        ids: list[uuid.UUID] = []
        failures: list[tuple[str, str]] = []
        for label in labels:
            found = self._subject(label)
            if found is None:
                failures.append(
                    (
                        label,
                        f"there is no service user called {label!r} in this review "
                        "(choose to create new service users to add them)",
                    )
                )
            elif found.id not in ids:
                ids.append(found.id)
        return ids, failures

    def _subject(self, label: str) -> Subject | None:
        key = label.casefold()
        found = self._subjects.get(key) or self.new_subjects.get(key)
        if found is not None:
            return found
        self.unknown_subjects.setdefault(key, label)
        if not self.options.create_subjects:
            return None
        subject = Subject(label=label, sort_order=self._next_order)
        self._next_order += 1
        self.new_subjects[key] = subject
        return subject

    def _event_type(self, value: Any, problem: Any) -> EventType:
        found = self._type_cache.get(value, _UNREAD) if _hashable(value) else _UNREAD
        if found is _UNREAD:
            text = cell_text(value)
            found = self._types.get(header_key(text)) if text else EventType.OTHER
            if _hashable(value):
                self._type_cache[value] = found
        if found is None:
            text = cell_text(value)
            problem(
                ImportField.EVENT_TYPE,
                text,
                "not an event type; use one of "
                + ", ".join(EVENT_TYPE_LABELS.values())
                + " (or leave it empty for Other)",
            )
            return EventType.OTHER
        return found

    def _row_themes(self, value: Any, problem: Any) -> tuple[uuid.UUID, ...]:
        cached = self._theme_cache.get(value) if _hashable(value) else None
        if cached is None:
            cached = self._read_themes(value)
            if _hashable(value):
                self._theme_cache[value] = cached
        found, unknown = cached
        for name in unknown:
            problem(
                ImportField.THEMES,
                name,
                f"not a theme in this review; use a code or name ({self._theme_codes})",
            )
        return found

    def _read_themes(self, value: Any) -> tuple[tuple[uuid.UUID, ...], list[str]]:
        found: list[uuid.UUID] = []
        unknown: list[str] = []
        for part in cell_text(value).replace("\n", ";").split(";"):
            name = part.strip()
            if not name:
                continue
            theme = self._themes.get(name.casefold())
            if theme is None:
                unknown.append(name)
            elif theme not in found:
                found.append(theme)
        return tuple(found), unknown


@dataclass(frozen=True)
class _Columns:
    """Column positions as plain attributes: looking enum members up per cell is slow."""

    subject: int | None
    date: int
    time: int | None
    summary: int
    event_type: int | None
    themes: int | None
    texts: tuple[tuple[str, int], ...]
    flags: tuple[tuple[ImportField, int], ...]

    @classmethod
    def of(cls, columns: Mapping[ImportField, int]) -> _Columns:
        texts = (
            ImportField.AGENCY,
            ImportField.AUTHOR_ROLE,
            ImportField.SHOULD_HAVE_HAPPENED,
            ImportField.ANALYSIS,
            ImportField.SOURCE,
        )
        return cls(
            subject=columns.get(ImportField.SUBJECT),
            date=columns[ImportField.DATE],
            time=columns.get(ImportField.TIME),
            summary=columns[ImportField.SUMMARY],
            event_type=columns.get(ImportField.EVENT_TYPE),
            themes=columns.get(ImportField.THEMES),
            texts=tuple((f.value, columns[f]) for f in texts if f in columns),
            flags=tuple((f, columns[f]) for f in FLAG_FIELDS if f in columns),
        )


_UNREAD: Any = object()


def _hashable(value: object) -> bool:
    """Values worth caching by: floats are left out (NaN never equals itself), and so are
    booleans, which would share a key with 1 and 0."""
    return value is None or type(value) in _HASHABLE_TYPES


_HASHABLE_TYPES = frozenset({str, int, dt.date, dt.datetime, dt.time, dt.timedelta})


def _columns(headers: Sequence[str], options: ImportOptions) -> dict[ImportField, int]:
    """Field → column index; a field filled from two columns is the reviewer's to resolve."""
    columns: dict[ImportField, int] = {}
    for header, chosen in options.mapping.items():
        if chosen is None:
            continue
        if header not in headers:
            raise ImportOptionsError(f"There is no column called {header!r} in this table.")
        if chosen in columns:
            first = headers[columns[chosen]]
            raise ImportOptionsError(
                f"Both {first!r} and {header!r} are mapped to {chosen.label}; "
                "map only one column to each field."
            )
        columns[chosen] = headers.index(header)
    if options.subject:
        columns.pop(ImportField.SUBJECT, None)
    return columns


def _theme_lookup(themes: Sequence[Theme]) -> dict[str, uuid.UUID]:
    """Codes first, then names; the review's own framework comes first in ``themes``."""
    lookup: dict[str, uuid.UUID] = {}
    for theme in themes:
        lookup.setdefault(theme.code.casefold(), theme.id)
    for theme in themes:
        lookup.setdefault(theme.name.casefold(), theme.id)
    return lookup


def _event_type_lookup() -> dict[str, EventType]:
    lookup: dict[str, EventType] = {}
    for kind, label in EVENT_TYPE_LABELS.items():
        lookup[header_key(kind.value)] = kind
        lookup[header_key(label)] = kind
    for alias, kind in EVENT_TYPE_ALIASES.items():
        lookup.setdefault(header_key(alias), kind)
    return lookup
