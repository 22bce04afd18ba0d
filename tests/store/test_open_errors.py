"""Files that are not reviews, or are from a newer version, are refused untouched."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest

from investigator.review import ReviewFile
from investigator.store import (
    SCHEMA_VERSION,
    NewerVersionError,
    NotAReviewError,
    NotSQLiteError,
    ReviewNotFoundError,
    ReviewStore,
)


def _fingerprint(path: Path) -> tuple[str, list[str]]:
    siblings = sorted(p.name for p in path.parent.iterdir())
    return hashlib.sha256(path.read_bytes()).hexdigest(), siblings


def test_a_file_that_is_not_sqlite_is_refused_and_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "notes.review"
    path.write_bytes(b"Minutes of the panel meeting\n" * 200)
    before = _fingerprint(path)
    with pytest.raises(NotSQLiteError) as caught:
        ReviewFile.open(path)
    assert "not an SQLite database" in str(caught.value)
    assert _fingerprint(path) == before


def test_an_empty_file_is_refused_and_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "empty.review"
    path.touch()
    with pytest.raises(NotSQLiteError):
        ReviewFile.open(path)
    assert path.read_bytes() == b""


def test_an_sqlite_file_that_is_not_a_review_is_refused_and_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE contacts (name TEXT)")
    conn.execute("INSERT INTO contacts VALUES ('someone')")
    conn.commit()
    conn.close()
    before = _fingerprint(path)
    with pytest.raises(NotAReviewError) as caught:
        ReviewFile.open(path)
    assert "not an Investigator review" in str(caught.value)
    assert _fingerprint(path) == before
    with pytest.raises(NotAReviewError):
        ReviewFile.open(path, read_only=True)
    assert _fingerprint(path) == before


def test_a_review_from_a_newer_version_is_refused_and_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "future.review"
    ReviewFile.create(path, "From the future").close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    before = _fingerprint(path)
    for read_only in (False, True):
        with pytest.raises(NewerVersionError) as caught:
            ReviewFile.open(path, read_only=read_only)
        assert "newer version" in str(caught.value)
        assert _fingerprint(path) == before


def test_a_missing_file_is_reported(tmp_path: Path) -> None:
    with pytest.raises(ReviewNotFoundError):
        ReviewStore.open(tmp_path / "nowhere.review")


def test_a_damaged_review_is_reported_not_opened(tmp_path: Path) -> None:
    path = tmp_path / "damaged.review"
    with ReviewFile.create(path, "Damaged") as review:
        review.add_subject("Service user A")
    data = bytearray(path.read_bytes())
    page = 4096
    # Overwrite the middle pages with noise but keep the header intact.
    for i in range(page * 2, len(data)):
        data[i] = (i * 31) % 251
    path.write_bytes(bytes(data))
    from investigator.models import InvestigatorError

    with pytest.raises(InvestigatorError):
        ReviewFile.open(path)
