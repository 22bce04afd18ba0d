"""Ranking a whole review on several cores gives exactly what one core gives.

Each case runs tests/themes/fork_check.py in a fresh interpreter: forking is
done as the command line does it, from a process with one thread.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from investigator.review import ReviewFile
from investigator.themes import parallel
from tests.conftest import PROJECT_ROOT

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="ranking is shared out only on Linux"
)


def _check(tmp_path: Path, case: str) -> dict:
    done = subprocess.run(
        [
            sys.executable,
            "-X",
            "faulthandler",
            "-m",
            "tests.themes.fork_check",
            str(tmp_path),
            case,
        ],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "INVESTIGATOR_DATA_DIR": str(tmp_path / "data")},
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_three_processes_give_the_same_suggestions_in_the_same_order(tmp_path: Path) -> None:
    found = _check(tmp_path, "same")
    assert found["same"] is True
    assert found["suggestions"] > found["events"] // 2
    assert found["sent_back"] > 0, "the other processes ranked some of the events"
    assert found["similar"] > 0, "similar tagged events travel back from the other processes"
    done = [step[0] for step in found["steps"]]
    assert done == sorted(done) and done[-1] == found["events"]
    assert found["left"] == 0, "no process is left behind"


def test_cancelling_stops_the_other_processes(tmp_path: Path) -> None:
    found = _check(tmp_path, "cancel")
    assert found == {"cancelled": True, "left": 0}


def test_a_fault_in_another_process_is_reported_here(tmp_path: Path) -> None:
    found = _check(tmp_path, "failure")
    assert "a fault in another process" in found["message"]
    assert found["left"] == 0


def test_a_process_that_dies_is_reported_not_waited_for(tmp_path: Path) -> None:
    found = _check(tmp_path, "killed")
    assert "stopped without finishing" in found["message"]
    assert found["left"] == 0


def test_only_a_large_review_in_a_process_with_one_thread_is_shared_out(tmp_path: Path) -> None:
    found = _check(tmp_path, "choice")
    assert found["small"] == 1
    assert found["with_a_thread"] == 1
    cores = len(os.sched_getaffinity(0))
    assert found["alone"] == min(cores, parallel.MAX_PROCESSES)


def test_phrases_found_while_learning_give_the_same_suggestions(tmp_path: Path) -> None:
    found = _check(tmp_path, "ahead")
    assert 0 < found["found_early"] <= found["events"], "the other process found some"
    assert found["same"] is True
    assert found["kept_after"] == 0, "used for one ranking only"
    assert found["left"] == 0


@pytest.mark.parametrize("case", ["ahead-failure", "ahead-no-process"])
def test_a_fault_while_finding_phrases_ahead_changes_nothing(tmp_path: Path, case: str) -> None:
    found = _check(tmp_path, case)
    assert found["found_early"] == 0
    assert found["same"] is True
    assert found["left"] == 0


def test_a_fault_while_learning_stops_the_other_process(tmp_path: Path) -> None:
    found = _check(tmp_path, "ahead-body-fails")
    assert found == {"message": "a fault while learning", "left": 0}


def test_every_event_read_once_gives_what_a_prepared_model_gives(demo_path: Path) -> None:
    with ReviewFile.open(demo_path) as review:
        read_once = review.suggestions()  # builds the model from the same read
    with ReviewFile.open(demo_path) as review:
        review.prepare_suggestions()
        prepared = review.suggestions()
    assert read_once == prepared
    assert any(s.from_tags > 0 for s in prepared), "the demo's tags were learned"
