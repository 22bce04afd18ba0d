"""One user action: one SQLite transaction, with an audit entry per change."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from investigator.models import AuditEntry, Entity, Event, SuggestionDecision, Tag, utc_now

from .mappers import Mapper, mapper_for

if TYPE_CHECKING:
    from .review_store import ReviewStore


@dataclass
class Change:
    """What one write did: enough to undo or redo it.

    A bulk insert of events is one change listing their ids (``bulk_event_ids``)
    rather than a hundred thousand copies of the rows.
    """

    kind: str
    entity_id: str
    before: Entity | None
    after: Entity | None
    bulk: Literal["insert", "delete"] | None = None
    bulk_event_ids: list[str] = field(default_factory=list)
    # Rows of a bulk change that was undone, kept in memory for redo.
    payload: tuple[list[Event], list[Tag]] | None = None

    def audit_state(self, side: Literal["before", "after"]) -> dict[str, Any] | None:
        if self.bulk is not None:
            present = "after" if self.bulk == "insert" else "before"
            return {"event_ids": self.bulk_event_ids} if side == present else None
        model = self.before if side == "before" else self.after
        return None if model is None else model.model_dump(mode="json")


class Transaction:
    def __init__(self, store: ReviewStore, action: str, actor: str) -> None:
        self.store = store
        self.action = action
        self.actor = actor
        self.action_id = uuid.uuid4()
        self.changes: list[Change] = []
        self._conn = store.db.conn

    # Single entities --------------------------------------------------------
    def put(self, model: Entity) -> None:
        """Insert or update a model, recording what it replaced."""
        mapper = mapper_for(type(model))
        before = self.store.get(type(model), model.id)
        if before == model:
            return
        self._upsert(mapper, model)
        self.changes.append(Change(mapper.kind, str(model.id), before, model))

    def delete(self, model_class: type[Entity], entity_id: uuid.UUID | str) -> None:
        """Delete one entity; an event takes its tags with it, each recorded."""
        mapper = mapper_for(model_class)
        before = self.store.get(model_class, entity_id)
        if before is None:
            return
        if model_class is Event:
            for tag in self.store.tags_for_events([str(entity_id)]):
                self.delete(Tag, tag.id)
            for decision in self.store.decisions_for_events([str(entity_id)]):
                self.delete(SuggestionDecision, decision.id)
        self._conn.execute(f"DELETE FROM {mapper.table} WHERE id = ?", (str(entity_id),))
        self.changes.append(Change(mapper.kind, str(entity_id), before, None))

    # Many events at once ------------------------------------------------------
    def insert_events(self, events: Sequence[Event], tags: Iterable[Tag] = ()) -> None:
        """Add many new events (and their tags) as one change, fast."""
        mapper = mapper_for(Event)
        columns = mapper.columns
        placeholders = ", ".join("?" for _ in columns)
        rows = []
        links = []
        for event in events:
            row = mapper.to_row(event)
            rows.append(tuple(row[c] for c in columns))
            links.extend(
                (str(event.id), str(subject_id), position)
                for position, subject_id in enumerate(event.subject_ids)
            )
        first_seq = self._conn.execute("SELECT coalesce(max(seq), 0) + 1 FROM events").fetchone()[0]
        self._conn.execute("UPDATE fts_control SET deferred = 1 WHERE id = 1")
        self._conn.executemany(
            f"INSERT INTO events ({', '.join(columns)}) VALUES ({placeholders})", rows
        )
        self._conn.execute(
            "INSERT INTO events_fts (rowid, summary, should_have_happened, analysis, agency, "
            "source) SELECT seq, summary, should_have_happened, analysis, agency, source "
            "FROM events WHERE seq >= ?",
            (first_seq,),
        )
        self._conn.execute("UPDATE fts_control SET deferred = 0 WHERE id = 1")
        self._conn.executemany(
            "INSERT INTO event_subjects (event_id, subject_id, position) VALUES (?, ?, ?)",
            links,
        )
        tag_mapper = mapper_for(Tag)
        tag_rows = [tag_mapper.to_row(tag) for tag in tags]
        if tag_rows:
            tag_columns = tag_mapper.columns
            self._conn.executemany(
                f"INSERT INTO tags ({', '.join(tag_columns)}) "
                f"VALUES ({', '.join('?' for _ in tag_columns)})",
                [tuple(r[c] for c in tag_columns) for r in tag_rows],
            )
        ids = [str(e.id) for e in events]
        self.changes.append(Change("events", f"{len(ids)} events", None, None, "insert", ids))

    def delete_events(self, event_ids: Sequence[str]) -> None:
        """Remove many events (an undone import) as one change."""
        for chunk_start in range(0, len(event_ids), 500):
            chunk = list(event_ids[chunk_start : chunk_start + 500])
            marks = ", ".join("?" for _ in chunk)
            self._conn.execute(f"DELETE FROM tags WHERE event_id IN ({marks})", chunk)
            self._conn.execute(
                f"DELETE FROM suggestion_decisions WHERE event_id IN ({marks})", chunk
            )
            self._conn.execute(f"DELETE FROM events WHERE id IN ({marks})", chunk)
        self.changes.append(
            Change("events", f"{len(event_ids)} events", None, None, "delete", list(event_ids))
        )

    # Internals ------------------------------------------------------------------
    def _upsert(self, mapper: Mapper, model: Entity) -> None:
        row = mapper.to_row(model)
        columns = mapper.columns
        updates = ", ".join(f"{c} = excluded.{c}" for c in columns if c != "id")
        self._conn.execute(
            f"INSERT INTO {mapper.table} ({', '.join(columns)}) "
            f"VALUES ({', '.join('?' for _ in columns)}) "
            f"ON CONFLICT(id) DO UPDATE SET {updates}",
            tuple(row[c] for c in columns),
        )
        if isinstance(model, Event):
            self._conn.execute("DELETE FROM event_subjects WHERE event_id = ?", (str(model.id),))
            self._conn.executemany(
                "INSERT INTO event_subjects (event_id, subject_id, position) VALUES (?, ?, ?)",
                [(str(model.id), str(s), i) for i, s in enumerate(model.subject_ids)],
            )

    def write_audit(self) -> None:
        at = utc_now()
        rows = []
        for change in self.changes:
            entry = AuditEntry(
                action_id=self.action_id,
                action=self.action,
                at=at,
                actor=self.actor,
                entity=change.kind,
                entity_id=change.entity_id,
                before=change.audit_state("before"),
                after=change.audit_state("after"),
            )
            data = entry.model_dump(mode="json")
            rows.append(
                (
                    data["id"],
                    data["action_id"],
                    data["action"],
                    data["at"],
                    data["actor"],
                    data["entity"],
                    data["entity_id"],
                    _json_or_none(data["before"]),
                    _json_or_none(data["after"]),
                )
            )
        self._conn.executemany(
            "INSERT INTO audit (id, action_id, action, at, actor, entity, entity_id, "
            "before, after) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )


def _json_or_none(value: dict[str, Any] | None) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False)
