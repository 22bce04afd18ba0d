"""The facade: the one object the command line and the app hold for an open review.

Every method that changes the review is one user action: one transaction, an
audit entry per change, and a step on the undo stack.
"""

from __future__ import annotations

import datetime as dt
import getpass
import os
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from investigator.models import (
    STANDARD_ATTRIBUTES,
    AttributeKind,
    Bulletin,
    Entity,
    Event,
    EventDate,
    EventFilter,
    EventType,
    Finding,
    Identifier,
    LearningPoint,
    NotFoundError,
    QuadrantItem,
    Review,
    ReviewDocument,
    Subject,
    SubjectAttribute,
    SuggestionDecision,
    Tag,
    Theme,
    ThemeFramework,
    ValidationError,
    first_problem,
    utc_now,
)
from investigator.models.date_parsing import parse_event_date, parse_time
from investigator.progress import ProgressReport, step_now_and_then
from investigator.review_themes import ThemeWork
from investigator.store import Change, ReviewStore, Transaction
from investigator.store.mappers import MAPPERS_BY_KIND
from investigator.themes.frameworks import DEFAULT_FRAMEWORK, load_framework

ChangeListener = Callable[["ActionResult"], None]


@dataclass(frozen=True)
class ActionResult:
    """What one action did, for listeners (the app refreshes its views from this)."""

    label: str
    changes: tuple[Change, ...]
    undo: bool = False
    redo: bool = False

    def kinds(self) -> set[str]:
        return {c.kind for c in self.changes}


@dataclass
class _UndoStep:
    label: str
    changes: list[Change]


def current_reviewer() -> str:
    """Who is writing, for the audit trail: set INVESTIGATOR_REVIEWER to override."""
    name = os.environ.get("INVESTIGATOR_REVIEWER")
    if name:
        return name
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no user database entry (containers)
        return ""


