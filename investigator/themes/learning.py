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
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Set
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import chain, islice

# Additive smoothing of the per-theme counts.
SMOOTHING = 0.5
# Exemplars remembered per theme and feature, for "similar event" reasons.
EXEMPLARS_PER_FEATURE = 12
# Exemplars read per feature when looking for similar events.
_EXEMPLARS_READ = 6


@dataclass
class OddsTable:
    """Per learned theme, in one order: the prior log-odds, the per-feature
    correction and the feature weights; and per feature, its weight for each
    of those themes (None for a feature no tagged event has), filled in as
    features are met. Valid until the model next changes."""

    themes: tuple[str, ...]
    priors: tuple[float, ...]
    per_feature: tuple[float, ...]
    weights: tuple[dict[str, float], ...]
    known: Mapping[str, int]
    rows: dict[str, tuple[float, ...] | None] = field(default_factory=dict)
    complete: bool = False  # every known feature has its row

    def row(self, feature: str) -> tuple[float, ...] | None:
        found = tuple(w.get(feature, 0.0) for w in self.weights) if feature in self.known else None
        self.rows[feature] = found
        return found

    def fill(self) -> None:
        """Work out every known feature's row now: for a request that reads the
        whole review, so that each event's rows are looked up in one step."""
        if not self.complete:
            rows, weights = self.rows, self.weights
            for feature in self.known:
                if feature not in rows:
                    rows[feature] = tuple(w.get(feature, 0.0) for w in weights)
            self.complete = True


_NO_THEMES: frozenset[str] = frozenset()
_UNSEEN: object = object()  # marks a feature whose row is not worked out yet


@dataclass
class _Example:
    features: tuple[str, ...]
    themes: set[str]
    summary: str  # cut to an excerpt only when shown


@dataclass
class _ThemeCounts:
    examples: int = 0
    with_feature: Counter[str] = field(default_factory=Counter)
    # log((examples with the feature and the theme + a) /
    #     (examples with the feature but not the theme + a)), per known feature.
    weights: dict[str, float] = field(default_factory=dict)
    exemplars: dict[str, dict[str, None]] = field(default_factory=dict)


