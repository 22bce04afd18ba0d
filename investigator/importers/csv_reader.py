"""CSV and tab-separated text, as agencies' systems and Excel write them.

Excel on Windows saves "CSV" in the machine's code page (Windows-1252 in the
UK), "CSV UTF-8" with a byte-order mark, and "Unicode text" as UTF-16 with
tabs; European settings use semicolons. All of these are read without the
reviewer having to say which, and the choice made is noted in the table.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from investigator.progress import Progress

from .errors import ImportFileError
from .table import RawRow, SourceTable, build_table

DELIMITERS = (",", ";", "\t", "|")
_DELIMITER_NAMES = {",": "commas", ";": "semicolons", "\t": "tabs", "|": "bars"}
SNIFF_RECORDS = 50
PROGRESS_EVERY = 5000


def read_csv(
    path: Path, *, header_row: int | None = None, progress: Progress | None = None
) -> SourceTable:
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ImportFileError(path, f"cannot be read ({error.strerror or error}).") from None
    return read_csv_bytes(data, path.name, header_row=header_row, progress=progress)


def read_csv_bytes(
    data: bytes,
    name: str,
    *,
    header_row: int | None = None,
    progress: Progress | None = None,
) -> SourceTable:
    text, encoding = decode_text(data, name)
    delimiter = sniff_delimiter(text)
    table = read_delimited_text(
        text, name, delimiter=delimiter, header_row=header_row, progress=progress
    )
    table.notes.insert(0, f"Read as {encoding} text separated by {_DELIMITER_NAMES[delimiter]}.")
    return table


def read_pasted_text(text: str, name: str = "Pasted text") -> SourceTable:
    """Cells copied from Excel or Word arrive separated by tabs, one row a line."""
    if "\x00" in text:
        raise ImportFileError(name, "the pasted text contains binary data, not a table.")
    # The clipboard can hold half of a character pair, which no file can store; show it as "?".
    text = text.encode("utf-8", "replace").decode("utf-8")
    delimiter = "\t" if "\t" in text else sniff_delimiter(text)
    return read_delimited_text(text, name, delimiter=delimiter)


def decode_text(data: bytes, name: str) -> tuple[str, str]:
    """The text and the name of the encoding it was in.

    UTF-8 is tried first because a Windows-1252 file almost never decodes as
    valid UTF-8 by accident, whereas the reverse always "succeeds" wrongly.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        candidates = [("utf-8-sig", "UTF-8")]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        candidates = [("utf-16", "UTF-16")]
    else:
        candidates = [("utf-8", "UTF-8"), ("cp1252", "Windows-1252")]
    for codec, label in candidates:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if "\x00" in text:
            break
        return text, label
    raise ImportFileError(
        name,
        "is not a text (CSV) file that can be read: it may be a different kind of file, "
        "or damaged. Open it in Excel and save it as CSV UTF-8 or as an .xlsx workbook.",
    )


def sniff_delimiter(text: str) -> str:
    """The separator that splits the first records into the same number of columns most often.

    csv.Sniffer guesses from character frequencies and is easily misled by
    commas inside free text; counting consistent column counts is steadier.
    """
    sample = _leading_lines(text, SNIFF_RECORDS)
    best, best_score = ",", 0
    for delimiter in DELIMITERS:
        try:
            widths = [
                len(record)
                for record in csv.reader(io.StringIO(sample), delimiter=delimiter, strict=False)
                if record
            ]
        except csv.Error:
            continue
        if not widths:
            continue
        common_width, occurrences = Counter(widths).most_common(1)[0]
        score = occurrences * (common_width - 1)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def read_delimited_text(
    text: str,
    name: str,
    *,
    delimiter: str,
    header_row: int | None = None,
    progress: Progress | None = None,
) -> SourceTable:
    return build_table(name, _records(text, name, delimiter, progress), header_row=header_row)


def _records(text: str, name: str, delimiter: str, progress: Progress | None) -> Iterator[RawRow]:
    """Records numbered from 1, blank lines included, as Excel numbers the rows it shows."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
    total = text.count("\n") + 1
    number = 0
    try:
        for number, record in enumerate(reader, start=1):
            if progress is not None and number % PROGRESS_EVERY == 0:
                progress.step(reader.line_num, total, f"Reading {name}: row {number:,}")
            yield number, record
    except csv.Error as error:
        raise ImportFileError(name, f"row {number + 1} cannot be read as CSV ({error}).") from None


def _leading_lines(text: str, count: int) -> str:
    end = 0
    for _ in range(count):
        found = text.find("\n", end)
        if found < 0:
            return text
        end = found + 1
    return text[:end]
