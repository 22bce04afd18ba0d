"""How good are theme suggestions? Precision and recall of the top two, on a labelled set.

    python -m bench.eval_suggestions             # the figures for docs/PERFORMANCE.md
    python -m bench.eval_suggestions --dev       # development view, for tuning
    python -m bench.eval_suggestions --timing    # ranking cost per event on this text
    python -m bench.eval_suggestions --foundation  # the development view, first phrases
    python -m bench.eval_suggestions --coverage  # every shipped framework, on all the text
    python -m bench.eval_suggestions --readers   # three readers' themes, scored the same way
    python -m bench.eval_suggestions --examples  # the worked examples, cross-validated by writer

The set is two files read as one: bench/data/theme_eval.toml, written with
the engine, and bench/data/theme_eval_blind.toml, written later from the
theme definitions alone (its writer never saw the phrases). It is split once,
by a hash of each event's key, into a training half and a test half; the
split never changes. Two figures are reported, both on the test half, for
the whole and for each file's share of it:

(a) nothing tagged yet: a new review, where the phrases and the framework's
    worked examples speak;
(b) after learning: the reviewer has tagged the training half (one
    ``review.tag`` at a time, so the incremental learning path is the one
    measured), then asks for suggestions on the test half.

Each view is then given again without the worked examples
(``examples_share`` 0), so what they add is read off the same run.

Tuning the engine or the lexicon must never look at the test half. ``--dev``
uses a separate development set (bench/data/theme_dev.toml: other service
users, written apart) in its place, lists every miss, and also reports the
training half split once more in two. The test half is for the final figures.

``--foundation`` is the ``--dev`` view (no misses listed) with the phrases the
framework shipped with before any evaluation text was written
(bench/data/foundation_phrases.toml) in place of today's, which were tuned on
the development set and the training half. Those proxies flatter today's
phrases; the first ones read the text as they would read a new review's, as
the test half is read, so they show what learning adds where the phrases miss.

``--coverage`` has no labels to score: only the six themes are labelled. For
every framework Investigator ships it counts, on the text of all the labelled
sets (the evaluation files and the development set), the events that get no
suggestion at all and how often each theme is suggested, so that a framework
whose phrases miss most entries, or a theme that fires on everything, shows.

``--readers`` scores three readers' themes for the test half
(bench/data/theme_eval_readers.toml: each reader was given the themes'
descriptions and guidance and the test events without their labels) as the
engine's suggestions are scored, and compares the readers with one another:
how much of the labels careful reading recovers, against what the engine
finds. It runs the test half after learning, as the default view does.

``--examples`` cross-validates the framework's worked examples
(templates/themes/examples/six-themes.toml) by writer: each writer's entries
are held out in turn and the examples model is counted from the rest, so the
held-out entries are text that neither the phrases nor the examples saw, as a
new review's is. It gives (a) and (b) with and without the examples.

``--timing`` measures what ranking costs per event on the development set's
text, which reads like real entries (the synthetic review of
bench/bench_suggest.py is shorter and its random tags teach nothing): from the
nothing tagged, after learning the training half, and the same with the search
for similar tagged events switched off. It reports no quality figure.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import random
import tempfile
import time
import tomllib
import uuid
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from unittest.mock import patch

from investigator.models import Event, EventDate, EventText, EventType, LexiconEntry
from investigator.review import ReviewFile
from investigator.themes import suggest
from investigator.themes.examples import ExampleModel, examples_folder
from investigator.themes.frameworks import (
    DEFAULT_FRAMEWORK,
    available_frameworks,
    framework_id,
    load_framework,
)
from investigator.themes.suggest import Suggester, SuggestSettings
from investigator.themes.text import features

DATA = Path(__file__).resolve().parent / "data" / "theme_eval.toml"
# The second part, written from the theme definitions alone (see its header).
BLIND_DATA = DATA.with_name("theme_eval_blind.toml")
EVALUATION = (DATA, BLIND_DATA)
DEV_DATA = DATA.with_name("theme_dev.toml")
TUNE_DATA = DATA.with_name("theme_tune.toml")
FOUNDATION_PHRASES = DATA.with_name("foundation_phrases.toml")
# Three readers' themes for the test half, given without its labels.
READERS_DATA = DATA.with_name("theme_eval_readers.toml")
K = 2
# The framework's worked examples, written by writers of eight service users each.
SHIPPED_EXAMPLES = examples_folder() / f"{DEFAULT_FRAMEWORK}.toml"
EXAMPLES_PER_WRITER = 8
SIX_THEMES_ID = framework_id(DEFAULT_FRAMEWORK)


@dataclass(frozen=True)
class LabelledEvent:
    key: str
    subject: str
    agency: str
    author_role: str
    summary: str
    analysis: str
    should_have_happened: str
    themes: frozenset[str]
    source: str = ""  # the file it came from

    @property
    def subject_code(self) -> str:
        """The service user's letters: "AC" for "AC07"."""
        return subject_code(self.key)


