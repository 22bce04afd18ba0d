"""Every row checked before anything is written; each problem names row, column, value, reason."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from investigator.importers import (
    ImportField,
    ImportOptions,
    ImportOptionsError,
    SourceRow,
    SourceTable,
    auto_map,
    build_import_plan,
    read_source,
)
from investigator.models import DatePrecision, EventDate, EventType
from investigator.review import ReviewFile

HEADERS = ["Service user", "Date", "Time", "Type", "Event", "Themes", "Missed opportunity"]
TODAY = dt.date(2025, 6, 1)


def table(*rows: tuple[object, ...], headers: list[str] = HEADERS) -> SourceTable:
    return SourceTable(
        "test.csv",
        headers,
        [
            SourceRow(number, tuple(cells) + (None,) * (len(headers) - len(cells)))  # type: ignore[arg-type]
            for number, cells in enumerate(rows, start=2)
        ],
    )


def plan_for(review: ReviewFile, source: SourceTable, **options: object):  # type: ignore[no-untyped-def]
    return build_import_plan(
        review,
        source,
        ImportOptions(mapping=auto_map(source.headers), today=TODAY, **options),  # type: ignore[arg-type]
    )


def only_event(review: ReviewFile, *cells: object):  # type: ignore[no-untyped-def]
    plan = plan_for(review, table(cells))
    assert not plan.problems, plan.problems
    outcome = plan.ready[0]
    return outcome.event, outcome.theme_ids


@pytest.mark.parametrize(
    ("date", "time", "expected", "expected_time"),
    [
        ("12/03/2019", None, EventDate.day(2019, 3, 12), None),
        ("12/03/2019 14:30", None, EventDate.day(2019, 3, 12), dt.time(14, 30)),
        ("12/03/2019", "1430", EventDate.day(2019, 3, 12), dt.time(14, 30)),
        ("March 2019", None, EventDate.month(2019, 3), None),
        ("2019", None, EventDate.year(2019), None),
        (2019, None, EventDate.year(2019), None),
        (
            "c. June 2019",
            None,
            EventDate.approximate(dt.date(2019, 6, 1), dt.date(2019, 6, 30)),
            None,
        ),
        (dt.datetime(2019, 3, 12), None, EventDate.day(2019, 3, 12), None),
        (dt.datetime(2019, 3, 12, 9, 5), None, EventDate.day(2019, 3, 12), dt.time(9, 5)),
        (dt.date(2019, 3, 12), dt.time(23, 59), EventDate.day(2019, 3, 12), dt.time(23, 59)),
        (dt.datetime(2019, 3, 12), 0.5, EventDate.day(2019, 3, 12), dt.time(12, 0)),
    ],
)
def test_dates_keep_their_precision_in_one_cell_or_two(
    two_users: ReviewFile, date: object, time: object, expected: EventDate, expected_time: object
) -> None:
    event, _ = only_event(two_users, "Service user A", date, time, "", "Seen")
    assert event.date == expected
    assert event.date.precision is expected.precision
    assert event.time == expected_time


@pytest.mark.parametrize(
    ("cells", "column", "value", "reason"),
    [
        (("Service user A", "05/13/2019", None, "", "x"), "Date", "05/13/2019", "ambiguous"),
        (("Service user A", "Mar 19", None, "", "x"), "Date", "Mar 19", "ambiguous"),
        (("Service user A", "31/02/2019", None, "", "x"), "Date", "31/02/2019", "only 28 days"),
        (("Service user A", "", None, "", "x"), "Date", "", "empty"),
        (("Service user A", "12/03/2019", "25:00", "", "x"), "Time", "25:00", "no hour 25"),
        (
            ("Service user A", "12/03/2019 10:00", "11:00", "", "x"),
            "Date",
            "12/03/2019 10:00 / 11:00",
            "time column gives 11:00",
        ),
        (("Service user A", "12/03/2019", None, "Lunch", "x"), "Type", "Lunch", "not an event"),
        (("Service user A", "12/03/2019", None, "", ""), "Event", "", "what happened is empty"),
        (
            ("Service user A", "12/03/2019", None, "", "x", "TIC; Nonsense"),
            "Themes",
            "Nonsense",
            "not a theme",
        ),
        (
            ("Service user A", "12/03/2019", None, "", "x", None, "maybe"),
            "Missed opportunity",
            "maybe",
            "yes or no",
        ),
        (("Nobody", "12/03/2019", None, "", "x"), "Service user", "Nobody", "no service user"),
        (("", "12/03/2019", None, "", "x"), "Service user", "", "no service user is given"),
    ],
)
def test_each_problem_is_reported_for_its_row_and_column(
    two_users: ReviewFile, cells: tuple[object, ...], column: str, value: str, reason: str
) -> None:
    plan = plan_for(two_users, table(cells))
    assert plan.ready == []
    [problem] = plan.errors
    assert (problem.row, problem.location, problem.column) == (2, "Row 2", column)
    assert problem.value == value
    assert reason in problem.message


def test_several_problems_in_one_row_are_all_reported(two_users: ReviewFile) -> None:
    plan = plan_for(two_users, table(("Nobody", "soon", None, "Lunch", "")))
    assert {p.column for p in plan.errors} == {"Service user", "Date", "Type", "Event"}
    assert plan.rows_with_errors == 1


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("", EventType.OTHER),
        ("referral", EventType.REFERRAL),
        ("Missed appointment", EventType.MISSED_APPOINTMENT),
        ("MISSED_APPOINTMENT", EventType.MISSED_APPOINTMENT),
        ("DNA", EventType.MISSED_APPOINTMENT),
        ("Was not brought", EventType.MISSED_APPOINTMENT),
        ("Referral declined", EventType.REFERRAL_DECLINED),
        ("risk-assessment", EventType.RISK_ASSESSMENT),
    ],
)
def test_event_types_by_value_label_or_common_name(
    two_users: ReviewFile, text: str, kind: EventType
) -> None:
    event, _ = only_event(two_users, "Service user A", "2019", None, text, "x")
    assert event.event_type is kind


def test_themes_by_code_or_name_separated_by_semicolons(two_users: ReviewFile) -> None:
    themes = {t.code: t.id for t in two_users.themes()}
    _, theme_ids = only_event(
        two_users,
        "Service user A",
        "2019",
        None,
        "",
        "x",
        "access;  Working with other agencies;ACCESS",
    )
    assert theme_ids == (themes["ACCESS"], themes["AGENCIES"])


@pytest.mark.parametrize(
    ("mark", "expected"),
    [("yes", True), ("Y", True), ("TRUE", True), ("1", True), ("x", True), ("✓", True),
     (True, True), (1, True), ("no", False), ("", False), (None, False), ("0", False),
     (False, False), ("false", False)],
)  # fmt: skip
def test_flags(two_users: ReviewFile, mark: object, expected: bool) -> None:
    event, _ = only_event(two_users, "Service user A", "2019", None, "", "x", None, mark)
    assert event.missed_opportunity is expected


def test_several_service_users_in_one_cell(two_users: ReviewFile) -> None:
    event, _ = only_event(two_users, "service user a; Service user B", "2019", None, "", "x")
    assert [two_users.subject(s).label for s in event.subject_ids] == [
        "Service user A",
        "Service user B",
    ]


def test_one_service_user_for_all_rows_ignores_the_column(two_users: ReviewFile) -> None:
    plan = plan_for(two_users, table(("Nobody", "2019", None, "", "x")), subject="Service user B")
    [outcome] = plan.ready
    assert outcome.event is not None
    assert outcome.event.subject_ids == [two_users.subject("Service user B").id]


def test_unknown_service_users_are_listed_and_created_only_when_asked(
    two_users: ReviewFile,
) -> None:
    rows = table(
        ("Service user C", "2019", None, "", "x"), ("service user c", "2020", None, "", "y")
    )
    refused = plan_for(two_users, rows)
    assert refused.unknown_subjects == ["Service user C"]
    assert len(refused.errors) == 2 and refused.new_subjects == []
    accepted = plan_for(two_users, rows, create_subjects=True)
    assert accepted.errors == []
    assert [s.label for s in accepted.new_subjects] == ["Service user C"]
    ids = {o.event.subject_ids[0] for o in accepted.ready if o.event}
    assert ids == {accepted.new_subjects[0].id}


def test_a_chosen_service_user_that_does_not_exist(two_users: ReviewFile) -> None:
    with pytest.raises(ImportOptionsError, match="no service user called 'Service user Z'"):
        plan_for(two_users, table(("x", "2019", None, "", "x")), subject="Service user Z")
    plan = plan_for(
        two_users,
        table(("x", "2019", None, "", "x")),
        subject="Service user Z",
        create_subjects=True,
    )
    assert [s.label for s in plan.new_subjects] == ["Service user Z"]


@pytest.mark.parametrize(
    ("headers", "message"),
    [
        (["Event"], "No column is mapped to Service user or Date"),
        (["Service user", "Event"], "No column is mapped to Date."),
        (["Service user", "Date"], "No column is mapped to What happened"),
    ],
)
def test_required_columns(two_users: ReviewFile, headers: list[str], message: str) -> None:
    with pytest.raises(ImportOptionsError, match=message):
        plan_for(two_users, table(("x",) * len(headers), headers=headers))


def test_two_columns_for_one_field_is_refused(two_users: ReviewFile) -> None:
    source = table(("Service user A", "2019", None, "", "x"))
    mapping = {"Service user": ImportField.SUBJECT, "Date": ImportField.DATE}
    mapping |= {"Event": ImportField.SUMMARY, "Type": ImportField.SUMMARY}
    with pytest.raises(ImportOptionsError, match="mapped to What happened"):
        build_import_plan(two_users, source, ImportOptions(mapping=mapping))


def test_the_messy_file_report(two_users: ReviewFile, data: Path) -> None:
    source = read_source(data / "messy.csv")
    plan = build_import_plan(two_users, source, ImportOptions(mapping=auto_map(source.headers)))
    assert plan.rows_read == 14
    assert len(plan.ready) == 7
    assert [(p.row, p.column) for p in plan.errors] == [
        (12, "Date/Time"),
        (13, "Date/Time"),
        (14, "Type"),
        (15, "Themes"),
        (16, "Service User"),
        (17, "Entry"),
        (18, "Missed opportunity"),
    ]
    summaries = [o.event.summary for o in plan.ready if o.event]
    # The apostrophe that kept a spreadsheet from running the cell is taken back off.
    assert summaries[-1] == "=SUM(A1:A2) was typed into the record"
    assert summaries[2] == "Assessment by the duty worker.\nTwo lines in one cell."


def test_the_workbook_report(two_users: ReviewFile, data: Path) -> None:
    source = read_source(data / "chronology.xlsx")
    plan = build_import_plan(
        two_users,
        source,
        ImportOptions(mapping=auto_map(source.headers), subject="Service user A"),
    )
    by_row = {o.row.number: o.event for o in plan.ready if o.event}
    assert by_row[5].time == dt.time(14, 30) and by_row[5].missed_opportunity
    assert by_row[6].time is None  # a midnight date-time is a date alone
    assert by_row[9].date.precision is DatePrecision.MONTH
    assert by_row[10].date == EventDate.year(2019)
    assert by_row[11].summary == "Letter sent: appointment offered"
    assert [(p.row, p.column) for p in plan.errors] == [(12, "Date"), (13, "Date")]
