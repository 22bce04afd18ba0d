"""Filtering, sorting and paging the chronology, all in SQL."""

from __future__ import annotations

import datetime as dt
import json
import re
import sqlite3
import uuid
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from investigator.models import (
    ChronologyRow,
    Event,
    EventFilter,
    SortColumn,
    ThemeMatch,
    TimelinePoint,
)

from .mappers import EVENT_COLUMNS, mapper_for

_WORD = re.compile(r"\w+", re.UNICODE)

_ORDER: dict[SortColumn, str] = {
    SortColumn.DATE: "events.date_start {d}, events.time {d}, events.seq {d}",
    SortColumn.SUBJECTS: (
        "(SELECT min(subjects.sort_order * 1000000 + subjects.rowid) FROM event_subjects "
        "JOIN subjects ON subjects.id = event_subjects.subject_id "
        "WHERE event_subjects.event_id = events.id) {d}, events.date_start, events.seq"
    ),
    SortColumn.AGENCY: "events.agency COLLATE NOCASE {d}, events.date_start, events.seq",
    SortColumn.EVENT_TYPE: "events.event_type {d}, events.date_start, events.seq",
    SortColumn.SUMMARY: "events.summary COLLATE NOCASE {d}, events.seq",
    SortColumn.THEMES: (
        "(SELECT count(*) FROM tags WHERE tags.event_id = events.id) {d}, "
        "events.date_start, events.seq"
    ),
    SortColumn.FLAGS: (
        "(events.missed_opportunity * 4 + events.care_problem * 2 "
        "+ events.notable_practice) {d}, events.date_start, events.seq"
    ),
}


def fts_query(text: str) -> str | None:
    """Turn what a reviewer types into a safe FTS5 query.

    Every word must appear; the last word matches as a prefix so results follow
    the typing. Quotes keep FTS5 syntax characters from meaning anything.
    """
    words = _WORD.findall(text)
    if not words:
        return None
    quoted = [f'"{w}"' for w in words]
    quoted[-1] += "*"
    return " ".join(quoted)


def where_clause(f: EventFilter) -> tuple[str, list[Any]]:
    clauses: list[str] = []
    params: list[Any] = []
    if f.subject_ids:
        marks = ", ".join("?" for _ in f.subject_ids)
        clauses.append(
            f"events.id IN (SELECT event_id FROM event_subjects WHERE subject_id IN ({marks}))"
        )
        params.extend(str(s) for s in f.subject_ids)
    if f.agencies:
        marks = ", ".join("?" for _ in f.agencies)
        clauses.append(f"events.agency COLLATE NOCASE IN ({marks})")
        params.extend(f.agencies)
    if f.event_types:
        marks = ", ".join("?" for _ in f.event_types)
        clauses.append(f"events.event_type IN ({marks})")
        params.extend(t.value for t in f.event_types)
    # IN (subquery) rather than EXISTS: SQLite builds the set once from an index
    # instead of probing it for each of 100,000 events.
    if f.theme_match is ThemeMatch.UNTAGGED:
        clauses.append("events.id NOT IN (SELECT event_id FROM tags)")
    elif f.theme_ids and f.theme_match is ThemeMatch.ANY:
        marks = ", ".join("?" for _ in f.theme_ids)
        clauses.append(f"events.id IN (SELECT event_id FROM tags WHERE theme_id IN ({marks}))")
        params.extend(str(t) for t in f.theme_ids)
    elif f.theme_ids:
        for theme_id in f.theme_ids:
            clauses.append("events.id IN (SELECT event_id FROM tags WHERE theme_id = ?)")
            params.append(str(theme_id))
    for flag in ("missed_opportunity", "care_problem", "notable_practice"):
        wanted = getattr(f, flag)
        if wanted is not None:
            clauses.append(f"events.{flag} = ?")
            params.append(int(wanted))
    if f.date_from is not None:
        clauses.append("events.date_end >= ?")
        params.append(f.date_from.isoformat())
    if f.date_to is not None:
        clauses.append("events.date_start <= ?")
        params.append(f.date_to.isoformat())
    match = fts_query(f.text)
    if match is not None:
        clauses.append("events.seq IN (SELECT rowid FROM events_fts WHERE events_fts MATCH ?)")
        params.append(match)
    elif f.text.strip():
        clauses.append("0")  # only punctuation typed: nothing can match
    where = " AND ".join(clauses) if clauses else "1"
    return where, params


def order_clause(f: EventFilter) -> str:
    return _ORDER[f.sort].format(d="DESC" if f.descending else "ASC")


