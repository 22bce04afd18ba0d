"""`investigator import` and `investigator export-chronology`, called as a user would."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from investigator.cli import main
from investigator.importers import ImportField, save_mapping
from investigator.review import ReviewFile
from tests.conftest import PROJECT_ROOT

DATA = PROJECT_ROOT / "tests" / "data"


def run(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def review_path(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    path = tmp_path / "r.review"
    run(capsys, "new", path, "--title", "Import test")
    run(capsys, "add-subject", path, "Service user A")
    run(capsys, "add-subject", path, "Service user B")
    return path


def document(path: Path) -> str:
    with ReviewFile.open(path, read_only=True) as review:
        return review.export_document().model_dump_json()


def test_problems_exit_1_write_nothing_and_report_every_row(
    review_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = document(review_path)
    code, out, err = run(capsys, "import", review_path, DATA / "messy.csv", "--json")
    assert code == 1
    report = json.loads(out)
    assert report["imported"] == 0
    assert report["skipped"] == 7
    assert [(e["row"], e["column"]) for e in report["errors"]][:2] == [
        (12, "Date/Time"),
        (13, "Date/Time"),
    ]
    assert set(report["errors"][0]) >= {"row", "column", "value", "message"}
    assert err.count("\n") == 1 and err.startswith("investigator: ")
    assert "--valid-only" in err and "--create-subjects to add Service user C" in err
    assert document(review_path) == before


def test_valid_only_imports_the_good_rows(
    review_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(
        capsys, "import", review_path, DATA / "messy.csv", "--valid-only", "--json"
    )
    assert code == 0, err
    report = json.loads(out)
    assert (report["imported"], report["skipped"], report["duplicates"]) == (7, 7, 0)
    assert len(report["errors"]) == 7
    code, out, _ = run(capsys, "import", review_path, DATA / "messy.csv", "--valid-only", "--json")
    assert (json.loads(out)["imported"], json.loads(out)["duplicates"]) == (0, 7)


def test_text_output_lists_problems_with_row_and_column(
    review_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "import", review_path, DATA / "messy.csv", "--valid-only")
    assert code == 0
    assert "messy.csv: 14 rows read; 7 ready to import; 7 with problems." in out
    assert "Row 14, Type ('Lunch'): not an event type" in out
    assert "Imported 7 events into" in out


def test_create_subjects(review_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys,
        "import",
        review_path,
        DATA / "messy.csv",
        "--valid-only",
        "--create-subjects",
        "--json",
    )
    assert code == 0
    assert json.loads(out)["created_subjects"] == ["Service user C"]


def test_dry_run_checks_but_writes_nothing(
    review_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = document(review_path)
    code, out, _ = run(capsys, "import", review_path, DATA / "semicolon.csv", "--dry-run", "--json")
    assert code == 0
    report = json.loads(out)
    assert (report["imported"], report["ready"], report["dry_run"]) == (0, 3, True)
    assert document(review_path) == before


def test_sheet_subject_and_map(review_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(
        capsys,
        "import",
        review_path,
        DATA / "chronology.xlsx",
        "--sheet",
        "Chronology",
        "--subject",
        "Service user B",
        "--map",
        "Provenance=ignore",
        "--map",
        "themes=ignore",
        "--valid-only",
        "--json",
    )
    assert code == 0, err
    assert json.loads(out)["imported"] == 6
    with ReviewFile.open(review_path, read_only=True) as review:
        events = review.events()
        assert {review.subject(e.subject_ids[0]).label for e in events} == {"Service user B"}
        assert {e.source for e in events} == {""}
        assert review.tags() == []


def test_tables_of_a_word_document(review_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(
        capsys, "import", review_path, DATA / "two-tables.docx", "--table", "3", "--json"
    )
    assert code == 0, err
    assert json.loads(out)["imported"] == 2


def test_a_saved_mapping(review_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    save_mapping("Semicolons", {"Event": ImportField.ANALYSIS, "Analysis": ImportField.SUMMARY})
    code, _out, err = run(
        capsys,
        "import",
        review_path,
        DATA / "semicolon.csv",
        "--mapping",
        "Semicolons",
        "--valid-only",
        "--json",
    )
    assert code == 0, err
    with ReviewFile.open(review_path, read_only=True) as review:
        first = review.events()[0]
    assert first.summary == "Routine review"
    assert first.analysis == "Seen in clinic; no concerns raised"


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--map", "Entry=shoe_size"], 2, "not a field"),
        (["--map", "nonsense"], 2, "COLUMN=field"),
        (["--map", "Shoe=summary"], 1, "no column 'Shoe'"),
        (["--sheet", "One"], 1, "not a workbook"),
        (["--subject", "Service user Z"], 1, "no service user called 'Service user Z'"),
        (["--mapping", "Unknown"], 1, "no saved mapping 'Unknown'"),
        (["--map", "Entry=ignore"], 1, "No column is mapped to What happened"),
    ],
)
def test_user_errors(
    review_path: Path,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    code: int,
    message: str,
) -> None:
    result, _out, err = run(capsys, "import", review_path, DATA / "messy.csv", *args)
    assert result == code
    assert message in err


def test_a_damaged_file_is_one_line(
    review_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"PK\x03\x04 not really")
    code, _, err = run(capsys, "import", review_path, bad)
    assert code == 1 and err.count("\n") == 1
    assert "bad.xlsx: cannot be read as an Excel workbook" in err


def test_export_then_import_into_a_new_review(
    tmp_path: Path, demo_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "chronology.xlsx"
    code, printed, err = run(capsys, "export-chronology", demo_path, out, "--json")
    assert code == 0, err
    exported = json.loads(printed)["events"]
    copy = tmp_path / "copy.review"
    run(capsys, "new", copy, "--title", "Copy")
    code, printed, err = run(capsys, "import", copy, out, "--create-subjects", "--json")
    assert code == 0, err
    assert json.loads(printed)["imported"] == exported


def test_export_one_service_user_as_csv(
    tmp_path: Path, demo_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "a.csv"
    code, printed, _ = run(
        capsys, "export-chronology", demo_path, out, "--subject", "Service user A"
    )
    assert code == 0 and "Wrote" in printed
    lines = out.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0].startswith("subject,date,time")
    code, _, err = run(capsys, "export-chronology", demo_path, tmp_path / "x.pdf")
    assert code == 1 and ".csv or .xlsx" in err
