"""Managing themes in the app: rename, recolour, merge and add a framework keep every tag."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QColorDialog, QInputDialog
from pytestqt.qtbot import QtBot

from investigator.review import ReviewFile
from investigator.ui.themes_dialog import ThemesDialog


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
