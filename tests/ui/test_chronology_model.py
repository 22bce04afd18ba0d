"""The chronology table model: pages from the store, filters and sorts in SQL, edits undo."""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QThreadPool
from pytestqt.qtbot import QtBot

from bench.synth import generate_review
from investigator.models import ChronologyRow, Event, EventDate, EventFilter, EventType, ThemeMatch
from investigator.review import ReviewFile, build_event
from investigator.ui.chronology_model import (
    COL_AGENCY,
    COL_DATE,
    COL_SUMMARY,
    COL_THEMES,
    ChronologyModel,
)
from investigator.ui.jobs import run_job


@pytest.fixture
def model(demo_review: ReviewFile) -> ChronologyModel:
    chronology = ChronologyModel()
    chronology.set_review(demo_review)
    return chronology


def test_model_passes_the_model_tester(qtmodeltester: object, model: ChronologyModel) -> None:
    qtmodeltester.check(model)  # type: ignore[attr-defined]


def test_rows_are_the_merged_chronology_in_date_order(
    model: ChronologyModel, demo_review: ReviewFile
) -> None:
    events = demo_review.events()
    assert model.rowCount() == len(events)
    starts = [model.event_at(r).date.start for r in range(model.rowCount())]  # type: ignore[union-attr]
    assert starts == sorted(starts)
    shown = model.index(0, COL_DATE).data()
    assert shown == events[0].date.display() + (
        " " + events[0].time.strftime("%H:%M") if events[0].time else ""
    )


def _ids(model: ChronologyModel) -> set[str]:
    return set(model.event_ids)


def test_each_filter_and_their_combination(model: ChronologyModel, demo_review: ReviewFile) -> None:
    events = demo_review.events()
    tags = demo_review.tags()
    tagged = {}
    for tag in tags:
        tagged.setdefault(tag.event_id, set()).add(tag.theme_id)
    a, b, _c = demo_review.subjects()
    access = demo_review.theme("ACCESS").id
    ineq = demo_review.theme("INEQ").id

    def expect(predicate) -> set[str]:  # type: ignore[no-untyped-def]
        return {str(e.id) for e in events if predicate(e)}

    cases = [
        (EventFilter(subject_ids=[a.id]), lambda e: a.id in e.subject_ids),
        (EventFilter(agencies=["Police"]), lambda e: e.agency == "Police"),
        (
            EventFilter(event_types=[EventType.REFERRAL_DECLINED]),
            lambda e: e.event_type is EventType.REFERRAL_DECLINED,
        ),
        (EventFilter(theme_ids=[access]), lambda e: access in tagged.get(e.id, set())),
        (
            EventFilter(theme_ids=[access, ineq], theme_match=ThemeMatch.ALL),
            lambda e: {access, ineq} <= tagged.get(e.id, set()),
        ),
        (EventFilter(theme_match=ThemeMatch.UNTAGGED), lambda e: e.id not in tagged),
        (EventFilter(missed_opportunity=True), lambda e: e.missed_opportunity),
        (
            EventFilter(date_from=dt.date(2020, 1, 1), date_to=dt.date(2020, 12, 31)),
            lambda e: e.date.end >= dt.date(2020, 1, 1) and e.date.start <= dt.date(2020, 12, 31),
        ),
        (
            EventFilter(text="letter"),
            lambda e: (
                "letter"
                in " ".join(
                    [e.summary, e.analysis, e.should_have_happened, e.agency, e.source]
                ).lower()
            ),
        ),
        (
            EventFilter(subject_ids=[b.id], agencies=["GP"], missed_opportunity=True),
            lambda e: b.id in e.subject_ids and e.agency == "GP" and e.missed_opportunity,
        ),
        (
            EventFilter(subject_ids=[a.id], theme_match=ThemeMatch.UNTAGGED, text="appointment"),
            lambda e: (
                a.id in e.subject_ids
                and e.id not in tagged
                and "appointment"
                in " ".join(
                    [e.summary, e.analysis, e.should_have_happened, e.agency, e.source]
                ).lower()
            ),
        ),
    ]
    for event_filter, predicate in cases:
        model.set_filter(event_filter)
        expected = expect(predicate)
        assert _ids(model) == expected, event_filter
    nonempty = [f for f, p in cases if expect(p)]
    assert len(nonempty) >= len(cases) - 2, "the demo review exercises the filters"


