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
import re
import tomllib
import uuid
from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import ClassVar, NamedTuple

from investigator.models import EventText, ExampleWord, built
from investigator.resources import template_path

from .frameworks import framework_id
from .text import features, first_word_with_stem, stem_of, words_with_places

# A word must occur in this many examples to be weighed: one example is a story.
MIN_EXAMPLES = 2
# A word is named in a reason only if this many of the theme's examples have it:
# a word found in two or three is as likely a detail of one story as the theme's.
SHOWN_FROM = 5
# ... and only if it is at least this many times as common, for its share of the
# words, in the theme's examples as in the others' ("year", "took" are not).
SHOWN_RATIO = 2.0
# Additive smoothing of the counts.
SMOOTHING = 0.5
# An apostrophe among a word's first three characters, where the quick look would miss it.
_EARLY_APOSTROPHE = re.compile(r"(?<![^\W_])[^\W_]{1,2}['’](?!s\b)[^\W_]")
# Packing (see ExampleModel): a weight is below 2**4 in size (a ratio of e**16 at
# most), so in 1/SCALE below 2**28; raised by 2**28, one word's field is below
# 2**29, and a sum over up to 2**19 distinct words (far more than any
# vocabulary learned here) fits in 48 bits.
_BIAS = 1 << 28
_FIELD = 48
_MASK = (1 << _FIELD) - 1
_SHIFTS = tuple(_FIELD * n for n in range(64))
# The fields whose words a reason may point at (the agency and role are names).
_TEXT_FIELDS = ("summary", "analysis", "should_have_happened")


@dataclass(frozen=True)
class ExampleModel:
    """Per theme code (in ``codes`` order), the weight of each known word.

    Weights are kept as whole numbers of 1/``SCALE``: sums of whole numbers are
    exact in any order (a set of words is read in a different order in each run
    of Python). For speed, each word's weights are also packed into one integer,
    one field of ``_FIELD`` bits per code, each raised by ``_BIAS`` so that it is
    never negative: one ``sum`` of the packed numbers adds every code's weights
    at once, exactly, and each field is then read back.
    """

    codes: tuple[str, ...]
    rows: dict[str, tuple[int, ...]]  # feature -> its weight for each code, in 1/SCALE
    examples: tuple[int, ...]  # how many examples each code has
    # Per code: the words of running text (not agency or role) that weigh for it
    # and are common enough in its examples to be named in a reason.
    pointing: tuple[dict[str, int], ...]
    packed: dict[str, int]  # feature -> its weights, packed (see above)

    SCALE: ClassVar[int] = 1 << 24

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
        columns: list[dict[str, int]] = []
        for code in codes:
            counts = within[code]
            within_total = sum(counts.values()) + size
            without_total = everywhere - sum(counts.values()) + size
            columns.append(
                {
                    f: round(
                        cls.SCALE
                        * (
                            math.log((counts[f] + SMOOTHING) / within_total)
                            - math.log((seen[f] - counts[f] + SMOOTHING) / without_total)
                        )
                    )
                    for f in vocabulary
                }
            )
        rows = {f: tuple(column[f] for column in columns) for f in vocabulary}
        shown_weight = round(cls.SCALE * math.log(SHOWN_RATIO))
        pointing = tuple(
            {
                f: w
                for f, w in column.items()
                if w >= shown_weight and within[code][f] >= SHOWN_FROM and not f.startswith("@")
            }
            for code, column in zip(codes, columns, strict=True)
        )
        counts = tuple(sum(code in themes for _, themes in examples) for code in codes)
        if len(vocabulary) >= 1 << (_FIELD - 29) or len(codes) > len(_SHIFTS):
            raise ValueError("too many words or themes to pack")
        packed = {f: _pack(row) for f, row in rows.items()}
        return cls(tuple(codes), rows, counts, pointing, packed)

    def parts(self, event_features: Iterable[str]) -> tuple[float, ...] | None:
        """For each code, how far the event's words point to it, in (0, 1); None
        when the event has no word the examples know."""
        known = list(filter(None, map(self.packed.get, event_features)))
        if not known:
            return None
        count = len(known)
        total = sum(known)
        scale = self.SCALE * math.sqrt(count)
        raised = count * _BIAS
        exp = math.exp
        return tuple(
            1.0 / (1.0 + exp(-(((total >> shift) & _MASK) - raised) / scale))
            for shift in _SHIFTS[: len(self.codes)]
        )

    def strongest(self, event_features: Iterable[str], index: int, count: int) -> list[str]:
        """The event's words (not its agency or role) that speak most for the code
        at ``index``; equal weights in alphabetical order."""
        weights = self.pointing[index]
        weighed = [(-w, f) for f in event_features if (w := weights.get(f)) is not None]
        weighed.sort()  # a few words: a sort in C is quicker than a heap in Python
        return [f for _, f in weighed[:count]]


class Prepared(NamedTuple):
    """An event's text fields made ready for :func:`where_words_are`, once per event:
    joined into one text (``"\\x00"`` between fields, never part of a word) with
    its lower case, and where each field begins in it. ``lowered`` is None when
    the quick look is not safe and every word must be read."""

    text: str
    lowered: str | None
    fields: tuple[tuple[str, int], ...]  # (field, where it begins in ``text``)


_JOIN = "\x00"


def prepare(event: EventText) -> Prepared:
    fields: list[tuple[str, int]] = []
    parts: list[str] = []
    at = 0
    for field in _TEXT_FIELDS:
        text = getattr(event, field)
        if text:
            fields.append((field, at))
            parts.append(text)
            at += len(text) + len(_JOIN)
    text = _JOIN.join(parts)
    lowered = text.lower()
    # A letter whose lower case is longer, or a word whose first letters an
    # apostrophe splits ("I'm", "O'Brien"; not "GP's"): read every word.
    quick = len(lowered) == len(text) and not (
        ("'" in text or "’" in text) and _EARLY_APOSTROPHE.search(text)
    )
    return built(Prepared, (text, lowered if quick else None, tuple(fields)))


def _pack(weights: Sequence[int]) -> int:
    packed = 0
    for shift, weight in zip(_SHIFTS, weights, strict=False):
        if not 0 <= weight + _BIAS < 2 * _BIAS:
            raise ValueError(f"a weight of {weight / ExampleModel.SCALE:.1f} cannot be packed")
        packed |= (weight + _BIAS) << shift
    return packed


def where_words_are(
    event: EventText, wanted: Sequence[str], prepared: Prepared | None = None
) -> tuple[ExampleWord, ...]:
    """The first place each wanted feature occurs in the event's text, in the
    order wanted; a feature found nowhere is left out. ``prepared`` is
    :func:`prepare` of the event, when it is at hand."""
    ready = prepare(event) if prepared is None else prepared
    text, lowered, fields = ready.text, ready.lowered, ready.fields
    if lowered is None:
        places: dict[str, tuple[int, int, str]] = {}
        missing = set(wanted)
        for start, end, word in words_with_places(text):
            feature = stem_of(word)
            if feature in missing:
                missing.discard(feature)
                places[feature] = (start, end, word)
        found = [places[f] for f in wanted if f in places]
    else:
        found = [
            place for f in wanted if (place := first_word_with_stem(text, lowered, f)) is not None
        ]
    words: list[ExampleWord] = []
    for start, end, word in found:
        for field, begins in reversed(fields):  # the field the word is in
            if begins <= start:
                words.append(built(ExampleWord, (field, start - begins, end - begins, word)))
                break
    return tuple(words)


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
