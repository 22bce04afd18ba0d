"""Writing an import: all good rows in one transaction and one undo step, or nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from investigator.importers import (
    ImportOptions,
    ImportPlan,
    ImportRefusedError,
    apply_import_plan,
    auto_map,
    build_import_plan,
    read_csv_bytes,
    read_source,
)
from investigator.models import TagOrigin
from investigator.progress import Cancelled, Progress
from investigator.review import ReviewFile


def messy_plan(review: ReviewFile, data: Path, **options: object) -> ImportPlan:
    source = read_source(data / "messy.csv")
    return build_import_plan(
        review,
        source,
        ImportOptions(mapping=auto_map(source.headers), **options),  # type: ignore[arg-type]
    )


def test_problems_refuse_the_whole_import(two_users: ReviewFile, data: Path) -> None:
    before = two_users.export_document()
    plan = messy_plan(two_users, data)
    with pytest.raises(ImportRefusedError, match="7 row"):
        apply_import_plan(two_users, plan)
    assert two_users.export_document() == before
    assert two_users.undo_label == "Add Service user B"


def test_valid_rows_only_in_one_undo_step(two_users: ReviewFile, data: Path) -> None:
    before = two_users.export_document()
    result = apply_import_plan(two_users, messy_plan(two_users, data), valid_only=True)
    assert (result.imported, result.skipped, result.duplicates) == (7, 7, 0)
    assert len(two_users.events()) == 7
    tags = two_users.tags()
    assert len(tags) == 5 and {t.origin for t in tags} == {TagOrigin.IMPORT}
    assert two_users.undo_label == "Import 7 events from messy.csv"
    two_users.undo()
    assert two_users.export_document() == before
    two_users.redo()
    assert len(two_users.events()) == 7 and len(two_users.tags()) == 5


def test_new_service_users_come_and_go_with_their_events(two_users: ReviewFile, data: Path) -> None:
    before = two_users.export_document()
    plan = messy_plan(two_users, data, create_subjects=True)
    result = apply_import_plan(two_users, plan, valid_only=True)
    assert result.created_subjects == ["Service user C"]
    assert result.imported == 8
    assert [s.label for s in two_users.subjects()][-1] == "Service user C"
    two_users.undo()
    assert two_users.export_document() == before


def test_a_service_user_whose_rows_all_fail_is_not_created(two_users: ReviewFile) -> None:
    source = read_csv_bytes(b"Service user,Date,Event\nService user Q,someday,Seen\n", "q.csv")
    plan = build_import_plan(
        two_users, source, ImportOptions(mapping=auto_map(source.headers), create_subjects=True)
    )
    assert plan.new_subjects == [] and plan.unknown_subjects == ["Service user Q"]
    apply_import_plan(two_users, plan, valid_only=True)
    assert [s.label for s in two_users.subjects()] == ["Service user A", "Service user B"]


def test_importing_the_same_file_twice_skips_the_duplicates(
    two_users: ReviewFile, data: Path
) -> None:
    apply_import_plan(two_users, messy_plan(two_users, data), valid_only=True)
    again = messy_plan(two_users, data)
    assert again.ready == [] and len(again.duplicates) == 7
    result = apply_import_plan(two_users, again, valid_only=True)
    assert (result.imported, result.duplicates) == (0, 7)
    assert len(two_users.events()) == 7
    assert "already in the review" in result.warnings[-1].message
    kept = messy_plan(two_users, data, skip_duplicates=False)
    assert len(kept.ready) == 7 and len(kept.duplicates) == 7


def test_duplicates_ignore_case_and_spacing_but_not_the_date(two_users: ReviewFile) -> None:
    first = b"Service user,Date,Event\nService user A,12/03/2019,Seen  at home\n"
    second = (
        b"Service user,Date,Event\n"
        b"service user a,12/03/2019,seen at HOME\n"
        b"Service user A,03/2019,Seen at home\n"
        b"Service user B,12/03/2019,Seen at home\n"
    )
    for data in (first, second):
        source = read_csv_bytes(data, "x.csv")
        plan = build_import_plan(two_users, source, ImportOptions(mapping=auto_map(source.headers)))
        apply_import_plan(two_users, plan)
    assert [p.row for p in plan.duplicates] == [2]
    assert len(two_users.events()) == 3


def test_a_row_repeated_inside_the_file_is_a_warning(two_users: ReviewFile) -> None:
    data = b"Service user,Date,Event\nService user A,2019,Seen\nService user A,2019,Seen\n"
    source = read_csv_bytes(data, "x.csv")
    plan = build_import_plan(two_users, source, ImportOptions(mapping=auto_map(source.headers)))
    assert len(plan.ready) == 2
    [warning] = plan.warnings
    assert warning.row == 3 and "the same as row 2" in warning.message


def test_a_dry_run_writes_nothing(two_users: ReviewFile, data: Path) -> None:
    before = two_users.export_document()
    result = apply_import_plan(
        two_users, messy_plan(two_users, data), valid_only=True, dry_run=True
    )
    assert (result.imported, result.ready, result.dry_run) == (0, 7, True)
    assert two_users.export_document() == before


def test_progress_is_reported_and_cancel_leaves_the_review_as_it_was(two_users: ReviewFile) -> None:
    lines = ["Service user,Date,Event"] + [f"Service user A,2019,Event {n}" for n in range(3500)]
    source = read_csv_bytes("\n".join(lines).encode(), "big.csv")
    options = ImportOptions(mapping=auto_map(source.headers))
    seen: list[tuple[int, int]] = []
    build_import_plan(two_users, source, options, Progress(lambda d, t, _m: seen.append((d, t))))
    assert seen[0] == (0, 3500) and seen[-1] == (3500, 3500)
    assert len(seen) >= 4

    before = two_users.export_document()
    progress = Progress(lambda done, _t, _m: progress.cancel() if done >= 2000 else None)
    with pytest.raises(Cancelled):
        build_import_plan(two_users, source, options, progress)
    plan = build_import_plan(two_users, source, options)
    cancelled = Progress()
    cancelled.cancel()
    with pytest.raises(Cancelled):
        apply_import_plan(two_users, plan, progress=cancelled)
    assert two_users.export_document() == before


def test_a_crash_during_the_write_leaves_nothing(
    two_users: ReviewFile, data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = two_users.export_document()
    plan = messy_plan(two_users, data, create_subjects=True)

    def fail(*_args: object, **_kwargs: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr("investigator.store.transaction.Transaction.write_audit", fail)
    with pytest.raises(OSError, match="disk full"):
        apply_import_plan(two_users, plan, valid_only=True)
    monkeypatch.undo()
    assert two_users.export_document() == before


def test_the_word_document_lands_in_order(two_users: ReviewFile, data: Path) -> None:
    source = read_source(data / "two-tables.docx")
    plan = build_import_plan(two_users, source, ImportOptions(mapping=auto_map(source.headers)))
    apply_import_plan(two_users, plan)
    events = two_users.events()
    assert [e.date.display() for e in events] == [
        "2019",
        "12/03/2019",
        "12/03/2019",
        "c. 06/2019",
        "14/01/2020",
        "15/01/2020",
    ]
    assert events[0].analysis == "No referral made"