def subject_code(key: str) -> str:
    return key.rstrip("0123456789")


@dataclass(frozen=True)
class Score:
    events: int
    suggested: int
    correct: int
    gold: int
    # (labels found, labels) for each event, for the interval of :meth:`recall_interval`
    per_event: tuple[tuple[int, int], ...] = ()

    @property
    def precision(self) -> float:
        return self.correct / self.suggested if self.suggested else 0.0

    @property
    def recall(self) -> float:
        return self.correct / self.gold if self.gold else 0.0

    def recall_interval(self, resamples: int = 2000, seed: int = 1) -> tuple[float, float]:
        """A 95% bootstrap interval for recall: how far the figure could move on
        another set of events written the same way (events drawn with replacement)."""
        draw = random.Random(seed).choices
        figures = sorted(
            sum(found for found, _ in sample) / (sum(labels for _, labels in sample) or 1)
            for sample in (draw(self.per_event, k=len(self.per_event)) for _ in range(resamples))
        )
        return figures[int(resamples * 0.025)], figures[int(resamples * 0.975) - 1]

    def line(self, label: str) -> str:
        low, high = self.recall_interval() if self.per_event else (self.recall, self.recall)
        return (
            f"{label:<44} precision@{K} {self.precision:.3f}  recall@{K} {self.recall:.3f} "
            f"(95% interval {low:.2f}–{high:.2f})  "
            f"({self.correct} of {self.gold} labels found, {self.suggested} suggestions, "
            f"{self.events} events)"
        )


def load_set(path: Path | Sequence[Path] = EVALUATION) -> list[LabelledEvent]:
    """The labelled events of one file, or of several read as one set."""
    if not isinstance(path, Path):
        return [event for part in path for event in load_set(part)]
    with path.open("rb") as handle:
        entries = tomllib.load(handle)["events"]
    return [
        LabelledEvent(
            key=entry["key"],
            subject=f"Service user {subject_code(entry['key'])}",
            agency=entry.get("agency", ""),
            author_role=entry.get("author_role", ""),
            summary=entry["summary"],
            analysis=entry.get("analysis", ""),
            should_have_happened=entry.get("should_have_happened", ""),
            themes=frozenset(entry["themes"]),
            source=path.name,
        )
        for entry in entries
    ]


def half(key: str, salt: str = "") -> int:
    """0 (training) or 1 (test): fixed by the key, never by the contents."""
    return hashlib.sha256(f"{salt}{key}".encode()).digest()[0] % 2


def split(
    events: Sequence[LabelledEvent], salt: str = ""
) -> tuple[list[LabelledEvent], list[LabelledEvent]]:
    train = [e for e in events if half(e.key, salt) == 0]
    test = [e for e in events if half(e.key, salt) == 1]
    return train, test


