"""The demo review: fictional service users, written for trying Investigator out."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any

from investigator.models import SubjectAttribute, Tag, TagOrigin, ValidationError
from investigator.resources import template_path
from investigator.review import ReviewFile, build_event, build_subject, current_reviewer
from investigator.store import ReviewExistsError

DEMO_FILE = ("demo", "demo-review.toml")

_EVENT_FIELDS = (
    "agency",
    "author_role",
    "should_have_happened",
    "analysis",
    "source",
    "missed_opportunity",
    "care_problem",
    "notable_practice",
)


def load_demo_content() -> dict[str, Any]:
    with template_path(*DEMO_FILE).open("rb") as handle:
        return tomllib.load(handle)


def write_demo_review(path: Path | str, *, overwrite: bool = False) -> Path:
    """Build the demo review in a temporary file, then move it into place whole."""
    path = Path(path)
    if path.exists() and not overwrite:
        raise ReviewExistsError(path)
    content = load_demo_content()
    temp = path.with_name(f".{path.name}.building")
    for leftover in (temp, Path(f"{temp}-wal"), Path(f"{temp}-shm")):
        leftover.unlink(missing_ok=True)
    info = content["review"]
    review = ReviewFile.create(temp, info["title"], reference=info.get("reference", ""))
    try:
        review.update_review(
            terms_of_reference=info.get("terms_of_reference", ""),
            reviewers=info.get("reviewers", []),
        )
        _fill(review, content)
    finally:
        review.close()
    os.replace(temp, path)
    return path


def _fill(review: ReviewFile, content: dict[str, Any]) -> None:
    subjects = {}
    with review.action("Add demo service users") as tx:
        for order, entry in enumerate(content["subjects"]):
            entry = dict(entry)
            label = entry.pop("label")
            attributes = entry.pop("attributes", [])
            subject = build_subject(label, entry, sort_order=order)
            subject = subject.model_copy(update={"attributes": [_attribute(a) for a in attributes]})
            tx.put(subject)
            subjects[label] = subject
    themes = {theme.code: theme for theme in review.themes()}
    events = []
    tags = []
    actor = current_reviewer()
    for number, entry in enumerate(content["events"], start=1):
        try:
            event = build_event(
                [subjects[label].id for label in entry["subjects"]],
                entry["date"],
                entry["summary"],
                time_text=entry.get("time"),
                event_type=entry.get("type", "other"),
                **{k: entry[k] for k in _EVENT_FIELDS if k in entry},
            )
        except (KeyError, ValueError) as error:
            raise ValidationError(f"Demo event {number}: {error}") from None
        events.append(event)
        tags.extend(
            Tag(
                event_id=event.id,
                theme_id=themes[code].id,
                origin=TagOrigin.MANUAL,
                created_by=actor,
            )
            for code in entry.get("themes", [])
        )
    review.add_events(events, tags, label="Add demo chronology")


def _attribute(entry: dict[str, Any]) -> SubjectAttribute:
    return SubjectAttribute.model_validate(entry)
