"""The one place that opens a review file.

Every check that could refuse a file runs on a read-only connection first, so
a file that is not ours, or is from a newer version, is never written to.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from urllib.parse import quote

from sqlite_utils import Database

from .errors import (
    CorruptReviewError,
    NewerVersionError,
    NotAReviewError,
    NotSQLiteError,
    ReviewExistsError,
    ReviewInUseError,
    ReviewNotFoundError,
)
from .lock import FileLock
from .schema import APPLICATION_ID, SCHEMA_VERSION, migrations

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 5000
CACHE_KIB = 64 * 1024  # large imports stay in memory until they commit


def _read_only_uri(path: Path) -> str:
    return f"file:{quote(str(path.resolve()))}?mode=ro"


def connect_read_only(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(
        _read_only_uri(path), uri=True, isolation_level=None, check_same_thread=False
    )
    conn.row_factory = sqlite3.Row
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    return conn


def inspect_review_file(path: Path) -> int:
    """Refuse anything that is not a review this version can read.

    Returns the file's schema version. Touches nothing: the version and the
    application id are read from the database header as bytes. Only when a
    write-ahead log is present (the file is open elsewhere, or a session
    crashed) can the newest header be in the log, and then a read-only
    connection reads it.
    """
    if not path.is_file():
        raise ReviewNotFoundError(path)
    with path.open("rb") as f:
        header = f.read(100)
    if len(header) < 100 or not header.startswith(SQLITE_HEADER):
        raise NotSQLiteError(path)
    version = int.from_bytes(header[60:64], "big")
    application_id = int.from_bytes(header[68:72], "big")
    wal = path.with_name(path.name + "-wal")
    if wal.exists() and wal.stat().st_size > 0:
        try:
            conn = connect_read_only(path)
            try:
                application_id = conn.execute("PRAGMA application_id").fetchone()[0]
                version = conn.execute("PRAGMA user_version").fetchone()[0]
            finally:
                conn.close()
        except sqlite3.DatabaseError as error:
            raise CorruptReviewError(path, str(error)) from None
    if application_id != APPLICATION_ID:
        raise NotAReviewError(path)
    if version > SCHEMA_VERSION:
        raise NewerVersionError(path, version, SCHEMA_VERSION)
    return version


def _configure(conn: sqlite3.Connection) -> None:
    conn.row_factory = sqlite3.Row
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute(f"PRAGMA cache_size = -{CACHE_KIB}")


def _quick_check(conn: sqlite3.Connection, path: Path) -> None:
    try:
        result = conn.execute("PRAGMA quick_check(1)").fetchone()[0]
    except sqlite3.DatabaseError as error:
        raise CorruptReviewError(path, str(error)) from None
    if result != "ok":
        raise CorruptReviewError(path, result)


def _migrate(db: Database) -> None:
    migrations.apply(db)


def check_file(path: Path) -> None:
    """The full-file consistency check on its own read-only connection.

    Safe from a worker thread while the review is open elsewhere in the process.
    """
    conn = connect_read_only(path)
    try:
        _quick_check(conn, path)
    finally:
        conn.close()


def open_database(
    path: Path, *, read_only: bool, check: bool = True
) -> tuple[Database, FileLock | None]:
    """Open an existing review: checks, lock, pragmas, pending migrations.

    ``check=False`` leaves the full-file check (it reads every page) to the
    caller, who must then run :func:`check_file` before trusting the file.
    """
    path = Path(path)
    version = inspect_review_file(path)
    if read_only:
        conn = connect_read_only(path)
        try:
            if check:
                _quick_check(conn, path)
        except BaseException:
            conn.close()
            raise
        return Database(conn, execute_plugins=False), None
    lock = FileLock(path)
    if not lock.acquire():
        raise ReviewInUseError(path)
    try:
        conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        try:
            _configure(conn)
            if check or version < SCHEMA_VERSION:
                _quick_check(conn, path)
            db = Database(conn, execute_plugins=False)
            if version < SCHEMA_VERSION:
                _migrate(db)
        except sqlite3.DatabaseError as error:
            conn.close()
            raise CorruptReviewError(path, str(error)) from None
    except BaseException:
        lock.release()
        raise
    return db, lock


def create_database(path: Path) -> tuple[Database, FileLock]:
    """Make a new, empty review file with the current schema."""
    path = Path(path)
    if path.exists():
        raise ReviewExistsError(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    lock = FileLock(path)
    if not lock.acquire():
        raise ReviewInUseError(path)
    try:
        conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        # Marked as ours before the switch to WAL, so the mark is in the file itself.
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        _configure(conn)
        db = Database(conn, execute_plugins=False)
        _migrate(db)
    except BaseException:
        lock.release()
        raise
    return db, lock