class ReviewFile(ThemeWork):
    """An open review: reads, user actions, undo and redo."""

    def __init__(self, store: ReviewStore) -> None:
        self.store = store
        self.actor = current_reviewer()
        self._undo: list[_UndoStep] = []
        self._redo: list[_UndoStep] = []
        self._listeners: list[ChangeListener] = []
        self.checked = True  # False until verify() when opened with check=False
        self._generation = 0  # counts changes, so a model built meanwhile is known stale

    # Opening and closing ---------------------------------------------------------
    @classmethod
    def create(
        cls,
        path: Path | str,
        title: str,
        *,
        framework: str = DEFAULT_FRAMEWORK,
        reference: str = "",
    ) -> ReviewFile:
        template = load_framework(framework)
        review = Review(title=title, reference=reference, framework_id=template.framework.id)
        store = ReviewStore.create(Path(path))
        try:
            with store.transaction("Create review", current_reviewer()) as tx:
                tx.put(review)
                tx.put(template.framework)
                for theme in template.themes:
                    tx.put(theme)
        except BaseException:
            store.close()
            Path(path).unlink(missing_ok=True)
            raise
        return cls(store)

    @classmethod
    def open(cls, path: Path | str, *, read_only: bool = False, check: bool = True) -> ReviewFile:
        """Open a review; ``check=False`` defers the full-file check to :meth:`verify`."""
        review = cls(ReviewStore.open(Path(path), read_only=read_only, check=check))
        review.checked = check
        return review

    def verify(self) -> None:
        """The full-file check (every page read); the app runs it in the background."""
        self.store.check()
        self.checked = True

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> ReviewFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def path(self) -> Path:
        return self.store.path

    @property
    def read_only(self) -> bool:
        return self.store.read_only

    # Listening ------------------------------------------------------------------
    def add_listener(self, listener: ChangeListener, *, first: bool = False) -> None:
        """Call ``listener`` after each action, undo and redo; ``first`` puts it before
        those already listening (for state others read when they are told)."""
        if first:
            self._listeners.insert(0, listener)
        else:
            self._listeners.append(listener)

    def remove_listener(self, listener: ChangeListener) -> None:
        if listener in self._listeners:
            self._listeners.remove(listener)

    # Actions --------------------------------------------------------------------
    @contextmanager
    def action(self, label: str) -> Iterator[Transaction]:
        """Run one user action; on success it becomes an undo step."""
        with self.store.transaction(label, self.actor) as tx:
            yield tx
        if tx.changes:
            self._undo.append(_UndoStep(label, tx.changes))
            self._redo.clear()
            self._notify(ActionResult(label, tuple(tx.changes)))

    def _notify(self, result: ActionResult) -> None:
        self._generation += 1
        for listener in list(self._listeners):
            listener(result)

    @property
    def generation(self) -> int:
        """Moves on with every change, undo and redo (a view can tell it is current)."""
        return self._generation

    @property
    def undo_label(self) -> str | None:
        return self._undo[-1].label if self._undo else None

    @property
    def redo_label(self) -> str | None:
        return self._redo[-1].label if self._redo else None

    @property
    def undo_size(self) -> int:
        """How many changes undoing the last action reverses (a large one takes a while)."""
        return len(self._undo[-1].changes) if self._undo else 0

    @property
    def redo_size(self) -> int:
        return len(self._redo[-1].changes) if self._redo else 0

    def undo(self, progress: ProgressReport | None = None) -> str | None:
        """Reverse the last action; returns its label, or None if nothing to undo.
        ``progress`` hears how far it is, and may cancel: then nothing changes."""
        if not self._undo:
            return None
        step = self._undo[-1]
        with self.store.transaction(f"Undo {step.label}", self.actor) as tx:
            for number, change in enumerate(reversed(step.changes)):
                step_now_and_then(progress, number, len(step.changes), f"Undoing {step.label}…")
                _apply_state(tx, change, forward=False)
        self._undo.pop()
        self._redo.append(step)
        self._notify(ActionResult(step.label, tuple(tx.changes), undo=True))
        return step.label

    def redo(self, progress: ProgressReport | None = None) -> str | None:
        if not self._redo:
            return None
        step = self._redo[-1]
        with self.store.transaction(f"Redo {step.label}", self.actor) as tx:
            for number, change in enumerate(step.changes):
                step_now_and_then(progress, number, len(step.changes), f"Redoing {step.label}…")
                _apply_state(tx, change, forward=True)
        self._redo.pop()
        self._undo.append(step)
        self._notify(ActionResult(step.label, tuple(tx.changes), redo=True))
        return step.label

    # The review ------------------------------------------------------------------
    @property
    def review(self) -> Review:
        return self.store.review()

    def update_review(self, **changes: Any) -> Review:
        updated = self.review.model_copy(update={**changes, "updated_at": utc_now()})
        updated = Review.model_validate(updated.model_dump())
        with self.action("Edit review details") as tx:
            tx.put(updated)
        return updated

    def save_copy(self, target: Path | str) -> Path:
        """A complete, consistent copy of the review in one file, written atomically."""
        target = Path(target)
        if target.resolve() == self.path.resolve():
            raise ValidationError("Choose a different file for the copy.")
        temp = target.with_name(f".{target.name}.partial")
        temp.unlink(missing_ok=True)
        try:
            self.store.backup_to(temp)
            os.replace(temp, target)
        finally:
            temp.unlink(missing_ok=True)
        return target

    def info(self) -> dict[str, Any]:
        review = self.review
        return {
            "title": review.title,
            "reference": review.reference,
            "schema_version": self.store.schema_version(),
            **self.store.counts(),
            "path": str(self.path),
            "read_only": self.read_only,
        }

    # Subjects --------------------------------------------------------------------
    def subjects(self) -> list[Subject]:
        return self.store.subjects()

    def subject(self, label_or_id: str | uuid.UUID) -> Subject:
        found = None
        if isinstance(label_or_id, uuid.UUID) or _looks_like_uuid(str(label_or_id)):
            found = self.store.get(Subject, str(label_or_id))
        if found is None:
            found = self.store.subject_by_label(str(label_or_id))
        if not isinstance(found, Subject):
            raise NotFoundError(f"There is no service user called {label_or_id!r}.")
        return found

    def add_subject(self, label: str, **attributes: Any) -> Subject:
        return self.insert_subject(
            build_subject(label, attributes, sort_order=len(self.subjects()))
        )

    def insert_subject(self, subject: Subject) -> Subject:
        self._check_label_free(subject.label)
        with self.action(f"Add {subject.label}") as tx:
            tx.put(subject)
        return subject

    def update_subject(self, subject: Subject) -> Subject:
        current = self.subject(subject.id)
        if subject.label.lower() != current.label.lower():
            self._check_label_free(subject.label)
        with self.action(f"Edit {subject.label}") as tx:
            tx.put(subject)
        return subject

    def remove_subject(self, subject_id: uuid.UUID) -> None:
        """Remove a service user, their own events, and them from shared events."""
        subject = self.subject(subject_id)
        events = self.store.list_events(EventFilter(subject_ids=[subject.id]))
        with self.action(f"Remove {subject.label}") as tx:
            for event in events:
                others = [s for s in event.subject_ids if s != subject.id]
                if others:
                    tx.put(event.model_copy(update={"subject_ids": others}))
                else:
                    tx.delete(Event, event.id)
            for identifier in self.store.all(Identifier):
                assert isinstance(identifier, Identifier)
                if identifier.subject_id == subject.id:
                    tx.put(identifier.model_copy(update={"subject_id": None}))
            tx.delete(Subject, subject.id)

    def _check_label_free(self, label: str) -> None:
        if self.store.subject_by_label(label) is not None:
            raise ValidationError(f"There is already a service user called {label!r}.")

    # Events ----------------------------------------------------------------------
    def event(self, event_id: uuid.UUID | str) -> Event:
        event = self.store.event(event_id)
        if event is None:
            raise NotFoundError(f"There is no event with id {event_id}.")
        return event

    def events(self, event_filter: EventFilter | None = None) -> list[Event]:
        return self.store.list_events(event_filter)

    def add_event(self, event: Event) -> Event:
        self._check_subjects(event.subject_ids)
        with self.action("Add event") as tx:
            tx.put(event)
        return event

    def add_events(
        self,
        events: Sequence[Event],
        tags: Iterable[Tag] = (),
        *,
        label: str = "",
        new_subjects: Sequence[Subject] = (),
    ) -> None:
        """Many events in one action (import, demo), undone as one step.

        ``new_subjects`` (service users an import introduces) are added in the
        same transaction, so an import never leaves them behind without events.
        """
        for subject in new_subjects:
            self._check_label_free(subject.label)
        new_ids = {subject.id for subject in new_subjects}
        self._check_subjects({s for event in events for s in event.subject_ids} - new_ids)
        with self.action(label or f"Add {len(events)} events") as tx:
            for subject in new_subjects:
                tx.put(subject)
            tx.insert_events(events, tags)

    def event_keys(self, subject_ids: Iterable[uuid.UUID]) -> set[tuple[str, str, str, str, str]]:
        """(service user, date start, end, precision, summary) of their events: re-import checks."""
        return self.store.events.identity_keys([str(s) for s in subject_ids])

    def update_event(self, event: Event) -> Event:
        self.event(event.id)
        self._check_subjects(event.subject_ids)
        with self.action("Edit event") as tx:
            tx.put(event)
        return event

    def duplicate_event(self, event_id: uuid.UUID | str) -> Event:
        original = self.event(event_id)
        copy = original.model_copy(update={"id": uuid.uuid4()})
        tags = self.store.tags_for_events([str(original.id)])
        with self.action("Duplicate event") as tx:
            tx.put(copy)
            for tag in tags:
                tx.put(tag.model_copy(update={"id": uuid.uuid4(), "event_id": copy.id}))
        return copy

    def remove_events(self, event_ids: Sequence[uuid.UUID | str]) -> None:
        label = "Delete event" if len(event_ids) == 1 else f"Delete {len(event_ids)} events"
        with self.action(label) as tx:
            for event_id in event_ids:
                tx.delete(Event, event_id)

    def _check_subjects(self, subject_ids: Iterable[uuid.UUID]) -> None:
        for subject_id in subject_ids:
            if self.store.get(Subject, subject_id) is None:
                raise NotFoundError(f"There is no service user with id {subject_id}.")

    # The whole review as one document ----------------------------------------------
    def export_document(self, *, include_vault: bool = False) -> ReviewDocument:
        store = self.store

        def every(model_class: type[Entity]) -> list[Any]:
            return store.all(model_class)

        return ReviewDocument(
            review=self.review,
            frameworks=every(ThemeFramework),
            themes=every(Theme),
            subjects=every(Subject),
            events=self.events(),
            tags=sorted(every(Tag), key=lambda t: (str(t.event_id), str(t.theme_id))),
            suggestion_decisions=sorted(
                every(SuggestionDecision), key=lambda d: (str(d.event_id), str(d.theme_id))
            ),
            findings=every(Finding),
            learning_points=every(LearningPoint),
            quadrant_items=every(QuadrantItem),
            bulletins=every(Bulletin),
            identifiers=every(Identifier) if include_vault else None,
        )

    @classmethod
    def import_document(cls, document: ReviewDocument, path: Path | str) -> ReviewFile:
        """Write a whole review document into a new file, all or nothing."""
        path = Path(path)
        store = ReviewStore.create(path)
        try:
            with store.transaction("Import review document", current_reviewer()) as tx:
                tx.put(document.review)
                for group in (
                    document.frameworks,
                    document.themes,
                    document.subjects,
                ):
                    for model in group:
                        tx.put(model)
                tx.insert_events(document.events, document.tags)
                for group in (
                    document.suggestion_decisions,
                    document.findings,
                    document.learning_points,
                    document.quadrant_items,
                    document.bulletins,
                    document.identifiers or [],
                ):
                    for model in group:
                        tx.put(model)
        except BaseException:
            store.close()
            path.unlink(missing_ok=True)
            raise
        return cls(store)


