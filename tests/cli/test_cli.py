"""The command line, called as a user would (in-process, and once as a real process)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from investigator.cli import COMMANDS, main
from tests.conftest import PROJECT_ROOT


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def test_demo_then_info_prints_the_counts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "d.review"
    assert run(capsys, "demo", path)[0] == 0
    code, out, err = run(capsys, "info", path, "--json")
    assert code == 0, err
    info = json.loads(out)
    assert info["subjects"] == 3
    assert 60 <= info["events"] <= 100
    assert info["tags"] > 0
    assert info["schema_version"] == 1
    assert info["title"]


def test_new_add_subject_add_event_info(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "n.review"
    assert run(capsys, "new", path, "--title", "Review of care")[0] == 0
    code, out, _ = run(
        capsys,
        "add-subject",
        path,
        "Service user A",
        "--attr",
        "community=Irish Traveller",
        "--attr",
        "Age band=30-39",
        "--json",
    )
    assert code == 0
    subject = json.loads(out)
    assert subject["community"] == "Irish Traveller"
    assert subject["attributes"][0] == {"name": "Age band", "kind": "text", "value": "30-39"}
    code, out, err = run(
        capsys,
        "add-event",
        path,
        "--subject",
        "Service user A",
        "--date",
        "c. June 2019",
        "--agency",
        "GP",
        "--type",
        "referral",
        "--summary",
        "Urgent referral to CMHT",
        "--json",
    )
    assert code == 0, err
    event = json.loads(out)
    assert event["date"]["precision"] == "approximate"
    code, out, _ = run(capsys, "info", path, "--json")
    info = json.loads(out)
    assert (info["title"], info["subjects"], info["events"], info["tags"]) == (
        "Review of care",
        1,
        1,
        0,
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["add-event", "{p}", "--subject", "Nobody", "--date", "2019", "--summary", "x"],
            "no service user called 'Nobody'",
        ),
        (
            [
                "add-event",
                "{p}",
                "--subject",
                "Service user A",
                "--date",
                "31/02/2019",
                "--summary",
                "x",
            ],
            "31/02/2019",
        ),
        (
            [
                "add-event",
                "{p}",
                "--subject",
                "Service user A",
                "--date",
                "2019",
                "--type",
                "lunch",
                "--summary",
                "x",
            ],
            "Unknown event type",
        ),
        (["add-subject", "{p}", "Service user A"], "already a service user"),
        (["info", "{missing}"], "does not exist"),
    ],
)
def test_user_errors_exit_1_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    path = tmp_path / "e.review"
    run(capsys, "new", path, "--title", "T")
    run(capsys, "add-subject", path, "Service user A")
    filled = [a.format(p=path, missing=tmp_path / "missing.review") for a in args]
    code, _out, err = run(capsys, *filled)
    assert code == 1
    assert message in err
    assert err.count("\n") == 1 and err.startswith("investigator: ")


def test_bad_usage_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "add-event")[0] == 2
    assert run(capsys, "info")[0] == 2
    assert run(capsys, "add-subject", "x.review", "A", "--attr", "nonsense")[0] == 2


def test_export_import_json_round_trip_and_vault(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "d.review"
    run(capsys, "demo", source)
    out1 = tmp_path / "one.json"
    assert run(capsys, "export-json", source, out1)[0] == 0
    document = json.loads(out1.read_text())
    assert document["identifiers"] is None
    copy = tmp_path / "copy.review"
    assert run(capsys, "import-json", out1, copy)[0] == 0
    out2 = tmp_path / "two.json"
    run(capsys, "export-json", copy, out2)
    assert out1.read_text() == out2.read_text()
    run(capsys, "export-json", source, tmp_path / "vault.json", "--include-vault")
    assert json.loads((tmp_path / "vault.json").read_text())["identifiers"] == []


def test_import_json_refuses_a_bad_document_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "investigator-review", "review": {}}')
    target = tmp_path / "new.review"
    code, _, err = run(capsys, "import-json", bad, target)
    assert code == 1 and "not a valid review document" in err
    assert not target.exists()


def test_every_command_is_in_help_and_readme(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--help")
    assert code == 0
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    for name in COMMANDS:
        assert name in out
        assert re.search(rf"investigator {re.escape(name)}\b", readme), f"README lacks {name}"


def test_the_installed_command_runs(tmp_path: Path) -> None:
    path = tmp_path / "p.review"
    result = subprocess.run(
        [sys.executable, "-m", "investigator", "new", str(path), "--title", "T", "--json"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["events"] == 0
