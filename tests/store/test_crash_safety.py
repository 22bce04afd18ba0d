"""A process killed mid-write loses nothing that had committed, and corrupts nothing."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from investigator.review import ReviewFile

# The child adds events one action at a time and prints each id once its
# transaction has committed.
WRITER = r"""
import sys, itertools
from investigator.review import ReviewFile, build_event
review = ReviewFile.open(sys.argv[1])
subject = review.subject("Service user A")
for n in itertools.count():
    event = build_event([subject.id], "12/03/2019", f"Entry {n} " + "text " * 40,
                        agency="GP", event_type="appointment")
    review.add_event(event)
    print(event.id, flush=True)
"""


@pytest.mark.skipif(os.name == "nt", reason="SIGKILL is POSIX")
@pytest.mark.parametrize("kill_after", [5, 40, 150])
def test_sigkill_while_adding_events_keeps_every_committed_event(
    tmp_path: Path, kill_after: int
) -> None:
    path = tmp_path / "crash.review"
    with ReviewFile.create(path, "Crash test") as review:
        review.add_subject("Service user A")

    child = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    committed: list[str] = []
    deadline = time.monotonic() + 60
    assert child.stdout is not None
    while len(committed) < kill_after and time.monotonic() < deadline:
        line = child.stdout.readline()
        if not line:
            break
        committed.append(line.strip())
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=10)
    assert len(committed) >= kill_after, child.stderr.read() if child.stderr else ""
    # Ids the child printed before it died but this test had not read yet are
    # committed too; only whole lines count.
    committed += [line.strip() for line in child.stdout if line.endswith("\n")]

    with ReviewFile.open(path) as reopened:
        assert reopened.store.integrity_check() == "ok"
        stored = {str(e.id) for e in reopened.events()}
        assert set(committed) <= stored
        # At most the one action in flight may have committed without being printed.
        assert len(stored) - len(committed) <= 1
        # Every stored event is whole: its subject link and its audit entry exist.
        for event in reopened.events():
            assert event.subject_ids
        audited = reopened.store.db.conn.execute(
            "SELECT count(*) FROM audit WHERE entity = 'event'"
        ).fetchone()[0]
        assert audited == len(stored)
