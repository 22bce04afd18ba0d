"""The import wizard: file → sheet or tables → column mapping with a live preview → report → import.

The wizard holds the reviewer's choices and the results computed from them
(the table read from the file, the checked plan); its pages show and change
them. Reading the file and checking every row run off the UI thread with a
progress dialog and Cancel (``run_job``); nothing is written to the review
until the reviewer presses Import, and then all in one transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget, QWizard

from investigator.importers import (
    ImportField,
    ImportOptions,
    ImportPlan,
    ImportResult,
    SheetInfo,
    SourceKind,
    SourceTable,
    TableInfo,
    apply_import_plan,
    build_import_plan,
    docx_tables,
    read_pasted_text,
    read_source,
    source_kind,
    xlsx_sheets,
)
from investigator.models import InvestigatorError
from investigator.progress import Progress
from investigator.review import ReviewFile
from investigator.ui.import_file_page import FilePage
from investigator.ui.import_mapping_page import MappingPage
from investigator.ui.import_report_page import ReportPage
from investigator.ui.import_source_page import SourcePage
from investigator.ui.jobs import Job, run_job, show_error

PAGE_FILE, PAGE_SOURCE, PAGE_MAPPING, PAGE_REPORT = range(4)


@dataclass
class ImportChoices:
    """Everything the reviewer has chosen so far; the pages edit it."""

    path: Path | None = None
    pasted: str | None = None
    sheet: str | None = None
    tables: tuple[int, ...] = ()
    header_row: int | None = None
    mapping: dict[str, ImportField] = field(default_factory=dict)
    subject: str | None = None
    create_subjects: bool = False
    skip_duplicates: bool = True
    valid_only: bool = False

    def source_key(self) -> Hashable:
        return (self.path, self.pasted, self.sheet, self.tables, self.header_row)

    def plan_key(self) -> Hashable:
        mapping = tuple(sorted((h, f.value) for h, f in self.mapping.items()))
        return (
            self.source_key(),
            mapping,
            self.subject,
            self.create_subjects,
            self.skip_duplicates,
        )


@dataclass(frozen=True)
class SourceDescription:
    """What the file offers to choose from: a workbook's sheets or a document's tables."""

    kind: SourceKind | None
    sheets: list[SheetInfo] = field(default_factory=list)
    tables: list[TableInfo] = field(default_factory=list)


class ImportWizard(QWizard):
    """Import a chronology from a file the reviewer was sent, checking every row first."""

    imported = Signal(object)  # ImportResult, after the events are written

    def __init__(
        self, review: ReviewFile, parent: QWidget | None = None, path: Path | None = None
    ) -> None:
        super().__init__(parent)
        self.review = review
        self.choices = ImportChoices(path=Path(path) if path is not None else None)
        self.description = SourceDescription(None)
        self.table: SourceTable | None = None
        self.plan: ImportPlan | None = None
        self.result: ImportResult | None = None
        self._table_key: Hashable = None
        self._plan_key: Hashable = None
        self._job: Job | None = None
        self._generation = 0

        self.setWindowTitle("Import chronology")
        self.setObjectName("importWizard")
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, False)
        self.setButtonText(QWizard.WizardButton.FinishButton, "Import")
        self.file_page = FilePage(self)
        self.source_page = SourcePage(self)
        self.mapping_page = MappingPage(self)
        self.report_page = ReportPage(self)
        self.setPage(PAGE_FILE, self.file_page)
        self.setPage(PAGE_SOURCE, self.source_page)
        self.setPage(PAGE_MAPPING, self.mapping_page)
        self.setPage(PAGE_REPORT, self.report_page)
        self.setMinimumSize(820, 600)
        self.resize(1100, 820)

    # The reviewer's choices -----------------------------------------------------------
    def options(self) -> ImportOptions:
        choices = self.choices
        return ImportOptions(
            mapping=dict(choices.mapping),
            subject=choices.subject,
            create_subjects=choices.create_subjects,
            skip_duplicates=choices.skip_duplicates,
        )

    def use_pasted_text(self, text: str) -> None:
        self.choices = ImportChoices(pasted=text)
        self.description = SourceDescription(None)

    def use_path(self, path: Path) -> None:
        if path != self.choices.path or self.choices.pasted is not None:
            self.choices = ImportChoices(path=path)
            self.description = SourceDescription(None)

    # Reading the file -------------------------------------------------------------------
    def table_ready(self) -> bool:
        """For ``validatePage``: True if the table matches the choices, else read it and move on."""
        if self.table is not None and self._table_key == self.choices.source_key():
            return True
        self.load_table(self.next)
        return False

    def load_table(self, then: Callable[[], None]) -> None:
        """Read the source with the current choices off the UI thread, then call ``then``."""
        key = self.choices.source_key()
        choices = self.choices
        if choices.pasted is not None:
            try:
                table = read_pasted_text(choices.pasted)
            except InvestigatorError as error:
                self._report(error)
                return
            self._set_table(table, key, SourceDescription(None))
            then()
            return
        path = choices.path
        if path is None:
            return
        sheet, tables, header_row = choices.sheet, choices.tables, choices.header_row
        known = self.description if self.description.kind is not None else None

        def work(progress: Progress) -> tuple[SourceDescription, SourceTable]:
            description = known or describe_source(path)
            table = read_source(
                path,
                sheet=sheet,
                tables=tables or None,
                header_row=header_row,
                progress=progress,
            )
            return description, table

        def done(result: tuple[SourceDescription, SourceTable]) -> None:
            self._set_table(result[1], key, result[0])
            then()

        self._start(f"Reading {path.name}", work, done)

    def _set_table(self, table: SourceTable, key: Hashable, description: SourceDescription) -> None:
        self.table = table
        self._table_key = key
        self.description = description
        if table.sheet is not None:
            self.choices.sheet = table.sheet
        if table.tables:
            self.choices.tables = table.tables
        self._table_key = self.choices.source_key()
        self.plan = None

    # Checking every row ------------------------------------------------------------------------
    def check_rows(self, then: Callable[[], None]) -> None:
        key = self.choices.plan_key()
        if self.plan is not None and self._plan_key == key:
            then()
            return
        table, options, review = self.table, self.options(), self.review
        if table is None:
            return

        def done(plan: ImportPlan) -> None:
            self.plan = plan
            self._plan_key = key
            then()

        self._start(
            "Checking every row",
            lambda progress: build_import_plan(review, table, options, progress),
            done,
        )

    # Importing --------------------------------------------------------------------------------
    def accept(self) -> None:
        """Write the checked rows in one transaction, off the UI thread.

        The window hears of the change through its relay, which brings the
        notice to the UI thread; the wizard stays modal until the write ends.
        """
        plan = self.plan
        if plan is None or self.is_busy:
            return
        self.report_page.show_writing(len(plan.ready))
        review, valid_only = self.review, self.choices.valid_only

        def written(result: Any) -> None:
            self.result = result
            self.imported.emit(result)
            QWizard.accept(self)

        self._start(
            "Importing",
            lambda _progress: apply_import_plan(review, plan, valid_only=valid_only),
            written,
        )

    def reject(self) -> None:
        self._cancel_job()
        super().reject()

    # Background work ----------------------------------------------------------------------------
    @property
    def is_busy(self) -> bool:
        return self._job is not None and not self._job.finished

    def _start(
        self, title: str, work: Callable[[Progress], Any], done: Callable[[Any], None]
    ) -> None:
        """Run ``work`` in the background; a newer request makes an older one's result stale."""
        self._cancel_job()
        self._generation += 1
        generation = self._generation

        def finished(result: Any) -> None:
            if generation == self._generation:
                self._job = None
                done(result)

        def failed(error: BaseException) -> None:
            if generation == self._generation:
                self._job = None
                self._report(error)

        self._job = run_job(self, title, work, finished, on_error=failed)
        self._job.cancelled.connect(lambda: self._on_cancelled(generation))

    def _on_cancelled(self, generation: int) -> None:
        if generation == self._generation:
            self._job = None
            page = self.currentPage()
            if hasattr(page, "on_cancelled"):
                page.on_cancelled()

    def _cancel_job(self) -> None:
        if self._job is not None and not self._job.finished:
            self._job.cancel()
        self._job = None

    def _report(self, error: BaseException) -> None:
        """A reviewer's error goes on the page they are looking at; anything else is a fault."""
        page = self.currentPage()
        if isinstance(error, InvestigatorError) and hasattr(page, "show_error"):
            page.show_error(str(error))
        else:
            show_error(self, "Import chronology", error)


def describe_source(path: Path) -> SourceDescription:
    kind = source_kind(path)
    if kind is SourceKind.XLSX:
        return SourceDescription(kind, sheets=xlsx_sheets(path))
    if kind is SourceKind.DOCX:
        return SourceDescription(kind, tables=docx_tables(path))
    return SourceDescription(kind)
