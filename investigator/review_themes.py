"""The facade's theme work: tags, suggestions and the theme framework.

Mixed into :class:`investigator.review.ReviewFile`, which supplies ``store``,
``actor``, ``action()`` and the listeners; kept apart so the facade stays a
size one can read.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Sequence
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING

from investigator.models import (
    Decision,
    Event,
    EventText,
    Finding,
    LearningPoint,
    NotFoundError,
    QuadrantItem,
    Review,
    Suggestion,
    SuggestionDecision,
    Tag,
    TagOrigin,
    Theme,
    ThemeFramework,
    utc_now,
)
from investigator.progress import (
    Progress,
    ProgressReport,
    collector_paused,
    step_now_and_then,
)
from investigator.store import ReviewStore, Transaction
from investigator.themes.management import (
    framework_to_add,
    new_theme,
    plan_merge,
    plan_removal,
    recoloured,
    renamed,
    updated_phrases,
)
from investigator.themes.suggest import Suggester, SuggestSettings

if TYPE_CHECKING:
    from investigator.review import ActionResult


class ThemeWork:
    """Tagging, suggestions and framework changes; every write is one undoable action."""

    store: ReviewStore
    actor: str
    _generation: int

    if TYPE_CHECKING:  # provided by ReviewFile

        def action(self, label: str) -> AbstractContextManager[Transaction]: ...
        def event(self, event_id: uuid.UUID | str) -> Event: ...
        def add_listener(
            self, listener: Callable[[ActionResult], None], *, first: bool = False
        ) -> None: ...
        @property
        def review(self) -> Review: ...

    # Themes and tags --------------------------------------------------------------
    def frameworks(self) -> list[ThemeFramework]:
        return self.store.frameworks()

    def themes(self) -> list[Theme]:
        """Themes of every framework in the review, the review's own framework first."""
        primary = self.review.framework_id
        themes = self.store.themes()
        return sorted(themes, key=lambda t: (t.framework_id != primary,))

    def theme(self, code_or_id: str | uuid.UUID) -> Theme:
        text = str(code_or_id).strip()
        for theme in self.themes():
            if str(theme.id) == text or theme.code.lower() == text.lower():
                return theme
        for theme in self.themes():
            if theme.name.lower() == text.lower():
                return theme
        raise NotFoundError(f"There is no theme {text!r} in this review.")

    def tags(self, event_ids: Sequence[uuid.UUID | str] | None = None) -> list[Tag]:
        if event_ids is None:
            return [t for t in self.store.all(Tag) if isinstance(t, Tag)]
        return self.store.tags_for_events([str(i) for i in event_ids])

    def tagged_themes(self, event_ids: Sequence[uuid.UUID | str]) -> dict[str, set[str]]:
        """Theme id -> which of these events carry it: what a panel showing a
        selection of thousands of events needs, without loading every tag."""
        found: dict[str, set[str]] = {}
        for event_id, theme_id in self.store.suggestion_data.tag_pairs_for(
            [str(i) for i in event_ids]
        ):
            found.setdefault(theme_id, set()).add(event_id)
        return found

    def tag(
        self,
        event_id: uuid.UUID | str,
        theme: str | uuid.UUID,
        *,
        rationale: str = "",
        origin: TagOrigin = TagOrigin.MANUAL,
    ) -> Tag:
        event = self.event(event_id)
        chosen = self.theme(theme)
        for existing in self.tags([event.id]):
            if existing.theme_id == chosen.id:
                return existing
        tag = Tag(
            event_id=event.id,
            theme_id=chosen.id,
            rationale=rationale,
            origin=origin,
            created_by=self.actor,
        )
        with self.action(f"Tag {chosen.name}") as tx:
            tx.put(tag)
        return tag

    def toggle_theme(
        self,
        event_ids: Sequence[uuid.UUID | str],
        theme: str | uuid.UUID,
        progress: ProgressReport | None = None,
    ) -> bool:
        """Tag every event with the theme, or, if all already have it, untag them all.

        One action however many events are selected; returns True if it tagged.
        ``progress`` hears how far it is every thousand events, and may cancel:
        then nothing is changed.
        """
        chosen = self.theme(theme)
        ids = [str(i) for i in event_ids]
        existing = {str(t.event_id): t for t in self.tags(ids) if t.theme_id == chosen.id}
        adding = len(existing) < len(set(ids))
        count = len(set(ids))
        label = f"{'Tag' if adding else 'Untag'} {chosen.name}" + (
            f" on {count:,} events" if count > 1 else ""
        )
        missing = set(ids) - self.store.events.existing(ids) if adding else set()
        if missing:
            raise NotFoundError(f"There is no event with id {sorted(missing)[0]}.")
        with self.action(label) as tx:
            for number, event_id in enumerate(dict.fromkeys(ids)):
                step_now_and_then(progress, number, count, f"{label}…")
                if adding and event_id not in existing:
                    tx.put(
                        Tag(
                            event_id=uuid.UUID(event_id),
                            theme_id=chosen.id,
                            created_by=self.actor,
                        )
                    )
                elif not adding:
                    tx.delete(Tag, existing[event_id].id)
        return adding

    def set_tag_rationale(
        self, event_id: uuid.UUID | str, theme: str | uuid.UUID, rationale: str
    ) -> Tag:
        """Why the reviewer tagged this event with this theme (kept with the tag)."""
        chosen = self.theme(theme)
        for existing in self.tags([event_id]):
            if existing.theme_id == chosen.id:
                updated = existing.model_copy(update={"rationale": rationale.strip()})
                with self.action(f"Note on {chosen.name}") as tx:
                    tx.put(updated)
                return updated
        raise NotFoundError(f"The event is not tagged with {chosen.name}.")

    def untag(self, event_id: uuid.UUID | str, theme: str | uuid.UUID) -> bool:
        event = self.event(event_id)
        chosen = self.theme(theme)
        for existing in self.tags([event.id]):
            if existing.theme_id == chosen.id:
                with self.action(f"Untag {chosen.name}") as tx:
                    tx.delete(Tag, existing.id)
                return True
        return False

    # Suggestions and framework management ------------------------------------------
    # The ranking lives in themes/suggest.py; the facade keeps one suggester per open
    # review and keeps it current from each action's changes (see
    # _keep_suggester_current), so a tag costs a small update, not a retrain.
    _suggester: Suggester | None = None
    _suggester_listening: bool = False
    # The knobs of the score (None: the defaults); read when the suggester is built,
    # so set before the first request (the evaluation in bench/ compares settings).
    suggest_settings: SuggestSettings | None = None

    def suggestions(
        self,
        event_ids: Sequence[uuid.UUID | str] | None = None,
        limit: int = 2,
        progress: Progress | None = None,
        *,
        themes: Sequence[str | uuid.UUID] | None = None,
    ) -> list[Suggestion]:
        """Up to ``limit`` suggested themes per event (all events if none given), best
        first, each with its reasons; ``themes`` narrows the themes considered."""
        data = self.store.suggestion_data
        theme_ids = None if themes is None else [str(self.theme(t).id) for t in themes]
        ids = None if event_ids is None else [str(i) for i in event_ids]
        total = data.event_count() if ids is None else len(ids)
        with collector_paused():  # building the model makes objects by the 100,000
            events: Iterable[EventText] = data.event_texts(ids)
            if ids is None and self._suggester is None:
                # Every event, and the model not built yet: read the text once for both.
                events = list(events)
                suggester = self._current_suggester(events)
            else:
                suggester = self._current_suggester()
            return suggester.suggest_all(
                events, limit, total=total, progress=progress, theme_ids=theme_ids
            )

    def suggestion_decisions(
        self, event_ids: Sequence[uuid.UUID | str]
    ) -> list[SuggestionDecision]:
        return self.store.decisions_for_events([str(i) for i in event_ids])

    def service_users_of(self, event_ids: Sequence[uuid.UUID | str]) -> dict[str, list[str]]:
        """Event id -> the labels of its service users (without loading whole events)."""
        return self.store.suggestion_data.subject_labels([str(i) for i in event_ids])

    def accept_suggestion(
        self, event_id: uuid.UUID | str, theme: str | uuid.UUID, *, rationale: str = ""
    ) -> Tag:
        """Tag the event (origin: suggestion) and record the acceptance, as one action."""
        event, chosen = self.event(event_id), self.theme(theme)
        existing = [t for t in self.tags([event.id]) if t.theme_id == chosen.id]
        tag = Tag(
            event_id=event.id,
            theme_id=chosen.id,
            rationale=rationale,
            origin=TagOrigin.SUGGESTION,
            created_by=self.actor,
        )
        tag = existing[0] if existing else tag
        with self.action(f"Accept suggestion {chosen.name}") as tx:
            tx.put(tag)
            tx.put(self._decision(event.id, chosen.id, Decision.ACCEPTED))
        return tag

    def reject_suggestion(
        self, event_id: uuid.UUID | str, theme: str | uuid.UUID
    ) -> SuggestionDecision:
        """Turn a suggestion down for good (it is kept in the file); undo brings it back."""
        event, chosen = self.event(event_id), self.theme(theme)
        decision = self._decision(event.id, chosen.id, Decision.REJECTED)
        with self.action(f"Reject suggestion {chosen.name}") as tx:
            tx.put(decision)
        return decision

    def reconsider_suggestion(self, event_id: uuid.UUID | str, theme: str | uuid.UUID) -> None:
        """Take back turning a suggestion down: it may be offered again for the event."""
        event, chosen = self.event(event_id), self.theme(theme)
        found = [
            d
            for d in self.suggestion_decisions([event.id])
            if d.theme_id == chosen.id and d.decision is Decision.REJECTED
        ]
        if not found:
            raise NotFoundError(f"{chosen.name} was not turned down for this event.")
        with self.action(f"Offer {chosen.name} again") as tx:
            tx.delete(SuggestionDecision, found[0].id)

    def rename_theme(self, theme: str | uuid.UUID, name: str) -> Theme:
        updated = renamed(self.theme(theme), name, self.themes())
        with self.action(f"Rename theme to {updated.name}") as tx:
            tx.put(updated)
        return updated

    def recolour_theme(self, theme: str | uuid.UUID, colour: str) -> Theme:
        updated = recoloured(self.theme(theme), colour)
        with self.action(f"Recolour {updated.name}") as tx:
            tx.put(updated)
        return updated

    def add_theme(
        self,
        name: str,
        *,
        framework: str | uuid.UUID | None = None,
        code: str = "",
        colour: str = "",
        description: str = "",
        guidance: str = "",
    ) -> Theme:
        """A new theme, last in its framework (the review's own unless named)."""
        wanted = str(framework or self.review.framework_id)
        frameworks = [f for f in self.frameworks() if wanted in (str(f.id), f.code)]
        if not frameworks:
            raise NotFoundError(f"There is no theme framework {wanted!r} in this review.")
        theme = new_theme(
            name,
            frameworks[0],
            self.themes(),
            code=code,
            colour=colour,
            description=description,
            guidance=guidance,
        )
        with self.action(f"Add theme {theme.name}") as tx:
            tx.put(theme)
        return theme

    def merge_themes(self, source: str | uuid.UUID, target: str | uuid.UUID) -> Theme:
        """Move everything tagged ``source`` to ``target``, then remove ``source``."""
        old, new = self.theme(source), self.theme(target)
        ids = [str(old.id), str(new.id)]
        plan = plan_merge(
            old,
            new,
            tags=self.store.suggestion_data.tags_for_themes(ids),
            decisions=self.store.suggestion_data.decisions_for_themes(ids),
            others=[
                *self.store.all(Finding),
                *self.store.all(LearningPoint),
                *self.store.all(QuadrantItem),
            ],
        )
        with self.action(f"Merge {old.name} into {new.name}") as tx:
            for step, model in plan.steps:
                if step == "put":
                    tx.put(model)
                else:
                    tx.delete(type(model), model.id)
        return new

    def remove_theme(self, theme: str | uuid.UUID) -> None:
        """Remove a theme that no event, finding or learning uses (see :func:`plan_removal`)."""
        chosen = self.theme(theme)
        ids = [str(chosen.id)]
        plan = plan_removal(
            chosen,
            self.themes(),
            tags=self.store.suggestion_data.tags_for_themes(ids),
            decisions=self.store.suggestion_data.decisions_for_themes(ids),
            others=[
                *self.store.all(Finding),
                *self.store.all(LearningPoint),
                *self.store.all(QuadrantItem),
            ],
        )
        with self.action(f"Remove theme {chosen.name}") as tx:
            for _, model in plan.steps:
                tx.delete(type(model), model.id)

    def update_phrases(self) -> list[Theme]:
        """Bring the suggestion phrases of the shipped frameworks' themes up to date
        with this version's framework files, as one undoable step; the themes
        changed (none if already current). Tags and names are untouched."""
        updated = updated_phrases(self.themes(), self.frameworks())
        if updated:
            with self.action("Update suggestion phrases") as tx:
                for theme in updated:
                    tx.put(theme)
        return updated

    def add_framework(self, code: str) -> ThemeFramework:
        """Add a shipped framework's themes beside the ones in use; no tag changes."""
        template = framework_to_add(code, self.frameworks(), self.themes())
        with self.action(f"Add framework {template.framework.name}") as tx:
            tx.put(template.framework)
            for theme in template.themes:
                tx.put(theme)
        return template.framework

    def _decision(
        self, event_id: uuid.UUID, theme_id: uuid.UUID, decision: Decision
    ) -> SuggestionDecision:
        """The one decision per event and theme, new or updated in place."""
        for existing in self.suggestion_decisions([event_id]):
            if existing.theme_id == theme_id:
                return existing.model_copy(
                    update={"decision": decision, "decided_by": self.actor, "decided_at": utc_now()}
                )
        return SuggestionDecision(
            event_id=event_id, theme_id=theme_id, decision=decision, decided_by=self.actor
        )

    @property
    def suggestions_ready(self) -> bool:
        """True once the suggestion model is built (the first build reads every tag)."""
        return self._suggester is not None

    def prepare_suggestions(self) -> None:
        """Build the suggestion model now; the app calls this off the UI thread."""
        self._current_suggester()

    def _current_suggester(self, texts: Sequence[EventText] | None = None) -> Suggester:
        """The live suggester, built first if need be (from ``texts``, if they are
        every event's, rather than reading the tagged events again)."""
        if not self._suggester_listening:
            # First: the app refreshes its suggestions when told of a change, and
            # they must already reflect it (a theme just tagged or turned down).
            self.add_listener(self._keep_suggester_current, first=True)
            self._suggester_listening = True
        if self._suggester is not None:
            return self._suggester
        generation = self._generation
        data = self.store.suggestion_data
        pairs = data.tag_pairs()
        wanted = {event_id for event_id, _ in pairs}
        tagged = (
            data.event_texts(sorted(wanted))
            if texts is None
            else [text for text in texts if text.event_id in wanted]
        )
        suggester = Suggester.from_review(
            self.themes(),
            tagged,
            pairs,
            data.rejected_pairs(),
            self.suggest_settings,
            ahead=() if texts is None else texts,  # every event's, about to be ranked
        )
        if generation == self._generation:  # nothing changed while it was being built
            self._suggester = suggester
        return suggester

    def _keep_suggester_current(self, result: ActionResult) -> None:
        """Learn from each change as it happens (undo and redo included)."""
        suggester = self._suggester
        if suggester is None:
            return
        if any(c.bulk is not None for c in result.changes):
            self._suggester = None  # many events at once: rebuild when next asked
            return
        if "theme" in result.kinds():
            suggester.set_themes(self.themes())
        changes = [(change.before, change.after) for change in result.changes]
        wanted = sorted(Suggester.events_to_read(changes))
        suggester.follow(changes, self.store.suggestion_data.event_texts(wanted))
