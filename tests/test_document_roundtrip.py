"""export-json → import-json → export-json gives the same document, for any review."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from investigator.models import (
    AttributeKind,
    Bulletin,
    BulletinSection,
    BulletinStatus,
    DatePrecision,
    Event,
    EventDate,
    EventType,
    Finding,
    Identifier,
    IdentifierKind,
    LearningPoint,
    Quadrant,
    QuadrantItem,
    Review,
    ReviewDocument,
    Subject,
    SubjectAttribute,
    Tag,
    TagOrigin,
)
from investigator.models.dates import month_end
from investigator.review import ReviewFile
from investigator.themes.frameworks import load_framework

TEMPLATE = load_framework("six-themes")

# Text as reviewers type it, including accents, quotes and emoji; never only spaces.
words = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Zs", "Zl", "Zp")),
    min_size=1,
    max_size=12,
)
text = st.lists(words, max_size=6).map(" ".join)
non_blank = st.lists(words, min_size=1, max_size=6).map(" ".join)
moments = st.datetimes(
    min_value=dt.datetime(2000, 1, 1),
    max_value=dt.datetime(2099, 1, 1),
    timezones=st.just(dt.UTC),
)
days = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2099, 12, 31))


@st.composite
def event_dates(draw: st.DrawFn) -> EventDate:
    precision = draw(st.sampled_from(DatePrecision))
    start = draw(days)
    if precision is DatePrecision.DAY:
        return EventDate.day(start.year, start.month, start.day)
    if precision is DatePrecision.MONTH:
        return EventDate.month(start.year, start.month)
    if precision is DatePrecision.YEAR:
        return EventDate.year(start.year)
    end = draw(st.dates(min_value=start, max_value=dt.date(2099, 12, 31)))
    if precision is DatePrecision.RANGE:
        return EventDate.between(start, end)
    shape = draw(st.sampled_from(["span", "month", "year"]))
    if shape == "month":
        return EventDate.approximate(start.replace(day=1), month_end(start.year, start.month))
    if shape == "year":
        return EventDate.approximate(dt.date(start.year, 1, 1), dt.date(start.year, 12, 31))
    return EventDate.approximate(start, end)


attribute_values = st.one_of(
    st.builds(SubjectAttribute, name=non_blank, kind=st.just(AttributeKind.TEXT), value=text),
    st.builds(
        SubjectAttribute,
        name=non_blank,
        kind=st.just(AttributeKind.NUMBER),
        value=st.floats(allow_nan=False, allow_infinity=False),
    ),
    st.builds(
        SubjectAttribute, name=non_blank, kind=st.just(AttributeKind.YES_NO), value=st.booleans()
    ),
    st.builds(SubjectAttribute, name=non_blank, kind=st.just(AttributeKind.DATE), value=days),
)


@st.composite
def documents(draw: st.DrawFn) -> ReviewDocument:
    labels = draw(st.lists(non_blank, min_size=1, max_size=4, unique_by=lambda s: s.casefold()))
    subjects = [
        Subject(
            label=label,
            community=draw(text),
            communication_needs=draw(text),
            care_pathway=draw(text),
            forensic_history=draw(text),
            substance_use=draw(text),
            attributes=draw(st.lists(attribute_values, max_size=3)),
            sort_order=index,
        )
        for index, label in enumerate(labels)
    ]
    events = [
        Event(
            subject_ids=draw(
                st.lists(
                    st.sampled_from([s.id for s in subjects]),
                    min_size=1,
                    max_size=len(subjects),
                    unique=True,
                )
            ),
            date=draw(event_dates()),
            time=draw(st.none() | st.times().map(lambda t: t.replace(microsecond=0))),
            agency=draw(text),
            author_role=draw(text),
            event_type=draw(st.sampled_from(EventType)),
            summary=draw(non_blank),
            should_have_happened=draw(text),
            analysis=draw(text),
            source=draw(text),
            missed_opportunity=draw(st.booleans()),
            care_problem=draw(st.booleans()),
            notable_practice=draw(st.booleans()),
        )
        for _ in range(draw(st.integers(0, 8)))
    ]
    themes = list(TEMPLATE.themes)
    tags = []
    for event in events:
        for theme in draw(st.lists(st.sampled_from(themes), max_size=3, unique_by=lambda t: t.id)):
            tags.append(
                Tag(
                    event_id=event.id,
                    theme_id=theme.id,
                    rationale=draw(text),
                    origin=draw(st.sampled_from(TagOrigin)),
                    created_by=draw(text),
                    created_at=draw(moments),
                )
            )
    theme_ids = st.lists(st.sampled_from([t.id for t in themes]), max_size=2, unique=True)
    points = [
        LearningPoint(text=draw(non_blank), theme_ids=draw(theme_ids), sort_order=i)
        for i in range(draw(st.integers(0, 3)))
    ]
    quadrant = [
        QuadrantItem(
            quadrant=draw(st.sampled_from(Quadrant)),
            question=draw(non_blank),
            theme_ids=draw(theme_ids),
            sort_order=i,
        )
        for i in range(draw(st.integers(0, 3)))
    ]
    return ReviewDocument(
        review=Review(
            title=draw(non_blank),
            reference=draw(text),
            terms_of_reference=draw(text),
            reviewers=draw(st.lists(non_blank, max_size=3)),
            framework_id=TEMPLATE.framework.id,
            created_at=draw(moments),
            updated_at=draw(moments),
        ),
        frameworks=[TEMPLATE.framework],
        themes=themes,
        subjects=subjects,
        events=events,
        tags=tags,
        findings=[
            Finding(
                theme_id=draw(st.none() | st.sampled_from([t.id for t in themes])),
                title=draw(non_blank),
                narrative=draw(text),
                evidence_event_ids=[e.id for e in events[:2]],
                sort_order=i,
            )
            for i in range(draw(st.integers(0, 2)))
        ],
        learning_points=points,
        quadrant_items=quadrant,
        bulletins=[
            Bulletin(
                title=draw(non_blank),
                introduction=draw(text),
                sections=[BulletinSection(heading=draw(non_blank), body=draw(text))],
                learning_point_ids=[p.id for p in points],
                quadrant_item_ids=[q.id for q in quadrant],
                status=draw(st.sampled_from(BulletinStatus)),
                version=draw(st.integers(1, 9)),
                updated_at=draw(moments),
            )
            for _ in range(draw(st.integers(0, 1)))
        ],
        identifiers=[
            Identifier(
                kind=draw(st.sampled_from(IdentifierKind)),
                value=draw(non_blank),
                replacement=draw(non_blank),
                subject_id=draw(st.none() | st.sampled_from([s.id for s in subjects])),
            )
            for _ in range(draw(st.integers(0, 2)))
        ],
    )


def _round_trip(document: ReviewDocument, folder: Path, name: str) -> str:
    with ReviewFile.import_document(document, folder / f"{name}.review") as review:
        return review.export_document(include_vault=True).model_dump_json(indent=2)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_export_import_export_is_lossless(document: ReviewDocument) -> None:
    with tempfile.TemporaryDirectory() as folder:
        first = _round_trip(document, Path(folder), "first")
        again = ReviewDocument.model_validate_json(first)
        second = _round_trip(again, Path(folder), "second")
    assert first == second
    exported = ReviewDocument.model_validate_json(first)
    # Nothing lost against what went in (the store orders events by date).
    assert {e.id: e for e in exported.events} == {e.id: e for e in document.events}
    assert {t.id: t for t in exported.tags} == {t.id: t for t in document.tags}
    assert exported.subjects == document.subjects
    assert exported.review == document.review
    assert exported.identifiers == document.identifiers
    assert exported.bulletins == document.bulletins
