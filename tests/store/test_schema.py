from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlite_utils import Database

from investigator.review import ReviewFile
from investigator.store.schema import APPLICATION_ID, SCHEMA_VERSION, migrations


def test_schema_version_counts_the_migrations(tmp_path: Path) -> None:
    db = Database(tmp_path / "empty.db")
    assert len(migrations.pending(db)) == SCHEMA_VERSION


def test_a_new_review_has_current_version_and_pragmas(review: ReviewFile) -> None:
    conn = review.store.db.conn
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    applied = [m.name for m in migrations.applied(review.store.db)]
    assert len(applied) == SCHEMA_VERSION


def test_reopening_applies_nothing_twice(tmp_path: Path) -> None:
    path = tmp_path / "r.review"
    ReviewFile.create(path, "R").close()
    ReviewFile.open(path).close()
    conn = sqlite3.connect(path)
    count = conn.execute("SELECT count(*) FROM _sqlite_migrations").fetchone()[0]
    conn.close()
    assert count == SCHEMA_VERSION
