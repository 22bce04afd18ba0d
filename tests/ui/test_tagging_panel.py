"""Tagging from the keyboard and the themes panel, with undo; suggestions in the app."""

from __future__ import annotations

import threading
import uuid
from pathlib import Path

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QApplication, QCheckBox, QLabel, QPushButton
from pytestqt.qtbot import QtBot

from bench.synth import generate_review
from investigator import progress
from investigator.models import (
    EventFilter,
    ExampleWordsReason,
    InvestigatorError,
    SimilarEventReason,
    Suggestion,
    ThemeMatch,
)
from investigator.review import ReviewFile
from investigator.ui import jobs, main_window, tagging_panel
from investigator.ui.main_window import MainWindow
from investigator.ui.tagging_panel import (
    BUSY_FROM,
    HIGHLIGHT,
    SUGGESTIONS_SHOWN,
    TaggingPanel,
    highlighted,
    score_explained,
)


@pytest.fixture
def window(qtbot: QtBot, demo_path: Path) -> MainWindow:
    main = MainWindow(ReviewFile.open(demo_path))
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    return main


def _select_rows(window: MainWindow, event_ids: list[str]) -> None:
    selection = window.table.selectionModel()
    window.table.select_event(event_ids[0])
    for event_id in event_ids[1:]:
        row = window.model.row_for_id(event_id)
        assert row is not None
        selection.select(
            window.model.index(row, 0),
            QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
        )


def _select_untagged(window: MainWindow, count: int = 1) -> list[str]:
    review = window.review
    assert review is not None
    untagged = review.store.events.ids(EventFilter(theme_match=ThemeMatch.UNTAGGED))[:count]
    _select_rows(window, untagged)
    return untagged


def _theme_ids(window: MainWindow, event_id: str) -> set[str]:
    assert window.review is not None
    return {str(t.theme_id) for t in window.review.tags([event_id])}


def test_number_keys_toggle_themes_on_the_selection_and_undo(
    window: MainWindow, qtbot: QtBot
) -> None:
    review = window.review
    assert review is not None
    window.table.setFocus()
    (event_id,) = _select_untagged(window)
    assert event_id is not None and not _theme_ids(window, event_id)
    first, second = review.themes()[0], review.themes()[1]
    qtbot.keyClick(window.table, Qt.Key.Key_1)
    qtbot.keyClick(window.table, Qt.Key.Key_2)
    assert _theme_ids(window, event_id) == {str(first.id), str(second.id)}
    assert window.tagging._boxes[first.id].checkState() == Qt.CheckState.Checked
    qtbot.keyClick(window.table, Qt.Key.Key_1)
    assert _theme_ids(window, event_id) == {str(second.id)}
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert _theme_ids(window, event_id) == {str(first.id), str(second.id)}
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert _theme_ids(window, event_id) == set()


def test_bulk_tagging_a_selection_is_one_undo_step(window: MainWindow, qtbot: QtBot) -> None:
    review = window.review
    assert review is not None
    chosen = _select_untagged(window, 3)
    ids = window.table.selected_event_ids()
    assert sorted(ids) == sorted(chosen)
    assert "3 events" in window.tagging.title.text()
    theme = review.themes()[2]
    window.tagging._boxes[theme.id].click()
    assert all(str(theme.id) in _theme_ids(window, i) for i in ids)
    assert review.undo_label == f"Tag {theme.name} on 3 events"
    review.undo()
    assert not any(_theme_ids(window, i) for i in ids)


