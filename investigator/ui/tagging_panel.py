"""Tagging the selected events: theme checkboxes, notes, and suggestions with reasons.

Keys 1–9 (on the chronology) toggle the numbered themes on every selected
event; each change is one undoable action.
"""

from __future__ import annotations

import uuid
from html import escape

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QColor, QPalette, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from investigator.models import Decision, Event, InvestigatorError, Theme
from investigator.models.suggestions import (
    FIELD_LABELS,
    ExampleWordsReason,
    PhraseReason,
    SimilarEventReason,
    Suggestion,
)
from investigator.review import ReviewFile
from investigator.ui.delegates import readable_text_colour
from investigator.ui.jobs import Job, busy_pointer, run_job, run_writing_job

MAX_NUMBERED = 9
SUGGESTIONS_SHOWN = 3
# From this many selected events a tag takes long enough to see (3,000: about
# half a second), so the pointer says the window is working; from JOB_FROM
# (about a second; a whole 100,000-event review: about twenty) it runs in the
# background, with its progress and Cancel.
BUSY_FROM = 200
JOB_FROM = 5000
HIGHLIGHT = "#FFE066"
QUOTE_ORDER = ("agency", "author_role", "summary", "should_have_happened", "analysis")


def theme_chip_html(theme: Theme) -> str:
    text = readable_text_colour(QColor(theme.colour)).name()
    return (
        f'<span style="background-color:{theme.colour};color:{text};">'
        f"&nbsp;{escape(theme.code)}&nbsp;</span>"
    )


def highlighted(text: str, spans: list[tuple[int, int]]) -> str:
    """The text as HTML with the given character spans marked; spans that overlap
    (a phrase and a word within it) are marked as one."""
    merged: list[list[int]] = []
    for start, end in sorted(set(spans)):
        if end > len(text) or start >= end:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    out: list[str] = []
    position = 0
    for start, end in merged:
        out.append(escape(text[position:start]))
        out.append(f'<span style="background-color:{HIGHLIGHT};color:#000;">')
        out.append(escape(text[start:end]))
        out.append("</span>")
        position = end
    out.append(escape(text[position:]))
    return "".join(out)


def score_explained(suggestion: Suggestion) -> str:
    """What the percentage beside a suggestion is made of, in the reviewer's terms."""
    score = round(suggestion.score * 100)
    phrases = round(suggestion.from_phrases * 100)
    if not suggestion.from_tags and not suggestion.from_examples:
        return (
            f"{score}%: how strongly the theme's telling phrases found in this event point "
            "to it (not a probability). Once you have tagged some events, your tags "
            "count too."
        )
    readings = [f"the theme's telling phrases found in this event ({phrases}%)"]
    if suggestion.from_tags:
        readings.append(f"the events you have tagged so far ({round(suggestion.from_tags * 100)}%)")
    if suggestion.from_examples:
        readings.append(
            "how the framework's worked examples of its themes read this event's words "
            f"({round(suggestion.from_examples * 100)}%)"
        )
    counted = ["two", "three"][len(readings) - 2]
    joined = ", ".join(readings[:-1]) + " and " + readings[-1]
    tags = (
        "the more examples of the theme you have tagged, the more your tags count."
        if suggestion.from_tags
        else "once you have tagged some events, your tags count too."
    )
    return (
        f"{score}%: how strongly Investigator suggests this theme (not a probability). "
        f"It weighs {counted} readings together: {joined}; {tags}"
    )


