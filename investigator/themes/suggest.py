"""Suggested themes for events, each with reasons a reviewer can check.

Three voices make one score in [0, 1]:

- the *lexicon* of each theme (phrases and weights written into the framework
  file): what any reviewer would recognise, available from the first event;
- the *reviewer's own tags* in this review (:mod:`investigator.themes.learning`):
  how this reviewer reads this framework, which grows more trusted the more
  examples of a theme there are;
- the framework's *worked examples*, where it ships them
  (:mod:`investigator.themes.examples`): the words that go with each theme in
  labelled entries written for it, also there from the first event. The score
  of the first two moves a fixed share of the way towards what they say.

Every suggestion carries its reasons: the phrases found (with the field and
character span, so the app can highlight them), the event's words that go with
the theme in the worked examples (with their spans too), and the reviewer's own
tagged events that read most like this one. A phrase found only in the
author's role names a job, not what happened, so it is never the only reason;
nor are the examples' words, which weigh the themes an event gives other
reasons for but suggest none of their own (a routine entry would otherwise
draw suggestions from its common words). A theme already on the event, or one
the reviewer turned down for it, is never suggested. Nothing here touches the
review file: the facade feeds the suggester and keeps it current, one tag at
a time.
"""

from __future__ import annotations

import math
import uuid
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence, Sized
from dataclasses import dataclass
from itertools import islice
from operator import itemgetter
from typing import Any

from investigator.models import (
    Decision,
    Entity,
    Event,
    EventText,
    ExampleWordsReason,
    PhraseReason,
    Reason,
    SimilarEventReason,
    Suggestion,
    SuggestionDecision,
    Tag,
    Theme,
    built,
)
from investigator.progress import ProgressReport, collector_paused

from . import parallel
from .examples import ExampleModel, Prepared, prepare, shipped_examples, where_words_are
from .learning import OddsTable, TagModel
from .lexicon import Lexicon, PhraseHit
from .text import features

_EXCERPT_LENGTH = 90
# Enough to show why; the app can still highlight every place a phrase occurs.
MAX_PHRASE_REASONS = 4
_CHUNK = 1000  # events per chunk: progress is reported, and may cancel, between chunks


@dataclass(frozen=True)
class SuggestSettings:
    """The knobs of the score, in one place (bench/eval_suggestions.py measures them)."""

    # Lexicon weight that makes the phrase part 1 - 1/e (about 0.63).
    phrase_scale: float = 3.0
    # How far the learned part may outweigh the phrases once a theme has many
    # examples, and how many examples make it half that far.
    learned_share: float = 0.3
    half_share_at: float = 4.0
    # Tagged events needed (over all themes) before learning speaks at all.
    min_examples: int = 4
    # How strongly the mean evidence of an event's words moves the learned part.
    evidence_scale: float = 3.0
    # Below this a suggestion is noise.
    min_score: float = 0.1
    similar_events: int = 2
    min_similarity: float = 0.05
    # The learned part must be at least this before similar events are looked for.
    similar_from: float = 0.3
    # How far the worked examples move the score towards their reading (0: the
    # examples are not read at all).
    examples_share: float = 0.4
    # The examples' part must be at least this for their words to be a reason,
    # and this many of the event's words are shown.
    examples_reason_from: float = 0.6
    example_words: int = 3


@dataclass(frozen=True)
class _Plan:
    themes: list[str]
    shares: dict[str, float]  # theme -> weight of the learned part; absent: not learned yet
    odds: OddsTable | None  # None until learning speaks
    # Per model of worked examples: (theme id, the theme's place in the model).
    examples: tuple[tuple[ExampleModel, tuple[tuple[str, int], ...]], ...] = ()


