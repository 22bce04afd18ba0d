"""CSV files as agencies' systems and Excel save them: separators, encodings, layout."""

from __future__ import annotations

from pathlib import Path

import pytest

from investigator.importers import ImportFileError, read_csv, read_csv_bytes, read_source
from investigator.importers.csv_reader import decode_text, sniff_delimiter


def test_messy_csv_finds_the_header_under_the_title_and_keeps_row_numbers(data: Path) -> None:
    table = read_csv(data / "messy.csv")
    assert table.header_row == 4
    assert table.headers[:5] == ["Service User", "Date/Time", "Type", "Agency/Source", "Entry"]
    numbers = [row.number for row in table.rows]
    # Row 8 is blank and row 7 holds a cell spanning two lines: Excel's numbering.
    assert numbers == [5, 6, 7, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19]
    assert "Rows above the header (row 4) were not read." in table.notes
    multi_line = table.rows[2].cells[4]
    assert isinstance(multi_line, str) and "Two lines in one cell." in multi_line


def test_every_row_is_as_wide_as_the_header(data: Path) -> None:
    table = read_csv(data / "messy.csv")
    assert {len(row.cells) for row in table.rows} == {len(table.headers)}


@pytest.mark.parametrize(
    ("name", "separator", "first_cells"),
    [
        ("semicolon.csv", "semicolons", ("01/02/2020", "09:15", "Service user A")),
        ("tabs.tsv", "tabs", ("Service user A", "04/04/2021")),
        ("messy.csv", "commas", ("Service user A", "12/03/2019")),
    ],
)
def test_the_separator_is_sniffed(
    data: Path, name: str, separator: str, first_cells: tuple[str, ...]
) -> None:
    table = read_source(data / name)
    assert f"separated by {separator}" in table.notes[0]
    assert table.rows[0].cells[: len(first_cells)] == first_cells


def test_a_semicolon_inside_quotes_stays_in_its_cell(data: Path) -> None:
    table = read_csv(data / "semicolon.csv")
    assert table.rows[0].cells[3] == "Seen in clinic; no concerns raised"


def test_utf8_with_a_byte_order_mark(data: Path) -> None:
    assert (data / "bom.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    table = read_csv(data / "bom.csv")
    assert table.headers[0] == "date"  # not "\ufeffdate"
    assert table.rows[0].cells[2] == "Seen at the café; said he felt safer"
    assert "£5" in str(table.rows[1].cells[2])
    assert "UTF-8" in table.notes[0]


def test_windows_1252_is_the_fallback(data: Path) -> None:
    table = read_csv(data / "windows-1252.csv")
    assert "Windows-1252" in table.notes[0]
    assert table.rows[0].cells[2] == "Met at the café on the high street"
    assert table.rows[1].cells[2] == "Given £20 for the bus fare – recorded by the worker"


def test_utf16_as_excel_saves_unicode_text() -> None:
    text = "Date\tEvent\tService user\r\n01/01/2020\tSeen at the café\tService user A\r\n"
    table = read_csv_bytes(text.encode("utf-16"), "unicode.txt")
    assert table.rows[0].cells == ("01/01/2020", "Seen at the café", "Service user A")
    assert "UTF-16" in table.notes[0]


def test_a_commas_inside_free_text_do_not_fool_the_sniffer() -> None:
    text = "Date;Event\n01/01/2020;Seen, assessed, discharged\n02/01/2020;Letter, then call\n"
    assert sniff_delimiter(text) == ";"


def test_a_single_column_file_is_read_as_one_column() -> None:
    table = read_csv_bytes(b"Event\nSeen\nDischarged\n", "one.csv")
    assert table.headers == ["Event"]
    assert [row.cells for row in table.rows] == [("Seen",), ("Discharged",)]


def test_empty_and_missing_headers_get_names() -> None:
    table = read_csv_bytes(b"Date,,Date\n01/01/2020,x,y,extra\n", "odd.csv")
    assert table.headers == ["Date", "Column 2", "Date (2)", "Column 4"]


def test_a_repeated_header_row_is_skipped() -> None:
    data = b"Date,Event\n01/01/2020,Seen\nDate,Event\n02/01/2020,Seen again\n"
    table = read_csv_bytes(data, "joined.csv")
    assert [row.number for row in table.rows] == [2, 4]
    assert any("repeated header" in note for note in table.notes)


def test_the_header_row_can_be_given() -> None:
    data = b"Date,Event\nWhen,What\n01/01/2020,Seen\n"
    table = read_csv_bytes(data, "two-headers.csv", header_row=2)
    assert table.headers == ["When", "What"]
    assert table.header_row == 2


def test_a_header_row_outside_the_file_is_a_clear_error() -> None:
    with pytest.raises(ImportFileError, match="row 9 is empty or outside"):
        read_csv_bytes(b"Date,Event\n01/01/2020,Seen\n", "short.csv", header_row=9)


@pytest.mark.parametrize(
    "payload",
    [b"", b"\n\n,,,\n", b"\x00\x01\x02\x03binary", b"\x81\x8d\x8f\x90\x9d"],
)
def test_files_that_are_not_tables_are_refused_with_a_reason(payload: bytes) -> None:
    with pytest.raises(ImportFileError) as caught:
        read_csv_bytes(payload, "bad.csv")
    assert str(caught.value).startswith("bad.csv: ")


def test_decode_prefers_utf8() -> None:
    assert decode_text("£".encode(), "x") == ("£", "UTF-8")
    assert decode_text("£".encode("cp1252"), "x") == ("£", "Windows-1252")


def test_a_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ImportFileError, match="does not exist"):
        read_source(tmp_path / "nothing.csv")


@pytest.mark.parametrize(
    ("name", "message"),
    [("old.xls", "save it as .xlsx"), ("old.doc", "save it as .docx"), ("x.pdf", "PDF")],
)
def test_old_formats_get_advice(tmp_path: Path, name: str, message: str) -> None:
    (tmp_path / name).write_bytes(b"whatever")
    with pytest.raises(ImportFileError, match=message):
        read_source(tmp_path / name)
