"""Ranking a whole review's events on every core.

Suggestions for every event of a large review (``investigator suggest``) are
pure Python, one event at a time, and take one core. Where it is safe, the
events are shared out: the process forks, and each copy ranks runs of
events with the model it already holds (nothing is rebuilt or copied in),
and sends back its suggestions. This process ranks runs too, and puts the
runs back in order, so the suggestions are exactly those of ranking one
event after another.

What comes back is sent as plain tuples and numbers (see :func:`_packed`):
pickling a named tuple or a UUID runs Python code for each one, and a large
review sends back hundreds of thousands of them, which took as long as a
tenth of the ranking.

Before that, while this process learns the reviewer's tags (a second or two,
on one core, for a review with tens of thousands of them), another process
can already work out what does not depend on them: :func:`ahead` runs such
work on the events in order until told to stop, and hands back what it did.

Forking is safe only where the process has one thread and the platform's
libraries expect it: on Linux, with no other thread running (the desktop app,
whose toolkit runs threads of its own, ranks one event at a time; it only
ever asks for the events on screen). Elsewhere, and for reviews too small to
gain, the events are ranked in order, here.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.queues
import os
import queue
import sys
import traceback
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from investigator.models import (
    EventText,
    ExampleWord,
    ExampleWordsReason,
    PhraseReason,
    Reason,
    SimilarEventReason,
    Suggestion,
    built,
)
from investigator.progress import ProgressReport

# Below this many events, starting the other processes costs more than it saves.
PARALLEL_FROM = 20_000
MAX_PROCESSES = 8
_CHUNK = 1000  # events ranked between two progress reports

Rank = Callable[[EventText], list[Suggestion]]

# What a forked copy ranks with: set just before forking, cleared after.
_shared: tuple[Rank, Sequence[EventText], Any, Any] | None = None


def processes_for(events: int) -> int:
    """How many processes should rank this many events: 1 means here, in order."""
    if events < PARALLEL_FROM or not _fork_is_safe():
        return 1
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        cores = os.cpu_count() or 1
    return max(1, min(cores, MAX_PROCESSES, events // (PARALLEL_FROM // 2)))


def _fork_is_safe() -> bool:
    if not sys.platform.startswith("linux"):
        return False
    try:
        return len(os.listdir("/proc/self/task")) == 1  # this process's threads
    except OSError:  # pragma: no cover - /proc not mounted
        return False


def rank_all(
    rank: Rank,
    texts: Sequence[EventText],
    processes: int,
    progress: ProgressReport | None = None,
) -> list[Suggestion]:
    """``rank`` applied to every event, in order, using ``processes`` processes
    (this one included; two or more: :func:`processes_for` says when).

    The events are cut into runs of a thousand, and each process takes the
    next run not yet taken, so that none waits while another has much left.
    This process ranks runs too, and between two of its own takes in what the
    others have sent. Progress is reported after each run; cancelling stops
    the other processes as well.
    """
    if processes < 2:
        raise ValueError("rank_all shares events out between two processes or more")
    total = len(texts)
    runs = (total + _CHUNK - 1) // _CHUNK
    if runs <= 1:  # nothing to share
        return [suggestion for text in texts for suggestion in rank(text)]
    context = multiprocessing.get_context("fork")
    next_run = context.Value("i", 0)
    sent: multiprocessing.queues.Queue[tuple[int, Any]] = context.Queue()
    global _shared
    _shared = (rank, texts, next_run, sent)
    others = [context.Process(target=_rank_runs, daemon=True) for _ in range(processes - 1)]
    found: dict[int, list[Suggestion]] = {}
    finished = 0
    try:
        for other in others:
            other.start()
        _shared = None  # the copies have it; this process needs it no longer
        while True:
            run = _take(next_run, runs)
            if run is None:
                break
            start = run * _CHUNK
            found[run] = [s for text in texts[start : start + _CHUNK] for s in rank(text)]
            finished += _receive(sent, found, block=False)
            if progress is not None:
                progress.step(min(total, len(found) * _CHUNK), total, _MESSAGE)
        while finished < len(others):
            heard = _receive(sent, found, block=True)
            finished += heard
            if not heard and sent.empty() and not any(o.is_alive() for o in others):
                raise RuntimeError("Another process ranking events stopped without finishing.")
            if progress is not None:
                progress.step(min(total, len(found) * _CHUNK), total, _MESSAGE)
    finally:
        _shared = None
        for other in others:
            if other.pid is None:  # never started
                continue
            if other.is_alive() and finished < len(others):
                other.terminate()
            other.join()
        sent.close()
    return [suggestion for run in range(runs) for suggestion in found[run]]


_MESSAGE = "Suggesting themes"


def _take(next_run: Any, runs: int) -> int | None:
    """The next run of events no process has taken yet, or None when all are taken."""
    with next_run.get_lock():
        run = next_run.value
        if run >= runs:
            return None
        next_run.value = run + 1
    return run


def _receive(sent: Any, found: dict[int, list[Suggestion]], *, block: bool) -> int:
    """Take in what the other processes have sent (waiting for one message if
    ``block``); returns how many of them said they had finished."""
    finished = 0
    while True:
        try:
            run, suggestions = sent.get(block=block, timeout=0.2 if block else None)
        except queue.Empty:
            return finished
        block = False
        if run == _DONE:
            finished += 1
        elif run == _FAILED:
            raise RuntimeError(f"Ranking events in another process failed:\n{suggestions}")
        else:
            found[run] = _unpacked(suggestions)


_DONE, _FAILED = -1, -2

# Sent back: per suggestion a tuple of its fields, with the UUIDs as integers
# and each reason as a tuple of its own, told apart by length.
_Packed = list[tuple[Any, ...]]


def _packed(suggestions: list[Suggestion]) -> _Packed:
    return [
        (s[0].int, s[1].int, s[2], s[3], s[4], tuple(map(_packed_reason, s[5])), s[6])
        for s in suggestions
    ]


def _packed_reason(reason: Reason) -> tuple[Any, ...]:
    kind = reason.__class__
    if kind is PhraseReason:  # five fields, all plain already
        return reason[:]
    if kind is ExampleWordsReason:  # two
        return (tuple(map(tuple, reason[0])), reason[1])  # type: ignore[arg-type]
    if kind is SimilarEventReason:  # three
        return (reason[0].int, reason[1], reason[2])  # type: ignore[union-attr]
    raise TypeError(f"no way to send a {kind.__name__} between processes")


def _unpacked(packed: _Packed) -> list[Suggestion]:
    uuids: dict[int, uuid.UUID] = {}  # each event's suggestions, and every theme, share one
    found: list[Suggestion] = []
    for event_id, theme_id, score, phrases, tags, reasons, examples in packed:
        event = uuids.get(event_id)
        if event is None:
            event = uuids[event_id] = uuid.UUID(int=event_id)
        theme = uuids.get(theme_id)
        if theme is None:
            theme = uuids[theme_id] = uuid.UUID(int=theme_id)
        reasons = tuple([_unpacked_reason(r) for r in reasons])
        found.append(built(Suggestion, (event, theme, score, phrases, tags, reasons, examples)))
    return found


def _unpacked_reason(packed: tuple[Any, ...]) -> Reason:
    fields = len(packed)
    if fields == 5:
        return built(PhraseReason, packed)
    if fields == 2:
        words = tuple([built(ExampleWord, word) for word in packed[0]])
        return built(ExampleWordsReason, (words, packed[1]))
    return built(SimilarEventReason, (uuid.UUID(int=packed[0]), packed[1], packed[2]))


def _rank_runs() -> None:
    """In a forked copy: rank runs of events until none are left, sending each back."""
    assert _shared is not None, "ranking in a copy that was not forked for it"
    rank, texts, next_run, sent = _shared
    runs = (len(texts) + _CHUNK - 1) // _CHUNK
    try:
        while (run := _take(next_run, runs)) is not None:
            start = run * _CHUNK
            ranked = [s for text in texts[start : start + _CHUNK] for s in rank(text)]
            sent.put((run, _packed(ranked)))
    except BaseException:  # reported to the process that waits for this one
        sent.put((_FAILED, traceback.format_exc()))
    else:
        sent.put((_DONE, None))
    sent.close()
    sent.join_thread()


# Work ahead --------------------------------------------------------------------------
_AHEAD_BATCH = 500  # events between two looks at whether to stop
_Work = Callable[[EventText], Any]
_ahead: tuple[Callable[[], _Work], Sequence[EventText], Any, Any] | None = None


@contextmanager
def ahead(make_work: Callable[[], _Work], texts: Sequence[EventText]) -> Iterator[dict[str, Any]]:
    """While the body runs, work on the events in order in another process; on
    leaving, the dict yielded holds event id -> what the work gave, for the
    events it got through (it may be none of them: the body's caller does the
    rest itself). ``make_work()`` is called in the other process, to make the
    function applied to each event: what it needs is built there while this
    process builds its own. The work must give plain data (tuples, strings,
    numbers), which is quick to send.

    Only where a process may safely be forked, and for as many events as
    :func:`processes_for` would share out; if the other process fails, what
    it sent is dropped, and nothing else changes.
    """
    found: dict[str, Any] = {}
    if processes_for(len(texts)) < 2:
        yield found
        return
    context = multiprocessing.get_context("fork")
    stop = context.Event()
    sent: multiprocessing.queues.Queue[Any] = context.Queue()
    global _ahead
    _ahead = (make_work, texts, stop, sent)
    other = context.Process(target=_work_ahead, daemon=True)
    try:
        other.start()
    except OSError:  # no process to be had (out of memory): the ranking does it all
        sent.close()
        yield found
        return
    finally:
        _ahead = None
    try:
        yield found
        stop.set()
        _collect(sent, found, other)
    finally:
        if other.is_alive():  # the body failed, or it has sent all it will
            other.terminate()
        other.join()
        sent.close()


def _collect(sent: Any, found: dict[str, Any], other: Any) -> None:
    """Take in every batch the other process sent, up to its last; keep none if it
    failed."""
    batches: list[list[tuple[str, Any]]] = []
    while True:
        try:
            batch = sent.get(timeout=0.2)
        except queue.Empty:
            if other.is_alive():
                continue
            return  # stopped without saying it had finished: keep nothing
        if batch is None:
            break
        if batch == _FAILED:
            return
        batches.append(batch)
    for batch in batches:
        found.update(batch)


def _work_ahead() -> None:
    """In a forked copy: work through the events in batches until told to stop."""
    assert _ahead is not None, "working ahead in a copy that was not forked for it"
    make_work, texts, stop, sent = _ahead
    try:
        work = make_work()
        for start in range(0, len(texts), _AHEAD_BATCH):
            if stop.is_set():
                break
            batch = texts[start : start + _AHEAD_BATCH]
            sent.put([(text.event_id, work(text)) for text in batch])
    except BaseException:
        sent.put(_FAILED)
    else:
        sent.put(None)
    sent.close()
    sent.join_thread()
