"""The facade's actions, and undo/redo of each."""

from __future__ import annotations

import pytest

from investigator.models import (
    EventDate,
    EventFilter,
    EventType,
    NotFoundError,
    ValidationError,
)
from investigator.review import ReviewFile, build_event, build_subject


def test_new_review_has_the_default_six_themes(review: ReviewFile) -> None:
    assert [t.code for t in review.themes()] == [
        "TIC",
        "ACCESS",
        "INEQ",
        "AGENCIES",
        "PATHWAY",
        "VOICE",
    ]
    assert review.review.framework_id == review.frameworks()[0].id


def test_subject_attributes_standard_and_free() -> None:
    subject = build_subject(
        "Service user D",
        {
            "community": "Irish Traveller",
            "Communication needs": "Cannot read",
            "Age band": "30-39",
            "Children:number": "2",
            "Known to probation:yes_no": "yes",
            "First contact:date": "2017-05-01",
        },
    )
    assert subject.community == "Irish Traveller"
    assert subject.communication_needs == "Cannot read"
    values = {a.name: a.value for a in subject.attributes}
    assert values["Age band"] == "30-39"
    assert values["Children"] == 2.0
    assert values["Known to probation"] is True
    assert str(values["First contact"]) == "2017-05-01"
    with pytest.raises(ValidationError):
        build_subject("X", {"Children:number": "two"})


def test_labels_are_unique_ignoring_case(review: ReviewFile) -> None:
    review.add_subject("Service user A")
    with pytest.raises(ValidationError):
        review.add_subject("service user a")


def test_add_edit_delete_event_undo_and_redo(review: ReviewFile) -> None:
    subject = review.add_subject("Service user A")
    event = build_event(
        [subject.id], "03/2019", "Referral declined", event_type="referral_declined"
    )
    review.add_event(event)
    edited = event.model_copy(update={"summary": "Referral declined: alcohol primary"})
    review.update_event(edited)
    review.tag(event.id, "ACCESS")
    review.remove_events([event.id])
    assert review.events() == []

    assert review.undo() == "Delete event"
    assert review.event(event.id) == edited
    assert [t.theme_id for t in review.tags([event.id])] == [review.theme("ACCESS").id]
    assert review.undo() == "Tag Barriers to accessing treatment"
    assert review.tags([event.id]) == []
    assert review.undo() == "Edit event"
    assert review.event(event.id).summary == "Referral declined"
    assert review.undo() == "Add event"
    assert review.events() == []

    assert review.redo() == "Add event"
    assert review.redo() == "Edit event"
    assert review.event(event.id) == edited
    assert review.redo() == "Tag Barriers to accessing treatment"
    assert review.redo() == "Delete event"
    assert review.events() == []
    assert review.redo() is None


def test_a_new_action_clears_redo(review: ReviewFile) -> None:
    review.add_subject("Service user A")
    review.undo()
    assert review.redo_label == "Add Service user A"
    review.add_subject("Service user B")
    assert review.redo_label is None


def test_removing_a_subject_takes_their_events_and_undo_restores_all(review: ReviewFile) -> None:
    a = review.add_subject("Service user A")
    b = review.add_subject("Service user B")
    own = review.add_event(build_event([a.id], "2019", "A alone"))
    shared = review.add_event(build_event([a.id, b.id], "12/03/2019", "Joint police contact"))
    review.tag(own.id, "TIC")
    review.remove_subject(a.id)
    assert [s.label for s in review.subjects()] == ["Service user B"]
    assert [e.summary for e in review.events()] == ["Joint police contact"]
    assert review.event(shared.id).subject_ids == [b.id]
    review.undo()
    assert [s.label for s in review.subjects()] == ["Service user A", "Service user B"]
    assert review.event(shared.id).subject_ids == [a.id, b.id]
    assert review.event(own.id).summary == "A alone"
    assert len(review.tags([own.id])) == 1


def test_duplicate_copies_event_and_tags(review: ReviewFile) -> None:
    a = review.add_subject("Service user A")
    event = review.add_event(build_event([a.id], "12/03/2019 14:30", "Crisis call"))
    review.tag(event.id, "PATHWAY")
    copy = review.duplicate_event(event.id)
    assert copy.id != event.id and copy.summary == event.summary and copy.time == event.time
    assert len(review.tags([copy.id])) == 1
    review.undo()
    assert len(review.events()) == 1


def test_bulk_add_is_one_undo_step_and_can_be_redone(review: ReviewFile) -> None:
    a = review.add_subject("Service user A")
    events = [build_event([a.id], f"{d:02d}/01/2020", f"Entry {d}") for d in range(1, 21)]
    review.add_events(events, label="Import 20 events")
    assert review.undo() == "Import 20 events"
    assert review.events() == []
    assert review.redo() == "Import 20 events"
    assert len(review.events()) == 20


def test_errors_are_clear(review: ReviewFile) -> None:
    with pytest.raises(NotFoundError, match="no service user called"):
        review.subject("Service user Z")
    with pytest.raises(ValidationError, match="Unknown event type"):
        build_event([review.add_subject("A").id], "2019", "x", event_type="lunch")
    with pytest.raises(NotFoundError, match="no theme"):
        review.theme("NOPE")


def test_filters_combine(review: ReviewFile) -> None:
    a = review.add_subject("Service user A")
    b = review.add_subject("Service user B")
    e1 = review.add_event(
        build_event(
            [a.id],
            "12/03/2019",
            "Missed telephone appointment",
            agency="CMHT",
            event_type="missed_appointment",
            missed_opportunity=True,
        )
    )
    review.add_event(
        build_event([b.id], "01/06/2020", "GP referral", agency="GP", event_type="referral")
    )
    review.tag(e1.id, "INEQ")
    events = review.store.events
    assert events.count(EventFilter(subject_ids=[a.id])) == 1
    assert events.count(EventFilter(agencies=["gp"])) == 1
    assert events.count(EventFilter(event_types=[EventType.REFERRAL])) == 1
    assert events.count(EventFilter(theme_ids=[review.theme("INEQ").id])) == 1
    assert events.count(EventFilter(theme_match="untagged")) == 1
    assert events.count(EventFilter(missed_opportunity=True)) == 1
    d = EventDate.day(2020, 1, 1).start
    assert events.count(EventFilter(date_from=d)) == 1
    assert events.count(EventFilter(date_to=d, text="telephone", subject_ids=[a.id])) == 1
    assert events.count(EventFilter(date_to=d, text="telephone", subject_ids=[b.id])) == 0