class Suggester:
    """Ranks the themes of a review for any event, and learns from each tag."""

    def __init__(self, themes: Iterable[Theme], settings: SuggestSettings | None = None) -> None:
        self.settings = settings or SuggestSettings()
        self.model = TagModel()
        self._rejected: dict[str, set[str]] = {}
        self._themes: dict[str, uuid.UUID] = {}
        self._lexicon = Lexicon(())
        self._example_slots: dict[str, tuple[ExampleModel, int]] = {}
        # Event id -> its phrase hits as plain tuples, found by another process
        # while the tags were learned (see from_review); good until the lexicon
        # or an event's text changes, and dropped after the first ranking.
        self._found_early: dict[str, list[tuple[Any, ...]]] = {}
        self.set_themes(themes)

    @classmethod
    def from_review(
        cls,
        themes: Iterable[Theme],
        tagged: Iterable[EventText],
        tags: Iterable[tuple[str, str]],
        rejected: Iterable[tuple[str, str]] = (),
        settings: SuggestSettings | None = None,
        ahead: Sequence[EventText] = (),
    ) -> Suggester:
        """A suggester that has learned every tag of a review.

        ``tagged`` is the text of the tagged events, ``tags`` and ``rejected``
        are (event id, theme id) pairs. ``ahead`` are events about to be ranked
        (a whole large review): while the tags are learned here, another
        process finds their phrases, where that is safe (see
        :func:`parallel.ahead`), and the ranking that follows need not.
        """
        themes = list(themes)
        # The other process compiles the same phrases while this one does, and
        # loads the worked examples.
        with parallel.ahead(lambda: _plain_hits(Lexicon(themes)), ahead) as found:
            suggester = cls(themes, settings)
            known = suggester._themes
            in_order = [(str(e), str(t)) for e, t in tags if str(t) in known]
            by_event: dict[str, set[str]] = {}
            for event_id, theme_id in in_order:
                by_event.setdefault(event_id, set()).add(theme_id)
            suggester.model.learn_many(
                (
                    (text.event_id, by_event[text.event_id], features(text), text.summary)
                    for text in tagged
                    if text.event_id in by_event
                ),
                tag_order=in_order,
            )
            for event_id, theme_id in rejected:
                suggester.reject(str(event_id), str(theme_id))
        suggester._found_early = found
        return suggester

    # Keeping current ------------------------------------------------------------------
    def set_themes(self, themes: Iterable[Theme]) -> None:
        """The review's themes changed (added, renamed, new lexicon, merged away)."""
        themes = list(themes)
        current = {str(theme.id): theme.id for theme in themes}
        for gone in set(self._themes) - set(current):
            self.model.remove_theme(gone)
        for theme_id in current:
            self.model.add_theme(theme_id)
        self._themes = current
        self._lexicon = Lexicon(themes)
        self._found_early = {}
        self._example_slots = self._examples_for(themes)

    def _examples_for(self, themes: list[Theme]) -> dict[str, tuple[ExampleModel, int]]:
        """Theme id -> the worked examples of its framework and its place in them,
        for the themes whose framework ships examples of their code."""
        if self.settings.examples_share <= 0:
            return {}
        slots: dict[str, tuple[ExampleModel, int]] = {}
        models = shipped_examples()
        for theme in themes:
            model = models.get(theme.framework_id)
            if model is not None and theme.code in model.codes:
                slots[str(theme.id)] = (model, model.codes.index(theme.code))
        return slots

    def add_tag(self, event: EventText, theme_id: str) -> None:
        if theme_id in self._themes:
            self.model.add_tag(event.event_id, theme_id, features(event), event.summary)

    def remove_tag(self, event_id: str, theme_id: str) -> None:
        self.model.remove_tag(event_id, theme_id)

    def update_event(self, event: EventText) -> None:
        self._found_early = {}
        self.model.update_event(event.event_id, features(event), event.summary)

    def reject(self, event_id: str, theme_id: str) -> None:
        self._rejected.setdefault(event_id, set()).add(theme_id)

    def unreject(self, event_id: str, theme_id: str) -> None:
        self._rejected.get(event_id, set()).discard(theme_id)

    @staticmethod
    def events_to_read(changes: Iterable[tuple[Entity | None, Entity | None]]) -> set[str]:
        """The events whose text :meth:`follow` needs for these changes."""
        wanted: set[str] = set()
        for before, after in changes:
            if isinstance(after, Tag):
                wanted.add(str(after.event_id))
            elif isinstance(after, Event) and before is not None:
                wanted.add(str(after.id))
        return wanted

    def follow(
        self,
        changes: Iterable[tuple[Entity | None, Entity | None]],
        texts: Iterable[EventText],
    ) -> None:
        """Learn from one action's changes, (before, after) in the order made; an
        undo arrives as the reverse changes. ``texts`` are the events named by
        :meth:`events_to_read`, as they are now."""
        by_id = {text.event_id: text for text in texts}
        changes = list(changes)
        if len(changes) == 1:  # one tag: only its theme's weights change
            self._follow_one(*changes[0], by_id)
            return
        with self.model.batch():  # a selection: each word is reweighed once
            for before, after in changes:
                self._follow_one(before, after, by_id)

    def _follow_one(
        self, before: Entity | None, after: Entity | None, by_id: dict[str, EventText]
    ) -> None:
        if isinstance(before, Tag):
            self.remove_tag(str(before.event_id), str(before.theme_id))
        if isinstance(after, Tag) and str(after.event_id) in by_id:
            self.add_tag(by_id[str(after.event_id)], str(after.theme_id))
        if isinstance(before, SuggestionDecision):
            self.unreject(str(before.event_id), str(before.theme_id))
        if isinstance(after, SuggestionDecision) and after.decision is Decision.REJECTED:
            self.reject(str(after.event_id), str(after.theme_id))
        if isinstance(after, Event) and before is not None and str(after.id) in by_id:
            self.update_event(by_id[str(after.id)])

    # Suggesting -----------------------------------------------------------------------
    def suggest(
        self, event: EventText, limit: int = 2, theme_ids: Iterable[str] | None = None
    ) -> list[Suggestion]:
        """The best ``limit`` themes for one event, best first, each with its reasons."""
        return self._ranked(event, limit, self._plan(theme_ids))

    def suggest_many(
        self,
        events: Iterable[EventText],
        limit: int = 2,
        *,
        total: int = 0,
        progress: ProgressReport | None = None,
        theme_ids: Sequence[str] | None = None,
    ) -> Iterator[Suggestion]:
        """Suggestions for many events, reporting progress every thousand."""
        plan = self._plan(theme_ids, total)
        pending = iter(events)
        done = 0
        while True:
            if progress is not None:
                progress.step(done, total, "Suggesting themes")
            with collector_paused():
                chunk = list(islice(pending, _CHUNK))
                batch = [found for event in chunk for found in self._ranked(event, limit, plan)]
            if not chunk:
                break
            done += len(chunk)
            yield from batch

    def suggest_all(
        self,
        events: Iterable[EventText],
        limit: int = 2,
        *,
        total: int = 0,
        progress: ProgressReport | None = None,
        theme_ids: Sequence[str] | None = None,
        processes: int | None = None,
    ) -> list[Suggestion]:
        """:meth:`suggest_many`, collected into one list with the cyclic garbage
        collector paused throughout (see :func:`collector_paused`): holding
        200,000 new suggestions would otherwise set off repeated collections of
        the whole heap, which took longer than making them.

        A large review's events are shared out between processes where that is
        safe (see :mod:`investigator.themes.parallel`; ``processes`` overrides
        the choice); the suggestions are the same, in the same order."""
        if processes is None:
            processes = parallel.processes_for(total or _length(events))
        try:
            with collector_paused():
                if processes > 1:
                    plan = self._plan(theme_ids, total or _length(events))
                    texts = events if isinstance(events, Sequence) else list(events)
                    return parallel.rank_all(
                        lambda text: self._ranked(text, limit, plan), texts, processes, progress
                    )
                return list(
                    self.suggest_many(
                        events, limit, total=total, progress=progress, theme_ids=theme_ids
                    )
                )
        finally:
            self._found_early = {}  # used once: the review may change from here on

    def _plan(self, allowed: Iterable[str] | None, events: int = 1) -> _Plan:
        """What holds for every event of one request (of about ``events`` events):
        the themes, and how far the learned part is trusted for each (by how
        many examples it has)."""
        settings, model = self.settings, self.model
        themes = list(
            self._themes if allowed is None else (t for t in allowed if t in self._themes)
        )
        shares: dict[str, float] = {}
        if model.example_count >= settings.min_examples:
            for theme_id in themes:
                examples = model.examples_of(theme_id)
                if examples:
                    shares[theme_id] = (
                        settings.learned_share * examples / (examples + settings.half_share_at)
                    )
        odds = model.odds_table() if shares else None
        if odds is not None and events >= _CHUNK:
            odds.fill()  # most of the features will be met: look each one up once
        by_model: dict[int, tuple[ExampleModel, list[tuple[str, int]]]] = {}
        for theme_id in themes:
            slot = self._example_slots.get(theme_id)
            if slot is not None:
                by_model.setdefault(id(slot[0]), (slot[0], []))[1].append((theme_id, slot[1]))
        examples = tuple((found, tuple(slots)) for found, slots in by_model.values())
        return _Plan(themes, shares, odds, examples)

    def _ranked(self, event: EventText, limit: int, plan: _Plan) -> list[Suggestion]:
        settings, model = self.settings, self.model
        event_id = event.event_id
        if limit <= 0 or not plan.themes:
            return []
        hits_by_theme: dict[str, list[PhraseHit]] = {}
        early = self._found_early.get(event_id) if self._found_early else None
        hits = self._lexicon.hits(event) if early is None else [built(PhraseHit, h) for h in early]
        for hit in hits:
            found_hits = hits_by_theme.get(hit.theme_id)
            if found_hits is None:
                hits_by_theme[hit.theme_id] = [hit]
            else:
                found_hits.append(hit)
        learning = plan.odds is not None
        words: Collection[str] = ()
        odds: dict[str, float] = {}
        if learning or plan.examples:
            learned = model.features_of(event_id)  # a tagged event: read already
            words = features(event) if learned is None else learned
        if learning:
            odds = model.log_odds(words, settings.evidence_scale, plan.odds)
        if not hits_by_theme and not odds:
            return []  # the examples only weigh themes that have a reason of their own
        from_examples: dict[str, float] = {}
        for examples, slots in plan.examples:
            parts = examples.parts(words)
            if parts is not None:
                for theme_id, index in slots:
                    from_examples[theme_id] = parts[index]

        tagged = model.themes_of(event_id)
        rejected = self._rejected.get(event_id)
        shares, scale, min_score = plan.shares, settings.phrase_scale, settings.min_score
        examples_share, similar_from = settings.examples_share, settings.similar_from
        exp = math.exp
        scored: list[tuple[float, str, float, float]] = []
        for theme_id in plan.themes:
            if theme_id in tagged or (rejected and theme_id in rejected):
                continue
            hits = hits_by_theme.get(theme_id)
            if hits is None:
                phrase_part = 0.0
            elif len(hits) == 1:
                weight = hits[0].weight
                phrase_part = 1.0 - exp(-weight / scale) if weight > 0 else 0.0
            else:
                phrase_part = _phrase_part(hits, scale)
            share = shares.get(theme_id)
            if share is None:
                learned_part = 0.0
                score = phrase_part
            else:
                learned_part = 1.0 / (1.0 + exp(-odds[theme_id]))  # |odds| < 100: exp is safe
                score = phrase_part + share * (learned_part - phrase_part)
            if hits is None and learned_part < similar_from:
                continue  # no phrase and no similar event: it could give no reason
            # The worked examples move the score a fixed share of the way to their reading.
            example_part = from_examples.get(theme_id)
            if example_part is not None:
                score += examples_share * (example_part - score)
            if score >= min_score:
                scored.append((score, theme_id, phrase_part, learned_part))
        scored.sort(reverse=True)

        found: list[Suggestion] = []
        event_uuid: uuid.UUID | None = None
        word_set: set[str] | None = None
        prepared: Prepared | None = None  # the event's text, ready to find words in
        for score, theme_id, phrase_part, learned_part in scored:
            hits = hits_by_theme.get(theme_id)
            reasons: list[Reason] = _phrase_reasons(hits) if hits else []
            phrases = len(reasons)
            if learning and learned_part >= settings.similar_from:
                if word_set is None:
                    word_set = words if isinstance(words, set) else set(words)
                reasons.extend(self._similar_reasons(word_set, theme_id))
            if _nothing_of_its_own(reasons):
                continue  # a suggestion must be able to say why; a job title does not
            example_part = from_examples.get(theme_id, 0.0)
            if example_part >= settings.examples_reason_from:
                # After the phrases, before the similar events.
                if prepared is None:
                    prepared = prepare(event)
                reasons[phrases:phrases] = self._example_reasons(event, words, theme_id, prepared)
            if event_uuid is None:
                event_uuid = uuid.UUID(event_id)
            found.append(
                built(
                    Suggestion,
                    (
                        event_uuid,
                        self._themes[theme_id],
                        min(1.0, score),
                        phrase_part,
                        learned_part,
                        tuple(reasons),
                        example_part,
                    ),
                )
            )
            if len(found) == limit:
                break
        return found

    def _example_reasons(
        self, event: EventText, words: Collection[str], theme_id: str, prepared: Prepared
    ) -> list[Reason]:
        examples, index = self._example_slots[theme_id]
        strongest = examples.strongest(words, index, self.settings.example_words)
        found = where_words_are(event, strongest, prepared)
        return [ExampleWordsReason(found, examples.examples[index])] if found else []

    def _similar_reasons(self, words: set[str], theme_id: str) -> list[Reason]:
        settings, model = self.settings, self.model
        via = model.strongest(words, theme_id, 3)
        return [
            SimilarEventReason(
                uuid.UUID(event_id), excerpt(model.summary_of(event_id)), min(1.0, similarity)
            )
            for event_id, similarity in model.similar(words, theme_id, via, settings.similar_events)
            if similarity >= settings.min_similarity
        ]


