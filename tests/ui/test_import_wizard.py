"""The import wizard driven as a reviewer would: file, sheet or tables, mapping, report, import."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QWizard
from pytestqt.qtbot import QtBot

from investigator.importers import ImportField
from investigator.models import EventFilter
from investigator.progress import Progress
from investigator.review import ReviewFile
from investigator.ui.export_dialog import default_export_path, export_chronology_dialog
from investigator.ui.import_models import COL_STATUS, COL_SUMMARY
from investigator.ui.import_wizard import (
    PAGE_FILE,
    PAGE_MAPPING,
    PAGE_REPORT,
    PAGE_SOURCE,
    ImportWizard,
)
from tests.conftest import PROJECT_ROOT
from tests.importers.test_xlsx_reader import merged_workbook

DATA = PROJECT_ROOT / "tests" / "data"


@pytest.fixture
def two_users(tmp_path: Path) -> Iterator[ReviewFile]:
    with ReviewFile.create(tmp_path / "wizard.review", "Wizard test") as review:
        review.add_subject("Service user A")
        review.add_subject("Service user B")
        yield review


def open_wizard(qtbot: QtBot, review: ReviewFile, path: Path | None) -> ImportWizard:
    wizard = ImportWizard(review, path=path)
    qtbot.addWidget(wizard)
    wizard.show()
    return wizard


def go_to(qtbot: QtBot, wizard: ImportWizard, page: int) -> None:
    while wizard.currentId() < page:
        before = wizard.currentId()
        qtbot.waitUntil(lambda: not wizard.is_busy, timeout=10000)
        wizard.next()
        qtbot.waitUntil(lambda: wizard.currentId() != before, timeout=10000)  # noqa: B023
    qtbot.waitUntil(lambda: not wizard.is_busy, timeout=10000)


def finish(qtbot: QtBot, wizard: ImportWizard) -> None:
    """Press Import and wait for the write, which runs off the UI thread."""
    button = wizard.button(QWizard.WizardButton.FinishButton)
    assert button.isEnabled()
    button.click()
    qtbot.waitUntil(lambda: not wizard.is_busy, timeout=10000)


def test_messy_csv_valid_rows_land_in_one_undo_step(
    qtbot: QtBot, two_users: ReviewFile, qtmodeltester: object
) -> None:
    wizard = open_wizard(qtbot, two_users, DATA / "messy.csv")
    assert wizard.currentId() == PAGE_FILE
    go_to(qtbot, wizard, PAGE_SOURCE)
    assert "Headers found on row 4" in wizard.source_page.found_label.text()
    go_to(qtbot, wizard, PAGE_MAPPING)
    page = wizard.mapping_page
    model = page.preview_model
    assert model.rowCount() == 14
    qtmodeltester.check(model)  # type: ignore[attr-defined]
    assert model.index(0, COL_STATUS).data() == "Ready"
    assert model.index(0, COL_SUMMARY).data().startswith("Urgent referral")
    assert "Date/Time: ambiguous" in model.index(6, COL_STATUS).data()
    assert "6 with problems" not in page.status_label.text()  # Service user C is unknown here
    assert "7 with problems" in page.status_label.text()

    go_to(qtbot, wizard, PAGE_REPORT)
    report = wizard.report_page
    qtbot.waitUntil(lambda: wizard.plan is not None)
    qtmodeltester.check(report.problems_model)  # type: ignore[attr-defined]
    assert report.problems_model.rowCount() == 7
    assert not report.isComplete()  # problems, and "import nothing" is chosen
    report.import_valid.setChecked(True)
    assert report.isComplete()
    assert wizard.button(QWizard.WizardButton.FinishButton).text() == "Import 7 events"
    with qtbot.waitSignal(wizard.imported) as imported:
        finish(qtbot, wizard)
    assert imported.args[0].imported == 7
    assert len(two_users.events()) == 7
    assert two_users.undo_label == "Import 7 events from messy.csv"


def test_changing_the_mapping_updates_the_preview(qtbot: QtBot, two_users: ReviewFile) -> None:
    wizard = open_wizard(qtbot, two_users, DATA / "messy.csv")
    go_to(qtbot, wizard, PAGE_MAPPING)
    page = wizard.mapping_page
    entry = page._combos["Entry"]
    entry.setCurrentIndex(entry.findData(None))
    qtbot.waitUntil(lambda: "No column is mapped to What happened" in page.status_label.text())
    assert not page.isComplete()
    assert page.preview_model.rowCount() == 0
    # Choosing the field for another column moves it there.
    comments = page._combos["Comments"]
    comments.setCurrentIndex(comments.findData(ImportField.SUMMARY.value))
    qtbot.waitUntil(page.isComplete)
    assert wizard.choices.mapping["Comments"] is ImportField.SUMMARY
    assert "Entry" not in wizard.choices.mapping


def test_creating_new_service_users(qtbot: QtBot, two_users: ReviewFile) -> None:
    wizard = open_wizard(qtbot, two_users, DATA / "messy.csv")
    go_to(qtbot, wizard, PAGE_MAPPING)
    page = wizard.mapping_page
    assert "Not in the review: Service user C" in page.subject_note.text()
    page.create_check.setChecked(True)
    qtbot.waitUntil(lambda: "Will be added: Service user C" in page.subject_note.text())
    go_to(qtbot, wizard, PAGE_REPORT)
    wizard.report_page.import_valid.setChecked(True)
    finish(qtbot, wizard)
    assert [s.label for s in two_users.subjects()][-1] == "Service user C"
    assert len(two_users.events()) == 8


def test_a_workbook_for_one_service_user(qtbot: QtBot, two_users: ReviewFile) -> None:
    wizard = open_wizard(qtbot, two_users, DATA / "chronology.xlsx")
    go_to(qtbot, wizard, PAGE_SOURCE)
    source = wizard.source_page
    assert source.sheet_combo.isVisible()
    assert source.sheet_combo.currentData() == "Chronology"
    go_to(qtbot, wizard, PAGE_MAPPING)
    page = wizard.mapping_page
    assert page.one_subject.isChecked()  # the sheet has no service-user column
    assert "Choose the service user" in page.status_label.text()
    assert not page.isComplete()
    page.subject_combo.setCurrentText("Service user B")
    qtbot.waitUntil(page.isComplete)
    go_to(qtbot, wizard, PAGE_REPORT)
    wizard.report_page.import_valid.setChecked(True)
    finish(qtbot, wizard)
    events = two_users.events()
    assert len(events) == 6
    subject_b = two_users.subject("Service user B").id
    assert all(e.subject_ids == [subject_b] for e in events)


def test_a_date_merged_down_in_a_workbook_dates_every_row(
    qtbot: QtBot, two_users: ReviewFile, tmp_path: Path
) -> None:
    wizard = open_wizard(qtbot, two_users, merged_workbook(tmp_path / "merged.xlsx"))
    go_to(qtbot, wizard, PAGE_SOURCE)
    assert "took the value of the cell merged over them" in wizard.source_page.found_label.text()
    go_to(qtbot, wizard, PAGE_MAPPING)
    wizard.mapping_page.subject_combo.setCurrentText("Service user A")
    qtbot.waitUntil(wizard.mapping_page.isComplete)
    go_to(qtbot, wizard, PAGE_REPORT)
    finish(qtbot, wizard)
    dates = sorted(str(e.date) for e in two_users.events())
    assert dates == ["03/05/2021"] * 3 + ["09/05/2021"]


def test_choosing_tables_of_a_word_document(qtbot: QtBot, two_users: ReviewFile) -> None:
    wizard = open_wizard(qtbot, two_users, DATA / "two-tables.docx")
    go_to(qtbot, wizard, PAGE_SOURCE)
    source = wizard.source_page
    model = source.tables_model
    assert model.rowCount() == 4
    checked = [model.item(r).checkState().name for r in range(4)]
    assert checked == ["Unchecked", "Checked", "Checked", "Unchecked"]
    assert wizard.table is not None and len(wizard.table.rows) == 6
    from PySide6.QtCore import Qt

    model.item(2).setCheckState(Qt.CheckState.Unchecked)
    qtbot.waitUntil(lambda: wizard.table is not None and len(wizard.table.rows) == 4)
    go_to(qtbot, wizard, PAGE_REPORT)
    finish(qtbot, wizard)
    assert len(two_users.events()) == 4


def test_pasted_cells(qtbot: QtBot, two_users: ReviewFile) -> None:
    wizard = open_wizard(qtbot, two_users, None)
    assert not wizard.file_page.isComplete()
    wizard.file_page.use_pasted(
        "Date\tService user\tEvent\n01/02/2020\tService user A\tSeen at home\n"
        "02/02/2020\tService user B\tLetter sent\n"
    )
    assert wizard.file_page.isComplete()
    go_to(qtbot, wizard, PAGE_REPORT)
    assert wizard.report_page.isComplete()
    finish(qtbot, wizard)
    assert [e.summary for e in two_users.events()] == ["Seen at home", "Letter sent"]


def test_a_damaged_file_is_explained_on_the_first_page(
    qtbot: QtBot, two_users: ReviewFile, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"PK\x03\x04 not really a workbook")
    wizard = open_wizard(qtbot, two_users, bad)
    wizard.next()
    label = wizard.file_page.error_label
    qtbot.waitUntil(label.isVisible, timeout=10000)
    assert "cannot be read as an Excel workbook" in label.text()
    assert wizard.currentId() == PAGE_FILE


def test_a_read_only_review_cannot_be_imported_into(qtbot: QtBot, demo_path: Path) -> None:
    with ReviewFile.open(demo_path, read_only=True) as review:
        wizard = open_wizard(qtbot, review, DATA / "messy.csv")
        assert not wizard.file_page.isComplete()
        assert "read-only" in wizard.file_page.error_label.text()


def test_cancelling_the_check_changes_nothing(
    qtbot: QtBot, two_users: ReviewFile, monkeypatch: pytest.MonkeyPatch
) -> None:
    def slow_check(*args: object) -> None:
        progress = args[-1]
        assert isinstance(progress, Progress)
        for step in range(1000):
            progress.step(step, 1000)
            time.sleep(0.01)

    monkeypatch.setattr("investigator.ui.import_wizard.build_import_plan", slow_check)
    before = two_users.export_document()
    wizard = open_wizard(qtbot, two_users, DATA / "semicolon.csv")
    go_to(qtbot, wizard, PAGE_MAPPING)
    wizard.next()
    qtbot.waitUntil(lambda: wizard.currentId() == PAGE_REPORT and wizard.is_busy)
    assert wizard._job is not None
    wizard._job.cancel()
    qtbot.waitUntil(lambda: "cancelled" in wizard.report_page.summary_label.text())
    assert not wizard.report_page.isComplete()
    wizard.reject()
    assert two_users.export_document() == before


def test_export_dialog_writes_off_the_ui_thread(
    qtbot: QtBot, demo_review: ReviewFile, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    written: list[tuple[Path, int]] = []
    target = tmp_path / "out"
    monkeypatch.setattr(
        "investigator.ui.export_dialog.QFileDialog.getSaveFileName",
        lambda *_a, **_k: (str(target), "CSV, UTF-8 (*.csv)"),
    )
    job = export_chronology_dialog(
        demo_review, EventFilter(), None, on_done=lambda p, n: written.append((p, n))
    )
    assert job is not None
    qtbot.waitUntil(lambda: bool(written), timeout=10000)
    path, count = written[0]
    assert path == tmp_path / "out.csv" and path.exists()
    assert count == len(demo_review.events())
    assert default_export_path(demo_review).name.endswith(" - chronology.xlsx")


def test_export_dialog_can_be_cancelled_at_the_file_chooser(
    demo_review: ReviewFile, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        "investigator.ui.export_dialog.QFileDialog.getSaveFileName", lambda *_a, **_k: ("", "")
    )
    assert export_chronology_dialog(demo_review, None, None) is None
