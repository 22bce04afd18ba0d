"""Reading and writing one review file. All SQL of the project lives in this package."""

from __future__ import annotations

import contextlib
import sqlite3
import threading
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from sqlite_utils import Database

from investigator.models import (
    Entity,
    Event,
    EventFilter,
    Review,
    Subject,
    SuggestionDecision,
    Tag,
    Theme,
    ThemeFramework,
)

from .connection import check_file, create_database, open_database
from .errors import ReadOnlyError, ReviewBusyError
from .event_queries import EventQueries
from .lock import FileLock
from .mappers import MAPPERS, mapper_for
from .suggestion_queries import SuggestionQueries
from .transaction import Transaction


class ReviewStore:
    """An open review file. Writes go through :meth:`transaction` only."""

    def __init__(self, path: Path, db: Database, lock: FileLock | None, read_only: bool) -> None:
        self.path = path
        self.db = db
        self.read_only = read_only
        self._lock = lock
        # One connection has one transaction: a write from a second thread while
        # one is open would join it (and be committed or rolled back with it).
        self._writing = threading.RLock()
        self.events = EventQueries(db.conn)
        self.suggestion_data = SuggestionQueries(db.conn)

    @classmethod
    def create(cls, path: Path | str) -> ReviewStore:
        path = Path(path)
        db, lock = create_database(path)
        return cls(path, db, lock, read_only=False)

    @classmethod
    def open(cls, path: Path | str, *, read_only: bool = False, check: bool = True) -> ReviewStore:
        path = Path(path)
        db, lock = open_database(path, read_only=read_only, check=check)
        return cls(path, db, lock, read_only=read_only)

    def check(self) -> None:
        """Read every page of the file; raises CorruptReviewError if any is damaged."""
        check_file(self.path)

    def close(self) -> None:
        if not self.read_only:
            # Fold the WAL back so the file is complete on its own.
            with contextlib.suppress(sqlite3.DatabaseError):
                self.db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        self.db.conn.close()
        if self._lock is not None:
            self._lock.release()

    # Writing ----------------------------------------------------------------
    @contextmanager
    def transaction(self, action: str, actor: str = "") -> Iterator[Transaction]:
        """One user action: everything inside commits together or not at all."""
        if self.read_only:
            raise ReadOnlyError(self.path)
        if not self._writing.acquire(blocking=False):  # another thread is writing
            raise ReviewBusyError(self.path)
        try:
            tx = Transaction(self, action, actor)
            with self.db.atomic():
                yield tx
                tx.write_audit()
        finally:
            self._writing.release()

    # Reading ----------------------------------------------------------------
    def get(self, model_class: type[Entity], entity_id: uuid.UUID | str) -> Entity | None:
        mapper = mapper_for(model_class)
        row = self.db.conn.execute(
            f"{mapper.select_sql()} WHERE id = ?", (str(entity_id),)
        ).fetchone()
        return None if row is None else mapper.from_row(row)

    def all(self, model_class: type[Entity]) -> list[Entity]:
        mapper = mapper_for(model_class)
        rows = self.db.conn.execute(f"{mapper.select_sql()} ORDER BY {mapper.order_by}")
        return [mapper.from_row(row) for row in rows]

    def count(self, model_class: type[Entity]) -> int:
        table = mapper_for(model_class).table
        return self.db.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]

    def review(self) -> Review:
        reviews = self.all(Review)
        assert len(reviews) == 1, "a review file holds exactly one review"
        review = reviews[0]
        assert isinstance(review, Review)
        return review

    def subjects(self) -> list[Subject]:
        return [s for s in self.all(Subject) if isinstance(s, Subject)]

    def subject_by_label(self, label: str) -> Subject | None:
        mapper = mapper_for(Subject)
        row = self.db.conn.execute(
            f"{mapper.select_sql()} WHERE label = ? COLLATE NOCASE", (label.strip(),)
        ).fetchone()
        result = None if row is None else mapper.from_row(row)
        assert result is None or isinstance(result, Subject)
        return result

    def frameworks(self) -> list[ThemeFramework]:
        return [f for f in self.all(ThemeFramework) if isinstance(f, ThemeFramework)]

    def themes(self, framework_id: uuid.UUID | None = None) -> list[Theme]:
        themes = [t for t in self.all(Theme) if isinstance(t, Theme)]
        if framework_id is not None:
            themes = [t for t in themes if t.framework_id == framework_id]
        return themes

    def tags_for_events(self, event_ids: Sequence[str]) -> list[Tag]:
        return [t for t in self._by_event(Tag, event_ids) if isinstance(t, Tag)]

    def decisions_for_events(self, event_ids: Sequence[str]) -> list[SuggestionDecision]:
        found = self._by_event(SuggestionDecision, event_ids)
        return [d for d in found if isinstance(d, SuggestionDecision)]

    def _by_event(self, model_class: type[Entity], event_ids: Sequence[str]) -> list[Entity]:
        mapper = mapper_for(model_class)
        found: list[Entity] = []
        for start in range(0, len(event_ids), 500):
            chunk = [str(i) for i in event_ids[start : start + 500]]
            marks = ", ".join("?" for _ in chunk)
            rows = self.db.conn.execute(
                f"{mapper.select_sql()} WHERE event_id IN ({marks}) ORDER BY rowid", chunk
            )
            found.extend(map(mapper.from_row, rows))
        return found

    def event(self, event_id: uuid.UUID | str) -> Event | None:
        event = self.get(Event, event_id)
        assert event is None or isinstance(event, Event)
        return event

    def list_events(self, event_filter: EventFilter | None = None) -> list[Event]:
        """Whole events matching a filter, in its order (for export, not for paging)."""
        ids = self.events.ids(event_filter or EventFilter())
        return self.events.load(ids)

    def counts(self) -> dict[str, int]:
        return {
            "subjects": self.count(Subject),
            "events": self.count(Event),
            "tags": self.count(Tag),
        }

    def schema_version(self) -> int:
        return self.db.conn.execute("PRAGMA user_version").fetchone()[0]

    def integrity_check(self) -> str:
        return self.db.conn.execute("PRAGMA integrity_check").fetchone()[0]

    def backup_to(self, target: Path) -> None:
        """A consistent snapshot in one step (copying a live WAL file loses data)."""
        dest = sqlite3.connect(target)
        try:
            self.db.conn.backup(dest)
        finally:
            dest.close()


__all__ = ["MAPPERS", "ReviewStore"]
