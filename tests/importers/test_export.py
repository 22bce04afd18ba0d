"""Export to CSV and XLSX, and back: the same events, formulas neutralised, written atomically."""

from __future__ import annotations

import csv
import datetime as dt
import io
import tempfile
import uuid
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from investigator.importers import (
    EXPORT_COLUMNS,
    ExportError,
    ImportOptions,
    apply_import_plan,
    auto_map,
    build_import_plan,
    export_chronology,
    read_source,
)
from investigator.importers.cells import neutralised, unneutralised
from investigator.models import Event, EventDate, EventFilter, EventType
from investigator.models.dates import month_end
from investigator.review import ReviewFile


def comparable(review: ReviewFile) -> list[tuple[object, ...]]:
    """Events as a reviewer sees them, without the ids a new review gives them."""
    labels = {s.id: s.label for s in review.subjects()}
    codes = {t.id: t.code for t in review.themes()}
    themes: dict[uuid.UUID, set[str]] = {}
    for tag in review.tags():
        themes.setdefault(tag.event_id, set()).add(codes[tag.theme_id])
    return sorted(
        (
            tuple(labels[s] for s in e.subject_ids),
            e.date.model_dump_json(),
            e.time.isoformat() if e.time else "",
            e.model_dump_json(exclude={"id", "subject_ids", "date", "time"}),
            sorted(themes.get(e.id, set())),
        )
        for e in review.events()
    )


def reimport(path: Path, target: Path) -> ReviewFile:
    review = ReviewFile.create(target, "Copy")
    source = read_source(path)
    assert source.headers == [field.value for field in EXPORT_COLUMNS]
    mapping = auto_map(source.headers)
    assert len(mapping) == len(EXPORT_COLUMNS)  # every column maps without a question
    plan = build_import_plan(review, source, ImportOptions(mapping=mapping, create_subjects=True))
    assert plan.errors == [], plan.errors[:3]
    apply_import_plan(review, plan)
    return review


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_the_demo_review_round_trips(demo_review: ReviewFile, tmp_path: Path, suffix: str) -> None:
    out = tmp_path / f"chronology{suffix}"
    count = export_chronology(demo_review, out)
    assert count == len(demo_review.events())
    with reimport(out, tmp_path / "copy.review") as copy:
        assert comparable(copy) == comparable(demo_review)


