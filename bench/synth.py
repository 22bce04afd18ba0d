"""A deterministic synthetic review generator for benchmarks.

    python -m bench.synth OUT.review --events 100000 --subjects 10 --seed 1

The same seed and sizes always give the same review (ids included), so
benchmarks compare like with like. Text lengths follow real chronologies:
summaries of one to three sentences, an analysis on about a third of events.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import uuid
from pathlib import Path

from investigator.models import Event, EventDate, EventType, Subject, Tag, TagOrigin
from investigator.review import ReviewFile

AGENCIES = [
    "GP",
    "Community mental health team",
    "Crisis team",
    "Police",
    "Substance misuse service",
    "Family",
    "Adult social care",
    "Emergency department",
    "Probation",
    "Housing",
]
ROLES = [
    "GP",
    "Care coordinator",
    "Duty worker",
    "Police constable",
    "Recovery worker",
    "Consultant psychiatrist",
    "Social worker",
    "Nurse",
    "Mother",
    "Brother",
]
OPENINGS = [
    "Letter sent offering a telephone appointment",
    "Urgent referral made to the community mental health team",
    "Referral declined as alcohol use considered the primary need",
    "Did not attend the planned review; discharged back to the GP",
    "Police called to the family home after a reported argument",
    "Mother telephoned the duty line to say she was frightened",
    "Risk assessment completed at a high level with no management plan",
    "Seen in the emergency department after an overdose",
    "Disclosed childhood abuse during the assessment",
    "Care plan reviewed under standard care",
    "Text message reminder sent for the group session",
    "Recovery worker met him at the hostel",
    "Prescription for sertraline issued",
    "Joint meeting with probation and the substance misuse service",
]
DETAILS = [
    "No record that his literacy needs were considered.",
    "The record does not say whether the family were contacted.",
    "The plan did not name who would follow this up.",
    "There is no evidence that a safeguarding concern was considered.",
    "Notes refer to previous contact with the police.",
    "He said he had been drinking more since the bereavement.",
    "She asked for help with housing and debt.",
    "The letter was sent to an old address.",
    "The team agreed to review in four weeks.",
    "No interpreter was booked.",
]
ANALYSES = [
    "A missed chance to adapt contact to his communication needs.",
    "Dual diagnosis guidance says substance use should not exclude him from care.",
    "The family's concerns were not explored or recorded as risk information.",
    "Standard care left no one coordinating the plan.",
]


def synthetic_events(
    subjects: list[Subject], count: int, theme_ids: list[uuid.UUID], seed: int
) -> tuple[list[Event], list[Tag]]:
    rng = random.Random(seed)
    start = dt.date(2010, 1, 1)
    events: list[Event] = []
    tags: list[Tag] = []
    types = list(EventType)
    for _ in range(count):
        day = start + dt.timedelta(days=rng.randrange(0, 365 * 14))
        roll = rng.random()
        if roll < 0.8:
            date = EventDate.day(day.year, day.month, day.day)
        elif roll < 0.93:
            date = EventDate.month(day.year, day.month)
        else:
            date = EventDate.year(day.year)
        involved = [rng.choice(subjects).id]
        if rng.random() < 0.03:
            other = rng.choice(subjects).id
            if other not in involved:
                involved.append(other)
        summary = rng.choice(OPENINGS) + ". " + " ".join(rng.sample(DETAILS, rng.randint(0, 2)))
        event = Event(
            id=uuid.UUID(int=rng.getrandbits(128), version=4),
            subject_ids=involved,
            date=date,
            time=dt.time(rng.randrange(8, 20), rng.choice((0, 15, 30, 45)))
            if rng.random() < 0.3
            else None,
            agency=rng.choice(AGENCIES),
            author_role=rng.choice(ROLES),
            event_type=rng.choice(types),
            summary=summary.strip(),
            analysis=rng.choice(ANALYSES) if rng.random() < 0.33 else "",
            source=f"Records bundle {rng.randint(1, 40)}, p. {rng.randint(1, 400)}",
            missed_opportunity=rng.random() < 0.08,
            care_problem=rng.random() < 0.1,
            notable_practice=rng.random() < 0.04,
        )
        events.append(event)
        if theme_ids and rng.random() < 0.5:
            for theme_id in rng.sample(theme_ids, rng.randint(1, 2)):
                tags.append(
                    Tag(
                        id=uuid.UUID(int=rng.getrandbits(128), version=4),
                        event_id=event.id,
                        theme_id=theme_id,
                        origin=TagOrigin.MANUAL,
                        created_at=dt.datetime(2024, 1, 1, tzinfo=dt.UTC),
                    )
                )
    return events, tags


def synthetic_subjects(count: int, seed: int) -> list[Subject]:
    rng = random.Random(seed + 1)
    return [
        Subject(
            id=uuid.UUID(int=rng.getrandbits(128), version=4),
            label=f"Service user {chr(65 + i) if i < 26 else i + 1}",
            community=rng.choice(["White British", "Irish Traveller", "Black British", ""]),
            care_pathway=rng.choice(["Standard care", "CPA"]),
            sort_order=i,
        )
        for i in range(count)
    ]


def generate_review(path: Path, *, events: int, subjects: int = 10, seed: int = 1) -> Path:
    path = Path(path)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    with ReviewFile.create(path, f"Synthetic review ({events} events, seed {seed})") as review:
        people = synthetic_subjects(subjects, seed)
        with review.action("Add synthetic service users") as tx:
            for subject in people:
                tx.put(subject)
        theme_ids = [t.id for t in review.themes()]
        made, tags = synthetic_events(people, events, theme_ids, seed)
        review.add_events(made, tags, label="Add synthetic chronology")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--events", type=int, default=1000)
    parser.add_argument("--subjects", type=int, default=10)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    generate_review(args.out, events=args.events, subjects=args.subjects, seed=args.seed)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
