"""The chronology's ids and pages: the same read a row at a time or in one step."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from investigator.models import EventFilter, SortColumn, ThemeMatch
from investigator.review import ReviewFile, build_event
from investigator.store.event_queries import order_clause, where_clause


def _row_by_row(review: ReviewFile, f: EventFilter) -> list[str]:
    """The same query, one row at a time: the order the table has always shown."""
    where, params = where_clause(f)
    sql = f"SELECT events.id FROM events WHERE {where} ORDER BY {order_clause(f)}"
    return [row[0] for row in review.store.db.conn.execute(sql, params)]


@pytest.fixture
def crowded(demo_review: ReviewFile) -> ReviewFile:
    """The demo review with events that tie on every sort key but the last."""
    subject = demo_review.subjects()[0]
    demo_review.add_events(
        [
            build_event([subject.id], "04/03/2019", "Same day, same words", agency="Police")
            for _ in range(5)
        ]
    )
    return demo_review


def _filters(review: ReviewFile) -> list[EventFilter]:
    subject = review.subjects()[1]
    theme = review.themes()[0]
    kinds = [
        {},
        {"text": "police"},
        {"subject_ids": [subject.id]},
        {"theme_ids": [theme.id]},
        {"theme_match": ThemeMatch.UNTAGGED},
        {"text": "nothing-in-this-review-says-this"},
    ]
    return [
        EventFilter(sort=sort, descending=descending, **kind)
        for sort, descending, kind in itertools.product(SortColumn, (False, True), kinds)
    ]


def test_every_sort_and_filter_gives_the_row_by_row_order(crowded: ReviewFile) -> None:
    events = crowded.store.events
    for f in _filters(crowded):
        expected = _row_by_row(crowded, f)
        assert events.ids(f) == expected, f
        assert events.ids(f, in_one_step=True) == expected, f
    assert len(events.ids(EventFilter())) == len(crowded.events())


def test_nothing_matching_gives_no_ids(crowded: ReviewFile) -> None:
    nothing = EventFilter(text="nothing-in-this-review-says-this")
    assert crowded.store.events.ids(nothing) == []
    assert crowded.store.events.ids(nothing, in_one_step=True) == []
    assert crowded.store.events.matching(nothing) == set()
    assert crowded.store.events.matching(nothing, in_one_step=True) == set()


def test_the_events_a_filter_keeps_are_those_it_lists(crowded: ReviewFile) -> None:
    events = crowded.store.events
    for f in _filters(crowded):
        expected = set(_row_by_row(crowded, f))
        assert events.matching(f) == expected, f
        assert events.matching(f, in_one_step=True) == expected, f


def test_a_page_of_ids_is_that_slice_of_the_whole(crowded: ReviewFile) -> None:
    events = crowded.store.events
    f = EventFilter(sort=SortColumn.AGENCY, descending=True)
    whole = events.ids(f)
    assert events.ids(f, offset=3, limit=7) == whole[3:10]


@contextmanager
def _statements(review: ReviewFile) -> Iterator[list[str]]:
    """The SQL statements the review's connection runs meanwhile."""
    seen: list[str] = []
    conn = review.store.db.conn
    conn.set_trace_callback(seen.append)
    try:
        yield seen
    finally:
        conn.set_trace_callback(None)


def test_a_page_read_in_one_step_is_the_same_page(crowded: ReviewFile) -> None:
    events = crowded.store.events
    ids = events.ids(EventFilter(sort=SortColumn.THEMES, descending=True))
    rows = events.page(ids)
    # The demo has events with several service users and several themes, and no time.
    assert any(len(row.event.subject_ids) > 1 for row in rows)
    assert any(len(row.theme_ids) > 1 for row in rows)
    assert any(row.event.time is None for row in rows)
    with _statements(crowded) as seen:
        one_step = events.page(ids, in_one_step=True)
    assert one_step == rows
    assert seen and all("json_group_array" in sql for sql in seen)


class _Refusing:
    """Stands in for SQLite's JSON aggregate, as if this SQLite had none."""

    def step(self, value: object) -> None:
        raise RuntimeError("no JSON functions here")

    def finalize(self) -> None:
        return None


def test_without_json_functions_a_page_is_read_row_by_row(crowded: ReviewFile) -> None:
    events = crowded.store.events
    ids = events.ids(EventFilter())[:30]
    rows = events.page(ids)
    crowded.store.db.conn.create_aggregate("json_group_array", 1, _Refusing)
    with _statements(crowded) as seen:
        again = events.page(ids, in_one_step=True)
    assert again == rows
    assert any("json_group_array" not in sql for sql in seen)
