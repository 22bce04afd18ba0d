"""Managing themes in the app: add, rename, recolour, merge and add a framework, with undo."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor, QKeySequence
from PySide6.QtWidgets import QColorDialog, QDialog, QInputDialog
from pytestqt.qtbot import QtBot

from investigator.review import ReviewFile
from investigator.ui.themes_dialog import NOTE, AddThemeDialog, ThemesDialog


def _select(dialog: ThemesDialog, code: str) -> None:
    for row in range(dialog.model.rowCount()):
        if dialog.model.item(row).text().startswith(f"{code} "):
            dialog.view.setCurrentIndex(dialog.model.index(row, 0))
            return
    raise AssertionError(code)


def test_rename_recolour_merge_and_add_framework(
    qtbot: QtBot, demo_review: ReviewFile, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = ThemesDialog(demo_review)
    qtbot.addWidget(dialog)
    total_tags = len(demo_review.tags())
    voice = demo_review.theme("VOICE")
    agencies = demo_review.theme("AGENCIES")
    voice_events = {t.event_id for t in demo_review.tags() if t.theme_id == voice.id}

    monkeypatch.setattr(
        QInputDialog, "getText", lambda *args, **kwargs: ("Voice of patients and families", True)
    )
    _select(dialog, "VOICE")
    dialog.rename_theme()
    assert demo_review.theme("VOICE").name == "Voice of patients and families"
    assert len(demo_review.tags()) == total_tags

    monkeypatch.setattr(QColorDialog, "getColor", lambda *args, **kwargs: QColor("#123456"))
    dialog.recolour_theme()
    assert demo_review.theme("VOICE").colour == "#123456"

    target_label = f"{agencies.code} – {agencies.name}"
    monkeypatch.setattr(QInputDialog, "getItem", lambda *args, **kwargs: (target_label, True))
    dialog.merge_theme()
    codes = [t.code for t in demo_review.themes()]
    assert "VOICE" not in codes
    moved = {t.event_id for t in demo_review.tags() if t.theme_id == agencies.id}
    assert voice_events <= moved
    assert dialog.model.rowCount() == len(codes)

    frameworks_before = len(demo_review.frameworks())
    monkeypatch.setattr(
        QInputDialog,
        "getItem",
        lambda _parent, _title, _label, items, **kwargs: (items[0], True),
    )
    dialog.add_framework()
    assert len(demo_review.frameworks()) == frameworks_before + 1
    assert len(demo_review.themes()) > len(codes)

    # Undo takes it all back, step by step.
    for _ in range(4):
        demo_review.undo()
    assert demo_review.theme("VOICE").name == voice.name
    assert demo_review.theme("VOICE").colour == voice.colour
    assert {t.event_id for t in demo_review.tags() if t.theme_id == voice.id} == voice_events


def test_update_phrases_button(qtbot: QtBot, demo_review: ReviewFile) -> None:
    tic = demo_review.theme("TIC")
    with demo_review.action("Older phrases") as tx:
        tx.put(tic.model_copy(update={"lexicon": tic.lexicon[:4]}))
    dialog = ThemesDialog(demo_review)
    qtbot.addWidget(dialog)
    dialog.phrases_button.click()
    assert demo_review.theme("TIC").lexicon == tic.lexicon
    assert "1 theme" in dialog.note.text()
    dialog.phrases_button.click()
    assert "already" in dialog.note.text()


def test_add_a_theme_with_its_code_description_and_framework(
    qtbot: QtBot, demo_review: ReviewFile
) -> None:
    demo_review.add_framework("seips")
    dialog = AddThemeDialog(demo_review)
    qtbot.addWidget(dialog)
    assert dialog.framework.currentText() == "Six learning themes"  # the review's own
    dialog.accept()
    assert "Give the theme a name" in dialog.error.text() and dialog.added is None
    qtbot.keyClicks(dialog.name, "Housing and homelessness")
    qtbot.keyClicks(dialog.code, "TIC")
    dialog.accept()
    assert "already has a theme with the code" in dialog.error.text()
    assert dialog.added is None
    dialog.code.setText("HOUSING")
    dialog.description.setPlainText("Where the person lived, and whether it was safe.")
    dialog.framework.setCurrentIndex(dialog.framework.findText("SEIPS work system"))
    dialog.accept()
    added = dialog.added
    assert added is not None and dialog.result() == QDialog.DialogCode.Accepted
    stored = demo_review.theme("HOUSING")
    assert stored.name == "Housing and homelessness"
    assert stored.description == "Where the person lived, and whether it was safe."
    assert stored.framework_id == next(f.id for f in demo_review.frameworks() if f.code == "seips")


def test_undo_inside_the_dialog_and_plain_words_for_a_merge(
    qtbot: QtBot, demo_review: ReviewFile, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = ThemesDialog(demo_review)
    qtbot.addWidget(dialog)
    voice = demo_review.theme("VOICE")
    voice_tags = sum(1 for t in demo_review.tags() if t.theme_id == voice.id)
    asked: list[str] = []

    def choose(_parent, _title, label, items, **kwargs):  # type: ignore[no-untyped-def]
        asked.append(label)
        return items[0], True

    monkeypatch.setattr(QInputDialog, "getItem", choose)
    _select(dialog, "VOICE")
    dialog.merge_theme()
    assert asked == [
        f"Merge {voice.name} into which theme? Its {voice_tags} tags move to the theme you "
        f"choose, and {voice.name} is then removed."
    ]
    assert "VOICE" not in [t.code for t in demo_review.themes()]
    assert dialog.undo_button.isEnabled()
    # Ctrl+Z in the dialog (the main window's Edit menu is out of reach behind it).
    assert dialog.undo_shortcut.key() == QKeySequence(QKeySequence.StandardKey.Undo)
    dialog.undo_shortcut.activated.emit()
    assert "VOICE" in [t.code for t in demo_review.themes()]
    assert dialog.model.rowCount() == len(demo_review.themes())
    # A colour like another theme's is allowed, and said to be hard to tell apart.
    tic = demo_review.theme("TIC")
    monkeypatch.setattr(QColorDialog, "getColor", lambda *args, **kwargs: QColor(tic.colour))
    _select(dialog, "VOICE")
    dialog.recolour_theme()
    assert demo_review.theme("VOICE").colour == tic.colour.upper()
    assert "hard to tell from that of Trauma-informed care" in dialog.note.text()
    assert dialog.undo_button.text().replace("&", "") == "Undo Recolour Patient and fa…"
    dialog.undo_button.click()
    assert demo_review.theme("VOICE").colour == voice.colour
    assert dialog.note.text() == NOTE  # the warning went with the change


def test_remove_a_theme_nothing_uses_from_the_dialog(qtbot: QtBot, demo_review: ReviewFile) -> None:
    demo_review.add_theme("Added by mistake", code="OOPS")
    dialog = ThemesDialog(demo_review)
    qtbot.addWidget(dialog)
    rows = dialog.model.rowCount()
    _select(dialog, "TIC")
    dialog.remove_button.click()
    assert "Merge it into another theme" in dialog.error.text()
    assert dialog.model.rowCount() == rows
    _select(dialog, "OOPS")
    dialog.remove_button.click()
    assert dialog.error.isHidden() and dialog.model.rowCount() == rows - 1
    assert "OOPS" not in [t.code for t in demo_review.themes()]
