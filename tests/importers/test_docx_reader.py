"""Tables in Word documents: choosing tables, appending continuations, merged cells."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document

from investigator.importers import (
    ImportFileError,
    ImportOptionsError,
    docx_tables,
    read_docx,
    read_source,
)


def test_tables_are_listed_with_their_first_row(data: Path) -> None:
    tables = docx_tables(data / "two-tables.docx")
    assert [t.number for t in tables] == [1, 2, 3, 4]
    assert tables[0].first_row == ("Abbreviation", "Meaning")
    assert tables[1].first_row[0] == "2019"  # the merged title row
    assert "Table 3" in tables[2].description


def test_the_chronology_tables_are_chosen_and_appended(data: Path) -> None:
    table = read_docx(data / "two-tables.docx")
    assert table.name == "two-tables.docx, tables 2, 3"
    assert table.headers == ["Date", "Service user", "Event", "Comments", "Agency"]
    assert [row.location for row in table.rows] == [
        "Table 2, row 3",
        "Table 2, row 4",
        "Table 2, row 5",
        "Table 2, row 6",
        "Table 3, row 2",
        "Table 3, row 3",
    ]
    assert "Tables 2, 3 were read as one chronology." in table.notes


def test_a_cell_merged_down_gives_its_value_to_each_row(data: Path) -> None:
    rows = read_docx(data / "two-tables.docx").rows
    assert rows[0].cells[0] == rows[1].cells[0] == "12/03/2019"
    assert rows[1].cells[2] == "Referral screened by the duty worker"


def test_a_cell_merged_across_counts_once(data: Path) -> None:
    letter = read_docx(data / "two-tables.docx").rows[2]
    assert letter.cells[2] == "Letter sent offering an appointment, in a format he could not read"
    assert letter.cells[3] == ""  # not the same text again under Comments
    assert letter.cells[4] == "CMHT"


def test_tables_can_be_chosen(data: Path) -> None:
    table = read_source(data / "two-tables.docx", tables=[3])
    assert table.name == "two-tables.docx, table 3"
    assert [row.location for row in table.rows] == ["Table 3, row 2", "Table 3, row 3"]


def test_a_table_with_other_columns_is_refused(data: Path) -> None:
    with pytest.raises(ImportOptionsError, match=r"Table 4 .* different columns"):
        read_docx(data / "two-tables.docx", tables=[2, 4])


def test_a_missing_table_number(data: Path) -> None:
    with pytest.raises(ImportOptionsError, match="has 4 table"):
        read_docx(data / "two-tables.docx", tables=[7])


def test_a_continuation_without_a_header_is_appended(tmp_path: Path) -> None:
    document = Document()
    first = document.add_table(rows=2, cols=3)
    for cell, text in zip(first.rows[0].cells, ["Date", "Event", "Agency"], strict=True):
        cell.text = text
    for cell, text in zip(first.rows[1].cells, ["01/01/2020", "Seen", "GP"], strict=True):
        cell.text = text
    second = document.add_table(rows=1, cols=3)
    for cell, text in zip(second.rows[0].cells, ["02/01/2020", "Seen again", "GP"], strict=True):
        cell.text = text
    path = tmp_path / "continued.docx"
    document.save(str(path))
    table = read_docx(path, tables=[1, 2])
    assert [row.cells for row in table.rows] == [
        ("01/01/2020", "Seen", "GP"),
        ("02/01/2020", "Seen again", "GP"),
    ]
    assert any("no header row" in note for note in table.notes)


def test_a_document_without_tables(tmp_path: Path) -> None:
    document = Document()
    document.add_paragraph("12/03/2019 referral by the GP")
    path = tmp_path / "prose.docx"
    document.save(str(path))
    with pytest.raises(ImportFileError, match="has no tables"):
        read_docx(path)


@pytest.mark.parametrize("payload", [b"", b"PK\x03\x04\x14\x00", b"{\\rtf1 not a docx}"])
def test_a_damaged_document_is_one_clear_error(tmp_path: Path, payload: bytes) -> None:
    path = tmp_path / "damaged.docx"
    path.write_bytes(payload)
    with pytest.raises(ImportFileError, match="cannot be read as a Word document"):
        read_docx(path)