def load_phrases(path: Path = FOUNDATION_PHRASES) -> dict[str, list[LexiconEntry]]:
    """Theme code -> phrases, from a file of ``CODE = [[phrase, weight], ...]``."""
    with path.open("rb") as handle:
        table = tomllib.load(handle)
    return {
        code: [LexiconEntry(phrase=phrase, weight=weight) for phrase, weight in entries]
        for code, entries in table.items()
    }


def build_review(
    path: Path,
    events: Sequence[LabelledEvent],
    phrases: dict[str, list[LexiconEntry]] | None = None,
    settings: SuggestSettings | None = None,
) -> tuple[ReviewFile, dict[str, str]]:
    """A six-themes review holding the events, untagged (with ``phrases`` in place
    of the themes' own, and ``settings`` in place of the defaults, if given);
    returns it and key -> event id."""
    review = ReviewFile.create(path, "Suggestion evaluation")
    review.suggest_settings = settings
    if phrases is not None:
        with review.action("Use other phrases") as tx:
            for theme in review.themes():
                tx.put(theme.model_copy(update={"lexicon": phrases[theme.code]}))
    subjects = {
        label: review.add_subject(label).id for label in sorted({e.subject for e in events})
    }
    made: list[Event] = []
    ids: dict[str, str] = {}
    start = dt.date(2018, 1, 1)
    for number, item in enumerate(events):
        day = start + dt.timedelta(days=7 * number)
        event = Event(
            subject_ids=[subjects[item.subject]],
            date=EventDate.day(day.year, day.month, day.day),
            agency=item.agency,
            author_role=item.author_role,
            event_type=EventType.OTHER,
            summary=item.summary,
            analysis=item.analysis,
            should_have_happened=item.should_have_happened,
        )
        made.append(event)
        ids[item.key] = str(event.id)
    review.add_events(made, label="Add evaluation events")
    return review, ids


def evaluate(
    review: ReviewFile,
    ids: dict[str, str],
    events: Sequence[LabelledEvent],
    *,
    show_misses: bool = False,
) -> Score:
    return score_choices(events, suggested_codes(review, ids, events), show_misses=show_misses)


def suggested_codes(
    review: ReviewFile, ids: dict[str, str], events: Sequence[LabelledEvent]
) -> dict[str, list[str]]:
    """Key -> the codes of the (at most K) themes suggested for the event, best first."""
    codes = {t.id: t.code for t in review.themes()}
    by_id: dict[str, list[str]] = defaultdict(list)
    for suggestion in review.suggestions([ids[e.key] for e in events], limit=K):
        by_id[str(suggestion.event_id)].append(codes[suggestion.theme_id])
    return {item.key: by_id[ids[item.key]] for item in events}


def score_choices(
    events: Sequence[LabelledEvent],
    chosen_by_key: dict[str, list[str]],
    *,
    show_misses: bool = False,
) -> Score:
    """Precision and recall of the first K codes chosen for each event (by the
    engine, or by a reader) against the events' labels."""
    total_suggested = correct = gold = 0
    per_event: list[tuple[int, int]] = []
    for item in events:
        chosen = chosen_by_key[item.key][:K]
        hits = len(set(chosen) & item.themes)
        total_suggested += len(chosen)
        correct += hits
        gold += len(item.themes)
        per_event.append((hits, len(item.themes)))
        if show_misses and hits < min(K, len(item.themes)):
            print(f"  {item.key}: gold {sorted(item.themes)}, suggested {chosen}")
    return Score(len(events), total_suggested, correct, gold, tuple(per_event))


def teach(review: ReviewFile, ids: dict[str, str], events: Sequence[LabelledEvent]) -> None:
    """Tag as a reviewer would: one tag at a time."""
    for item in events:
        for code in sorted(item.themes):
            review.tag(ids[item.key], code)