class TagModel:
    """Counts learned from tags, updated one tag at a time."""

    def __init__(self, theme_ids: Iterable[str] = ()) -> None:
        self._with_feature: Counter[str] = Counter()  # over all tagged events
        self._examples: dict[str, _Example] = {}
        self._themes: dict[str, _ThemeCounts] = {}
        self._version = 0  # moves on whenever a count or weight changes
        self._deferred: set[str] | None = None  # features to reweigh at the end of a batch
        self._cached_table: tuple[int, OddsTable] | None = None
        for theme_id in theme_ids:
            self.add_theme(theme_id)

    # Themes ------------------------------------------------------------------------
    def add_theme(self, theme_id: str) -> None:
        if theme_id in self._themes:
            return
        counts = _ThemeCounts()
        self._themes[theme_id] = counts
        self._version += 1
        for feature in self._with_feature:
            counts.weights[feature] = self._weight(counts, feature)

    def remove_theme(self, theme_id: str) -> None:
        """Forget a theme, and its tags (after a merge they have moved already)."""
        for event_id in [e for e, x in self._examples.items() if theme_id in x.themes]:
            self.remove_tag(event_id, theme_id)
        self._themes.pop(theme_id, None)
        self._version += 1

    # What the reviewer has tagged ---------------------------------------------------
    @property
    def example_count(self) -> int:
        return len(self._examples)

    def examples_of(self, theme_id: str) -> int:
        counts = self._themes.get(theme_id)
        return 0 if counts is None else counts.examples

    def themes_of(self, event_id: str) -> Set[str]:
        """The themes the event is tagged with (not to be changed by the caller)."""
        example = self._examples.get(event_id)
        return _NO_THEMES if example is None else example.themes

    def features_of(self, event_id: str) -> tuple[str, ...] | None:
        """The features a tagged event was learned under (kept current by
        :meth:`update_event`), or None for an event not learned from."""
        example = self._examples.get(event_id)
        return None if example is None else example.features

    def summary_of(self, event_id: str) -> str:
        example = self._examples.get(event_id)
        return "" if example is None else example.summary

    def add_tag(self, event_id: str, theme_id: str, features: set[str], summary: str) -> None:
        """Learn one tag. ``features`` and ``summary`` describe the event as it is now."""
        self.add_theme(theme_id)
        example = self._examples.get(event_id)
        if example is None:
            kept = tuple(features)  # interned already (see text.py)
            example = _Example(kept, set(), summary)
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

    def learn_many(
        self,
        examples: Iterable[tuple[str, set[str], set[str], str]],
        tag_order: Iterable[tuple[str, str]] | None = None,
    ) -> None:
        """Learn many tagged events at once: (event id, theme ids, features, summary).

        Opening a review teaches the model every tag in it; counting first and
        weighing each feature once at the end is many times faster than one
        tag at a time, and gives the same model. ``tag_order`` is the (event id,
        theme id) of each tag in the order the reviewer made them, so that the
        exemplars remembered are the most recently tagged, as when learning
        one tag at a time; without it, the order of ``examples`` stands in.
        """
        with_feature = self._with_feature
        touched: set[str] = set()
        fresh: dict[str, tuple[str, ...]] = {}  # events first learned in this call
        for event_id, theme_ids, features, summary in examples:
            if event_id in self._examples:
                for theme_id in theme_ids:
                    self.add_tag(event_id, theme_id, features, summary)
                continue
            kept = tuple(features)
            self._examples[event_id] = _Example(kept, set(theme_ids), summary)
            touched.update(kept)
            with_feature.update(kept)  # Counter.update counts in C
            for theme_id in theme_ids:
                self.add_theme(theme_id)
                counts = self._themes[theme_id]
                counts.examples += 1
                counts.with_feature.update(kept)
            fresh[event_id] = kept
        if tag_order is None:
            tag_order = (
                (event_id, theme_id)
                for event_id in fresh
                for theme_id in self._examples[event_id].themes
            )
        # The newest exemplars per theme and feature, found from the newest tag back.
        # A feature stops being looked at once it has all it needs, so common
        # words (most of the work) drop out after a few hundred events.
        recent: dict[str, dict[str, list[str]]] = {}  # newest first
        full: dict[str, set[str]] = {}
        examples = self._examples
        for event_id, theme_id in reversed(list(tag_order)):
            kept = fresh.get(event_id)
            if kept is None or theme_id not in examples[event_id].themes:
                continue
            newest = recent.get(theme_id)
            if newest is None:
                newest, done = recent[theme_id], full[theme_id] = {}, set()
            else:
                done = full[theme_id]
            for feature in set(kept).difference(done) if done else kept:
                queue = newest.get(feature)
                if queue is None:
                    queue = newest[feature] = []
                queue.append(event_id)
                if len(queue) == EXEMPLARS_PER_FEATURE:
                    done.add(feature)
        for theme_id, newest in recent.items():
            exemplars = self._themes[theme_id].exemplars
            for feature, queue in newest.items():
                remembered = exemplars.setdefault(feature, {})
                for event_id in reversed(queue):
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

    def update_event(self, event_id: str, features: set[str], summary: str) -> None:
        """The text of a tagged event changed: relearn it under its new words."""
        themes = list(self.themes_of(event_id))
        for theme_id in themes:
            self.remove_tag(event_id, theme_id)
        for theme_id in themes:
            self.add_tag(event_id, theme_id, features, summary)

    # Scoring --------------------------------------------------------------------------
    def log_odds(
        self, features: Iterable[str], evidence_scale: float, table: OddsTable | None = None
    ) -> dict[str, float]:
        """How much more likely each theme is than not, for an event with these
        features; themes with no examples yet are left out.

        The evidence is the *mean* log-likelihood ratio of the known features,
        times ``evidence_scale``: summed, fifty words of a long entry would
        swamp the prior and every answer would be 0 or 1; averaged, long and
        short entries speak with the same strength and themes stay comparable.
        """
        table = table or self.odds_table()
        rows = table.rows
        known: list[tuple[float, ...]]
        if table.complete:  # a feature with no row is unknown: in C, all at once
            known = list(filter(None, map(rows.get, features)))
        else:
            row_of = table.row
            known = []
            for feature in features:
                row = rows.get(feature, _UNSEEN)
                if row is _UNSEEN:
                    row = row_of(feature)
                if row is not None:
                    known.append(row)
        if not known:
            return dict(zip(table.themes, table.priors, strict=True))
        count = len(known)
        # fsum is exact, so the totals do not depend on the order the set of
        # features is read in (which changes from one run of Python to the next).
        totals = map(math.fsum, zip(*known, strict=True))
        return {
            theme_id: prior + evidence_scale * (total / count + per_feature)
            for theme_id, prior, per_feature, total in zip(
                table.themes, table.priors, table.per_feature, totals, strict=True
            )
        }

    def odds_table(self) -> OddsTable:
        """What :meth:`log_odds` needs, laid out for speed. It changes only when the
        counts do, so it is worked out once per request, not once per event; and
        its rows once per feature, when first needed (a request for one event
        reads a few dozen, a request for the whole review reads them all)."""
        if self._cached_table is not None and self._cached_table[0] == self._version:
            return self._cached_table[1]
        total = len(self._examples)
        learned = [(t, c) for t, c in self._themes.items() if c.examples]
        priors: list[float] = []
        per_feature: list[float] = []
        for _, counts in learned:
            examples = counts.examples
            without = total - examples
            priors.append(math.log(examples + SMOOTHING) - math.log(without + SMOOTHING))
            per_feature.append(
                math.log(without + 2 * SMOOTHING) - math.log(examples + 2 * SMOOTHING)
            )
        table = OddsTable(
            tuple(t for t, _ in learned),
            tuple(priors),
            tuple(per_feature),
            tuple(counts.weights for _, counts in learned),
            self._with_feature,
        )
        self._cached_table = (self._version, table)
        return table

    def strongest(self, features: set[str], theme_id: str, count: int) -> list[str]:
        """The event's features that speak most for the theme; equal weights go in
        alphabetical order, so that the answer never depends on the order a set
        happens to hold them in (which changes from one run of Python to the next)."""
        weights = self._themes[theme_id].weights
        known = sorted(f for f in features if weights.get(f, 0.0) > 0)
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
        exemplars, examples = counts.exemplars, self._examples
        # Each candidate once, in C: the newest few exemplars of each feature in ``via``.
        candidates = dict.fromkeys(
            chain.from_iterable(_newest(exemplars.get(f, {}), _EXEMPLARS_READ) for f in via)
        )
        size, intersection, sqrt = len(features), features.intersection, math.sqrt
        scored: list[tuple[float, str]] = []
        for event_id in candidates:
            other = examples[event_id].features
            shared = len(intersection(other))
            if shared:
                scored.append((shared / sqrt(size * len(other)), event_id))
        scored.sort(reverse=True)
        return [(event_id, similarity) for similarity, event_id in scored[:limit]]

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Many tags added or removed at once (tagging a whole selection): each
        feature touched is reweighed once, at the end, for every theme, rather
        than after every tag. The model is the same either way."""
        if self._deferred is not None:  # already inside a batch
            yield
            return
        self._deferred = set()
        try:
            yield
        finally:
            touched, self._deferred = self._deferred, None
            self._reweigh(touched, self._themes.values())

    # Internals --------------------------------------------------------------------------
    def _reweigh(self, features: Iterable[str], themes: Iterable[_ThemeCounts]) -> None:
        self._version += 1
        if self._deferred is not None:
            self._deferred.update(features)
            return
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