def test_bulk_tagging_keeps_the_selection_and_rebuilds_the_panel_once(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After tagging, the selection is put back in one step: row by row, every row
    rebuilt the panel, and tagging 500 events took a quarter of a minute."""
    review = window.review
    assert review is not None
    window.table.setFocus()
    every_other = [window.model.event_ids[row] for row in range(0, 40, 2)]
    _select_rows(window, every_other)
    assert sorted(window.table.selected_event_ids()) == sorted(every_other)
    shown: list[int] = []
    original = window.tagging.show_events
    monkeypatch.setattr(
        window.tagging, "show_events", lambda ids: (shown.append(len(ids)), original(ids))
    )
    theme = review.themes()[4]
    qtbot.keyClick(window.table, Qt.Key.Key_5)
    assert all(str(theme.id) in _theme_ids(window, i) for i in every_other)
    assert sorted(window.table.selected_event_ids()) == sorted(every_other)
    assert len(shown) <= 4, shown  # the key, the restored selection, the change itself
    assert set(shown) == {len(every_other)}


def test_the_panel_draws_a_selection_once_after_tagging_it(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The change and the restored selection both ask for the same events: the
    second is skipped, as the panel already shows the review as it is now."""
    review = window.review
    assert review is not None
    window.table.setFocus()
    rows = [window.model.event_ids[row] for row in range(1, 30, 3)]
    _select_rows(window, rows)
    drawn: list[int] = []
    original = window.tagging.refresh
    monkeypatch.setattr(window.tagging, "refresh", lambda: (drawn.append(1), original()))
    theme = review.themes()[3]
    qtbot.keyClick(window.table, Qt.Key.Key_4)
    assert len(drawn) == 1
    assert window.tagging._boxes[theme.id].checkState() == Qt.CheckState.Checked
    assert review.tagged_themes(rows)[str(theme.id)] == set(rows)
    review.undo()
    assert len(drawn) == 2
    assert window.tagging._boxes[theme.id].checkState() != Qt.CheckState.Checked


def test_a_mixed_selection_says_how_many_have_each_theme(window: MainWindow) -> None:
    review = window.review
    assert review is not None
    chosen = _select_untagged(window, 3)
    theme = review.themes()[1]
    review.tag(chosen[1], theme.id)
    box = window.tagging._boxes[theme.id]
    assert box.checkState() == Qt.CheckState.PartiallyChecked
    assert box.text() == f"2 {theme.name} (1 of 3)"
    assert "Select a single event" in window.tagging.suggestions_title.text()
    window.table.select_event(chosen[1])
    assert box.text() == f"2 {theme.name}"
    assert box.checkState() == Qt.CheckState.Checked


def test_with_two_frameworks_the_panel_heads_each_one(window: MainWindow) -> None:
    review = window.review
    assert review is not None
    _select_untagged(window)
    assert not window.tagging._headings
    review.add_framework("seips")
    headings = [label.text() for label in window.tagging._headings]
    assert headings == ["<b>Six learning themes</b>", "<b>SEIPS work system</b>"]
    assert all(label.isVisibleTo(window.tagging) for label in window.tagging._headings)
    review.undo()
    assert not window.tagging._headings


def test_the_panel_never_offers_to_tag_events_the_filters_hide(window: MainWindow) -> None:
    review = window.review
    assert review is not None
    chosen = _select_untagged(window, 2)
    assert window.tagging.event_ids == chosen
    window.apply_filter(EventFilter(text="no event says this zqxj"))
    assert window.model.rowCount() == 0
    assert window.tagging.event_ids == []
    assert not any(box.isVisibleTo(window.tagging) for box in window.tagging._boxes.values())
    window.apply_filter(EventFilter(theme_match=ThemeMatch.UNTAGGED))
    # Events still shown by the new filter stay selected, all of them.
    window.table.select_event(chosen[0])
    _select_rows(window, chosen)
    window.apply_filter(EventFilter(theme_match=ThemeMatch.UNTAGGED, text=""))
    assert sorted(window.tagging.event_ids) == sorted(chosen)


def test_a_note_on_a_tag_is_kept(window: MainWindow) -> None:
    review = window.review
    assert review is not None
    (event_id,) = _select_untagged(window)
    theme = review.themes()[0]
    window.tagging._boxes[theme.id].click()
    note = window.tagging._notes[theme.id]
    assert note.isVisibleTo(window.tagging)
    note.setText("Childhood neglect disclosed at assessment")
    note.editingFinished.emit()
    (tag,) = review.tags([event_id])
    assert tag.rationale == "Childhood neglect disclosed at assessment"


def test_suggestions_show_reasons_and_can_be_accepted_or_rejected(
    window: MainWindow, qtbot: QtBot
) -> None:
    review = window.review
    assert review is not None
    untagged = review.store.events.ids(EventFilter(theme_match=ThemeMatch.UNTAGGED))
    by_event: dict[str, list[Suggestion]] = {}
    for suggestion in review.suggestions(untagged, limit=2):
        by_event.setdefault(str(suggestion.event_id), []).append(suggestion)
    # An event with two suggestions: one to accept, one to turn down.
    suggested = next((found for found in by_event.values() if len(found) == 2), [])
    assert suggested, "the demo review has untagged events with two suggestions"
    target = str(suggested[0].event_id)
    window.table.select_event(target)
    window._show_themes()

    names = {t.id: t.name for t in review.themes()}

    def button(action: str, suggestion: Suggestion) -> list[QPushButton]:
        wanted = f"{action} suggestion {names[suggestion.theme_id]}"
        found = window.tagging.findChildren(QPushButton)
        return [b for b in found if b.accessibleName() == wanted and b.isVisibleTo(window)]

    # Turn the second down: it is not offered again for that event.
    qtbot.waitUntil(lambda: len(button("Reject", suggested[1])) == 1, timeout=10000)
    button("Reject", suggested[1])[0].click()
    rejected = suggested[1].theme_id
    assert all(s.theme_id != rejected for s in review.suggestions([target], limit=5))

    # It is listed as turned down, and can be offered again (and turned down again).
    def turned_down_list() -> list[QLabel]:
        return [
            label
            for label in window.tagging.findChildren(QLabel)
            if label.accessibleName() == "Suggestions turned down" and label.isVisibleTo(window)
        ]

    qtbot.waitUntil(lambda: len(turned_down_list()) == 1, timeout=10000)
    (turned_down,) = turned_down_list()
    assert names[rejected] in turned_down.text()
    turned_down.linkActivated.emit(str(rejected))
    assert any(s.theme_id == rejected for s in review.suggestions([target], limit=5))
    qtbot.waitUntil(lambda: len(button("Reject", suggested[1])) == 1, timeout=10000)
    button("Reject", suggested[1])[0].click()
    # Accept the first: the event is tagged, as a suggestion taken.
    qtbot.waitUntil(lambda: len(button("Accept", suggested[0])) == 1, timeout=10000)
    button("Accept", suggested[0])[0].click()
    tags = review.tags([target])
    assert any(t.theme_id == suggested[0].theme_id and t.origin.value == "suggestion" for t in tags)
    assert all(s.theme_id != rejected for s in review.suggestions([target], limit=5))
    assert window.tagging.findChildren(QCheckBox)
    # The clicked button is gone; the keys go back to the events.
    assert window.focusWidget() is window.table


def test_keys_one_to_nine_work_from_the_panel_and_the_timeline_not_in_a_note(
    window: MainWindow, qtbot: QtBot
) -> None:
    review = window.review
    assert review is not None
    assert window.focusWidget() is window.table  # on opening: not the search box
    (event_id,) = _select_untagged(window)
    first, second, third = review.themes()[:3]
    box = window.tagging._boxes[first.id]
    qtbot.keyClick(box, Qt.Key.Key_2)  # focus left on a theme's checkbox
    assert _theme_ids(window, event_id) == {str(second.id)}
    box.setFocus()
    qtbot.keyClick(box, Qt.Key.Key_Space)  # a keyboard user ticks the box itself
    assert _theme_ids(window, event_id) == {str(first.id), str(second.id)}
    assert window.focusWidget() is box  # and stays on it to go on down the list
    qtbot.keyClick(box, Qt.Key.Key_Space)
    assert _theme_ids(window, event_id) == {str(second.id)}
    window.tabs.setCurrentIndex(1)
    qtbot.keyClick(window.timeline, Qt.Key.Key_3)
    assert _theme_ids(window, event_id) == {str(second.id), str(third.id)}
    note = window.tagging._notes[second.id]
    qtbot.keyClicks(note, "Seen 1 time")
    assert note.text() == "Seen 1 time"
    assert _theme_ids(window, event_id) == {str(second.id), str(third.id)}


def test_at_its_narrowest_the_panel_shows_whole_suggestion_cards(
    window: MainWindow, qtbot: QtBot
) -> None:
    """Three buttons and a long theme name fit the narrowest Themes panel; where
    something still cannot fit, the panel scrolls sideways rather than cut it
    off where it cannot be reached."""
    review = window.review
    assert review is not None
    names = {t.id: t.name for t in review.themes()}
    untagged = review.store.events.ids(EventFilter(theme_match=ThemeMatch.UNTAGGED))
    target = next(
        str(s.event_id)
        for s in review.suggestions(untagged, limit=SUGGESTIONS_SHOWN)
        if any(isinstance(r, SimilarEventReason) for r in s.reasons)
        and len(names[s.theme_id]) >= 25
    )
    window.table.select_event(target)
    window._show_themes()
    window.resizeDocks([window.tagging_dock], [0], Qt.Orientation.Horizontal)
    panel = window.tagging
    viewport = panel.viewport()
    qtbot.waitUntil(lambda: window.tagging_dock.width() == window.tagging_dock.minimumWidth())

    def buttons() -> list[QPushButton]:
        return [b for b in panel.findChildren(QPushButton) if b.isVisibleTo(window)]

    qtbot.waitUntil(lambda: any(b.text() == "Similar event" for b in buttons()), timeout=10000)
    qtbot.waitUntil(lambda: panel.widget().width() <= viewport.width())
    for button in buttons():
        right = button.mapTo(viewport, button.rect().topRight()).x()
        assert 0 <= right < viewport.width(), button.text()
    assert not panel.horizontalScrollBar().isVisible()

    # A theme renamed with one long word cannot wrap: the panel scrolls sideways.
    long_name = "Interagencyinformationsharingandjointworking" * 2
    review.rename_theme(next(iter(names)), long_name)
    panel.refresh()
    qtbot.waitUntil(lambda: any(long_name in b.text() for b in panel.findChildren(QCheckBox)))
    qtbot.waitUntil(lambda: panel.widget().width() > viewport.width())
    bar = panel.horizontalScrollBar()
    qtbot.waitUntil(bar.isVisible)
    assert bar.maximum() >= panel.widget().width() - viewport.width()


def test_overlapping_marks_are_drawn_as_one() -> None:
    mark = f'<span style="background-color:{HIGHLIGHT};color:#000;">'
    text = "Letter sent in English & Welsh"
    assert highlighted(text, [(0, 11), (0, 6), (15, 22), (15, 22), (40, 45)]) == (
        f"{mark}Letter sent</span> in {mark}English</span> &amp; Welsh"
    )


def test_a_card_marks_the_words_the_worked_examples_weigh(window: MainWindow, qtbot: QtBot) -> None:
    review = window.review
    assert review is not None
    untagged = review.store.events.ids(EventFilter(theme_match=ThemeMatch.UNTAGGED))
    found = next(
        (s, r)
        for s in review.suggestions(untagged, limit=1)
        for r in s.reasons
        if isinstance(r, ExampleWordsReason)
    )
    suggestion, reason = found
    window.table.select_event(str(suggestion.event_id))
    window._show_themes()
    word = reason.words[0]

    def quotes() -> list[str]:
        wanted = "Matched words in "
        return [
            label.text()
            for label in window.tagging.findChildren(QLabel)
            if label.accessibleName().startswith(wanted) and label.isVisibleTo(window)
        ]

    qtbot.waitUntil(lambda: any(f"{word.word}</span>" in q for q in quotes()), timeout=10000)
    texts = [label.text() for label in window.tagging.findChildren(QLabel)]
    assert any("worked examples" in text and f"&quot;{word.word}&quot;" in text for text in texts)


def test_the_score_tooltip_says_what_the_score_is_made_of() -> None:
    event_id, theme_id = uuid.uuid4(), uuid.uuid4()
    learned = score_explained(Suggestion(event_id, theme_id, 0.69, 0.83, 0.21))
    assert "69%" in learned and "(83%)" in learned and "(21%)" in learned
    assert "weighs two readings together" in learned
    alone = score_explained(Suggestion(event_id, theme_id, 0.4, 0.4, 0.0))
    assert alone.startswith("40%: how strongly the theme's telling phrases")
    examples = score_explained(Suggestion(event_id, theme_id, 0.5, 0.4, 0.0, (), 0.65))
    assert "weighs two readings together" in examples and "(40%)" in examples
    assert "worked examples" in examples and "(65%)" in examples
    assert "once you have tagged some events" in examples
    all_three = score_explained(Suggestion(event_id, theme_id, 0.6, 0.4, 0.7, (), 0.8))
    assert "weighs three readings together" in all_three
    assert all(f"({n}%)" in all_three for n in (40, 70, 80))


def test_tagging_a_large_selection_shows_the_wait_pointer_until_it_is_done(
    qtbot: QtBot, tmp_path: Path
) -> None:
    path = generate_review(tmp_path / "large.review", events=BUSY_FROM + 50, subjects=2, seed=4)
    review = ReviewFile.open(path)
    try:
        panel = TaggingPanel()
        qtbot.addWidget(panel)
        panel.set_review(review)
        pointers: list[Qt.CursorShape | None] = []

        def during(_result: object) -> None:
            cursor = QApplication.overrideCursor()
            pointers.append(None if cursor is None else cursor.shape())

        review.add_listener(during)
        every = review.store.events.ids(EventFilter())
        panel.show_events(every[: BUSY_FROM - 1])
        panel.toggle_number(1)  # a small selection: no pointer
        panel.show_events(every)
        panel.toggle_number(1)  # the whole review: the wait pointer while it is tagged
        assert pointers == [None, Qt.CursorShape.WaitCursor]
        assert QApplication.overrideCursor() is None  # put back afterwards
        assert review.store.events.tagged_count() >= len(every) - 1

        # Put back even when the tagging fails.
        def refuse(_result: object) -> None:
            raise InvestigatorError("The file could not be written.")

        review.add_listener(refuse)
        problems: list[str] = []
        panel.problem.connect(problems.append)
        panel.show_events(every)
        panel.toggle_number(2)
        assert problems == ["The file could not be written."]
        assert QApplication.overrideCursor() is None
    finally:
        review.close()


def test_undo_and_redo_show_the_wait_pointer_while_they_work(
    window: MainWindow, qtbot: QtBot
) -> None:
    review = window.review
    assert review is not None
    (event_id,) = _select_untagged(window)
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_1)
    pointers: list[Qt.CursorShape | None] = []

    def during(_result: object) -> None:
        cursor = QApplication.overrideCursor()
        pointers.append(None if cursor is None else cursor.shape())

    review.add_listener(during)
    window.undo()
    window.redo()
    assert pointers == [Qt.CursorShape.WaitCursor, Qt.CursorShape.WaitCursor]
    assert QApplication.overrideCursor() is None
    assert _theme_ids(window, event_id)  # tagged again by the redo