class TaggingPanel(QScrollArea):
    """Themes of the selected events, and what Investigator suggests for them."""

    problem = Signal(str)
    show_event = Signal(str)  # a similar event the reviewer wants to look at
    # A suggestion was accepted, rejected or offered again (its buttons are gone).
    # Every change the panel makes reaches it again through the review's
    # listeners (the main window shows the selection anew), so it does not
    # redraw itself after a change, only after a failed one.
    decided = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.review: ReviewFile | None = None
        self._shown_generation = -1  # the review's generation when last drawn
        self.event_ids: list[str] = []
        self.themes: list[Theme] = []
        self._boxes: dict[uuid.UUID, QCheckBox] = {}
        self._notes: dict[uuid.UUID, QLineEdit] = {}
        self._headings: list[QLabel] = []
        self._labels: dict[uuid.UUID, str] = {}
        self._loading = False
        self._preparing: Job | None = None
        self._tagging: Job | None = None  # a large selection's tags, in the background

        self.title = QLabel()
        self.title.setWordWrap(True)
        self.grid = QGridLayout()
        self.grid.setColumnStretch(1, 1)
        self.suggestions_title = QLabel("<b>Suggestions</b>")
        self.suggestions_box = QVBoxLayout()
        self.empty = QLabel("Select one or more events to tag them.")
        self.empty.setObjectName("emptyState")
        self.empty.setWordWrap(True)

        body = QWidget()
        layout = QVBoxLayout(body)
        layout.addWidget(self.title)
        layout.addWidget(self.empty)
        layout.addLayout(self.grid)
        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)
        layout.addWidget(line)
        layout.addWidget(self.suggestions_title)
        layout.addLayout(self.suggestions_box)
        layout.addStretch()
        self.setWidget(body)
        self.setWidgetResizable(True)
        # Text wraps to the panel's width, so it scrolls sideways only if the
        # reviewer makes it narrower than a row of buttons: nothing is ever cut off.
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.setAccessibleName("Themes")
        self.setAccessibleDescription(
            "Themes of the selected events; press 1 to 9 in the chronology to toggle them."
        )

    # Review and selection ------------------------------------------------------------------
    def set_review(self, review: ReviewFile | None) -> None:
        self.review = review
        self.refresh_themes()
        self.show_events([])

    def refresh_themes(self) -> None:
        """Rebuild the checkboxes (themes renamed, recoloured, added or merged)."""
        self.themes = self.review.themes() if self.review is not None else []
        self._shown_generation = -1  # new boxes: the next show_events draws them
        while self.grid.count():
            item = self.grid.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        self._boxes.clear()
        self._notes.clear()
        self._headings.clear()
        self._labels.clear()
        writable = self.review is not None and not self.review.read_only
        frameworks = (
            {f.id: f.name for f in self.review.frameworks()} if self.review is not None else {}
        )
        grid_row = 0
        framework_id = None
        for row, theme in enumerate(self.themes):
            if len(frameworks) > 1 and theme.framework_id != framework_id:
                # Two frameworks side by side: say whose themes follow.
                framework_id = theme.framework_id
                heading = QLabel(f"<b>{escape(frameworks.get(framework_id, ''))}</b>")
                heading.setWordWrap(True)
                self.grid.addWidget(heading, grid_row, 0, 1, 2)
                self._headings.append(heading)
                grid_row += 1
            number = f"{row + 1} " if row < MAX_NUMBERED else ""
            box = QCheckBox(f"{number}{theme.name}")
            box.setToolTip(f"{theme.description}\n\n{theme.guidance}".strip())
            box.setAccessibleName(f"Theme {theme.name}")
            box.setAccessibleDescription(
                f"Press {row + 1} in the chronology to toggle" if row < MAX_NUMBERED else ""
            )
            box.setEnabled(writable)
            box.clicked.connect(lambda _checked=False, t=theme: self._toggle(t))
            swatch = QLabel()
            swatch.setFixedSize(self.fontMetrics().height(), self.fontMetrics().height())
            swatch.setStyleSheet(f"background-color:{theme.colour}; border-radius: 3px;")
            note = QLineEdit()
            note.setPlaceholderText("Why this theme? (optional note)")
            note.setAccessibleName(f"Note on {theme.name}")
            note.setEnabled(writable)
            note.editingFinished.connect(lambda t=theme, n=note: self._note(t, n))
            self.grid.addWidget(swatch, grid_row, 0)
            self.grid.addWidget(box, grid_row, 1)
            self.grid.addWidget(note, grid_row + 1, 1)
            grid_row += 2
            self._boxes[theme.id] = box
            self._notes[theme.id] = note
            self._labels[theme.id] = box.text()

    def show_events(self, event_ids: list[str]) -> None:
        """Show these events' themes (nothing to do if they are shown, and current)."""
        review = self.review
        if (
            review is not None
            and list(event_ids) == self.event_ids
            and self._shown_generation == review.generation
        ):
            return
        self.event_ids = list(event_ids)
        self.refresh()

    def refresh(self) -> None:
        self._loading = True
        review = self.review
        has = review is not None and bool(self.event_ids)
        self.empty.setVisible(not has)
        for widget in [*self._boxes.values(), *self._notes.values(), *self._headings]:
            widget.setVisible(has)
        self.suggestions_title.setVisible(has)
        self.suggestions_title.setText(
            "<b>Suggestions</b>"
            if len(self.event_ids) == 1
            else "<b>Suggestions</b><br>Select a single event to see suggested themes."
        )
        self._clear_suggestions()
        if not has or review is None:
            self.title.setText("<b>Themes</b>")
            self._loading = False
            return
        self._shown_generation = review.generation
        count = len(self.event_ids)
        self.title.setText(
            "<b>Themes of this event</b>" if count == 1 else f"<b>Themes of {count} events</b>"
        )
        # One event: its tags, with their notes. Many: only which events carry what.
        notes: dict[str, str] = {}
        if count == 1:
            notes = {str(t.theme_id): t.rationale for t in review.tags(self.event_ids)}
            carrying = {theme_id: set(self.event_ids) for theme_id in notes}
        else:
            carrying = review.tagged_themes(self.event_ids)
        for theme in self.themes:
            box = self._boxes[theme.id]
            note = self._notes[theme.id]
            tagged = len(carrying.get(str(theme.id), ()))
            if not tagged:
                state = Qt.CheckState.Unchecked
            elif tagged == count:
                state = Qt.CheckState.Checked
            else:
                state = Qt.CheckState.PartiallyChecked
            box.setTristate(state == Qt.CheckState.PartiallyChecked)
            box.setCheckState(state)
            label = self._labels[theme.id]
            if state == Qt.CheckState.PartiallyChecked:
                label += f" ({tagged} of {count})"
            box.setText(label)
            note.setVisible(count == 1 and state == Qt.CheckState.Checked)
            note.setText(notes.get(str(theme.id), ""))
        if count == 1:
            self._show_suggestions(self.event_ids[0])
        self._loading = False

    # Actions ------------------------------------------------------------------------------
    def toggle_number(self, number: int) -> None:
        """Keys 1–9: toggle the numbered theme on the selection."""
        if 1 <= number <= min(MAX_NUMBERED, len(self.themes)):
            self._toggle(self.themes[number - 1])

    def _toggle(self, theme: Theme) -> None:
        if self._loading or self.review is None or not self.event_ids or self.review.read_only:
            return
        if self._tagging is not None and not self._tagging.finished:
            self.refresh()  # one large selection at a time: put the clicked box back
            return
        if len(self.event_ids) >= JOB_FROM:
            self._toggle_in_background(self.review, list(self.event_ids), theme)
            return
        try:
            with busy_pointer(len(self.event_ids) >= BUSY_FROM):
                self.review.toggle_theme(self.event_ids, theme.id)
        except InvestigatorError as error:
            self._failed(error)

    def _toggle_in_background(self, review: ReviewFile, event_ids: list[str], theme: Theme) -> None:
        """A large selection: one action still, and Cancel changes nothing."""
        job = run_writing_job(
            self,
            f"{theme.name} on {len(event_ids):,} events",
            lambda progress: review.toggle_theme(event_ids, theme.id, progress),
            self.problem.emit,
        )
        # However it ends short, put the clicked box back as it is.
        job.failed.connect(lambda _error: self.refresh())
        job.cancelled.connect(self.refresh)
        self._tagging = job

    def _failed(self, error: BaseException) -> None:
        self.problem.emit(str(error))
        self.refresh()  # put the clicked box back as it is

    def _note(self, theme: Theme, field: QLineEdit) -> None:
        if self._loading or self.review is None or len(self.event_ids) != 1:
            return
        current = [t for t in self.review.tags(self.event_ids) if t.theme_id == theme.id]
        if not current or current[0].rationale == field.text().strip():
            return
        try:
            self.review.set_tag_rationale(self.event_ids[0], theme.id, field.text())
        except InvestigatorError as error:
            self.problem.emit(str(error))

    # Suggestions ----------------------------------------------------------------------------
    def _clear_suggestions(self) -> None:
        while self.suggestions_box.count():
            item = self.suggestions_box.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh()  # suggestions are worked out only while the panel is shown

    def _note_label(self, text: str) -> None:
        label = QLabel(text)
        label.setObjectName("emptyState")
        label.setWordWrap(True)
        self.suggestions_box.addWidget(label)

    def _show_suggestions(self, event_id: str) -> None:
        review = self.review
        assert review is not None
        if not self.isVisible():
            return
        if not review.suggestions_ready:
            # The first build reads every tag in the review: do it off the UI thread.
            self._note_label("Preparing suggestions…")
            if self._preparing is None or self._preparing.finished:
                self._preparing = run_job(
                    self,
                    "Preparing suggestions",
                    lambda _progress: review.prepare_suggestions(),
                    lambda _result: self.refresh() if review is self.review else None,
                    on_error=lambda error: (
                        self.problem.emit(str(error)) if review is self.review else None
                    ),
                    show_dialog=False,
                )
            return
        try:
            found = review.suggestions([event_id], limit=SUGGESTIONS_SHOWN)
            event = review.event(event_id)
        except InvestigatorError as error:
            self.problem.emit(str(error))
            return
        if not found:
            self._note_label("No further themes suggested for this event.")
        for suggestion in found:
            self.suggestions_box.addWidget(self._suggestion_card(suggestion, event))
        self._show_turned_down(event_id)

    def _show_turned_down(self, event_id: str) -> None:
        """The themes turned down for this event, each of which can be offered again."""
        assert self.review is not None
        names = {t.id: t.name for t in self.themes}
        rejected = [
            d.theme_id
            for d in self.review.suggestion_decisions([event_id])
            if d.decision is Decision.REJECTED and d.theme_id in names
        ]
        if not rejected:
            return
        links = ", ".join(
            f'{escape(names[theme_id])} (<a href="{theme_id}">offer again</a>)'
            for theme_id in rejected
        )
        label = QLabel(f"Turned down for this event: {links}")
        label.setObjectName("emptyState")
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        label.setEnabled(not self.review.read_only)
        label.setAccessibleName("Suggestions turned down")
        label.linkActivated.connect(lambda theme_id: self._reconsider(event_id, theme_id))
        self.suggestions_box.addWidget(label)

    def _reconsider(self, event_id: str, theme_id: str) -> None:
        if self.review is None:
            return
        try:
            self.review.reconsider_suggestion(event_id, theme_id)
        except InvestigatorError as error:
            self.problem.emit(str(error))
        self.decided.emit()

    def _suggestion_card(self, suggestion: Suggestion, event: Event) -> QWidget:
        theme = next((t for t in self.themes if t.id == suggestion.theme_id), None)
        card = QFrame()
        card.setFrameShape(QFrame.Shape.StyledPanel)
        card.setAutoFillBackground(True)
        palette = card.palette()
        palette.setColor(QPalette.ColorRole.Window, palette.color(QPalette.ColorRole.Base))
        card.setPalette(palette)
        layout = QVBoxLayout(card)
        name = theme.name if theme else "Theme"
        header = QLabel(
            f"{theme_chip_html(theme) if theme else ''} <b>{escape(name)}</b>"
            f" — {round(suggestion.score * 100)}%"
        )
        header.setTextFormat(Qt.TextFormat.RichText)
        header.setWordWrap(True)  # a long theme name wraps rather than widening the card
        header.setToolTip(score_explained(suggestion))
        layout.addWidget(header)
        spans: dict[str, list[tuple[int, int]]] = {}
        reasons = []
        for reason in suggestion.reasons:
            text = reason.describe()
            text = escape(text[:1].upper() + text[1:])
            if isinstance(reason, PhraseReason):
                spans.setdefault(reason.field, []).append((reason.start, reason.end))
            elif isinstance(reason, ExampleWordsReason):
                for word in reason.words:
                    spans.setdefault(word.field, []).append((word.start, word.end))
            elif isinstance(reason, SimilarEventReason):
                text = f'<a href="{reason.event_id}">{text}</a>'  # opens that event
            reasons.append(f"• {text}")
        if reasons:
            because = QLabel("<br>".join(reasons))
            because.setTextFormat(Qt.TextFormat.RichText)
            because.setWordWrap(True)
            because.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
            because.linkActivated.connect(self.show_event.emit)
            layout.addWidget(because)
        for field in QUOTE_ORDER:  # always in the order of the event form's fields
            text = getattr(event, field, "")
            if text and field in spans:
                quote = QLabel(
                    f"{escape(FIELD_LABELS[field].capitalize())}: "
                    f"<i>{highlighted(text, spans[field])}</i>"
                )
                quote.setTextFormat(Qt.TextFormat.RichText)
                quote.setWordWrap(True)
                quote.setAccessibleName(f"Matched words in {FIELD_LABELS[field]}")
                layout.addWidget(quote)
        similar = [r for r in suggestion.reasons if isinstance(r, SimilarEventReason)]
        buttons = QHBoxLayout()
        accept = QPushButton("Accept")
        reject = QPushButton("Reject")
        accept.setAccessibleName(f"Accept suggestion {name}")
        reject.setAccessibleName(f"Reject suggestion {name}")
        writable = self.review is not None and not self.review.read_only
        accept.setEnabled(writable)
        reject.setEnabled(writable)
        accept.clicked.connect(lambda: self._decide(suggestion, accept=True))
        reject.clicked.connect(lambda: self._decide(suggestion, accept=False))
        buttons.addWidget(accept)
        buttons.addWidget(reject)
        if similar:
            look = QPushButton("Similar event")
            look.setToolTip("Show the event you tagged that reads most like this one")
            look.clicked.connect(lambda: self.show_event.emit(str(similar[0].event_id)))
            buttons.addWidget(look)
        buttons.addStretch()
        layout.addLayout(buttons)
        return card

    @Slot()
    def _decide(self, suggestion: Suggestion, *, accept: bool) -> None:
        review = self.review
        if review is None:
            return
        try:
            if accept:
                review.accept_suggestion(suggestion.event_id, suggestion.theme_id)
            else:
                review.reject_suggestion(suggestion.event_id, suggestion.theme_id)
        except InvestigatorError as error:
            self.problem.emit(str(error))
        self.decided.emit()
