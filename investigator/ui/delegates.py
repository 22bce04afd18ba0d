"""How chronology cells are drawn and edited: theme chips, flags, search matches."""

from __future__ import annotations

import re
from html import escape

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPalette, QTextDocument
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from investigator.models import EVENT_TYPE_LABELS, EventType, Flags, Theme
from investigator.themes import colours
from investigator.ui.chronology_model import FLAG_LABELS, FlagsRole, ThemesRole

_Index = QModelIndex | QPersistentModelIndex

FLAG_STYLE: dict[Flags, tuple[str, str]] = {
    # flag: (short text, colour)
    Flags.MISSED_OPPORTUNITY: ("Missed", "#C62828"),
    Flags.CARE_PROBLEM: ("CSDP", "#E65100"),
    Flags.NOTABLE_PRACTICE: ("Notable", "#2E7D32"),
}


def readable_text_colour(background: QColor) -> QColor:
    """Black or white, whichever contrasts more with the chip colour (WCAG)."""
    light = colours.luminance(background.name())
    black, white = (light + 0.05) / 0.05, 1.05 / (light + 0.05)
    return QColor("#000000") if black >= white else QColor("#FFFFFF")


def _draw_background(painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
    style = option.widget.style() if option.widget else QApplication.style()
    opt = QStyleOptionViewItem(option)
    opt.text = ""
    style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, option.widget)


def _draw_chips(
    painter: QPainter, option: QStyleOptionViewItem, chips: list[tuple[str, QColor]]
) -> None:
    metrics = option.fontMetrics
    pad_x = max(4, metrics.horizontalAdvance(" "))
    height = metrics.height() + 2
    x = option.rect.left() + 4
    y = option.rect.top() + (option.rect.height() - height) / 2
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    for text, colour in chips:
        width = metrics.horizontalAdvance(text) + 2 * pad_x
        if x + width > option.rect.right() - 2:
            painter.setPen(option.palette.color(QPalette.ColorRole.Text))
            painter.drawText(
                QRectF(x, y, option.rect.right() - x, height),
                Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                "…",
            )
            break
        rect = QRectF(x, y, width, height)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        painter.drawRoundedRect(rect, height / 2, height / 2)
        painter.setPen(readable_text_colour(colour))
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)
        x += width + 4
    painter.restore()


class ThemeChipsDelegate(QStyledItemDelegate):
    """Each theme as a rounded chip in its colour, labelled with its code."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        self.initStyleOption(option, index)
        _draw_background(painter, option, index)
        themes: list[Theme] = index.data(ThemesRole) or []
        _draw_chips(painter, option, [(t.code, QColor(t.colour)) for t in themes])


class FlagsDelegate(QStyledItemDelegate):
    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        self.initStyleOption(option, index)
        _draw_background(painter, option, index)
        flags = index.data(FlagsRole) or Flags.NONE
        chips = [
            (text, QColor(colour)) for flag, (text, colour) in FLAG_STYLE.items() if flag in flags
        ]
        _draw_chips(painter, option, chips)


class SummaryDelegate(QStyledItemDelegate):
    """The summary with the words being searched for highlighted."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._pattern: re.Pattern[str] | None = None

    def set_search_text(self, text: str) -> None:
        words = re.findall(r"\w+", text)
        self._pattern = (
            re.compile(r"\b(" + "|".join(re.escape(w) for w in words) + r")\w*", re.IGNORECASE)
            if words
            else None
        )

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        if self._pattern is None:
            super().paint(painter, option, index)
            return
        self.initStyleOption(option, index)
        rect = option.rect.adjusted(4, 0, -4, 0)
        text = option.fontMetrics.elidedText(option.text, Qt.TextElideMode.ElideRight, rect.width())
        _draw_background(painter, option, index)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        colour = option.palette.color(
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        )
        html = self._pattern.sub(lambda m: f"\x00{m.group(0)}\x01", text)
        html = (
            escape(html)
            .replace("\x00", '<span style="background-color:#FFE066;color:#000000;">')
            .replace("\x01", "</span>")
        )
        document = QTextDocument()
        document.setDefaultFont(option.font)
        document.setDocumentMargin(0)
        document.setHtml(f'<span style="color:{colour.name()};">{html}</span>')
        painter.save()
        painter.setClipRect(rect)
        top = rect.top() + (rect.height() - document.size().height()) / 2
        painter.translate(rect.left(), max(rect.top(), top))
        document.drawContents(painter)
        painter.restore()


class EventTypeDelegate(QStyledItemDelegate):
    """Editing the event type picks from the vocabulary instead of free text."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: _Index) -> QWidget:
        combo = QComboBox(parent)
        for kind in EventType:
            combo.addItem(EVENT_TYPE_LABELS[kind], kind.value)
        combo.setAccessibleName("Event type")
        return combo

    def setEditorData(self, editor: QWidget, index: _Index) -> None:
        assert isinstance(editor, QComboBox)
        position = editor.findData(index.data(Qt.ItemDataRole.EditRole))
        editor.setCurrentIndex(max(position, 0))

    def setModelData(self, editor: QWidget, model, index: _Index) -> None:  # type: ignore[no-untyped-def]
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


__all__ = [
    "FLAG_LABELS",
    "EventTypeDelegate",
    "FlagsDelegate",
    "SummaryDelegate",
    "ThemeChipsDelegate",
    "readable_text_colour",
]
