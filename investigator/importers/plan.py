"""An import in two steps: check every row (the plan), then write the good ones at once.

Nothing touches the review until every row has been read and the reviewer
has seen the report; then events, their theme tags and any new service users
go in through one ``add_events`` call, which is one transaction and one undo
step. A cancel or crash at any point leaves the review as it was.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from investigator.models import DatePrecision, Event, Subject, Tag, TagOrigin, Theme
from investigator.progress import Progress, collector_paused

from .errors import ImportRefusedError
from .rows import ImportOptions, ImportProblem, RowInterpreter, RowOutcome, Severity
from .table import SourceTable

CHUNK = 1000  # rows checked between progress reports (and chances to cancel)

EventKey = tuple[str, str, str, str, str]


class ImportTarget(Protocol):
    """What an import needs of a review; ``ReviewFile`` provides it."""

    actor: str

    def subjects(self) -> list[Subject]: ...

    def themes(self) -> list[Theme]: ...

    def event_keys(self, subject_ids: Iterable[uuid.UUID]) -> set[EventKey]: ...

    def add_events(
        self,
        events: Sequence[Event],
        tags: Iterable[Tag] = (),
        *,
        label: str = "",
        new_subjects: Sequence[Subject] = (),
    ) -> None: ...


@dataclass
class ImportPlan:
    """Every row checked: what would be written, and what would not and why."""

    source_name: str
    rows_read: int
    ready: list[RowOutcome]
    duplicates: list[ImportProblem]
    problems: list[ImportProblem]
    new_subjects: list[Subject]
    unknown_subjects: list[str]
    notes: list[str] = field(default_factory=list)

    @property
    def errors(self) -> list[ImportProblem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[ImportProblem]:
        return [p for p in self.problems if p.severity is Severity.WARNING]

    @property
    def rows_with_errors(self) -> int:
        return len({p.location for p in self.errors})

    def summary(self) -> str:
        parts = [f"{self.rows_read:,} rows read", f"{len(self.ready):,} ready to import"]
        if self.rows_with_errors:
            parts.append(f"{self.rows_with_errors:,} with problems")
        if self.duplicates:
            parts.append(f"{len(self.duplicates):,} already in the review")
        return "; ".join(parts) + "."


@dataclass(frozen=True)
class ImportResult:
    imported: int
    ready: int
    skipped: int
    duplicates: int
    errors: list[ImportProblem]
    warnings: list[ImportProblem]
    created_subjects: list[str]
    dry_run: bool = False

    def as_json(self) -> dict[str, Any]:
        return {
            "imported": self.imported,
            "skipped": self.skipped,
            "duplicates": self.duplicates,
            "errors": [p.as_json() for p in self.errors],
            "warnings": [p.as_json() for p in self.warnings],
            "ready": self.ready,
            "created_subjects": self.created_subjects,
            "dry_run": self.dry_run,
        }


def build_import_plan(
    target: ImportTarget,
    table: SourceTable,
    options: ImportOptions,
    progress: Progress | None = None,
) -> ImportPlan:
    """Check every row; ``progress`` is told between chunks and may cancel."""
    with collector_paused():
        return _build_import_plan(target, table, options, progress)


def _build_import_plan(
    target: ImportTarget,
    table: SourceTable,
    options: ImportOptions,
    progress: Progress | None,
) -> ImportPlan:
    interpreter = RowInterpreter(table.headers, options, target.subjects(), target.themes())
    outcomes: list[RowOutcome] = []
    problems: list[ImportProblem] = []
    total = len(table.rows)
    interpret = interpreter.interpret
    for start in range(0, total, CHUNK):
        if progress is not None:
            progress.step(start, total, f"Checking row {start + 1:,} of {total:,}")
        for row in table.rows[start : start + CHUNK]:
            outcome = interpret(row)
            if outcome.problems:
                problems.extend(outcome.problems)
            if outcome.event is not None:
                outcomes.append(outcome)
    if progress is not None:
        progress.step(total, total, "Looking for rows already in the review")
    ready, duplicates, repeats = _split_duplicates(target, outcomes, options.skip_duplicates)
    problems.extend(repeats)
    used = {s for outcome in ready if outcome.event for s in outcome.event.subject_ids}
    new_subjects = [s for s in interpreter.new_subjects.values() if s.id in used]
    existing = {s.label.casefold() for s in target.subjects()}
    unknown = [label for key, label in interpreter.unknown_subjects.items() if key not in existing]
    problems.sort(key=lambda p: (p.row or 0, p.location))
    return ImportPlan(
        source_name=table.name,
        rows_read=total,
        ready=ready,
        duplicates=duplicates,
        problems=problems,
        new_subjects=new_subjects,
        unknown_subjects=unknown,
        notes=list(table.notes),
    )


def apply_import_plan(
    target: ImportTarget,
    plan: ImportPlan,
    *,
    valid_only: bool = False,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ImportResult:
    """Write the plan's ready rows in one action, or refuse if problems were not accepted."""
    if plan.errors and not valid_only:
        raise ImportRefusedError(
            f"{plan.rows_with_errors:,} row(s) of {plan.source_name} have problems, so nothing "
            "was imported. Fix them in the file, or choose to import only the valid rows."
        )
    events = [outcome.event for outcome in plan.ready if outcome.event is not None]
    if progress is not None:
        progress.step(len(events), len(events), f"Writing {len(events):,} events")
    if events and not dry_run:
        with collector_paused():
            _write(target, plan, events)
    return plan_result(plan, imported=not dry_run, dry_run=dry_run)