class EventQueries:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    def _plain(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """Rows as plain tuples: much cheaper than sqlite3.Row for 100,000 of them."""
        cursor = self._conn.cursor()
        cursor.row_factory = None
        return cursor.execute(sql, params).fetchall()

    def existing(self, ids: Sequence[str]) -> set[str]:
        """Which of these event ids are in the review."""
        found: set[str] = set()
        for start in range(0, len(ids), 500):
            chunk = [str(i) for i in ids[start : start + 500]]
            marks = ", ".join("?" for _ in chunk)
            found.update(
                r[0] for r in self._plain(f"SELECT id FROM events WHERE id IN ({marks})", chunk)
            )
        return found

    def count(self, f: EventFilter) -> int:
        where, params = where_clause(f)
        return self._conn.execute(f"SELECT count(*) FROM events WHERE {where}", params).fetchone()[
            0
        ]

    def ids(
        self, f: EventFilter, offset: int = 0, limit: int = -1, *, in_one_step: bool = False
    ) -> list[str]:
        """Event ids in display order; the chronology view keeps only these.

        ``in_one_step`` reads them all as one string, in one step of the query, for
        while other threads are busy in Python. Fetched a row at a time, each row
        hands Python's lock to such a thread and waits to have it back: 100,000
        rows took 1-3 s instead of 0.1 s while the suggester learned in the
        background. The string is built by a window in display order (a plain
        group_concat's order is not defined before SQLite 3.44); on its own that
        is about twice as slow as fetching rows, so it is only for busy times.
        """
        where, params = where_clause(f)
        order = order_clause(f)
        if limit >= 0 or offset:
            # Only when asked: a LIMIT can steer SQLite to scan the whole date index.
            sql = f"SELECT events.id FROM events WHERE {where} ORDER BY {order} LIMIT ? OFFSET ?"
            return [row[0] for row in self._plain(sql, [*params, limit, offset])]
        if not in_one_step:
            sql = f"SELECT events.id FROM events WHERE {where} ORDER BY {order}"
            return [row[0] for row in self._plain(sql, params)]
        sql = (
            f"SELECT group_concat(events.id, ',') OVER (ORDER BY {order} ROWS BETWEEN "
            f"UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) FROM events WHERE {where} LIMIT 1"
        )
        row = self._conn.execute(sql, params).fetchone()
        return [] if row is None else row[0].split(",")

    def matching(self, f: EventFilter, *, in_one_step: bool = False) -> set[str]:
        """The ids of the events the filter keeps, in no order: cheaper than
        :meth:`ids` where the order is known already (the whole chronology's, kept
        by the chronology view), because SQLite need not read each event's date
        or sort them. ``in_one_step``: see :meth:`ids` (here the string needs no
        window, as the order does not matter)."""
        where, params = where_clause(f)
        if not in_one_step:
            return {
                row[0] for row in self._plain(f"SELECT events.id FROM events WHERE {where}", params)
            }
        row = self._conn.execute(
            f"SELECT group_concat(events.id, ',') FROM events WHERE {where}", params
        ).fetchone()
        return set() if row is None or row[0] is None else set(row[0].split(","))

    def load(self, ids: Sequence[str], *, in_one_step: bool = False) -> list[Event]:
        """Whole events for the given ids, in the same order (``in_one_step``: see
        :meth:`_rows`)."""
        mapper = mapper_for(Event)
        names = [*EVENT_COLUMNS, "subject_links"]
        found: dict[str, Event] = {}
        for start in range(0, len(ids), 500):
            chunk = list(ids[start : start + 500])
            marks = ", ".join("?" for _ in chunk)
            sql = f"{mapper.select_sql()} WHERE id IN ({marks})"
            for values in self._rows(sql, chunk, names, in_one_step):
                event = mapper.from_row(dict(zip(names, values, strict=True)))  # type: ignore[arg-type]
                assert isinstance(event, Event)
                found[str(event.id)] = event
        return [found[i] for i in ids if i in found]

    def page(self, ids: Sequence[str], *, in_one_step: bool = False) -> list[ChronologyRow]:
        """Rows for the chronology table: events with their theme ids, in order
        (``in_one_step``: see :meth:`_rows`)."""
        events = self.load(ids, in_one_step=in_one_step)
        found: list[tuple[int, int, str, str]] = []
        for start in range(0, len(ids), 500):
            chunk = list(ids[start : start + 500])
            marks = ", ".join("?" for _ in chunk)
            sql = (
                "SELECT themes.sort_order AS o, themes.rowid AS r, tags.event_id AS e, "
                "tags.theme_id AS t FROM tags JOIN themes ON themes.id = tags.theme_id "
                f"WHERE tags.event_id IN ({marks})"
            )
            found.extend(self._rows(sql, chunk, ["o", "r", "e", "t"], in_one_step))
        found.sort()  # each event's themes in the framework's order
        themes: dict[str, list[uuid.UUID]] = {}
        for _, _, event_id, theme_id in found:
            themes.setdefault(event_id, []).append(uuid.UUID(theme_id))
        return [ChronologyRow(e, tuple(themes.get(str(e.id), ()))) for e in events]

    def _rows(
        self, sql: str, params: Sequence[Any], names: Sequence[str], in_one_step: bool
    ) -> list[Sequence[Any]]:
        """The rows of ``sql`` as sequences, in no particular order; ``names`` are the
        names of its columns (every value TEXT, INTEGER or NULL).

        Read a row at a time, each row hands Python's lock to any other thread and
        waits to have it back; while a background thread is busy in Python, a page
        of 200 events could take a second. ``in_one_step`` has SQLite return them
        all as one JSON array, in one step. Without JSON functions in this SQLite,
        rows are read as usual.
        """
        if in_one_step:
            columns = ", ".join(f"q.{name}" for name in names)
            wrapped = f"SELECT json_group_array(json_array({columns})) FROM ({sql}) AS q"
            try:
                (text,) = self._conn.execute(wrapped, params).fetchone()
            except sqlite3.OperationalError:
                pass
            else:
                return json.loads(text)
        return self._plain(sql, params)

    def timeline(self, f: EventFilter) -> list[TimelinePoint]:
        """Every matching event as a light point, in date order.

        Three flat queries joined in Python: correlated subqueries per event
        cost several times more at 100,000 events.
        """
        where, params = where_clause(f)
        # Read in storage order (sequential) and sort here: reading in date order
        # jumps about the file once per event.
        rows = self._plain(
            "SELECT events.date_start, coalesce(events.time, ''), events.seq, events.id, "
            "events.date_end, events.missed_opportunity * 4 + events.care_problem * 2 "
            f"+ events.notable_practice FROM events WHERE {where} ORDER BY events.seq",
            params,
        )
        rows.sort()
        subjects: dict[str, list[str]] = {}
        for event_id, subject_id in self._plain(
            "SELECT event_id, subject_id FROM event_subjects ORDER BY event_id, position"
        ):
            subjects.setdefault(event_id, []).append(subject_id)
        themes: dict[str, list[str]] = {}
        for event_id, theme_id in self._plain(
            "SELECT tags.event_id, tags.theme_id FROM tags JOIN themes ON themes.id = "
            "tags.theme_id ORDER BY themes.sort_order, themes.rowid"
        ):
            themes.setdefault(event_id, []).append(theme_id)
        ordinal = _ordinal
        return [
            TimelinePoint(
                event_id,
                ordinal(start),
                ordinal(end),
                tuple(subjects.get(event_id, ())),
                tuple(themes.get(event_id, ())),
                flags,
            )
            for start, _time, _seq, event_id, end, flags in rows
        ]

    def identity_keys(self, subject_ids: Sequence[str]) -> set[tuple[str, str, str, str, str]]:
        """What makes an event "the same" for an importer, for every event of these subjects."""
        keys: set[tuple[str, str, str, str, str]] = set()
        for start in range(0, len(subject_ids), 500):
            chunk = list(subject_ids[start : start + 500])
            marks = ", ".join("?" for _ in chunk)
            rows = self._conn.execute(
                "SELECT event_subjects.subject_id, events.date_start, events.date_end, "
                "events.date_precision, events.summary FROM event_subjects "
                "JOIN events ON events.id = event_subjects.event_id "
                f"WHERE event_subjects.subject_id IN ({marks})",
                chunk,
            )
            keys.update(tuple(row) for row in rows)
        return keys

    def tag_counts(self) -> dict[str, int]:
        """Theme id -> how many events carry it."""
        rows = self._plain("SELECT theme_id, count(*) FROM tags GROUP BY theme_id")
        return dict(rows)

    def counts_by_subject(self) -> dict[str, int]:
        rows = self._conn.execute(
            "SELECT subject_id, count(*) FROM event_subjects GROUP BY subject_id"
        )
        return {row[0]: row[1] for row in rows}

    def data_version(self) -> int:
        """A number that changes when another connection (the command line, say)
        commits to the file: what is kept from an earlier read may be stale."""
        return self._conn.execute("PRAGMA data_version").fetchone()[0]

    def tagged_count(self) -> int:
        return self._conn.execute("SELECT count(DISTINCT event_id) FROM tags").fetchone()[0]

    def agencies(self) -> list[str]:
        rows = self._conn.execute(
            "SELECT DISTINCT agency FROM events WHERE agency != '' ORDER BY agency COLLATE NOCASE"
        )
        return [row[0] for row in rows]


@lru_cache(maxsize=65536)
def _ordinal(iso_date: str) -> int:
    return dt.date.fromisoformat(iso_date).toordinal()
