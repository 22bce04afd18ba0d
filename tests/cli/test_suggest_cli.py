"""The suggest, tag and untag commands, called as a user would."""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from investigator.cli import main
from investigator.cli_common import EXIT_BROKEN_PIPE
from investigator.review import ReviewFile


def run(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def test_suggest_json_shape(demo_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "suggest", demo_path, "--json")
    assert code == 0, err
    document = json.loads(out)
    assert list(document) == ["suggestions"]
    entries = document["suggestions"]
    assert entries
    with ReviewFile.open(demo_path, read_only=True) as review:
        events = {str(e.id): e for e in review.events()}
        labels = {s.id: s.label for s in review.subjects()}
        codes = {t.code: t.name for t in review.themes()}
    per_event: dict[str, int] = {}
    for entry in entries:
        assert set(entry) == {"event_id", "subject", "theme", "score", "reasons"}
        event = events[entry["event_id"]]
        assert entry["subject"] == ", ".join(labels[s] for s in event.subject_ids)
        assert codes[entry["theme"]["code"]] == entry["theme"]["name"]
        assert 0 <= entry["score"] <= 1
        assert entry["reasons"]
        for reason in entry["reasons"]:
            assert reason["kind"] in {"phrase", "similar_event", "example_words"}
            assert reason["text"]
            if reason["kind"] == "phrase":
                assert set(reason) == {"kind", "field", "start", "end", "phrase", "weight", "text"}
                words = getattr(event, reason["field"])[reason["start"] : reason["end"]]
                assert words.lower().startswith(reason["phrase"].split()[0][:3])
            elif reason["kind"] == "example_words":
                assert set(reason) == {"kind", "examples", "words", "text"}
                assert reason["examples"] > 0 and reason["words"]
                for word in reason["words"]:
                    assert set(word) == {"field", "start", "end", "word"}
                    written = getattr(event, word["field"])[word["start"] : word["end"]]
                    assert written == word["word"] and f'"{written}"' in reason["text"]
            else:
                assert set(reason) == {"kind", "event_id", "excerpt", "similarity", "text"}
        per_event[entry["event_id"]] = per_event.get(entry["event_id"], 0) + 1
    assert max(per_event.values()) == 2
    # The collector, paused while the output is made, runs again afterwards.
    assert gc.isenabled()


def test_the_collector_runs_again_when_the_review_cannot_be_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "broken.review"
    broken.write_bytes(b"not a review")
    code, _, err = run(capsys, "suggest", broken, "--json")
    assert code != 0 and err
    assert gc.isenabled()


def test_suggest_limit(demo_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "suggest", demo_path, "--json", "--limit", "1")
    assert code == 0
    ids = [e["event_id"] for e in json.loads(out)["suggestions"]]
    assert len(ids) == len(set(ids))
    code, _, err = run(capsys, "suggest", demo_path, "--limit", "0")
    assert code == 2 and "--limit" in err


def test_suggest_as_text(demo_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "suggest", demo_path)
    assert code == 0
    first = out.splitlines()[0]
    assert "Service user" in first and "mentions" in first


def test_tag_then_untag(demo_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with ReviewFile.open(demo_path, read_only=True) as review:
        event = review.events()[0]
        before = {t.theme_id for t in review.tags([event.id])}
        theme = next(t for t in review.themes() if t.id not in before)
    code, out, err = run(
        capsys,
        "tag",
        demo_path,
        event.id,
        theme.name,
        "--rationale",
        "Seen by the review",
        "--json",
    )
    assert code == 0, err
    tag = json.loads(out)
    assert (tag["event_id"], tag["theme_id"], tag["rationale"]) == (
        str(event.id),
        str(theme.id),
        "Seen by the review",
    )
    code, out, _ = run(capsys, "untag", demo_path, event.id, theme.code)
    assert code == 0 and out.startswith(f"Removed {theme.name}")
    code, out, _ = run(capsys, "untag", demo_path, event.id, str(theme.id), "--json")
    assert code == 0 and json.loads(out)["removed"] is False
    with ReviewFile.open(demo_path, read_only=True) as review:
        assert {t.theme_id for t in review.tags([event.id])} == before


def test_tag_reports_user_errors_in_one_line(
    demo_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with ReviewFile.open(demo_path, read_only=True) as review:
        event = review.events()[0]
    code, _, err = run(capsys, "tag", demo_path, event.id, "NO-SUCH-THEME")
    assert code == 1 and err.startswith("investigator: There is no theme")
    code, _, err = run(capsys, "tag", demo_path, "not-an-event", "ACCESS")
    assert code == 1 and "no event" in err
    assert len(err.strip().splitlines()) == 1


def test_a_reader_that_stops_early_is_not_an_error(demo_path: Path) -> None:
    """`investigator suggest REVIEW | head -1`: the rest has nowhere to go, quietly."""
    process = subprocess.Popen(
        [sys.executable, "-m", "investigator", "suggest", str(demo_path), "--json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None and process.stderr is not None
    first = process.stdout.read(64)
    process.stdout.close()  # as head does once it has its line
    code = process.wait(timeout=60)
    errors = process.stderr.read().decode()
    process.stderr.close()
    assert first.startswith(b"{")
    assert errors == ""
    assert code in (0, EXIT_BROKEN_PIPE)  # 0 if it had written everything already


def test_the_same_review_gets_the_same_suggestions_in_every_run(demo_path: Path) -> None:
    """Python orders a set differently in each run; the suggestions, the similar
    events they cite, and every digit of their scores must not follow it."""
    outputs = []
    for seed in ("1", "2", "3"):
        result = subprocess.run(
            [sys.executable, "-m", "investigator", "suggest", str(demo_path), "--json"],
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
            check=True,
        )
        outputs.append(result.stdout)
    cited = json.loads(outputs[0])["suggestions"]
    assert any(r["kind"] == "similar_event" for s in cited for r in s["reasons"])
    assert outputs[1] == outputs[0]
    assert outputs[2] == outputs[0]
