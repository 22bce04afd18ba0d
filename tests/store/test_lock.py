"""A review open in one process is refused for writing in another, never corrupted."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from investigator.review import ReviewFile
from investigator.store import ReadOnlyError, ReviewInUseError

HOLDER = r"""
import sys, time
from investigator.review import ReviewFile
review = ReviewFile.open(sys.argv[1])
print("open", flush=True)
time.sleep(120)
"""


def _hold(path: Path) -> subprocess.Popen[str]:
    child = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(path)], stdout=subprocess.PIPE, text=True
    )
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "open"
    return child


def test_second_process_is_told_the_review_is_in_use_and_can_read(tmp_path: Path) -> None:
    path = tmp_path / "shared.review"
    with ReviewFile.create(path, "Shared") as review:
        review.add_subject("Service user A")
    child = _hold(path)
    try:
        with pytest.raises(ReviewInUseError) as caught:
            ReviewFile.open(path)
        assert "open in another" in str(caught.value)
        with ReviewFile.open(path, read_only=True) as reader:
            assert [s.label for s in reader.subjects()] == ["Service user A"]
            assert reader.read_only
            with pytest.raises(ReadOnlyError):
                reader.add_subject("Service user B")
    finally:
        child.kill()
        child.wait()


@pytest.mark.skipif(os.name == "nt", reason="SIGKILL is POSIX")
def test_the_claim_dies_with_the_process(tmp_path: Path) -> None:
    path = tmp_path / "crashed.review"
    ReviewFile.create(path, "Crashed").close()
    child = _hold(path)
    child.send_signal(signal.SIGKILL)
    child.wait()
    with ReviewFile.open(path) as review:
        assert not review.read_only


def test_two_opens_in_one_process_are_also_refused(review: ReviewFile) -> None:
    with pytest.raises(ReviewInUseError):
        ReviewFile.open(review.path)
