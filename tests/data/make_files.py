"""Regenerate the generated test files in this folder (the CSVs ending .csv/.tsv by hand are not).

    .venv/bin/python tests/data/make_files.py

Each file reproduces a way agencies' chronologies arrive: Excel workbooks with
a cover sheet and a header under a title, real date cells and a formula;
Word documents with several tables, merged cells and a glossary table; CSV
saved by Excel in Windows-1252 and with a UTF-8 byte-order mark. The output is
deterministic so the files can be committed and compared.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path

from docx import Document
from openpyxl import Workbook

HERE = Path(__file__).resolve().parent
FIXED_TIME = (2024, 1, 1, 0, 0, 0)  # zip entry times, so the bytes do not change run to run


def windows_1252_csv() -> bytes:
    text = (
        "Date,Service user,Event,Agency\r\n"
        "02/03/2020,Service user A,Met at the café on the high street,Housing\r\n"
        "03/03/2020,Service user A,Given £20 for the bus fare – recorded by the worker,Housing\r\n"
    )
    return text.encode("cp1252")


def bom_csv() -> bytes:
    text = (
        "date,subject,summary,agency,event_type\r\n"
        "05/05/2020,Service user B,Seen at the café; said he felt safer,GP,appointment\r\n"
        "06/05/2020,Service user B,Paid £5 prescription charge waived,Pharmacy,medication\r\n"
    )
    return text.encode("utf-8-sig")


def chronology_xlsx() -> bytes:
    book = Workbook()
    cover = book.active
    cover.title = "Cover"
    cover["A1"] = "Chronology supplied by the trust for the independent review"
    cover["A2"] = "See the Chronology sheet"
    sheet = book.create_sheet("Chronology")
    sheet["A1"] = "Chronology — Service user A"
    sheet.merge_cells("A1:H1")
    sheet["A2"] = "Source: community mental health team records"
    headers = [
        "Date", "Time", "Type", "Agency", "Details", "Provenance", "Missed opportunity", "Themes",
    ]  # fmt: skip
    sheet.append([])
    sheet.append(headers)  # row 4
    rows = [
        # 5: a date cell and a time cell
        [dt.date(2019, 3, 12), dt.time(14, 30), "Referral", "GP", "Urgent referral",
         "GP letter p.3", True, "ACCESS"],
        # 6: a date-time at midnight is a date alone, not 00:00
        [dt.datetime(2019, 3, 13), None, "Assessment", "CMHT", "Assessed at home",
         "CMHT notes p.1", False, None],
        # 7: a date-time with its time
        [dt.datetime(2019, 3, 14, 9, 45), None, "Appointment", "CMHT", "Seen in clinic",
         None, None, "TIC; VOICE"],
        [],  # 8: blank
        # 9: dates typed as text, partial
        ["March 2019", None, "Care plan", "CMHT", "Care plan reviewed under standard care",
         None, "no", None],
        # 10: a year typed as a number
        [2019, None, "Other", "Family", "Mother says he stopped his medication", None, 0, None],
        # 11: a formula whose result Excel saved (patched in below)
        [dt.date(2019, 4, 2), None, "Appointment", "GP", "=FORMULA", None, None, None],
        # 12: US month-first order is refused
        ["12/14/2019", None, "Appointment", "GP", "A US-style date", None, None, None],
        # 13: the date cell's time and the time cell disagree
        [dt.datetime(2019, 4, 1, 10, 0), dt.time(11, 0), "Appointment", "GP",
         "Times that disagree", None, None, None],
    ]  # fmt: skip
    for row in rows:
        sheet.append(row)
    sheet["E11"] = '="Letter sent: "&"appointment offered"'
    book.create_sheet("Notes")["A1"] = "Nothing here"
    buffer = io.BytesIO()
    book.save(buffer)
    return _with_cached_formula(buffer.getvalue(), "Letter sent: appointment offered")


def _with_cached_formula(data: bytes, value: str) -> bytes:
    """Excel saves a formula's last result beside it; openpyxl cannot, so add it by hand."""
    source = zipfile.ZipFile(io.BytesIO(data))
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "docProps/core.xml":
                content = re.sub(
                    rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*",
                    rb"\g<1>2024-01-01T00:00:00Z",
                    content,
                )
            if item.filename == "xl/worksheets/sheet2.xml":
                text = content.decode("utf-8")
                text = re.sub(
                    r'<c r="E11"([^>]*)><f>(.*?)</f><v\s*/?>(</v>)?',
                    lambda m: f'<c r="E11"{m[1]} t="str"><f>{m[2]}</f><v>{value}</v>',
                    text,
                )
                content = text.encode("utf-8")
            target.writestr(
                zipfile.ZipInfo(item.filename, FIXED_TIME), content, zipfile.ZIP_DEFLATED
            )
    return output.getvalue()