def test_an_event_is_found_by_id_under_each_filter(
    model: ChronologyModel, demo_review: ReviewFile
) -> None:
    a, b, _c = demo_review.subjects()
    for chosen in (a, b):
        model.set_filter(EventFilter(subject_ids=[chosen.id]))
        ids = model.event_ids
        hidden = next(e for e in demo_review.events() if chosen.id not in e.subject_ids)
        assert model.row_for_id(hidden.id) is None
        # More lookups than the first few (which scan) so the index answers too.
        for row in (0, len(ids) - 1, len(ids) // 2, 1, 2, 3, len(ids) - 2):
            assert model.row_for_id(ids[row]) == row
        assert model.row_for_id(hidden.id) is None


def test_sorting_happens_in_sql_and_keeps_the_filter(model: ChronologyModel) -> None:
    from PySide6.QtCore import Qt

    model.set_filter(EventFilter(agencies=["GP", "Police"]))
    count = model.rowCount()
    model.sort(COL_AGENCY, Qt.SortOrder.DescendingOrder)
    agencies = [model.index(r, COL_AGENCY).data() for r in range(model.rowCount())]
    assert agencies == sorted(agencies, key=str.lower, reverse=True)
    assert model.rowCount() == count
    model.sort(COL_SUMMARY, Qt.SortOrder.AscendingOrder)
    summaries = [model.index(r, COL_SUMMARY).data() for r in range(model.rowCount())]
    assert summaries == sorted(summaries, key=str.lower)


def test_in_place_edit_is_stored_and_undoable(
    model: ChronologyModel, demo_review: ReviewFile
) -> None:
    from PySide6.QtCore import Qt

    index = model.index(0, COL_DATE)
    event = model.event_at(0)
    assert event is not None
    assert model.setData(index, "c. June 2016", Qt.ItemDataRole.EditRole)
    assert demo_review.event(event.id).date.display() == "c. 06/2016"
    model.reload()
    failures: list[str] = []
    model.edit_failed.connect(failures.append)
    assert not model.setData(model.index(0, COL_DATE), "31/02/2016", Qt.ItemDataRole.EditRole)
    assert failures and ("28 days" in failures[0] or "February" in failures[0])
    demo_review.undo()
    assert demo_review.event(event.id).date == event.date


def test_theme_chips_know_their_themes(model: ChronologyModel) -> None:
    from investigator.ui.chronology_model import ThemesRole

    model.set_filter(EventFilter(theme_match=ThemeMatch.ANY, theme_ids=[]))
    rows = [r for r in range(model.rowCount()) if model.index(r, COL_THEMES).data()]
    assert rows
    themes = model.index(rows[0], COL_THEMES).data(ThemesRole)
    assert themes and all(t.colour.startswith("#") for t in themes)


def test_large_chronology_is_paged_not_loaded(tmp_path: Path, qtbot: QtBot) -> None:
    path = generate_review(tmp_path / "big.review", events=3000, subjects=4, seed=3)
    with ReviewFile.open(path) as review:
        chronology = ChronologyModel()
        chronology.set_review(review)
        assert chronology.rowCount() == 3000
        assert not chronology._pages  # nothing fetched until asked
        chronology.index(2500, COL_SUMMARY).data()
        assert list(chronology._pages) == [2500 // chronology.PAGE_SIZE]
        for row in range(0, 3000, 50):
            chronology.index(row, COL_SUMMARY).data()
        assert len(chronology._pages) <= chronology.MAX_PAGES


def test_while_background_work_runs_ids_and_pages_are_read_in_one_step(
    model: ChronologyModel, demo_review: ReviewFile, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    events = demo_review.store.events
    asked: list[bool] = []
    read = events.ids

    def spy(
        f: EventFilter, offset: int = 0, limit: int = -1, *, in_one_step: bool = False
    ) -> list[str]:
        asked.append(in_one_step)
        return read(f, offset, limit, in_one_step=in_one_step)

    monkeypatch.setattr(events, "ids", spy)
    matched: list[bool] = []
    match = events.matching

    def match_spy(f: EventFilter, *, in_one_step: bool = False) -> set[str]:
        matched.append(in_one_step)
        return match(f, in_one_step=in_one_step)

    monkeypatch.setattr(events, "matching", match_spy)
    paged: list[bool] = []
    read_page = events.page

    def page_spy(ids: list[str], *, in_one_step: bool = False) -> list[ChronologyRow]:
        paged.append(in_one_step)
        return read_page(ids, in_one_step=in_one_step)

    monkeypatch.setattr(events, "page", page_spy)
    subject = demo_review.subjects()[1]
    QThreadPool.globalInstance().waitForDone()  # nothing left running from elsewhere
    idle_rows = model.rowCount()
    model.set_filter(EventFilter(text="police"))
    police = list(model.event_ids)
    release, started = threading.Event(), threading.Event()

    def work(_progress: object) -> None:
        started.set()
        release.wait(10)

    job = run_job(None, "Busy", work, show_dialog=False)
    try:
        assert started.wait(10)
        model.set_filter(EventFilter())
        assert model.rowCount() == idle_rows
        model.set_filter(EventFilter(text="police"))
        assert list(model.event_ids) == police  # the same rows in the same order
        model.set_filter(EventFilter(subject_ids=[subject.id]))
        assert list(model.event_ids) == read(model.filter)
        model.set_filter(EventFilter(text="police"))
        model.reload()  # what a change does: the whole order is forgotten
        assert list(model.event_ids) == police
        busy_summary = model.index(0, COL_SUMMARY).data()
    finally:
        release.set()
    qtbot.waitUntil(lambda: job.finished)
    # Sorted ids were read in one step while the job ran, and so was the set of
    # one service user's events (the whole order being known); clearing the
    # filter asked nothing.
    assert asked == [False, True, True, True]
    assert matched == [True]
    assert paged[-1] is True  # the page read while the job ran
    QThreadPool.globalInstance().waitForDone()  # its thread is free again
    model.set_filter(EventFilter(text="police"))
    assert model.index(0, COL_SUMMARY).data() == busy_summary
    assert paged[-1] is False


def test_filters_give_the_same_rows_whether_the_whole_order_is_known_or_not(
    model: ChronologyModel, demo_review: ReviewFile
) -> None:
    subject = demo_review.subjects()[1]
    theme = demo_review.themes()[0]
    # Events that tie on every sort key but the last, so the order of ties counts.
    demo_review.add_events(
        [
            build_event([subject.id], "04/03/2019", "Same day, same letter", agency="GP")
            for _ in range(3)
        ]
    )
    model.reload()
    filters = [
        EventFilter(subject_ids=[subject.id]),
        EventFilter(text="letter"),
        EventFilter(theme_ids=[theme.id]),
        EventFilter(theme_match=ThemeMatch.UNTAGGED),
        EventFilter(agencies=["GP"], missed_opportunity=False),
        EventFilter(text="zzzz-nothing"),
    ]
    for column, order in (
        (COL_DATE, Qt.SortOrder.AscendingOrder),
        (COL_AGENCY, Qt.SortOrder.DescendingOrder),
        (COL_THEMES, Qt.SortOrder.AscendingOrder),
        (COL_SUMMARY, Qt.SortOrder.DescendingOrder),
    ):
        model.set_filter(EventFilter())
        model.sort(column, order)  # the whole order under this sort is now known
        for event_filter in filters:
            model.set_filter(event_filter)
            expected = demo_review.store.events.ids(model.filter)  # sorted by SQLite
            assert list(model.event_ids) == expected, (column, event_filter)
        model.set_filter(EventFilter())
        assert list(model.event_ids) == demo_review.store.events.ids(model.filter)


def test_a_change_made_by_another_program_is_seen_by_the_next_filter(
    demo_review: ReviewFile, demo_path: Path
) -> None:
    # This window shows the file read-only, while another program writes to it.
    viewer = ReviewFile.open(demo_path, read_only=True)
    try:
        model = ChronologyModel()
        model.set_review(viewer)
        subject = demo_review.subjects()[0]
        only = EventFilter(subject_ids=[subject.id])
        model.set_filter(only)
        before = list(model.event_ids)
        added = demo_review.add_event(
            Event(
                subject_ids=[subject.id],
                date=EventDate.day(2019, 5, 5),
                agency="GP",
                event_type=EventType.APPOINTMENT,
                summary="Added elsewhere",
            )
        )
        model.set_filter(EventFilter())
        assert str(added.id) in model.event_ids
        model.set_filter(only)
        assert str(added.id) in model.event_ids
        assert len(model.event_ids) == len(before) + 1
        demo_review.remove_events([added.id])
        model.set_filter(EventFilter())
        model.set_filter(only)
        assert list(model.event_ids) == before
    finally:
        viewer.close()