def run(
    train: list[LabelledEvent],
    test: list[LabelledEvent],
    *,
    lexicon_on: list[LabelledEvent] | None = None,
    show_misses: bool = False,
    phrases: dict[str, list[LexiconEntry]] | None = None,
    settings: SuggestSettings | None = None,
) -> tuple[Score, Score]:
    """(a) on ``lexicon_on`` (the test events unless given), (b) on the test events;
    and, where the test events come from more than one file, each file's share."""
    parts = sorted({item.source for item in test})
    shares: list[tuple[str, Score, Score]] = []
    with tempfile.TemporaryDirectory() as folder:
        review, ids = build_review(Path(folder) / "eval.review", [*train, *test], phrases, settings)
        try:
            if show_misses:
                print("Misses, nothing tagged yet:")
            lexicon = evaluate(review, ids, lexicon_on or test, show_misses=show_misses)
            before = {
                part: evaluate(review, ids, [e for e in test if e.source == part]) for part in parts
            }
            review.suggestions([ids[test[0].key]])  # build the suggester before teaching
            teach(review, ids, train)
            if show_misses:
                print("Misses, after learning:")
            learned = evaluate(review, ids, test, show_misses=show_misses)
            if len(parts) > 1 and lexicon_on is None:
                for part in parts:
                    after = evaluate(review, ids, [e for e in test if e.source == part])
                    shares.append((part, before[part], after))
        finally:
            review.close()
    print(lexicon.line("(a) nothing tagged yet"))
    print(learned.line(f"(b) after learning from {len(train)} tagged events"))
    for part, alone, after in shares:
        print(f"  of which {part} ({alone.events} events):")
        print(alone.line("    (a) nothing tagged yet"))
        print(after.line("    (b) after learning"))
    return lexicon, learned


# The engine without the framework's worked examples, for comparison.
WITHOUT_EXAMPLES = SuggestSettings(examples_share=0.0)


def compare_without_examples(train: list[LabelledEvent], test: list[LabelledEvent]) -> None:
    print("The same without the worked examples (phrases and the reviewer's tags only):")
    run(train, test, settings=WITHOUT_EXAMPLES)