def test_a_very_large_selection_is_tagged_in_the_background_and_cancel_changes_nothing(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tagging_panel, "JOB_FROM", 40)
    monkeypatch.setattr(progress, "REPORT_EVERY", 5)  # progress every five events
    path = generate_review(tmp_path / "large.review", events=60, subjects=2, seed=5)
    review = ReviewFile.open(path)
    try:
        panel = TaggingPanel()
        qtbot.addWidget(panel)
        panel.set_review(review)
        every = review.store.events.ids(EventFilter())
        first = review.themes()[0]
        panel.show_events(every)
        panel.toggle_number(1)
        job = panel._tagging
        assert job is not None, "the whole selection is tagged in the background"
        qtbot.waitUntil(lambda: job.finished, timeout=10_000)
        assert all(str(first.id) in {str(t.theme_id) for t in review.tags([i])} for i in every)
        assert review.undo_label == f"Tag {first.name} on {len(every):,} events"

        # Held back until it is cancelled: nothing is tagged, and no undo step made.
        release = threading.Event()
        toggle = review.toggle_theme

        def held(*args: object, **kwargs: object) -> bool:
            release.wait(10)
            return toggle(*args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(review, "toggle_theme", held)
        before = {(t.event_id, t.theme_id) for t in review.tags(every)}
        panel.toggle_number(2)
        cancelled = panel._tagging
        assert cancelled is not None and cancelled is not job
        panel.toggle_number(3)  # one large selection at a time
        assert panel._tagging is cancelled
        cancelled.cancel()
        release.set()
        qtbot.waitUntil(lambda: cancelled.finished, timeout=10_000)
        assert {(t.event_id, t.theme_id) for t in review.tags(every)} == before
        assert review.undo_label == f"Tag {first.name} on {len(every):,} events"
    finally:
        review.close()


def test_undo_and_redo_of_a_very_large_action_run_in_the_background(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(main_window, "JOB_FROM", 20)
    monkeypatch.setattr(progress, "REPORT_EVERY", 5)
    path = generate_review(tmp_path / "large.review", events=60, subjects=2, seed=6)
    window = MainWindow(ReviewFile.open(path))
    qtbot.addWidget(window)
    review = window.review
    assert review is not None
    every = review.store.events.ids(EventFilter())
    theme = review.themes()[0]
    before = {(t.event_id, t.theme_id) for t in review.tags(every)}
    review.toggle_theme(every, theme.id)
    label = review.undo_label
    assert label is not None and review.undo_size >= 20

    window.undo()
    assert jobs._JOBS, "undone in the background"
    qtbot.waitUntil(lambda: review.redo_label == label, timeout=10_000)
    assert {(t.event_id, t.theme_id) for t in review.tags(every)} == before

    # Redo held back until it is cancelled: the tags stay undone, the redo stays.
    release = threading.Event()
    redo = review.redo

    def held(*args: object, **kwargs: object) -> str | None:
        release.wait(10)
        return redo(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(review, "redo", held)
    window.redo()
    (job,) = jobs._JOBS.values()
    job.cancel()
    release.set()
    qtbot.waitUntil(lambda: job.finished, timeout=10_000)
    assert {(t.event_id, t.theme_id) for t in review.tags(every)} == before
    assert review.redo_label == label
    review.close()
