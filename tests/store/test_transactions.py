"""Every user action is one transaction with an audit entry per change."""

from __future__ import annotations

import json
import threading

import pytest

from investigator.models import Event, EventDate, EventFilter, Subject
from investigator.review import ReviewFile
from investigator.store import ReviewBusyError


def _event(subject: Subject, summary: str) -> Event:
    return Event(subject_ids=[subject.id], date=EventDate.day(2019, 3, 12), summary=summary)


def test_a_failing_action_leaves_nothing_behind(review: ReviewFile) -> None:
    subject = review.add_subject("Service user A")
    audit_before = review.store.db.conn.execute("SELECT count(*) FROM audit").fetchone()[0]
    with pytest.raises(RuntimeError), review.action("Half an action") as tx:
        tx.put(_event(subject, "First of two"))
        tx.put(Subject(label="Service user B"))
        raise RuntimeError("power cut")
    assert review.events() == []
    assert [s.label for s in review.subjects()] == ["Service user A"]
    audit_after = review.store.db.conn.execute("SELECT count(*) FROM audit").fetchone()[0]
    assert audit_after == audit_before
    assert review.undo_label == "Add Service user A"


def test_a_write_from_another_thread_during_an_action_is_refused_not_joined(
    review: ReviewFile,
) -> None:
    """One connection has one transaction: a second thread's write while a first is
    open is refused, not folded into the first (to be committed or rolled back
    with it)."""
    subject = review.add_subject("Service user A")
    opened, refused = threading.Event(), threading.Event()
    outcome: list[BaseException] = []

    def other_thread() -> None:
        opened.wait(5)
        try:
            review.add_subject("Service user B")
        except BaseException as error:  # reported to the test below
            outcome.append(error)
        refused.set()

    worker = threading.Thread(target=other_thread)
    worker.start()
    with pytest.raises(RuntimeError), review.action("A long action") as tx:
        tx.put(_event(subject, "Written, then rolled back"))
        opened.set()
        refused.wait(5)
        with review.action("Nested, same thread") as inner:  # one thread may nest
            inner.put(Subject(label="Service user C"))
        raise RuntimeError("cancelled")
    worker.join(5)
    assert len(outcome) == 1 and isinstance(outcome[0], ReviewBusyError)
    assert "Nothing was changed" in str(outcome[0])
    assert [s.label for s in review.subjects()] == ["Service user A"]
    assert review.events() == []
    review.add_subject("Service user B")  # and once it is over, writes go on
    assert len(review.subjects()) == 2


def test_every_write_is_audited_with_before_and_after(review: ReviewFile) -> None:
    subject = review.add_subject("Service user A", community="Irish Traveller")
    review.update_subject(subject.model_copy(update={"community": "Romany Gypsy"}))
    rows = review.store.db.conn.execute(
        "SELECT action, actor, entity, entity_id, before, after FROM audit "
        "WHERE entity = 'subject' ORDER BY seq"
    ).fetchall()
    assert [r["action"] for r in rows] == ["Add Service user A", "Edit Service user A"]
    assert rows[0]["before"] is None
    assert json.loads(rows[1]["before"])["community"] == "Irish Traveller"
    assert json.loads(rows[1]["after"])["community"] == "Romany Gypsy"
    assert {r["actor"] for r in rows} == {"Test reviewer"}
    assert rows[1]["entity_id"] == str(subject.id)


def test_full_text_index_follows_inserts_edits_and_deletes(review: ReviewFile) -> None:
    subject = review.add_subject("Service user A")
    event = review.add_event(_event(subject, "Letter sent offering a telephone appointment"))
    assert review.store.events.count(EventFilter(text="telephone")) == 1
    assert review.store.events.count(EventFilter(text="teleph")) == 1  # prefix as you type
    review.update_event(event.model_copy(update={"summary": "Text message sent"}))
    assert review.store.events.count(EventFilter(text="telephone")) == 0
    assert review.store.events.count(EventFilter(text="message")) == 1
    review.remove_events([event.id])
    assert review.store.events.count(EventFilter(text="message")) == 0
    rebuilt = review.store.db.conn.execute(
        "INSERT INTO events_fts(events_fts) VALUES ('integrity-check')"
    )
    assert rebuilt is not None


def test_fts_syntax_in_search_text_is_harmless(review: ReviewFile) -> None:
    subject = review.add_subject("Service user A")
    review.add_event(_event(subject, 'Said "NOT" AND OR (brackets) * near'))
    for text in ['"', "AND", "NOT near(", "*", "(", "a:b", "'"]:
        review.store.events.count(EventFilter(text=text))  # no exception
    assert review.store.events.count(EventFilter(text="brackets")) == 1


def test_bulk_inserted_events_are_searchable_and_the_index_is_sound(review: ReviewFile) -> None:
    subject = review.add_subject("Service user A")
    review.add_events([_event(subject, f"Bulk entry number{n} about housing") for n in range(50)])
    review.add_event(_event(subject, "Single entry about housing"))
    assert review.store.events.count(EventFilter(text="housing")) == 51
    assert review.store.events.count(EventFilter(text="number7")) == 1
    conn = review.store.db.conn
    conn.execute("INSERT INTO events_fts(events_fts, rank) VALUES ('integrity-check', 1)")
    assert conn.execute("SELECT deferred FROM fts_control").fetchone()[0] == 0
