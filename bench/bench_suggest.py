"""Theme suggestions on a large review, each figure beside a baseline from the same run.

    python -m bench.bench_suggest --events 100000

1. Suggestions for every event (two per event, with reasons), from a cold
   start: reading the text, learning every tag already in the review, and
   ranking (on every core, where that is safe: another process finds the
   events' phrases while the tags are learned, and the ranking is shared
   out). Baselines: the same in one process; reading the same events' text
   from the store and nothing else (the floor); and loading the events as
   models (what listing the chronology costs).
2. The learning update after one tag: ``review.tag`` while the suggester is
   live (so the tag is learned as part of the action), against the same call
   on a copy of the review with no suggester, alternating between the two.
   The difference is the cost of learning; the update is also timed alone.

The review comes from bench/synth.py (same seed, same review). Synthetic tags
are random, so the rankings mean nothing; only the times do.
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar
from unittest.mock import patch

from bench.synth import generate_review
from investigator.models import EventFilter, ThemeMatch
from investigator.review import ReviewFile
from investigator.themes import parallel

_T = TypeVar("_T")


def _timed(work: Callable[[], _T]) -> tuple[float, _T]:
    started = time.perf_counter()
    result = work()
    return time.perf_counter() - started, result


def bench_suggestions(path: Path, repeats: int) -> dict[str, float]:
    best: dict[str, float] = {}

    def keep(name: str, seconds: float) -> None:
        best[name] = min(seconds, best.get(name, float("inf")))

    for _ in range(repeats):
        with ReviewFile.open(path) as review:
            data = review.store.suggestion_data
            seconds, texts = _timed(lambda: list(data.event_texts()))  # noqa: B023
            keep("read text", seconds)
            count = len(texts)
            del texts
        with ReviewFile.open(path) as review:
            seconds, found = _timed(review.suggestions)
            keep("suggest (cold)", seconds)
            suggestions = len(found)
            del found  # about 500 MB of models: not to be held while timing the next
            seconds, _ = _timed(review.suggestions)
            keep("suggest (warm)", seconds)
        with ReviewFile.open(path) as review, _one_process():
            seconds, found = _timed(review.suggestions)
            keep("suggest (cold, one process)", seconds)
            del found
        with ReviewFile.open(path) as review:
            seconds, _ = _timed(review.events)
            keep("load events", seconds)
    best["events"] = count
    best["suggestions"] = suggestions
    return best


@contextmanager
def _one_process() -> Iterator[None]:
    """Rank every event in this process, as where forking is not safe (see
    investigator/themes/parallel.py): how much the other cores add."""
    with patch.object(parallel, "PARALLEL_FROM", sys.maxsize):
        yield


def bench_tag(path: Path, tags: int, seed: int) -> dict[str, float]:
    """Median time of one ``review.tag``, with and without live learning.

    Two copies of the review are open side by side, one with a live suggester
    and one without, and tags alternate between them, so that both sides meet
    the same machine at the same moment.
    """
    rng = random.Random(seed)
    plain_path = path.with_name("plain.review")
    shutil.copyfile(path, plain_path)
    with ReviewFile.open(path, read_only=True) as review:
        untagged = review.store.events.ids(_untagged_filter())
        theme_codes = [theme.code for theme in review.themes()]
    picks = [(rng.choice(untagged), rng.choice(theme_codes)) for _ in range(tags + 1)]
    plain: list[float] = []
    live: list[float] = []
    with ReviewFile.open(plain_path) as without, ReviewFile.open(path) as learning:
        learning.suggestions(limit=0)  # build the suggester; from now on it learns each tag
        suggester = learning._suggester
        assert suggester is not None
        for number, (event_id, code) in enumerate(picks):
            seconds_plain = _timed(lambda: without.tag(event_id, code))[0]  # noqa: B023
            seconds_live = _timed(lambda: learning.tag(event_id, code))[0]  # noqa: B023
            if number:  # the first of each warms caches
                plain.append(seconds_plain)
                live.append(seconds_live)
        assert learning._suggester is suggester, "the suggester was rebuilt, not updated"
        # The learning step on its own: what the listener does after the write.
        event_id, code = picks[0]
        theme_id = str(learning.theme(code).id)
        text = next(iter(learning.store.suggestion_data.event_texts([event_id])))
        alone: list[float] = []
        for _ in range(tags):
            alone.append(_timed(lambda: suggester.remove_tag(event_id, theme_id))[0])
            alone.append(_timed(lambda: suggester.add_tag(text, theme_id))[0])
    return {
        "tag without learning": statistics.median(plain),
        "tag with learning": statistics.median(live),
        "learning update alone": statistics.median(alone),
    }


def _untagged_filter() -> EventFilter:
    return EventFilter(theme_match=ThemeMatch.UNTAGGED)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--tags", type=int, default=25, help="tags timed for the update")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        master = Path(folder) / "synthetic.review"
        print(f"Generating a {args.events:,}-event synthetic review (seed {args.seed})…")
        generate_review(master, events=args.events, seed=args.seed)
        work = Path(folder) / "work.review"
        shutil.copyfile(master, work)
        figures = bench_suggestions(work, args.repeats)
        tagging = bench_tag(work, args.tags, args.seed)
    events, made = int(figures["events"]), int(figures["suggestions"])
    print(f"\n{events:,} events, {made:,} suggestions (best of {args.repeats})")
    names = ("suggest (cold)", "suggest (warm)", "suggest (cold, one process)")
    for name in (*names, "read text", "load events"):
        print(f"  {name:<28} {figures[name]:8.2f} s")
    cold = figures["suggest (cold)"]
    print(f"  processes used              {parallel.processes_for(events):8d}")
    print(f"  one process / cold          {figures[names[2]] / cold:8.2f}×")
    print(f"  cold / read text            {cold / figures['read text']:8.1f}×")
    print(f"  cold / load events          {cold / figures['load events']:8.2f}×")
    print(f"\nOne tag (median of {args.tags})")
    for name, seconds in tagging.items():
        print(f"  {name:<28} {seconds * 1000:8.2f} ms")
    extra = tagging["tag with learning"] - tagging["tag without learning"]
    print(f"  learning's share of a tag   {extra * 1000:8.2f} ms")
    print(
        f"  with / without learning     "
        f"{tagging['tag with learning'] / tagging['tag without learning']:8.2f}×"
    )


if __name__ == "__main__":
    main()