def examples_cross_validation(folds: int = 4, writers: int | None = None) -> None:
    """The worked examples scored as text neither the phrases nor the examples saw:
    each writer's entries (eight service users in a row) are held out in turn, in
    ``folds`` groups of writers, and the examples model is counted from the others.
    Within the held-out entries, half are taught as the reviewer's tags for (b).
    ``writers`` keeps only the first few writers' entries (for a quick look)."""
    entries = load_set(SHIPPED_EXAMPLES)  # the same format as the labelled sets
    subjects = list(dict.fromkeys(e.subject_code for e in entries))
    writer = {code: number // EXAMPLES_PER_WRITER for number, code in enumerate(subjects)}
    if writers is not None:
        entries = [e for e in entries if writer[e.subject_code] < writers]
        subjects = [code for code in subjects if writer[code] < writers]
    codes = sorted({code for e in entries for code in e.themes})
    totals = {name: [0, 0, 0] for name in ("with", "without")}  # (a) found, (b) found, labels
    for fold in range(folds):
        held = [e for e in entries if writer[e.subject_code] % folds == fold]
        rest = [e for e in entries if writer[e.subject_code] % folds != fold]
        model = ExampleModel.learn(((features(event_text(e)), e.themes) for e in rest), codes)
        train, test = split(held)
        for name, settings in (("with", None), ("without", WITHOUT_EXAMPLES)):
            with (
                patch.object(suggest, "shipped_examples", lambda: {SIX_THEMES_ID: model}),  # noqa: B023
                tempfile.TemporaryDirectory() as folder,
            ):
                review, ids = build_review(
                    Path(folder) / "cv.review", [*train, *test], settings=settings
                )
                try:
                    before = evaluate(review, ids, test)
                    review.suggestions([ids[test[0].key]])
                    teach(review, ids, train)
                    after = evaluate(review, ids, test)
                finally:
                    review.close()
            total = totals[name]
            total[0] += before.correct
            total[1] += after.correct
            total[2] += before.gold
    print(
        f"The worked examples ({len(entries)} entries, {len(subjects)} service users), "
        f"each writer's held out in turn ({folds} folds); recall@{K} on the held-out half "
        "of each fold:"
    )
    for name, (alone, learned, labels) in totals.items():
        print(
            f"  {name} the examples: (a) nothing tagged yet {alone / labels:.3f}, "
            f"(b) after learning {learned / labels:.3f} ({labels} labels)"
        )


def load_readers(path: Path = READERS_DATA) -> dict[str, dict[str, list[str]]]:
    """Reader -> key -> the themes that reader gave the event, most clearly shown first."""
    with path.open("rb") as handle:
        return tomllib.load(handle)["readers"]


def readers(train: list[LabelledEvent], test: list[LabelledEvent]) -> None:
    """Each reader's first two themes scored as the engine's two suggestions are; how
    far the readers agree with one another; and the engine's recall on the labels the
    readers mostly gave against the rest."""
    given = load_readers()
    missing = {name: {e.key for e in test} - set(themes) for name, themes in given.items()}
    if any(missing.values()):
        raise SystemExit(f"readers' file lacks test events: {missing}")
    print(f"{len(given)} readers, each given the {len(test)} test events without their labels\n")
    for name, themes in sorted(given.items()):
        print(score_choices(test, themes).line(f"reader {name}, first two themes"))
    pairs = [(a, b) for a in sorted(given) for b in sorted(given) if a != b]
    found = labels = 0
    for a, b in pairs:
        as_labels = [
            LabelledEvent(e.key, e.subject, "", "", "", "", "", frozenset(given[b][e.key]))
            for e in test
        ]
        other = score_choices(as_labels, given[a])
        found, labels = found + other.correct, labels + other.gold
    print(
        f"readers against one another (each one's first two themes, the other's themes as "
        f"labels, {len(pairs)} pairs): recall@{K} {found / labels:.3f}"
    )
    with tempfile.TemporaryDirectory() as folder:
        review, ids = build_review(Path(folder) / "eval.review", [*train, *test])
        try:
            review.suggestions([ids[test[0].key]])
            teach(review, ids, train)
            engine = suggested_codes(review, ids, test)
        finally:
            review.close()
    print(score_choices(test, engine).line(f"engine (b), after learning from {len(train)}"))
    majority = len(given) // 2 + 1
    for shared, heading in ((True, f"at least {majority}"), (False, f"fewer than {majority}")):
        found = labels = 0
        for item in test:
            for code in item.themes:
                votes = sum(code in themes[item.key] for themes in given.values())
                if (votes >= majority) == shared:
                    labels += 1
                    found += code in engine[item.key]
        print(
            f"  labels that {heading} readers also gave: {labels}; "
            f"the engine finds {found} ({found / (labels or 1):.3f})"
        )


def event_text(item: LabelledEvent) -> EventText:
    """A labelled event as the suggester reads it, with an id fixed by its key."""
    return EventText(
        str(uuid.uuid5(uuid.NAMESPACE_URL, item.key)),
        item.summary,
        item.analysis,
        item.should_have_happened,
        item.agency,
        item.author_role,
    )


def timing(train: list[LabelledEvent], events: list[LabelledEvent], rounds: int = 40) -> None:
    """Microseconds of ranking per event (best of three passes over ``rounds`` copies)."""
    themes = list(load_framework(DEFAULT_FRAMEWORK).themes)
    id_of = {theme.code: str(theme.id) for theme in themes}

    texts = [event_text(item) for item in events]
    characters = sum(len(t.summary) + len(t.analysis) + len(t.should_have_happened) for t in texts)
    print(
        f"{len(texts)} events, {characters / len(texts):.0f} characters of text each on average, "
        f"ranked {rounds} times"
    )
    never = SuggestSettings(similar_from=float("inf"))
    for label, taught, settings in (
        ("nothing tagged", [], None),
        (f"after learning {len(train)} tagged events", train, None),
        ("the same, no search for similar events", train, never),
    ):
        suggester = Suggester(themes, settings)
        examples = [(item, event_text(item)) for item in taught]
        suggester.model.learn_many(
            (t.event_id, {id_of[c] for c in item.themes}, features(t), t.summary)
            for item, t in examples
        )
        ranked = suggester.suggest_all(texts)  # also fills the per-spelling caches
        similar = sum(
            1 for found in ranked if any(r.kind == "similar_event" for r in found.reasons)
        )
        best = float("inf")
        for _ in range(3):
            started = time.process_time()
            suggester.suggest_all(texts * rounds)
            best = min(best, time.process_time() - started)
        print(
            f"  {label:42} {best / (len(texts) * rounds) * 1e6:6.0f} µs an event "
            f"({len(ranked)} suggestions, {similar} citing similar events)"
        )


def coverage(events: Sequence[LabelledEvent]) -> None:
    """Per shipped framework: events with no suggestion, and suggestions per theme."""
    texts = [event_text(item) for item in events]
    for template in available_frameworks():
        names = {theme.id: theme.name for theme in template.themes}
        found = Suggester(template.themes).suggest_all(texts, K)
        per_theme = Counter(names[s.theme_id] for s in found)
        suggested = {s.event_id for s in found}
        print(
            f"{template.framework.name}: {len(found)} suggestions for {len(texts)} events; "
            f"{len(texts) - len(suggested)} events get none"
        )
        for theme in template.themes:
            print(f"  {per_theme[theme.name]:5d}  {theme.name}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--dev",
        action="store_true",
        help="evaluate within the training half only (for tuning), listing misses",
    )
    parser.add_argument(
        "--timing",
        action="store_true",
        help="time the ranking per event on the development set's text (no quality figures)",
    )
    parser.add_argument(
        "--foundation",
        action="store_true",
        help="the development view with the phrases first shipped, before any evaluation text",
    )
    parser.add_argument(
        "--readers",
        action="store_true",
        help="three readers' themes for the test half, scored as the engine's are",
    )
    parser.add_argument(
        "--examples",
        action="store_true",
        help="the framework's worked examples cross-validated by writer, with and without them",
    )
    parser.add_argument(
        "--coverage",
        action="store_true",
        help="every shipped framework on all the labelled text: events with no suggestion",
    )
    args = parser.parse_args()
    events = load_set()
    if args.coverage:
        coverage([*events, *load_set(DEV_DATA)])
        return
    train, test = split(events)
    if args.timing:
        timing(train, load_set(DEV_DATA))
        return
    if args.readers:
        readers(train, test)
        return
    if args.examples:
        examples_cross_validation()
        return
    if args.dev or args.foundation:
        phrases = load_phrases() if args.foundation else None
        if phrases is not None:
            print(f"Phrases first shipped ({FOUNDATION_PHRASES.name}) in place of today's\n")
        development = load_set(DEV_DATA)
        print(
            f"Development set: {len(development)} events, after learning from the "
            f"{len(train)} of the training half"
        )
        run(train, development, show_misses=args.dev, phrases=phrases)
        if not args.foundation:
            compare_without_examples(train, development)
        inner_train, inner_test = split(train, salt="dev:")
        print(
            f"\nTraining half split in two ({len(inner_train)} taught, {len(inner_test)} evaluated)"
        )
        run(inner_train, inner_test, phrases=phrases)
        if not args.foundation:
            compare_without_examples(inner_train, inner_test)
        tune_train, tune_test = split(load_set(TUNE_DATA))
        print(
            f"\nTuning set ({TUNE_DATA.name}) split in two "
            f"({len(tune_train)} taught, {len(tune_test)} evaluated)"
        )
        run(tune_train, tune_test, phrases=phrases)
        if not args.foundation:
            compare_without_examples(tune_train, tune_test)
        return
    print(f"{len(events)} labelled events: {len(train)} to learn from, {len(test)} to test")
    run(train, test)
    compare_without_examples(train, test)


if __name__ == "__main__":
    main()
