"""Importing a chronology file, against the csv module (or openpyxl) + raw executemany, in one run.

    python -m bench.bench_import --events 100000

A synthetic chronology (bench/synth.py) is written as the exporter writes it,
to CSV and to XLSX. The importer reads, maps, parses every date through the
one date parser, validates every row, checks for duplicates and writes events,
subject links and theme tags in one transaction (``add_events``), into a new
review made by our migrations. The baseline reads the same file with the
``csv`` module (or openpyxl's streaming reader), turns rows into tuples with
no checking at all (dates go in as they are written), and fills the same
tables of the same kind of review file with ``executemany``, indexing the full
text in one statement at the end, as the store's bulk insert does. Best of
``--repeats`` runs; reported as a ratio.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import tempfile
import time
import uuid
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from bench.raw_baseline import raw_connection, raw_insert
from bench.synth import synthetic_events, synthetic_subjects
from investigator.importers import (
    ImportOptions,
    apply_import_plan,
    auto_map,
    build_import_plan,
    export_chronology,
    read_source,
)
from investigator.models import Event, EventFilter, Subject, Tag, Theme
from investigator.progress import collector_paused
from investigator.review import ReviewFile
from investigator.themes.frameworks import load_framework


class _Chronology:
    """The synthetic events as an export source, so the file is what export writes."""

    def __init__(self, subjects: list[Subject], events: list[Event], tags: list[Tag]) -> None:
        self._subjects, self._events, self._tags = subjects, events, tags
        self._themes = list(load_framework("six-themes").themes)

    def events(self, event_filter: EventFilter | None = None) -> list[Event]:
        return self._events

    def tags(self, event_ids: Sequence[uuid.UUID | str] | None = None) -> list[Tag]:
        return self._tags

    def subjects(self) -> list[Subject]:
        return self._subjects

    def themes(self) -> list[Theme]:
        return self._themes


def _prepared_review(path: Path, subjects: list[Subject]) -> ReviewFile:
    review = ReviewFile.create(path, "Benchmark")
    with review.action("Add subjects") as tx:
        for subject in subjects:
            tx.put(subject)
    return review


def _import(path: Path, review: ReviewFile) -> int:
    table = read_source(path)
    plan = build_import_plan(review, table, ImportOptions(mapping=auto_map(table.headers)))
    assert not plan.errors, plan.errors[:3]
    return apply_import_plan(review, plan).imported


def _csv_records(path: Path) -> Iterator[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        next(reader)
        yield from reader


def _xlsx_records(path: Path) -> Iterator[list[str]]:
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True, data_only=True)
    rows = book.worksheets[0].iter_rows(min_row=2, values_only=True)
    for row in rows:
        record = ["" if value is None else str(value) for value in row]
        yield record + [""] * (14 - len(record))
    book.close()


def _baseline(records: Iterable[list[str]], db_path: Path, subjects: list[Subject]) -> int:
    """Rows straight into the tables: the least any importer must do.

    The cyclic garbage collector is paused here too, as the importer pauses it,
    so that the ratio compares the work done and not that one setting.
    """
    with collector_paused():
        return _baseline_rows(records, db_path, subjects)


def _baseline_rows(records: Iterable[list[str]], db_path: Path, subjects: list[Subject]) -> int:
    ids = {s.label: str(s.id) for s in subjects}
    themes = {t.code: str(t.id) for t in load_framework("six-themes").themes}
    now = dt.datetime.now(dt.UTC).isoformat()
    conn = raw_connection(db_path)
    rows, links, tags = [], [], []
    for record in records:
        event_id = str(uuid.uuid4())
        subject, date, when, agency, role, kind, summary, should, analysis, source = record[:10]
        flags = [int(value == "yes") for value in record[10:13]]
        rows.append(
            (event_id, date, date, "day", when or None, agency, role, kind, summary, should,
             analysis, source, *flags)
        )  # fmt: skip
        links.extend((event_id, ids[label], n) for n, label in enumerate(subject.split("; ")))
        tags.extend(
            (str(uuid.uuid4()), event_id, themes[code], "", "import", "", now)
            for code in record[13].split("; ")
            if code
        )
    raw_insert(conn, rows, links, tags)
    conn.close()
    return len(rows)


def run(
    events_count: int, seed: int = 1, repeats: int = 2, formats: Sequence[str] = ("csv", "xlsx")
) -> dict[str, dict[str, float]]:
    subjects = synthetic_subjects(10, seed)
    theme_ids = [t.id for t in load_framework("six-themes").themes]
    events, tags = synthetic_events(subjects, events_count, theme_ids, seed)
    source = _Chronology(subjects, events, tags)
    results: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as folder_name:
        folder = Path(folder_name)
        readers = {".csv": _csv_records, ".xlsx": _xlsx_records}
        for suffix, records in readers.items():
            if suffix[1:] not in formats:
                continue
            path = folder / f"chronology{suffix}"
            export_chronology(source, path)
            ours, raw = [], []
            for attempt in range(repeats):
                review = _prepared_review(folder / f"ours{suffix}{attempt}.review", subjects)
                started = time.perf_counter()
                imported = _import(path, review)
                ours.append(time.perf_counter() - started)
                review.close()
                assert imported == events_count
                db_path = folder / f"raw{suffix}{attempt}.review"
                _prepared_review(db_path, subjects).close()
                started = time.perf_counter()
                assert _baseline(records(path), db_path, subjects) == events_count
                raw.append(time.perf_counter() - started)
            results[suffix[1:]] = {
                "rows": events_count,
                "import_s": min(ours),
                "baseline_s": min(raw),
                "ratio": min(ours) / min(raw),
                "file_mb": path.stat().st_size / 1e6,
            }
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description="Import benchmark")
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--format", action="append", choices=["csv", "xlsx"], dest="formats")
    args = parser.parse_args()
    formats = args.formats or ["csv", "xlsx"]
    for kind, result in run(args.events, repeats=args.repeats, formats=formats).items():
        print(
            f"{kind}: rows={result['rows']:.0f} ({result['file_mb']:.1f} MB)  "
            f"import={result['import_s']:.2f}s  baseline={result['baseline_s']:.2f}s  "
            f"ratio={result['ratio']:.2f}x"
        )


if __name__ == "__main__":
    main()
