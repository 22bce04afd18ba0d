"""The chronology as a table model that pages rows from the store.

Like Anki's browser table, the model keeps only the ordered event ids for the
current filter; rows are fetched a page at a time when the view asks for
them, and a small cache of pages is kept. Sorting and filtering happen in SQL.

The whole chronology's order (for each sort asked for) is kept too, until the
review changes: clearing the filter then needs no query at all, and a filter
on service users or themes needs only the set of events it keeps, in no
order, which SQLite finds two to three times faster than the same events sorted
(10,000 of 100,000 events: 16-30 ms against 54-75 ms, and a few more to
put them in order).
"""

from __future__ import annotations

import uuid
from collections import OrderedDict
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QThreadPool,
    Signal,
)

from investigator.models import (
    EVENT_TYPE_LABELS,
    ChronologyRow,
    Event,
    EventFilter,
    EventType,
    Flags,
    InvestigatorError,
    SortColumn,
    Theme,
    ThemeMatch,
)
from investigator.models.date_parsing import parse_event_date
from investigator.review import ReviewFile

COL_DATE, COL_SUBJECTS, COL_AGENCY, COL_TYPE, COL_SUMMARY, COL_THEMES, COL_FLAGS = range(7)
HEADERS = ["Date", "Service users", "Agency", "Event type", "Summary", "Themes", "Flags"]
SORT_COLUMNS = [
    SortColumn.DATE,
    SortColumn.SUBJECTS,
    SortColumn.AGENCY,
    SortColumn.EVENT_TYPE,
    SortColumn.SUMMARY,
    SortColumn.THEMES,
    SortColumn.FLAGS,
]
EDITABLE_COLUMNS = {COL_DATE, COL_AGENCY, COL_TYPE, COL_SUMMARY}

EventRole = Qt.ItemDataRole.UserRole + 1
EventIdRole = Qt.ItemDataRole.UserRole + 2
ThemesRole = Qt.ItemDataRole.UserRole + 3  # list[Theme] in framework order
FlagsRole = Qt.ItemDataRole.UserRole + 4  # Flags

FLAG_LABELS = {
    Flags.MISSED_OPPORTUNITY: "Missed opportunity",
    Flags.CARE_PROBLEM: "Care or service delivery problem",
    Flags.NOTABLE_PRACTICE: "Notable practice",
}

_Index = QModelIndex | QPersistentModelIndex


def _through_links(f: EventFilter) -> bool:
    """Whether the filter picks events through the tables that link them to
    service users or themes. SQLite then finds each event by its id to sort it,
    which costs two to three times more than the set of ids alone (10,000 of
    100,000 events: 54-75 ms against 16-30 ms); where the filter reads the events
    themselves (words, agency, type, flags, dates) sorting costs little, and
    the sorted query beats a pass over the whole order."""
    return bool(f.subject_ids or f.theme_ids or f.theme_match is ThemeMatch.UNTAGGED)


def date_text(event: Event) -> str:
    shown = event.date.display()
    if event.time is not None:
        shown += " " + event.time.strftime("%H:%M")
    return shown


# Lookups of a row by event id after a new filter that scan the list before an
# index is built (see ChronologyModel.row_for_id).
_SCANS_BEFORE_INDEX = 4


