"""What a framework's worked examples teach: word weights per theme, before any tag.

A framework may ship labelled examples beside it
(``templates/themes/examples/<framework code>.toml``): fictional chronology
entries, each with the themes a reviewer would tag it with, written for
Investigator. They teach which words go with which theme in the way entries
are really written, which a list of phrases cannot: "letter" beside "read",
"threshold" beside "declined". A new review has this reading from its first
event; the reviewer's own tags (:mod:`investigator.themes.learning`) then
speak for how this reviewer reads the framework.

The model is naive Bayes log-count ratios, one theme against the rest: for
each word (a feature of :mod:`investigator.themes.text`) found in at least
two examples, how much more often it occurs in the examples of a theme than
in the others. An event's evidence for a theme is the sum of its known
words' ratios over the square root of their number, so long and short entries
are comparable, turned into a part in (0, 1). It is counted once, when the
examples are first needed, and never changes: it holds no reviewer's data.
"""

from __future__ import annotations

import math
import tomllib
import uuid
from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from investigator.models import EventText, ExampleWord
from investigator.resources import template_path

from .frameworks import framework_id
from .text import features, stem_of, words_with_places

# A word must occur in this many examples to be weighed: one example is a story.
MIN_EXAMPLES = 2
# Additive smoothing of the counts.
SMOOTHING = 0.5
# The fields whose words a reason may point at (the agency and role are names).
_TEXT_FIELDS = ("summary", "analysis", "should_have_happened")


@dataclass(frozen=True)
class ExampleModel:
    """Per theme code (in ``codes`` order), the weight of each known word."""

    codes: tuple[str, ...]
    rows: dict[str, tuple[float, ...]]  # feature -> its weight for each code
    examples: tuple[int, ...]  # how many examples each code has

    @classmethod
    def learn(
        cls, examples: Iterable[tuple[Collection[str], Collection[str]]], codes: Sequence[str]
    ) -> ExampleModel:
        """Count ``(features, theme codes)`` pairs; codes not in ``codes`` are ignored."""
        examples = [(set(found), themes) for found, themes in examples]
        seen = Counter(f for found, _ in examples for f in found)
        vocabulary = sorted(f for f, n in seen.items() if n >= MIN_EXAMPLES)
        known = set(vocabulary)
        within = {code: Counter[str]() for code in codes}
        for found, themes in examples:
            words = known & found
            for code in themes:
                if code in within:
                    within[code].update(words)
        everywhere = sum(seen[f] for f in vocabulary)
        size = SMOOTHING * len(vocabulary)
        columns: list[dict[str, float]] = []
        for code in codes:
            counts = within[code]
            within_total = sum(counts.values()) + size
            without_total = everywhere - sum(counts.values()) + size
            columns.append(
                {
                    f: math.log((counts[f] + SMOOTHING) / within_total)
                    - math.log((seen[f] - counts[f] + SMOOTHING) / without_total)
                    for f in vocabulary
                }
            )
        rows = {f: tuple(column[f] for column in columns) for f in vocabulary}
        counts = tuple(sum(code in themes for _, themes in examples) for code in codes)
        return cls(tuple(codes), rows, counts)

    def parts(self, event_features: Iterable[str]) -> tuple[float, ...] | None:
        """For each code, how far the event's words point to it, in (0, 1); None
        when the event has no word the examples know."""
        known = list(filter(None, map(self.rows.get, event_features)))
        if not known:
            return None
        root = math.sqrt(len(known))
        # fsum is exact: the answer never depends on the order a set is read in.
        return tuple(
            1.0 / (1.0 + math.exp(-math.fsum(column) / root)) for column in zip(*known, strict=True)
        )

    def strongest(self, event_features: Iterable[str], index: int, count: int) -> list[str]:
        """The event's words (not its agency or role) that speak most for the code
        at ``index``; equal weights in alphabetical order."""
        rows = self.rows
        found = sorted(
            f for f in event_features if not f.startswith("@") and f in rows and rows[f][index] > 0
        )
        found.sort(key=lambda f: rows[f][index], reverse=True)
        return found[:count]


def where_words_are(event: EventText, wanted: Sequence[str]) -> tuple[ExampleWord, ...]:
    """The first place each wanted feature occurs in the event's text, in the
    order wanted; a feature found nowhere is left out."""
    places: dict[str, ExampleWord] = {}
    missing = set(wanted)
    for field in _TEXT_FIELDS:
        text = getattr(event, field)
        if not text or not missing:
            continue
        for start, end, word in words_with_places(text):
            feature = stem_of(word)
            if feature in missing:
                missing.discard(feature)
                places[feature] = ExampleWord(field, start, end, text[start:end])
    return tuple(places[f] for f in wanted if f in places)


def examples_folder() -> Path:
    return template_path("themes", "examples")


@cache
def shipped_examples() -> dict[uuid.UUID, ExampleModel]:
    """Framework id -> the model of its shipped examples, for every framework
    that has them; read and counted once per process."""
    models: dict[uuid.UUID, ExampleModel] = {}
    for path in sorted(examples_folder().glob("*.toml")):
        events = read_examples(path)
        codes = sorted({code for _, themes in events for code in themes})
        models[framework_id(path.stem)] = ExampleModel.learn(
            ((features(text), themes) for text, themes in events), codes
        )
    return models


def read_examples(path: Path) -> list[tuple[EventText, frozenset[str]]]:
    """The labelled events of an examples file, as the suggester reads events."""
    with path.open("rb") as handle:
        entries = tomllib.load(handle)["events"]
    return [
        (
            EventText(
                entry["key"],
                entry["summary"],
                entry.get("analysis", ""),
                entry.get("should_have_happened", ""),
                entry.get("agency", ""),
                entry.get("author_role", ""),
            ),
            frozenset(entry["themes"]),
        )
        for entry in entries
    ]
