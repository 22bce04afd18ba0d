"""The demo review looks like a real review: three linked service users, several agencies."""

from __future__ import annotations

from collections import Counter

from investigator.models import DatePrecision, EventFilter, ThemeMatch
from investigator.review import ReviewFile


def test_demo_review_shape(demo_review: ReviewFile) -> None:
    subjects = demo_review.subjects()
    assert [s.label for s in subjects] == ["Service user A", "Service user B", "Service user C"]
    events = demo_review.events()
    assert 60 <= len(events) <= 100
    years = {e.date.start.year for e in events}
    assert max(years) - min(years) >= 3
    agencies = Counter(e.agency for e in events)
    for agency in (
        "GP",
        "Community mental health team",
        "Crisis team",
        "Police",
        "Substance misuse service",
        "Family",
    ):
        assert agencies[agency] >= 2, agency
    assert any(len(e.subject_ids) > 1 for e in events), "the cases are linked"
    precisions = {e.date.precision for e in events}
    assert {DatePrecision.DAY, DatePrecision.MONTH, DatePrecision.APPROXIMATE} <= precisions


def test_demo_review_is_partly_tagged_against_the_six_themes(demo_review: ReviewFile) -> None:
    total = len(demo_review.events())
    untagged = demo_review.store.events.count(EventFilter(theme_match=ThemeMatch.UNTAGGED))
    assert 0 < untagged < total
    used = {t.theme_id for t in demo_review.tags()}
    assert used == {t.id for t in demo_review.themes()}


def test_demo_review_names_no_one(demo_review: ReviewFile) -> None:
    import re

    text = " ".join(
        f"{e.summary} {e.analysis} {e.should_have_happened} {e.source}"
        for e in demo_review.events()
    )
    assert not re.search(r"\b\d{3} ?\d{3} ?\d{4}\b", text)  # NHS-number shape
    assert not re.search(r"\b0\d{4} ?\d{6}\b", text)  # phone shape
    assert "@" not in text