def _write(target: ImportTarget, plan: ImportPlan, events: list[Event]) -> None:
    """Tags for the events' themes, and one ``add_events`` call: one transaction, one undo."""
    actor = target.actor
    tags = [
        Tag(event_id=outcome.event.id, theme_id=theme_id, origin=TagOrigin.IMPORT, created_by=actor)
        for outcome in plan.ready
        if outcome.event is not None
        for theme_id in outcome.theme_ids
    ]
    target.add_events(
        events,
        tags,
        label=f"Import {len(events):,} events from {plan.source_name}",
        new_subjects=plan.new_subjects,
    )


def plan_result(plan: ImportPlan, *, imported: bool, dry_run: bool = False) -> ImportResult:
    """The report of a plan: written (``imported``), checked only, or refused."""
    count = len(plan.ready) if imported else 0
    return ImportResult(
        imported=count,
        ready=len(plan.ready),
        skipped=plan.rows_with_errors,
        duplicates=len(plan.duplicates),
        errors=plan.errors,
        warnings=[*plan.warnings, *plan.duplicates],
        created_subjects=[s.label for s in plan.new_subjects] if count else [],
        dry_run=dry_run,
    )


def preview(
    target: ImportTarget, table: SourceTable, options: ImportOptions, limit: int = 200
) -> tuple[list[RowOutcome], RowInterpreter]:
    """The first rows as they would be imported, for the wizard's live preview."""
    interpreter = RowInterpreter(table.headers, options, target.subjects(), target.themes())
    return [interpreter.interpret(row) for row in table.rows[:limit]], interpreter


def _split_duplicates(
    target: ImportTarget, outcomes: list[RowOutcome], skip: bool
) -> tuple[list[RowOutcome], list[ImportProblem], list[ImportProblem]]:
    """Rows matching an event already in the review (same service user, date and summary).

    Re-importing a file, or a second agency sending an overlapping extract, is
    common; such rows are skipped unless the reviewer asks otherwise. A row
    repeated inside the file is only a warning: records do repeat.
    """
    subject_ids = {s for outcome in outcomes if outcome.event for s in outcome.event.subject_ids}
    existing = (
        {_stored_key(*key) for key in target.event_keys(subject_ids)} if subject_ids else set()
    )
    ready: list[RowOutcome] = []
    duplicates: list[ImportProblem] = []
    repeats: list[ImportProblem] = []
    seen: dict[_Key, str] = {}
    for outcome in outcomes:
        event = outcome.event
        assert event is not None
        date, summary = event.date, _normal(event.summary)
        keys = [(s, date.start, date.end, date.precision, summary) for s in event.subject_ids]
        row = outcome.row
        if existing and any(key in existing for key in keys):
            duplicates.append(
                ImportProblem(
                    row.number,
                    row.location,
                    "",
                    event.summary[:80],
                    "already in the review (same service user, date and summary)"
                    + ("; skipped" if skip else "; imported again as asked"),
                    Severity.WARNING,
                )
            )
            if skip:
                continue
        for key in keys:
            earlier = seen.setdefault(key, row.location)
            if earlier != row.location:
                repeats.append(
                    ImportProblem(
                        row.number,
                        row.location,
                        "",
                        event.summary[:80],
                        f"the same as {earlier.lower()} of this file (imported both)",
                        Severity.WARNING,
                    )
                )
                break
        ready.append(outcome)
    return ready, duplicates, repeats


_Key = tuple[uuid.UUID, dt.date, dt.date, DatePrecision, str]


def _stored_key(subject: str, start: str, end: str, precision: str, summary: str) -> _Key:
    return (
        uuid.UUID(subject),
        dt.date.fromisoformat(start),
        dt.date.fromisoformat(end),
        DatePrecision(precision),
        _normal(summary),
    )


def _normal(summary: str) -> str:
    return " ".join(summary.split()).casefold()
