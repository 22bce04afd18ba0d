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


def test_a_deferred_check_finds_the_damage(tmp_path: Path) -> None:
    """Large files open first and are checked in the background; damage still shows."""
    from investigator.models import InvestigatorError
    from investigator.store import CorruptReviewError

    path = tmp_path / "big.review"
    with ReviewFile.create(path, "Big") as review:
        subject = review.add_subject("Service user A")
        from investigator.review import build_event

        review.add_events(
            [build_event([subject.id], "2019", f"Entry {n} " + "words " * 50) for n in range(400)]
        )
    data = bytearray(path.read_bytes())
    for i in range(len(data) - 8192, len(data) - 4096):
        data[i] = (i * 7) % 256
    path.write_bytes(bytes(data))
    try:
        opened = ReviewFile.open(path, check=False)
    except InvestigatorError:
        return  # refused at once: also fine
    try:
        assert not opened.checked
        with pytest.raises(CorruptReviewError):
            opened.verify()
    finally:
        opened.close()


def test_a_sound_file_passes_the_deferred_check(tmp_path: Path) -> None:
    path = tmp_path / "sound.review"
    ReviewFile.create(path, "Sound").close()
    with ReviewFile.open(path, check=False) as review:
        assert not review.checked
        review.verify()
        assert review.checked
