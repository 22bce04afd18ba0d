"""Excel workbooks: sheets, a header under a title, real date cells and formulas."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import Workbook

from investigator.importers import (
    ImportFileError,
    ImportOptionsError,
    read_source,
    read_xlsx,
    xlsx_sheets,
)


def test_the_chronology_sheet_is_chosen_over_the_cover(data: Path) -> None:
    table = read_xlsx(data / "chronology.xlsx")
    assert table.name == "chronology.xlsx, sheet 'Chronology'"
    assert "'Cover', 'Notes'" in table.notes[0]


def test_sheets_are_listed(data: Path) -> None:
    assert [s.name for s in xlsx_sheets(data / "chronology.xlsx")] == [
        "Cover",
        "Chronology",
        "Notes",
    ]


def test_a_sheet_by_name_or_number(data: Path) -> None:
    assert read_source(data / "chronology.xlsx", sheet="chronology").header_row == 4
    cover = read_source(data / "chronology.xlsx", sheet="1")
    assert cover.name.endswith("sheet 'Cover'")


def test_an_unknown_sheet_names_the_ones_there_are(data: Path) -> None:
    with pytest.raises(ImportOptionsError, match="'Cover', 'Chronology', 'Notes'"):
        read_source(data / "chronology.xlsx", sheet="Events 2019")


def test_header_below_a_merged_title_and_excel_row_numbers(data: Path) -> None:
    table = read_xlsx(data / "chronology.xlsx")
    assert table.header_row == 4
    assert table.headers == [
        "Date",
        "Time",
        "Type",
        "Agency",
        "Details",
        "Provenance",
        "Missed opportunity",
        "Themes",
    ]
    assert [row.number for row in table.rows] == [5, 6, 7, 9, 10, 11, 12, 13]


def test_date_cells_arrive_as_dates_not_text(data: Path) -> None:
    rows = {row.number: row.cells for row in read_xlsx(data / "chronology.xlsx").rows}
    assert rows[5][0] == dt.datetime(2019, 3, 12)
    assert rows[5][1] == dt.time(14, 30)
    assert rows[7][0] == dt.datetime(2019, 3, 14, 9, 45)
    assert rows[10][0] == 2019
    assert rows[5][6] is True


def test_a_formula_gives_the_value_excel_saved(data: Path) -> None:
    rows = {row.number: row.cells for row in read_xlsx(data / "chronology.xlsx").rows}
    assert rows[11][4] == "Letter sent: appointment offered"


def test_a_sheet_with_a_wrong_declared_size_is_read_to_the_end(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["Date", "Event"])
    for day in range(1, 21):
        sheet.append([dt.date(2020, 1, day), f"Event {day}"])
    path = tmp_path / "sized.xlsx"
    book.save(path)
    table = read_xlsx(path)
    assert len(table.rows) == 20
    assert table.rows[-1].number == 21


@pytest.mark.parametrize("payload", [b"", b"PK\x03\x04 truncated", b"not a workbook at all"])
def test_a_damaged_workbook_is_one_clear_error(tmp_path: Path, payload: bytes) -> None:
    path = tmp_path / "damaged.xlsx"
    path.write_bytes(payload)
    with pytest.raises(ImportFileError, match="cannot be read as an Excel workbook"):
        read_xlsx(path)


def test_an_empty_workbook_has_nothing_to_import(tmp_path: Path) -> None:
    path = tmp_path / "empty.xlsx"
    Workbook().save(path)
    with pytest.raises(ImportFileError, match="nothing in it to import"):
        read_xlsx(path)


def merged_workbook(path: Path) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.title = "Chronology"
    sheet.append(["Care of Service user A", None, None, None])
    sheet.merge_cells("A1:D1")  # a title merged across the table
    sheet.append(["Date", "Agency", "Details", "Notes"])
    sheet.append([dt.date(2021, 5, 3), "GP", "Seen by the GP.", None])
    sheet.append([None, "Police", "Welfare check at home.", None])
    sheet.append([None, "CMHT", "Duty call, no answer.", None])
    sheet.merge_cells("A3:A5")  # one day's date merged down over its three entries
    sheet.append([dt.date(2021, 5, 9), "CMHT", "Letter sent offering an appointment.", None])
    sheet.merge_cells("C6:D6")  # details merged across into the notes column
    book.save(path)
    return path


def test_a_date_merged_down_gives_its_value_to_each_row(tmp_path: Path) -> None:
    table = read_xlsx(merged_workbook(tmp_path / "merged.xlsx"))
    assert table.header_row == 2
    dates = [row.cells[0] for row in table.rows]
    assert dates == [dt.datetime(2021, 5, 3)] * 3 + [dt.datetime(2021, 5, 9)]
    assert "2 cells under a merged cell took the value" in " ".join(table.notes)


def test_a_cell_merged_across_counts_once_in_its_first_column(tmp_path: Path) -> None:
    table = read_xlsx(merged_workbook(tmp_path / "merged.xlsx"))
    last = table.rows[-1].cells
    assert last[2] == "Letter sent offering an appointment."
    assert last[3] in (None, "")


def test_a_title_merged_across_adds_no_note(data: Path) -> None:
    assert not any("merged" in note for note in read_xlsx(data / "chronology.xlsx").notes)
