"""The filters above the chronology: they combine, and apply as you type."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable

from PySide6.QtCore import QSize, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QAction, QActionGroup, QResizeEvent
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QToolButton,
    QWidget,
)

from investigator.models import (
    EVENT_TYPE_LABELS,
    EventFilter,
    EventType,
    InvestigatorError,
    Subject,
    Theme,
    ThemeMatch,
)
from investigator.models.date_parsing import parse_event_date

TEXT_DELAY_MS = 150


class ChoiceButton(QToolButton):
    """A drop-down of checkable choices; the button says how many are chosen."""

    changed = Signal()

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.setMenu(QMenu(self))
        self.setAccessibleName(f"Filter by {title.lower()}")
        self._actions: list[QAction] = []
        self._update_text()

    def set_choices(self, choices: Iterable[tuple[str, object]]) -> None:
        """Replace the choices, keeping the ticks of those still offered."""
        chosen = set(map(str, self.chosen()))
        menu = self.menu()
        menu.clear()
        self._actions = []
        for label, value in choices:
            action = QAction(label, menu)
            action.setCheckable(True)
            action.setData(value)
            action.setChecked(str(value) in chosen)
            action.toggled.connect(self._on_toggled)
            menu.addAction(action)
            self._actions.append(action)
        if not self._actions:
            empty = menu.addAction("(none)")
            empty.setEnabled(False)
        self._update_text()

    def chosen(self) -> list[object]:
        return [a.data() for a in self._actions if a.isChecked()]

    def set_chosen(self, values: Iterable[object]) -> None:
        wanted = set(map(str, values))
        for action in self._actions:
            action.blockSignals(True)
            action.setChecked(str(action.data()) in wanted)
            action.blockSignals(False)
        self._update_text()
        self.changed.emit()

    def clear_choice(self) -> None:
        self.set_chosen([])

    @Slot()
    def _on_toggled(self) -> None:
        self._update_text()
        self.changed.emit()

    def refresh_text(self) -> None:
        self._update_text()

    def _update_text(self) -> None:
        count = len(self.chosen())
        self.setText(f"{self.title} ({count})" if count else self.title)
        self.setAccessibleDescription(f"{count} chosen" if count else "No filter")


class FilterBar(QWidget):
    """Builds an EventFilter from the reviewer's choices."""

    filter_changed = Signal(object)  # EventFilter
    problem = Signal(str)  # e.g. an unreadable date in the date range

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search the chronology…")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Search the chronology")
        self.search.setMinimumWidth(220)
        self.subjects = ChoiceButton("Service users")
        self.agencies = ChoiceButton("Agencies")
        self.types = ChoiceButton("Event types")
        self.themes = ChoiceButton("Themes")
        self.flags = ChoiceButton("Flags")
        self.flags.set_choices(
            [
                ("Missed opportunity", "missed_opportunity"),
                ("Care or service delivery problem", "care_problem"),
                ("Notable practice", "notable_practice"),
            ]
        )
        self.types.set_choices([(EVENT_TYPE_LABELS[t], t.value) for t in EventType])
        self._theme_mode = QActionGroup(self)
        self.date_from = QLineEdit()
        self.date_to = QLineEdit()
        for field, name in ((self.date_from, "From"), (self.date_to, "To")):
            field.setPlaceholderText(name.lower() + " date")
            field.setAccessibleName(f"Dates {name.lower()}")
            field.setToolTip('Any date form: "2019", "03/2019", "12/03/2019"')
            field.setMinimumWidth(self.fontMetrics().horizontalAdvance("03/2019") + 24)
            field.setMaximumWidth(120)
            field.editingFinished.connect(self._emit)
        self.clear_button = QPushButton("Clear filters")
        self.clear_button.setAccessibleName("Clear all filters")
        self.clear_button.clicked.connect(self.clear)

        # Two groups: the search and the choices, then the dates and Clear. They sit
        # side by side when there is room, the second under the first when not, so
        # a narrow window squeezes neither the filters nor the side panels.
        self._choices = QWidget()
        row = QHBoxLayout(self._choices)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.search, 3)
        for button in (self.subjects, self.agencies, self.types, self.themes, self.flags):
            row.addWidget(button)
            button.changed.connect(self._emit)
        self._dates = QWidget()
        dates = QHBoxLayout(self._dates)
        dates.setContentsMargins(0, 0, 0, 0)
        dates.addWidget(QLabel("Dates"))
        dates.addWidget(self.date_from)
        dates.addWidget(QLabel("–"))
        dates.addWidget(self.date_to)
        dates.addWidget(self.clear_button)
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.addWidget(self._choices, 0, 0)
        self._grid.addWidget(self._dates, 0, 1)
        self.wrapped = False

        self._text_timer = QTimer(self)
        self._text_timer.setSingleShot(True)
        self._text_timer.setInterval(TEXT_DELAY_MS)
        self._text_timer.timeout.connect(self._emit)
        self.search.textChanged.connect(lambda _text: self._text_timer.start())
        self.search.returnPressed.connect(self._emit)
        self._last: EventFilter | None = None

    # Layout ---------------------------------------------------------------------------
    def minimumSizeHint(self) -> QSize:
        """As narrow as the wider group: below the width of both side by side, the
        dates move under the choices."""
        height = super().minimumSizeHint().height()
        width = max(self._choices.minimumSizeHint().width(), self._dates.minimumSizeHint().width())
        return QSize(width, height)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        side_by_side = (
            self._choices.minimumSizeHint().width()
            + self._grid.horizontalSpacing()
            + self._dates.minimumSizeHint().width()
        )
        self._arrange(wrapped=event.size().width() < side_by_side)

    def _arrange(self, *, wrapped: bool) -> None:
        if wrapped == self.wrapped:
            return
        self.wrapped = wrapped
        self._grid.removeWidget(self._dates)
        if wrapped:
            self._grid.addWidget(self._dates, 1, 0, Qt.AlignmentFlag.AlignLeft)
        else:
            self._grid.addWidget(self._dates, 0, 1)
        self.updateGeometry()

    # Choices from the review ----------------------------------------------------------
    def set_options(
        self, subjects: list[Subject], agencies: list[str], themes: list[Theme]
    ) -> None:
        self.subjects.set_choices([(s.label, str(s.id)) for s in subjects])
        self.agencies.set_choices([(a, a) for a in agencies])
        chosen_mode = self.theme_match()
        self.themes.set_choices([(f"{t.code} – {t.name}", str(t.id)) for t in themes])
        menu = self.themes.menu()
        menu.addSeparator()
        self._theme_mode = QActionGroup(self)
        for label, mode in (
            ("Tagged with any chosen theme", ThemeMatch.ANY),
            ("Tagged with all chosen themes", ThemeMatch.ALL),
            ("Untagged events only", ThemeMatch.UNTAGGED),
        ):
            action = menu.addAction(label)
            action.setCheckable(True)
            action.setData(mode.value)
            action.setChecked(mode == chosen_mode)
            self._theme_mode.addAction(action)
            action.toggled.connect(self._on_mode)

    def theme_match(self) -> ThemeMatch:
        checked = self._theme_mode.checkedAction() if self._theme_mode else None
        return ThemeMatch(checked.data()) if checked is not None else ThemeMatch.ANY

    def set_theme_match(self, mode: ThemeMatch) -> None:
        for action in self._theme_mode.actions():
            action.setChecked(action.data() == mode.value)

    @Slot(bool)
    def _on_mode(self, checked: bool) -> None:
        if not checked:
            return
        self.themes.refresh_text()
        if self.theme_match() is ThemeMatch.UNTAGGED:
            self.themes.setText(f"{self.themes.title} (untagged)")
        self._emit()

    # The filter ---------------------------------------------------------------------------
    def current_filter(self) -> EventFilter:
        flags = set(self.flags.chosen())
        return EventFilter(
            subject_ids=[uuid.UUID(str(v)) for v in self.subjects.chosen()],
            agencies=[str(v) for v in self.agencies.chosen()],
            event_types=[EventType(str(v)) for v in self.types.chosen()],
            theme_ids=[uuid.UUID(str(v)) for v in self.themes.chosen()],
            theme_match=self.theme_match(),
            missed_opportunity=True if "missed_opportunity" in flags else None,
            care_problem=True if "care_problem" in flags else None,
            notable_practice=True if "notable_practice" in flags else None,
            date_from=self._date(self.date_from, end=False),
            date_to=self._date(self.date_to, end=True),
            text=self.search.text(),
        )

    def _date(self, field: QLineEdit, *, end: bool) -> dt.date | None:
        text = field.text().strip()
        if not text:
            field.setStyleSheet("")
            return None
        try:
            parsed = parse_event_date(text).date
        except InvestigatorError as error:
            field.setStyleSheet("border: 1px solid #C62828;")
            self.problem.emit(str(error))
            return None
        field.setStyleSheet("")
        return parsed.end if end else parsed.start

    @Slot()
    def _emit(self) -> None:
        self._text_timer.stop()
        current = self.current_filter()
        if current != self._last:
            self._last = current
            self.filter_changed.emit(current)

    def apply_now(self) -> None:
        """Apply a pending search at once (tests, and Enter in the search box)."""
        self._emit()

    @Slot()
    def clear(self) -> None:
        for widget in (self.search, self.date_from, self.date_to):
            widget.blockSignals(True)
            widget.clear()
            widget.setStyleSheet("")
            widget.blockSignals(False)
        for button in (self.subjects, self.agencies, self.types, self.themes, self.flags):
            button.blockSignals(True)
            button.clear_choice()
            button.blockSignals(False)
        self.set_theme_match(ThemeMatch.ANY)
        self._emit()

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()