class ChronologyModel(QAbstractTableModel):
    """Rows of the filtered, sorted chronology; edits go through the facade."""

    PAGE_SIZE = 200
    MAX_PAGES = 25

    edit_failed = Signal(str)  # a reviewer-readable reason an in-place edit was refused

    def __init__(self) -> None:
        super().__init__()
        self.review: ReviewFile | None = None
        self.filter = EventFilter()
        self._ids: list[str] = []
        # (sort, descending) -> every event id in that order; emptied by reload()
        self._orders: dict[tuple[SortColumn, bool], list[str]] = {}
        self._orders_version: int | None = None  # the file's data_version they were read at
        self._row_of: dict[str, int] | None = None
        self._scans_left = _SCANS_BEFORE_INDEX
        self._pages: OrderedDict[int, list[ChronologyRow]] = OrderedDict()
        self._subject_labels: dict[uuid.UUID, str] = {}
        self._themes: dict[uuid.UUID, Theme] = {}
        self.total = 0

    # Loading ---------------------------------------------------------------------
    def set_review(self, review: ReviewFile | None) -> None:
        self.review = review
        self.filter = EventFilter()
        self.reload()

    def set_filter(self, event_filter: EventFilter) -> None:
        # Keep the sort the reviewer chose by clicking a header.
        self.filter = event_filter.model_copy(
            update={"sort": self.filter.sort, "descending": self.filter.descending}
        )
        # Only the ids change: labels, themes and the total stay as they were.
        self.beginResetModel()
        self._read_ids()
        self.endResetModel()

    def _read_ids(self) -> None:
        """The current filter's ids, in order; cached rows and positions are dropped."""
        self._pages.clear()
        self._row_of = None
        self._scans_left = _SCANS_BEFORE_INDEX
        if self.review is None:
            self._ids = []
            return
        queries, busy, f = self.review.store.events, _background_busy(), self.filter
        version = queries.data_version()
        if version != self._orders_version:  # written to by another program meanwhile
            self._orders.clear()
            self._orders_version = version
        key = (f.sort, f.descending)
        everything = self._orders.get(key)
        if f.is_empty:
            if everything is None:
                everything = self._orders[key] = queries.ids(f, in_one_step=busy)
            self._ids = list(everything)
        elif everything is not None and _through_links(f):
            # The order is known: only which events stay is asked of SQLite.
            kept = queries.matching(f, in_one_step=busy)
            self._ids = [event_id for event_id in everything if event_id in kept]
        else:
            self._ids = queries.ids(f, in_one_step=busy)

    def reload(self) -> None:
        """Re-read ids, labels and themes; views keep no stale rows."""
        self.beginResetModel()
        self._orders.clear()  # any change may move, add or remove events
        self._read_ids()
        if self.review is None:
            self._subject_labels = {}
            self._themes = {}
            self.total = 0
        else:
            self._subject_labels = {s.id: s.label for s in self.review.subjects()}
            self._themes = {t.id: t for t in self.review.themes()}
            self.total = self.review.store.count(Event)
        self.endResetModel()

    def theme(self, theme_id: uuid.UUID) -> Theme | None:
        return self._themes.get(theme_id)

    def subject_label(self, subject_id: uuid.UUID) -> str:
        return self._subject_labels.get(subject_id, "?")

    # Lookups -----------------------------------------------------------------------
    @property
    def event_ids(self) -> list[str]:
        return self._ids

    def row_for_id(self, event_id: str | uuid.UUID) -> int | None:
        """The row of an event under the current filter, or None. A new filter
        is followed by a lookup or two (keeping the selection): those scan the
        list, which is many times quicker than indexing 100,000 ids; only
        further lookups build the index."""
        key = str(event_id)
        if self._row_of is None:
            if self._scans_left > 0:
                self._scans_left -= 1
                try:
                    return self._ids.index(key)
                except ValueError:
                    return None
            self._row_of = {event_id: row for row, event_id in enumerate(self._ids)}
        return self._row_of.get(key)

    def row_data(self, row: int) -> ChronologyRow | None:
        if not 0 <= row < len(self._ids) or self.review is None:
            return None
        page = row // self.PAGE_SIZE
        rows = self._pages.get(page)
        if rows is None:
            start = page * self.PAGE_SIZE
            ids = self._ids[start : start + self.PAGE_SIZE]
            rows = self.review.store.events.page(ids, in_one_step=_background_busy())
            if len(rows) != len(ids):  # changed underneath us: keep positions
                by_id = {str(r.event.id): r for r in rows}
                rows = [by_id[i] for i in ids if i in by_id]
            self._pages[page] = rows
            while len(self._pages) > self.MAX_PAGES:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(page)
        offset = row % self.PAGE_SIZE
        return rows[offset] if offset < len(rows) else None

    def event_at(self, row: int) -> Event | None:
        data = self.row_data(row)
        return None if data is None else data.event

    # Qt model interface ---------------------------------------------------------------
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        text_roles = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole)
        if orientation == Qt.Orientation.Horizontal and role in text_roles:
            return HEADERS[section] if 0 <= section < len(HEADERS) else None
        if orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            return section + 1
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if (
            index.column() in EDITABLE_COLUMNS
            and self.review is not None
            and not self.review.read_only
        ):
            base |= Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.row_data(index.row())
        if row is None:
            return None
        event = row.event
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._display(row, column)
        if role == Qt.ItemDataRole.EditRole:
            return self._edit_value(event, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, column)
        if role == EventRole:
            return event
        if role == EventIdRole:
            return str(event.id)
        if role == ThemesRole:
            return [t for t in (self._themes.get(i) for i in row.theme_ids) if t is not None]
        if role == FlagsRole:
            return Flags.of(event)
        return None

    def _display(self, row: ChronologyRow, column: int) -> str:
        event = row.event
        if column == COL_DATE:
            return date_text(event)
        if column == COL_SUBJECTS:
            return ", ".join(self.subject_label(s) for s in event.subject_ids)
        if column == COL_AGENCY:
            return event.agency
        if column == COL_TYPE:
            return EVENT_TYPE_LABELS[event.event_type]
        if column == COL_SUMMARY:
            return event.summary
        if column == COL_THEMES:
            names = [self._themes[i].name for i in row.theme_ids if i in self._themes]
            return "; ".join(names)
        if column == COL_FLAGS:
            flags = Flags.of(event)
            return "; ".join(label for flag, label in FLAG_LABELS.items() if flag in flags)
        return ""

    def _edit_value(self, event: Event, column: int) -> Any:
        if column == COL_DATE:
            return date_text(event)
        if column == COL_AGENCY:
            return event.agency
        if column == COL_TYPE:
            return event.event_type.value
        if column == COL_SUMMARY:
            return event.summary
        return None

    def _tooltip(self, row: ChronologyRow, column: int) -> str | None:
        event = row.event
        if column == COL_SUMMARY:
            parts = [event.summary]
            if event.analysis:
                parts.append(f"Analysis: {event.analysis}")
            if event.source:
                parts.append(f"Source: {event.source}")
            return "\n\n".join(parts)
        if column == COL_DATE:
            return f"Recorded as {event.date.precision.value}"
        text = self._display(row, column)
        return text or None

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or self.review is None:
            return False
        event = self.event_at(index.row())
        if event is None:
            return False
        try:
            updated = _edited(event, index.column(), value)
            if updated is None or updated == event:
                return False
            self.review.update_event(updated)
        except (InvestigatorError, ValueError) as error:
            self.edit_failed.emit(str(error))
            return False
        return True

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(SORT_COLUMNS):
            return
        self.filter = self.filter.model_copy(
            update={
                "sort": SORT_COLUMNS[column],
                "descending": order == Qt.SortOrder.DescendingOrder,
            }
        )
        self.layoutAboutToBeChanged.emit()
        self._read_ids()
        self.layoutChanged.emit()


def _edited(event: Event, column: int, value: Any) -> Event | None:
    """The event with one cell changed, validated like any other edit."""
    text = str(value).strip() if value is not None else ""
    if column == COL_DATE:
        parsed = parse_event_date(text)
        return _with(event, date=parsed.date, time=parsed.time)
    if column == COL_AGENCY:
        return _with(event, agency=text)
    if column == COL_TYPE:
        return _with(event, event_type=EventType(text))
    if column == COL_SUMMARY:
        if not text:
            raise ValueError("An event needs a summary.")
        return _with(event, summary=text)
    return None


def _with(event: Event, **changes: Any) -> Event:
    return Event.model_validate({**event.model_dump(), **changes})


def _background_busy() -> bool:
    """True while background work runs (suggestions, the timeline, a file check).
    Reading rows one at a time would then wait on it many times over, so the
    store reads them in one step meanwhile."""
    return QThreadPool.globalInstance().activeThreadCount() > 0
