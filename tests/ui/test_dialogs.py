"""The new-review, event and service-user dialogs, driven from the keyboard."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from investigator.models import AttributeKind, EventType
from investigator.review import ReviewFile
from investigator.themes.frameworks import DEFAULT_FRAMEWORK
from investigator.ui.event_dialog import EventDialog
from investigator.ui.filter_bar import FilterBar
from investigator.ui.new_review_dialog import NewReviewDialog
from investigator.ui.subject_dialog import SubjectDialog


def test_add_event_dialog_stores_a_partial_date_and_several_subjects(
    qtbot: QtBot, demo_review: ReviewFile
) -> None:
    a, b, _ = demo_review.subjects()
    dialog = EventDialog(demo_review, None, default_subject_ids=[a.id])
    qtbot.addWidget(dialog)
    form = dialog.form
    qtbot.keyClicks(form.date, "c. June 2019")
    form.tick_subjects([a.id, b.id])
    form.agency.setEditText("Police")
    form.event_type.setCurrentIndex(form.event_type.findData("police_contact"))
    qtbot.keyClicks(form.summary, "Joint stop and search in the town centre.")
    form.missed_opportunity.setChecked(True)
    dialog.accept()
    event = dialog.result_event
    assert event is not None
    stored = demo_review.event(event.id)
    assert stored.date.display() == "c. 06/2019"
    assert stored.subject_ids == [a.id, b.id]
    assert stored.event_type is EventType.POLICE_CONTACT
    assert stored.missed_opportunity
    assert demo_review.undo_label == "Add event"


def test_event_dialog_shows_why_it_cannot_save(qtbot: QtBot, demo_review: ReviewFile) -> None:
    dialog = EventDialog(demo_review, None)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.form.date, "03/25/2019")
    qtbot.keyClicks(dialog.form.summary, "Something")
    dialog.form.tick_subjects([demo_review.subjects()[0].id])
    before = len(demo_review.events())
    dialog.accept()
    assert dialog.result_event is None
    assert "25/03/2019" in dialog.error.text()
    assert len(demo_review.events()) == before


def test_subject_dialog_adds_typed_facts(qtbot: QtBot, demo_review: ReviewFile) -> None:
    dialog = SubjectDialog(demo_review)
    qtbot.addWidget(dialog)
    assert dialog.label.text() == "Service user D"
    dialog.fields["community"].setText("Romany Gypsy")
    dialog._append_attribute("Children", AttributeKind.NUMBER, "2")
    dialog.accept()
    subject = demo_review.subject("Service user D")
    assert subject.community == "Romany Gypsy"
    assert subject.attributes[0].value == 2.0
    demo_review.undo()
    assert len(demo_review.subjects()) == 3


def test_subject_dialog_refuses_a_bad_fact(qtbot: QtBot, demo_review: ReviewFile) -> None:
    dialog = SubjectDialog(demo_review)
    qtbot.addWidget(dialog)
    dialog._append_attribute("Children", AttributeKind.NUMBER, "several")
    dialog.accept()
    assert "not a number" in dialog.error.text()
    assert len(demo_review.subjects()) == 3


def test_filter_bar_builds_each_filter(qtbot: QtBot, demo_review: ReviewFile) -> None:
    bar = FilterBar()
    qtbot.addWidget(bar)
    subjects = demo_review.subjects()
    themes = demo_review.themes()
    bar.set_options(subjects, demo_review.store.events.agencies(), themes)
    seen: list[object] = []
    bar.filter_changed.connect(seen.append)
    bar.subjects.set_chosen([str(subjects[0].id)])
    bar.agencies.set_chosen(["GP"])
    bar.types.set_chosen(["referral"])
    bar.themes.set_chosen([str(themes[0].id)])
    bar.flags.set_chosen(["missed_opportunity"])
    bar.date_from.setText("2018")
    bar.date_to.setText("06/2020")
    bar.search.setText("referral")
    bar.apply_now()
    current = seen[-1]
    assert current.subject_ids == [subjects[0].id]  # type: ignore[attr-defined]
    assert current.agencies == ["GP"]  # type: ignore[attr-defined]
    assert current.event_types == [EventType.REFERRAL]  # type: ignore[attr-defined]
    assert current.theme_ids == [themes[0].id]  # type: ignore[attr-defined]
    assert current.missed_opportunity is True  # type: ignore[attr-defined]
    assert str(current.date_from) == "2018-01-01"  # type: ignore[attr-defined]
    assert str(current.date_to) == "2020-06-30"  # type: ignore[attr-defined]
    assert current.text == "referral"  # type: ignore[attr-defined]
    bar.clear()
    assert seen[-1].is_empty  # type: ignore[attr-defined]


def test_a_new_review_is_made_with_the_framework_the_reviewer_chose(
    qtbot: QtBot, tmp_path: Path
) -> None:
    dialog = NewReviewDialog(str(tmp_path))
    qtbot.addWidget(dialog)
    codes = [dialog.framework.itemData(i) for i in range(dialog.framework.count())]
    assert codes[0] == DEFAULT_FRAMEWORK and len(codes) == 4 and "seips" in codes
    assert "Trauma-informed care" in dialog.about.text()
    dialog.framework.setCurrentIndex(codes.index("seips"))
    assert "Tools and technology" in dialog.about.text()
    qtbot.keyClicks(dialog.title, "Review: care of A & B")
    assert dialog.file.text() == str(tmp_path / "Review care of A B.review")
    dialog.reference.setText("PSIRF 2026-07")
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    review = dialog.created
    assert review is not None
    try:
        assert review.path == tmp_path / "Review care of A B.review"
        assert review.review.title == "Review: care of A & B"
        assert review.review.reference == "PSIRF 2026-07"
        assert [f.code for f in review.frameworks()] == ["seips"]
        assert [t.name for t in review.themes()][:2] == ["Person(s)", "Tasks"]
    finally:
        review.close()


def test_a_new_review_never_overwrites_a_file_and_needs_a_title(
    qtbot: QtBot, tmp_path: Path
) -> None:
    existing = tmp_path / "Existing.review"
    existing.write_bytes(b"the reviewer's earlier work")
    dialog = NewReviewDialog(str(tmp_path))
    qtbot.addWidget(dialog)
    dialog.file.setText(str(tmp_path / "Existing"))
    dialog.accept()
    assert "Give the review a title" in dialog.error.text()
    dialog.title.setText("Second review")
    dialog.accept()
    assert dialog.created is None and dialog.result() != QDialog.DialogCode.Accepted
    assert "already exists" in dialog.error.text()
    assert existing.read_bytes() == b"the reviewer's earlier work"
    dialog.file.setText(str(tmp_path / "missing folder" / "x"))
    dialog.accept()
    assert "does not exist" in dialog.error.text()
    assert not (tmp_path / "missing folder").exists()
    dialog.file.setText("Bare name")  # goes in the folder shown, not the app's own
    dialog.accept()
    assert dialog.created is not None
    assert dialog.created.path == tmp_path / "Bare name.review"
    dialog.created.close()