def two_tables_docx() -> bytes:
    """A glossary, then a chronology split over two tables with the same header, then a table of
    people; merged cells in the first chronology table."""
    document = Document()
    document.add_heading("Chronology of Service user A", level=1)
    document.add_paragraph("Abbreviations used in the records:")
    glossary = document.add_table(rows=3, cols=2)
    for row, (short, meaning) in zip(
        glossary.rows,
        [("Abbreviation", "Meaning"), ("CMHT", "Community mental health team"), ("GP", "GP")],
        strict=True,
    ):
        row.cells[0].text, row.cells[1].text = short, meaning
    header = ["Date", "Service user", "Event", "Comments", "Agency"]

    first = document.add_table(rows=6, cols=5)
    title = first.cell(0, 0).merge(first.cell(0, 4))
    title.text = "2019"
    for cell, text in zip(first.rows[1].cells, header, strict=True):
        cell.text = text
    data = [
        ["12/03/2019", "Service user A", "Urgent referral by the GP", "Marked routine", "GP"],
        ["", "Service user A", "Referral screened by the duty worker", "", "CMHT"],
        ["c. June 2019", "Service user A", "Letter sent offering an appointment", "", "CMHT"],
        ["2019", "Service user A", "Police called to the family home", "No referral made",
         "Police"],
    ]  # fmt: skip
    for row_index, values in enumerate(data, start=2):
        for col, value in enumerate(values):
            first.cell(row_index, col).text = value
    # The date of the first entry covers the second as well (merged down).
    merged_date = first.cell(2, 0).merge(first.cell(3, 0))
    merged_date.text = "12/03/2019"
    # The letter's description runs across the Event and Comments columns (merged across).
    wide = first.cell(4, 2).merge(first.cell(4, 3))
    wide.text = "Letter sent offering an appointment, in a format he could not read"

    document.add_paragraph("Continued:")
    second = document.add_table(rows=3, cols=5)
    for cell, text in zip(second.rows[0].cells, header, strict=True):
        cell.text = text
    for row_index, values in enumerate(
        [
            ["14/01/2020", "Service user A", "Did not attend the review", "", "CMHT"],
            [
                "15/01/2020",
                "Service user A",
                "Discharged back to the GP",
                "No contact tried",
                "CMHT",
            ],
        ],
        start=1,
    ):
        for col, value in enumerate(values):
            second.cell(row_index, col).text = value

    document.add_paragraph("People interviewed:")
    people = document.add_table(rows=2, cols=2)
    people.cell(0, 0).text, people.cell(0, 1).text = "Name", "Role"
    people.cell(1, 0).text, people.cell(1, 1).text = "Mother", "Family"
    buffer = io.BytesIO()
    document.core_properties.created = dt.datetime(2024, 1, 1)
    document.core_properties.modified = dt.datetime(2024, 1, 1)
    document.save(buffer)
    return _fixed_zip_times(buffer.getvalue())


def _fixed_zip_times(data: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(
                zipfile.ZipInfo(item.filename, FIXED_TIME),
                source.read(item.filename),
                zipfile.ZIP_DEFLATED,
            )
    return output.getvalue()


GENERATED = {
    "windows-1252.csv": windows_1252_csv,
    "bom.csv": bom_csv,
    "chronology.xlsx": chronology_xlsx,
    "two-tables.docx": two_tables_docx,
}


def main() -> None:
    for name, make in GENERATED.items():
        (HERE / name).write_bytes(make())
        print(f"wrote tests/data/{name}")


if __name__ == "__main__":
    main()
