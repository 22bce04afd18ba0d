"""Cells pasted from Excel or Word: tab-separated, quoted when a cell holds a line break."""

from __future__ import annotations

import pytest

from investigator.importers import ImportFileError, read_pasted_text


def test_cells_copied_from_excel() -> None:
    text = (
        "Date\tService user\tEvent\r\n"
        '01/01/2020\tService user A\t"Seen at home,\nthen discharged"\r\n'
        "02/01/2020\tService user B\tLetter sent\r\n"
    )
    table = read_pasted_text(text)
    assert table.name == "Pasted text"
    assert table.headers == ["Date", "Service user", "Event"]
    assert table.rows[0].cells[2] == "Seen at home,\nthen discharged"
    assert [row.number for row in table.rows] == [2, 3]


def test_copied_from_word_with_a_title_line_above() -> None:
    text = "Chronology of events\nDate\tDetails\tAgency\n12/03/2019\tReferral\tGP\n"
    table = read_pasted_text(text)
    assert table.header_row == 2
    assert table.rows[0].cells == ("12/03/2019", "Referral", "GP")


def test_binary_on_the_clipboard_is_refused() -> None:
    with pytest.raises(ImportFileError, match="binary"):
        read_pasted_text("a\x00b")


def test_nothing_pasted_is_refused() -> None:
    with pytest.raises(ImportFileError, match="nothing in it"):
        read_pasted_text("  \n\t\n")
