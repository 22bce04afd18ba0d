"""Inserting events through the store, against raw sqlite3 executemany in the same run.

    python -m bench.bench_store_insert --events 100000

Both write the same rows into a review file with the same schema (WAL,
synchronous=FULL, foreign keys, the FTS index), in one transaction. The
baseline gets ready-made tuples and fills the index in one statement; the
store's figure includes turning models into rows, checking nothing, and
writing the audit entry. Reported as a ratio.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from bench.raw_baseline import raw_connection, raw_insert
from bench.synth import synthetic_events, synthetic_subjects
from investigator.review import ReviewFile
from investigator.store.mappers import EVENT_COLUMNS, mapper_for


def _prepared_review(path: Path, subjects: list) -> ReviewFile:  # type: ignore[type-arg]
    review = ReviewFile.create(path, "Benchmark")
    with review.action("Add subjects") as tx:
        for subject in subjects:
            tx.put(subject)
    return review


def run(events_count: int, seed: int = 1, repeats: int = 3) -> dict[str, float]:
    subjects = synthetic_subjects(10, seed)
    events, _ = synthetic_events(subjects, events_count, [], seed)
    from investigator.models import Event

    mapper = mapper_for(Event)
    rows = []
    links = []
    for event in events:
        row = mapper.to_row(event)
        rows.append(tuple(row[c] for c in EVENT_COLUMNS))
        links.extend((str(event.id), str(s), i) for i, s in enumerate(event.subject_ids))

    store_times = []
    raw_times = []
    with tempfile.TemporaryDirectory() as folder:
        for attempt in range(repeats):
            # Store path.
            review = _prepared_review(Path(folder) / f"store{attempt}.review", subjects)
            started = time.perf_counter()
            review.add_events(events)
            store_times.append(time.perf_counter() - started)
            review.close()
            # Baseline: the same schema, raw executemany of ready tuples.
            path = Path(folder) / f"raw{attempt}.review"
            _prepared_review(path, subjects).close()
            conn = raw_connection(path)
            started = time.perf_counter()
            raw_insert(conn, rows, links)
            raw_times.append(time.perf_counter() - started)
            conn.close()
    store = min(store_times)
    raw = min(raw_times)
    return {"events": events_count, "store_s": store, "raw_s": raw, "ratio": store / raw}


def main() -> None:
    parser = argparse.ArgumentParser(description="Store insert benchmark")
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    result = run(args.events, repeats=args.repeats)
    print(
        f"events={result['events']}  store={result['store_s']:.2f}s  "
        f"raw executemany={result['raw_s']:.2f}s  ratio={result['ratio']:.2f}x"
    )


if __name__ == "__main__":
    main()
