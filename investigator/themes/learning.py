"""What the reviewer's own tags teach: a small naive Bayes model per theme.

Each tagged event is an example: positive for the themes it carries, negative
for the others. For every feature (a word stem, see
:mod:`investigator.themes.text`) the model keeps how many examples of each
theme contain it, so adding or removing one tag changes a few counts, never
the whole model: the update after a tag costs the number of features of that
one event, however large the review.

Naive Bayes suits the few dozen examples of a review in progress: it needs no
training loop, and each feature's weight for a theme (a log-odds) can be
shown to the reviewer. Features never seen in a tagged event are ignored:
they carry no evidence either way.

The model also keeps, for each theme and feature, the few events most
recently tagged with that theme that contain it, so a suggestion can point
to the reviewer's own earlier decisions ("like this event you tagged").
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice

# Additive smoothing of the per-theme counts.
SMOOTHING = 0.5
# Exemplars remembered per theme and feature, for "similar event" reasons.
EXEMPLARS_PER_FEATURE = 12
# Exemplars read per feature when looking for similar events.
_EXEMPLARS_READ = 6


@dataclass
class _Example:
    features: tuple[str, ...]
    themes: set[str]
    excerpt: str


@dataclass
class _ThemeCounts:
    examples: int = 0
    with_feature: dict[str, int] = field(default_factory=dict)
    # log((examples with the feature and the theme + a) /
    #     (examples with the feature but not the theme + a)), per known feature.
    weights: dict[str, float] = field(default_factory=dict)
    exemplars: dict[str, dict[str, None]] = field(default_factory=dict)


class TagModel:
    """Counts learned from tags, updated one tag at a time."""

    def __init__(self, theme_ids: Iterable[str] = ()) -> None:
        self._with_feature: dict[str, int] = {}  # over all tagged events
        self._examples: dict[str, _Example] = {}
        self._themes: dict[str, _ThemeCounts] = {}
        self._interned: dict[str, str] = {}
        self._cached_constants: (
            tuple[tuple[int, tuple[int, ...]], dict[str, tuple[float, float, dict[str, float]]]]
            | None
        ) = None
        for theme_id in theme_ids:
            self.add_theme(theme_id)

    # Themes ------------------------------------------------------------------------
    def add_theme(self, theme_id: str) -> None:
        if theme_id in self._themes:
            return
        counts = _ThemeCounts()
        self._themes[theme_id] = counts
        for feature in self._with_feature:
            counts.weights[feature] = self._weight(counts, feature)

    def remove_theme(self, theme_id: str) -> None:
        """Forget a theme, and its tags (after a merge they have moved already)."""
        for event_id in [e for e, x in self._examples.items() if theme_id in x.themes]:
            self.remove_tag(event_id, theme_id)
        self._themes.pop(theme_id, None)

    # What the reviewer has tagged ---------------------------------------------------
    @property
    def example_count(self) -> int:
        return len(self._examples)

    def examples_of(self, theme_id: str) -> int:
        counts = self._themes.get(theme_id)
        return 0 if counts is None else counts.examples

    def themes_of(self, event_id: str) -> set[str]:
        example = self._examples.get(event_id)
        return set() if example is None else example.themes

    def excerpt_of(self, event_id: str) -> str:
        example = self._examples.get(event_id)
        return "" if example is None else example.excerpt

    def add_tag(self, event_id: str, theme_id: str, features: set[str], excerpt: str) -> None:
        """Learn one tag. ``features`` and ``excerpt`` describe the event as it is now."""
        self.add_theme(theme_id)
        example = self._examples.get(event_id)
        if example is None:
            interned = self._interned
            kept = tuple(interned.setdefault(f, f) for f in features)
            example = _Example(kept, set(), excerpt)
            self._examples[event_id] = example
            for feature in kept:
                self._with_feature[feature] = self._with_feature.get(feature, 0) + 1
            self._reweigh(kept, self._themes.values())
        if theme_id in example.themes:
            return
        example.themes.add(theme_id)
        counts = self._themes[theme_id]
        counts.examples += 1
        for feature in example.features:
            counts.with_feature[feature] = counts.with_feature.get(feature, 0) + 1
            exemplars = counts.exemplars.setdefault(feature, {})
            exemplars[event_id] = None
            if len(exemplars) > EXEMPLARS_PER_FEATURE:
                del exemplars[next(iter(exemplars))]
        self._reweigh(example.features, (counts,))

    def learn_many(self, examples: Iterable[tuple[str, set[str], set[str], str]]) -> None:
        """Learn many tagged events at once: (event id, theme ids, features, excerpt).

        Opening a review teaches the model every tag in it; counting first and
        weighing each feature once at the end is many times faster than one
        tag at a time, and gives the same model.
        """
        interned, with_feature = self._interned, self._with_feature
        touched: set[str] = set()
        # Newest exemplars per theme and feature; a bounded deque drops the oldest in C.
        recent: dict[str, dict[str, deque[str]]] = {}
        for event_id, theme_ids, features, excerpt in examples:
            if event_id in self._examples:
                for theme_id in theme_ids:
                    self.add_tag(event_id, theme_id, features, excerpt)
                continue
            kept = tuple(interned.setdefault(f, f) for f in features)
            self._examples[event_id] = _Example(kept, set(theme_ids), excerpt)
            touched.update(kept)
            for feature in kept:
                with_feature[feature] = with_feature.get(feature, 0) + 1
            for theme_id in theme_ids:
                self.add_theme(theme_id)
                counts = self._themes[theme_id]
                counts.examples += 1
                per_theme = counts.with_feature
                newest = recent.setdefault(theme_id, {})
                for feature in kept:
                    per_theme[feature] = per_theme.get(feature, 0) + 1
                    queue = newest.get(feature)
                    if queue is None:
                        queue = newest[feature] = deque(maxlen=EXEMPLARS_PER_FEATURE)
                    queue.append(event_id)
        for theme_id, newest in recent.items():
            exemplars = self._themes[theme_id].exemplars
            for feature, queue in newest.items():
                remembered = exemplars.setdefault(feature, {})
                for event_id in queue:
                    remembered.pop(event_id, None)
                    remembered[event_id] = None
                while len(remembered) > EXEMPLARS_PER_FEATURE:
                    del remembered[next(iter(remembered))]
        self._reweigh(touched, self._themes.values())

    def remove_tag(self, event_id: str, theme_id: str) -> None:
        example = self._examples.get(event_id)
        if example is None or theme_id not in example.themes:
            return
        example.themes.discard(theme_id)
        counts = self._themes[theme_id]
        counts.examples -= 1
        for feature in example.features:
            _decrement(counts.with_feature, feature)
            exemplars = counts.exemplars.get(feature)
            if exemplars is not None:
                exemplars.pop(event_id, None)
                if not exemplars:
                    del counts.exemplars[feature]
        if example.themes:
            self._reweigh(example.features, (counts,))
            return
        # No tags left: the event is no longer an example at all.
        del self._examples[event_id]
        for feature in example.features:
            _decrement(self._with_feature, feature)
        self._reweigh(example.features, self._themes.values())

    def update_event(self, event_id: str, features: set[str], excerpt: str) -> None:
        """The text of a tagged event changed: relearn it under its new words."""
        themes = list(self.themes_of(event_id))
        for theme_id in themes:
            self.remove_tag(event_id, theme_id)
        for theme_id in themes:
            self.add_tag(event_id, theme_id, features, excerpt)

    # Scoring --------------------------------------------------------------------------
    def log_odds(
        self,
        features: set[str],
        evidence_scale: float,
        constants: dict[str, tuple[float, float, dict[str, float]]] | None = None,
    ) -> dict[str, float]:
        """How much more likely each theme is than not, for an event with these
        features; themes with no examples yet are left out.

        The evidence is the *mean* log-likelihood ratio of the known features,
        times ``evidence_scale``: summed, fifty words of a long entry would
        swamp the prior and every answer would be 0 or 1; averaged, long and
        short entries speak with the same strength and themes stay comparable.
        """
        known = features & self._with_feature.keys()
        found: dict[str, float] = {}
        for theme_id, (prior, per_feature, weights) in (constants or self.constants()).items():
            if known:
                evidence = sum(map(weights.__getitem__, known)) / len(known)
                found[theme_id] = prior + evidence_scale * (evidence + per_feature)
            else:
                found[theme_id] = prior
        return found

    def constants(self) -> dict[str, tuple[float, float, dict[str, float]]]:
        """Per theme: the prior log-odds, the per-feature correction and the feature
        weights. They change only when a tag does: work them out once per request
        (and pass them to :meth:`log_odds`), not once per event."""
        key = (len(self._examples), tuple(c.examples for c in self._themes.values()))
        if self._cached_constants is not None and self._cached_constants[0] == key:
            return self._cached_constants[1]
        total = len(self._examples)
        constants: dict[str, tuple[float, float, dict[str, float]]] = {}
        for theme_id, counts in self._themes.items():
            examples = counts.examples
            if not examples:
                continue
            without = total - examples
            constants[theme_id] = (
                math.log(examples + SMOOTHING) - math.log(without + SMOOTHING),
                math.log(without + 2 * SMOOTHING) - math.log(examples + 2 * SMOOTHING),
                counts.weights,
            )
        self._cached_constants = (key, constants)
        return constants

    def strongest(self, features: set[str], theme_id: str, count: int) -> list[str]:
        """The event's features that speak most for the theme."""
        weights = self._themes[theme_id].weights
        known = [f for f in features if weights.get(f, 0.0) > 0]
        known.sort(key=weights.__getitem__, reverse=True)
        return known[:count]

    def similar(
        self, features: set[str], theme_id: str, via: list[str], limit: int
    ) -> list[tuple[str, float]]:
        """Events tagged with the theme that share the most with these features.

        Candidates are the remembered exemplars of ``via`` (the event's
        strongest evidence for the theme); similarity is the cosine of the two
        feature sets.
        """
        counts = self._themes.get(theme_id)
        if counts is None or not features:
            return []
        seen: set[str] = set()
        scored: list[tuple[float, str]] = []
        for feature in via:
            for event_id in _newest(counts.exemplars.get(feature, {}), _EXEMPLARS_READ):
                if event_id in seen:
                    continue
                seen.add(event_id)
                other = self._examples[event_id].features
                shared = len(features.intersection(other))
                if shared:
                    scored.append((shared / math.sqrt(len(features) * len(other)), event_id))
        scored.sort(reverse=True)
        return [(event_id, similarity) for similarity, event_id in scored[:limit]]

    # Internals --------------------------------------------------------------------------
    def _reweigh(self, features: Iterable[str], themes: Iterable[_ThemeCounts]) -> None:
        with_feature, log = self._with_feature, math.log
        for counts in themes:
            weights, per_theme = counts.weights, counts.with_feature
            for feature in features:
                total = with_feature.get(feature)
                if total is None:
                    weights.pop(feature, None)
                    continue
                with_theme = per_theme.get(feature, 0)
                weights[feature] = log(with_theme + SMOOTHING) - log(total - with_theme + SMOOTHING)

    def _weight(self, counts: _ThemeCounts, feature: str) -> float:
        with_theme = counts.with_feature.get(feature, 0)
        without_theme = self._with_feature.get(feature, 0) - with_theme
        return math.log(with_theme + SMOOTHING) - math.log(without_theme + SMOOTHING)


def _decrement(counts: dict[str, int], key: str) -> None:
    left = counts.get(key, 0) - 1
    if left > 0:
        counts[key] = left
    else:
        counts.pop(key, None)


def _newest(ordered: dict[str, None], count: int) -> Iterator[str]:
    return islice(reversed(ordered), count)