# Helpers ---------------------------------------------------------------------------
def build_subject(label: str, attributes: dict[str, Any], sort_order: int = 0) -> Subject:
    """A subject from a label and ``name=value`` facts; unknown names become free attributes.

    A free attribute's name may carry its kind: ``"Age:number"``.
    """
    standard: dict[str, str] = {}
    free: list[SubjectAttribute] = []
    for name, value in attributes.items():
        key = name.strip().lower().replace(" ", "_").replace("-", "_")
        if key in STANDARD_ATTRIBUTES:
            standard[key] = str(value)
            continue
        base, _, kind = name.partition(":")
        try:
            free.append(
                SubjectAttribute(name=base.strip(), kind=AttributeKind(kind or "text"), value=value)
            )
        except ValueError as error:
            raise ValidationError(f"Attribute {name!r}: {first_problem(error)}") from None
    try:
        return Subject(label=label, attributes=free, sort_order=sort_order, **standard)
    except ValueError as error:
        raise ValidationError(f"Service user {label!r}: {first_problem(error)}") from None


def build_event(
    subject_ids: Sequence[uuid.UUID],
    date_text: str,
    summary: str,
    *,
    time_text: str | None = None,
    event_type: str = "other",
    **fields: Any,
) -> Event:
    """An event from typed-in text; the date goes through the one date parser."""
    parsed = parse_event_date(date_text)
    time: dt.time | None = parsed.time
    if time_text:
        time = parse_time(time_text)
    try:
        kind = EventType(event_type.strip().lower().replace(" ", "_"))
    except ValueError:
        allowed = ", ".join(t.value for t in EventType)
        raise ValidationError(
            f"Unknown event type {event_type!r}; use one of: {allowed}."
        ) from None
    try:
        return Event(
            subject_ids=list(subject_ids),
            date=parsed.date,
            time=time,
            event_type=kind,
            summary=summary,
            **fields,
        )
    except ValueError as error:
        raise ValidationError(f"Event: {first_problem(error)}") from None


def _looks_like_uuid(text: str) -> bool:
    try:
        uuid.UUID(text)
    except ValueError:
        return False
    return True


def _apply_state(tx: Transaction, change: Change, *, forward: bool) -> None:
    """Put back the state on one side of a change (before for undo, after for redo)."""
    if change.bulk is not None:
        inserting = (change.bulk == "insert") == forward
        if not inserting:
            # Keep the rows so that the step can be redone after it is undone.
            ids = change.bulk_event_ids
            change.payload = (tx.store.events.load(ids), tx.store.tags_for_events(ids))
            tx.delete_events(ids)
        elif change.payload is not None:
            tx.insert_events(*change.payload)
        else:
            raise ValidationError("These events can no longer be restored.")
        return
    state = change.after if forward else change.before
    if state is None:
        tx.delete(MAPPERS_BY_KIND[change.kind].model, change.entity_id)
    else:
        tx.put(state)


__all__ = [
    "ActionResult",
    "EventDate",
    "ReviewFile",
    "build_event",
    "build_subject",
    "current_reviewer",
]