def _plain_hits(lexicon: Lexicon) -> Callable[[EventText], list[tuple[Any, ...]]]:
    """The lexicon's hits in an event, as plain tuples (quick to send: no class)."""
    hits = lexicon.hits
    return lambda event: [hit[:] for hit in hits(event)]


def _length(events: Iterable[EventText]) -> int:
    return len(events) if isinstance(events, Sized) else 0


def excerpt(text: str, length: int = _EXCERPT_LENGTH) -> str:
    """The start of a summary, cut at a word, to show beside a suggestion."""
    text = " ".join(text.split())
    if len(text) <= length:
        return text
    cut = text.rfind(" ", 0, length)
    return text[: cut if cut > length // 2 else length].rstrip(",;:.") + "…"


def _phrase_part(hits: list[PhraseHit], scale: float) -> float:
    """Each distinct phrase counts once, however often it appears."""
    if len(hits) == 1:
        total = hits[0].weight
    else:
        best: dict[str, float] = {}
        for hit in hits:
            if abs(hit.weight) > abs(best.get(hit.phrase, 0.0)):
                best[hit.phrase] = hit.weight
        total = sum(best.values())
    return 0.0 if total <= 0 else 1.0 - math.exp(-total / scale)


_FIELD_AND_PLACE = itemgetter(1, 2)  # PhraseHit: field, start
_WEIGHT = itemgetter(5)


def _nothing_of_its_own(reasons: list[Reason]) -> bool:
    """Whether no reason speaks for the theme in this event itself: every reason
    (if any) is a phrase found in the author's role, which names a job, or the
    words the worked examples weigh, which lean on a theme but do not name it."""
    for reason in reasons:
        kind = reason.__class__
        if kind is SimilarEventReason:
            return False
        if kind is PhraseReason and reason.field != "author_role":  # type: ignore[union-attr]
            return False
    return True


def _phrase_reasons(hits: list[PhraseHit]) -> list[Reason]:
    """Strongest first, each phrase once per field (its first place), at most a few;
    phrases that count against the theme are not reasons for it."""
    if len(hits) == 1:
        hit = hits[0]
        if hit.weight <= 0:
            return []
        return [built(PhraseReason, hit[1:])]  # a hit is its theme and then the reason's fields
    # Strongest first, then by field and place: two sorts in C (a sort keeps the
    # order of equals, reversed or not).
    ordered = sorted([h for h in hits if h.weight > 0], key=_FIELD_AND_PLACE)
    ordered.sort(key=_WEIGHT, reverse=True)
    reasons: list[Reason] = []
    seen: set[tuple[str, str]] = set()
    for hit in ordered:
        place = (hit.phrase, hit.field)
        if place in seen:
            continue
        seen.add(place)
        reasons.append(built(PhraseReason, hit[1:]))
        if len(reasons) == MAX_PHRASE_REASONS:
            break
    return reasons
