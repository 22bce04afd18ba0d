"""The baseline the store is measured against: raw sqlite3 into the same tables.

Shared by the insert and import benchmarks so that both compare against the
same, fastest raw way to fill a review file: the same pragmas, rows with
executemany, and the full-text index filled in one statement.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from investigator.store.mappers import EVENT_COLUMNS

Row = Sequence[Any]


def raw_connection(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None)
    for pragma in ("journal_mode = WAL", "synchronous = FULL", "foreign_keys = ON"):
        conn.execute(f"PRAGMA {pragma}")
    conn.execute("PRAGMA cache_size = -65536")
    return conn


def raw_insert(
    conn: sqlite3.Connection, rows: Sequence[Row], links: Sequence[Row], tags: Sequence[Row] = ()
) -> None:
    """Events (in EVENT_COLUMNS order), their subject links and tags, in one transaction."""
    conn.execute("BEGIN")
    conn.execute("UPDATE fts_control SET deferred = 1")
    conn.executemany(
        f"INSERT INTO events ({', '.join(EVENT_COLUMNS)}) "
        f"VALUES ({', '.join('?' for _ in EVENT_COLUMNS)})",
        rows,
    )
    conn.execute(
        "INSERT INTO events_fts (rowid, summary, should_have_happened, analysis, agency, source) "
        "SELECT seq, summary, should_have_happened, analysis, agency, source FROM events"
    )
    conn.execute("UPDATE fts_control SET deferred = 0")
    conn.executemany(
        "INSERT INTO event_subjects (event_id, subject_id, position) VALUES (?, ?, ?)", links
    )
    conn.executemany(
        "INSERT INTO tags (id, event_id, theme_id, rationale, origin, created_by, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        tags,
    )
    conn.execute("COMMIT")
