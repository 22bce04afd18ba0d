"""What theme suggestions read, as light tuples rather than whole models.

Loading 100,000 events as validated models takes about ten seconds; the text
columns alone take a fraction of a second, and suggestions need nothing else.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence

from investigator.models import Decision, EventText, SuggestionDecision, Tag

from .mappers import mapper_for

_TEXT_SQL = "SELECT id, summary, analysis, should_have_happened, agency, author_role FROM events"
_LABELS_SQL = (
    "SELECT event_subjects.event_id, subjects.label FROM event_subjects "
    "JOIN subjects ON subjects.id = event_subjects.subject_id"
)
_BATCH = 500
_SCAN_ABOVE = 5000


class SuggestionQueries:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    def event_texts(self, event_ids: Sequence[str] | None = None) -> Iterator[EventText]:
        """Every event's text in chronology order, or the given events' in the given order."""
        if event_ids is None:
            cursor = self._conn.execute(f"{_TEXT_SQL} ORDER BY date_start, time, seq")
            yield from map(EventText._make, cursor)
            return
        if len(event_ids) > _SCAN_ABOVE:
            # Thousands of ids (every tagged event, when a review opens): one pass
            # over the table beats hundreds of IN (...) lookups.
            wanted = {str(i) for i in event_ids}
            found = {
                row[0]: EventText._make(row)
                for row in self._conn.execute(_TEXT_SQL)
                if row[0] in wanted
            }
            yield from (found[str(i)] for i in event_ids if str(i) in found)
            return
        for start in range(0, len(event_ids), _BATCH):
            chunk = [str(i) for i in event_ids[start : start + _BATCH]]
            marks = ", ".join("?" for _ in chunk)
            rows = self._conn.execute(f"{_TEXT_SQL} WHERE id IN ({marks})", chunk)
            found = {row[0]: EventText._make(row) for row in rows}
            yield from (found[i] for i in chunk if i in found)

    def event_count(self) -> int:
        return self._conn.execute("SELECT count(*) FROM events").fetchone()[0]

    def subject_labels(self, event_ids: Sequence[str]) -> dict[str, list[str]]:
        """Each event's service users, by label, in the order the event gives them."""
        found: dict[str, list[str]] = {}
        if len(event_ids) > _SCAN_ABOVE:
            # Every event's (as for `investigator suggest`): one pass over the table.
            wanted = {str(i) for i in event_ids}
            for event_id, label in self._conn.execute(
                f"{_LABELS_SQL} ORDER BY event_subjects.event_id, event_subjects.position"
            ):
                if event_id in wanted:
                    found.setdefault(event_id, []).append(label)
            return found
        for start in range(0, len(event_ids), _BATCH):
            chunk = [str(i) for i in event_ids[start : start + _BATCH]]
            marks = ", ".join("?" for _ in chunk)
            rows = self._conn.execute(
                f"{_LABELS_SQL} WHERE event_subjects.event_id IN ({marks}) "
                "ORDER BY event_subjects.event_id, event_subjects.position",
                chunk,
            )
            for event_id, label in rows:
                found.setdefault(event_id, []).append(label)
        return found

    def tag_pairs(self) -> list[tuple[str, str]]:
        """(event id, theme id) of every tag: what the reviewer has taught so far."""
        return self._conn.execute("SELECT event_id, theme_id FROM tags ORDER BY rowid").fetchall()

    def tag_pairs_for(self, event_ids: Sequence[str]) -> list[tuple[str, str]]:
        """(event id, theme id) of the tags of these events."""
        pairs: list[tuple[str, str]] = []
        for start in range(0, len(event_ids), _BATCH):
            chunk = [str(i) for i in event_ids[start : start + _BATCH]]
            marks = ", ".join("?" for _ in chunk)
            pairs += self._conn.execute(
                f"SELECT event_id, theme_id FROM tags WHERE event_id IN ({marks})", chunk
            ).fetchall()
        return pairs

    def rejected_pairs(self) -> list[tuple[str, str]]:
        """(event id, theme id) of every suggestion the reviewer turned down."""
        return self._conn.execute(
            "SELECT event_id, theme_id FROM suggestion_decisions WHERE decision = ?",
            (Decision.REJECTED.value,),
        ).fetchall()

    def tags_for_themes(self, theme_ids: Sequence[str]) -> list[Tag]:
        """Whole tags of the given themes (merging a theme moves every one)."""
        return [t for t in self._by_theme(Tag, theme_ids) if isinstance(t, Tag)]

    def decisions_for_themes(self, theme_ids: Sequence[str]) -> list[SuggestionDecision]:
        found = self._by_theme(SuggestionDecision, theme_ids)
        return [d for d in found if isinstance(d, SuggestionDecision)]

    def _by_theme(
        self, model_class: type[Tag] | type[SuggestionDecision], theme_ids: Sequence[str]
    ) -> list[Tag | SuggestionDecision]:
        mapper = mapper_for(model_class)
        marks = ", ".join("?" for _ in theme_ids)
        rows = self._conn.execute(
            f"{mapper.select_sql()} WHERE theme_id IN ({marks}) ORDER BY rowid",
            [str(i) for i in theme_ids],
        )
        found = [mapper.from_row(row) for row in rows]
        return [m for m in found if isinstance(m, Tag | SuggestionDecision)]
