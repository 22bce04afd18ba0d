"""Ranks a review's events in several processes and in one, and reports what happened.

Run by tests/themes/test_parallel.py in a fresh interpreter (one thread, as
the command line is), so that forking happens as it does for real and never
inside the test run itself, whose toolkit may have threads of its own.

    python -m tests.themes.fork_check FOLDER CASE
"""

from __future__ import annotations

import json
import multiprocessing
import os
import sys
import threading
import time
import uuid
from pathlib import Path

from investigator.demo import write_demo_review
from investigator.models import EventText, SimilarEventReason
from investigator.progress import Cancelled, Progress
from investigator.review import ReviewFile
from investigator.themes import parallel, suggest
from investigator.themes.learning import TagModel
from investigator.themes.suggest import Suggester


def _texts(review: ReviewFile, copies: int) -> list[EventText]:
    """The demo's events and untagged copies of them (so that learned themes, and
    similar tagged events, are suggested for the copies)."""
    originals = list(review.store.suggestion_data.event_texts())
    return originals + [
        text._replace(event_id=str(uuid.UUID(int=number * 10_000 + index)))
        for number in range(1, copies + 1)
        for index, text in enumerate(originals)
    ]


def _slow_start_here(parent: int) -> None:
    """Held up once, here, so that the other processes surely take runs too."""
    if os.getpid() == parent and not _held_up:
        _held_up.append(True)
        time.sleep(0.5)


_held_up: list[bool] = []


def _trouble_reported(rank: parallel.Rank, texts: list[EventText]) -> dict[str, object]:
    """What ranking in two processes reports when the other one fails."""
    try:
        parallel.rank_all(rank, texts, 2)
    except RuntimeError as error:
        return {"message": str(error), "left": len(multiprocessing.active_children())}
    return {"message": ""}


def main(folder: Path, case: str) -> dict[str, object]:
    parallel._CHUNK = 25  # many runs from a small review
    path = write_demo_review(folder / "demo.review")
    with ReviewFile.open(path, read_only=True) as review:
        suggester = review._current_suggester()
        texts = _texts(review, copies=6)
        parent = os.getpid()
        if case == "same":
            steps: list[tuple[int, int]] = []
            ranked, receive = Suggester._ranked, parallel._receive
            sent_back: list[int] = []

            def ranked_slowly(self: Suggester, *args: object) -> list:
                _slow_start_here(parent)
                return ranked(self, *args)

            def counted(sent: object, found: dict, *, block: bool) -> int:
                before = len(found)
                finished = receive(sent, found, block=block)
                sent_back.append(len(found) - before)
                return finished

            Suggester._ranked = ranked_slowly  # type: ignore[method-assign]
            parallel._receive = counted  # type: ignore[assignment]
            many = suggester.suggest_all(
                texts,
                processes=3,
                progress=Progress(lambda done, total, _: steps.append((done, total))),
            )
            one = suggester.suggest_all(texts, processes=1)
            return {
                "events": len(texts),
                "suggestions": len(one),
                "same": many == one,
                "similar": sum(isinstance(r, SimilarEventReason) for s in many for r in s.reasons),
                "steps": steps,
                "sent_back": sum(sent_back),
                "left": len(multiprocessing.active_children()),
            }
        if case == "cancel":
            progress = Progress()

            def cancel_at_once(text: EventText) -> list:
                progress.cancel()
                return []

            try:
                parallel.rank_all(cancel_at_once, texts, 3, progress)
            except Cancelled:
                return {"cancelled": True, "left": len(multiprocessing.active_children())}
            return {"cancelled": False}
        if case == "failure":
            plan = suggester._plan(None)

            def fails_elsewhere(text: EventText) -> list:
                _slow_start_here(parent)
                if os.getpid() != parent:
                    raise ValueError("a fault in another process")
                return suggester._ranked(text, 2, plan)

            return _trouble_reported(fails_elsewhere, texts)
        if case == "killed":

            def dies_elsewhere(text: EventText) -> list:
                _slow_start_here(parent)
                if os.getpid() != parent:
                    os._exit(3)  # as if the system had stopped it
                return []

            return _trouble_reported(dies_elsewhere, texts)
        if case == "choice":
            alone = parallel.processes_for(1_000_000)
            small = parallel.processes_for(parallel.PARALLEL_FROM - 1)
            waiting = threading.Event()
            other = threading.Thread(target=waiting.wait)
            other.start()
            with_a_thread = parallel.processes_for(1_000_000)
            waiting.set()
            other.join()
            return {"alone": alone, "small": small, "with_a_thread": with_a_thread}
        if case.startswith("ahead"):
            return _ahead(review, texts, case)
    raise SystemExit(f"unknown case {case}")


def _ahead(review: ReviewFile, texts: list[EventText], case: str) -> dict[str, object]:
    """Phrases found in another process while the tags are learned: the same
    suggestions as finding them while ranking."""
    parallel.PARALLEL_FROM = 50  # the demo and its copies count as a large review
    parallel._AHEAD_BATCH = 10
    data = review.store.suggestion_data
    themes, pairs, rejected = review.themes(), data.tag_pairs(), data.rejected_pairs()
    wanted = {event_id for event_id, _ in pairs}
    tagged = [text for text in texts if text.event_id in wanted]
    learn_many = TagModel.learn_many

    def learn_slowly(self: TagModel, *args: object, **kwargs: object) -> None:
        time.sleep(0.5)  # time for the other process to get through some events
        if case == "ahead-body-fails":
            raise ValueError("a fault while learning")
        learn_many(self, *args, **kwargs)  # type: ignore[arg-type]

    TagModel.learn_many = learn_slowly  # type: ignore[method-assign]
    if case == "ahead-failure":
        suggest._plain_hits = lambda lexicon: lambda text: 1 / 0  # type: ignore[assignment]
    if case == "ahead-no-process":

        def cannot_start(self: object) -> None:
            raise OSError("Cannot allocate memory")

        multiprocessing.context.ForkProcess.start = cannot_start  # type: ignore[method-assign]
    try:
        early = Suggester.from_review(themes, tagged, pairs, rejected, ahead=texts)
    except ValueError as error:
        return {"message": str(error), "left": len(multiprocessing.active_children())}
    TagModel.learn_many = learn_many  # type: ignore[method-assign]
    found_early = len(early._found_early)
    plain = Suggester.from_review(themes, tagged, pairs, rejected)
    same = early.suggest_all(texts, processes=1) == plain.suggest_all(texts, processes=1)
    return {
        "events": len(texts),
        "found_early": found_early,
        "same": same,
        "kept_after": len(early._found_early),
        "left": len(multiprocessing.active_children()),
    }


if __name__ == "__main__":
    print(json.dumps(main(Path(sys.argv[1]), sys.argv[2])))