def test_csv_has_a_byte_order_mark_and_canonical_columns(
    demo_review: ReviewFile, tmp_path: Path
) -> None:
    out = tmp_path / "c.csv"
    export_chronology(demo_review, out)
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    header = next(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert header[:3] == ["subject", "date", "time"] and header[-1] == "themes"


def test_a_filter_exports_one_service_user(demo_review: ReviewFile, tmp_path: Path) -> None:
    subject = demo_review.subjects()[1]
    out = tmp_path / "one.xlsx"
    count = export_chronology(demo_review, out, EventFilter(subject_ids=[subject.id]))
    sheet = load_workbook(out, read_only=True).active
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(rows) == count > 0
    assert all(subject.label in str(row[0]) for row in rows)


def test_cells_that_would_run_as_formulas_are_neutralised(tmp_path: Path) -> None:
    with ReviewFile.create(tmp_path / "f.review", "Formulas") as review:
        subject = review.add_subject('=HYPERLINK("http://x")')
        dangerous = ["=1+1", "+44 7700 900123", "-5 mg", "@SUM(A1)", "'=already quoted"]
        review.add_events(
            [
                Event(subject_ids=[subject.id], date=EventDate.year(2019), summary=text)
                for text in dangerous
            ]
        )
        csv_path, xlsx_path = tmp_path / "f.csv", tmp_path / "f.xlsx"
        export_chronology(review, csv_path)
        export_chronology(review, xlsx_path)
        rows = list(csv.reader(io.StringIO(csv_path.read_text(encoding="utf-8-sig"))))[1:]
        assert {row[0] for row in rows} == {'\'=HYPERLINK("http://x")'}
        assert [row[6] for row in rows] == ["'" + text for text in dangerous[:4]] + [
            "''=already quoted"
        ]
        book = load_workbook(xlsx_path)  # not read-only: formulas would show as data_type "f"
        cells = [cell for row in book.active.iter_rows(min_row=2) for cell in row]
        assert all(cell.data_type != "f" for cell in cells)
        assert {row[6].value for row in book.active.iter_rows(min_row=2)} == {
            "'=1+1",
            "'+44 7700 900123",
            "'-5 mg",
            "'@SUM(A1)",
            "''=already quoted",
        }
        with reimport(xlsx_path, tmp_path / "copy.review") as copy:
            assert comparable(copy) == comparable(review)


def test_only_csv_and_xlsx(demo_review: ReviewFile, tmp_path: Path) -> None:
    with pytest.raises(ExportError, match=r"\.csv or \.xlsx"):
        export_chronology(demo_review, tmp_path / "c.pdf")


def test_the_write_is_atomic(demo_review: ReviewFile, tmp_path: Path) -> None:
    out = tmp_path / "c.csv"
    out.write_text("the previous export")
    export_chronology(demo_review, out)
    assert out.read_text(encoding="utf-8-sig").startswith("subject,date")
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_an_unwritable_place_is_a_clear_error(demo_review: ReviewFile, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(ExportError, match="Cannot write"):
        export_chronology(demo_review, blocker / "inside.csv")


@given(st.text(max_size=30))
def test_neutralising_is_undone_exactly(text: str) -> None:
    assert unneutralised(neutralised(text)) == text
    assert not neutralised(text).startswith(("=", "+", "-", "@", "\t", "\r"))


# Random chronologies round trip through both formats --------------------------------------
TODAY = dt.date.today()
words = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Zs", "Zl", "Zp")),
    min_size=1,
    max_size=10,
)
free_text = st.lists(words, max_size=5).map(" ".join)
days = st.dates(min_value=dt.date(1900, 1, 1), max_value=TODAY)


@st.composite
def event_dates(draw: st.DrawFn) -> EventDate:
    start = draw(days)
    shape = draw(st.sampled_from(["day", "month", "year", "range", "c-span", "c-month", "c-year"]))
    if shape == "day":
        return EventDate.day(start.year, start.month, start.day)
    if shape == "month":
        return EventDate.month(start.year, start.month)
    if shape == "year":
        return EventDate.year(start.year)
    if shape == "c-month":
        return EventDate.approximate(start.replace(day=1), month_end(start.year, start.month))
    if shape == "c-year":
        return EventDate.approximate(dt.date(start.year, 1, 1), dt.date(start.year, 12, 31))
    end = draw(st.dates(min_value=start, max_value=TODAY))
    if shape == "range":
        return EventDate.between(start, end)
    return EventDate.approximate(start, end)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    labels=st.lists(
        words.filter(lambda w: ";" not in w), min_size=1, max_size=3, unique_by=str.casefold
    ),
    specs=st.lists(
        st.tuples(
            event_dates(),
            st.none() | st.times().map(lambda t: t.replace(microsecond=0)),
            free_text,
            st.lists(words, min_size=1, max_size=5).map(" ".join),
            st.sampled_from(EventType),
            st.booleans(),
            free_text,
        ),
        min_size=1,
        max_size=8,
    ),
    suffix=st.sampled_from([".csv", ".xlsx"]),
)
def test_random_chronologies_round_trip(
    labels: list[str], specs: list[tuple[object, ...]], suffix: str
) -> None:
    with (
        tempfile.TemporaryDirectory() as folder,
        ReviewFile.create(Path(folder) / "r.review", "Random") as review,
    ):
        subjects = [review.add_subject(label) for label in labels]
        themes = review.themes()
        events = []
        for index, (date, time, agency, summary, kind, flag, analysis) in enumerate(specs):
            events.append(
                Event(
                    subject_ids=[subjects[index % len(subjects)].id],
                    date=date,
                    time=time,
                    agency=agency,
                    summary=summary,
                    event_type=kind,
                    care_problem=flag,
                    analysis=analysis,
                )
            )
        review.add_events(events)
        review.tag(events[0].id, themes[0].code)
        out = Path(folder) / f"out{suffix}"
        export_chronology(review, out)
        with reimport(out, Path(folder) / "copy.review") as copy:
            assert comparable(copy) == comparable(review)
