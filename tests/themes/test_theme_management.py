"""Accepting and rejecting suggestions, and changing a review's themes: all undoable."""

from __future__ import annotations

import itertools
import uuid
from pathlib import Path

import pytest

from investigator.models import (
    Decision,
    Finding,
    LearningPoint,
    NotFoundError,
    Quadrant,
    QuadrantItem,
    Tag,
    TagOrigin,
    ValidationError,
)
from investigator.review import ReviewFile, build_event
from investigator.themes import colours
from investigator.themes.frameworks import load_framework


def _state(review: ReviewFile) -> tuple[object, ...]:
    """Everything a theme action may touch, comparable before and after."""
    return (
        sorted((t.id, t.event_id, t.theme_id, t.rationale) for t in review.tags()),
        sorted((t.id, t.code, t.name, t.colour) for t in review.themes()),
        sorted(f.id for f in review.frameworks()),
        sorted(
            (d.event_id, d.theme_id, d.decision)
            for d in review.suggestion_decisions([e.id for e in review.events()])
        ),
        sorted((f.id, f.theme_id) for f in review.store.all(Finding) if isinstance(f, Finding)),
    )


def _tag_pairs(review: ReviewFile) -> set[tuple[str, str]]:
    codes = {t.id: t.code for t in review.themes()}
    return {(str(t.event_id), codes[t.theme_id]) for t in review.tags()}


# --- accepting and rejecting suggestions ---------------------------------------


def test_accepting_tags_the_event_and_records_the_decision(demo_review: ReviewFile) -> None:
    before = _state(demo_review)
    suggestion = demo_review.suggestions()[0]
    tag = demo_review.accept_suggestion(suggestion.event_id, suggestion.theme_id)
    assert tag.origin is TagOrigin.SUGGESTION and tag.theme_id == suggestion.theme_id
    [decision] = demo_review.suggestion_decisions([suggestion.event_id])
    assert decision.decision is Decision.ACCEPTED and decision.decided_by == "Test reviewer"
    assert (suggestion.event_id, suggestion.theme_id) not in {
        (s.event_id, s.theme_id) for s in demo_review.suggestions(limit=6)
    }
    assert demo_review.undo() == f"Accept suggestion {demo_review.theme(tag.theme_id).name}"
    assert _state(demo_review) == before
    assert demo_review.suggestions()[0] == suggestion


def test_a_rejected_suggestion_stays_rejected_after_reopening(demo_path: Path) -> None:
    with ReviewFile.open(demo_path) as review:
        suggestion = review.suggestions()[0]
        pair = (suggestion.event_id, suggestion.theme_id)
        review.reject_suggestion(*pair)
        assert pair not in {(s.event_id, s.theme_id) for s in review.suggestions(limit=6)}
    with ReviewFile.open(demo_path) as review:
        assert pair not in {(s.event_id, s.theme_id) for s in review.suggestions(limit=6)}
        [decision] = review.suggestion_decisions([suggestion.event_id])
        assert decision.decision is Decision.REJECTED
        # The event is still untagged with that theme: rejecting is not tagging.
        assert suggestion.theme_id not in {t.theme_id for t in review.tags([suggestion.event_id])}


def test_undoing_a_rejection_offers_the_suggestion_again(demo_review: ReviewFile) -> None:
    before = _state(demo_review)
    suggestion = demo_review.suggestions()[0]
    demo_review.reject_suggestion(suggestion.event_id, suggestion.theme_id)
    demo_review.undo()
    assert _state(demo_review) == before
    assert suggestion in demo_review.suggestions()
    demo_review.redo()
    assert suggestion not in demo_review.suggestions()


def test_a_turned_down_suggestion_can_be_offered_again_later(demo_path: Path) -> None:
    with ReviewFile.open(demo_path) as review:
        suggestion = review.suggestions()[0]
        pair = (suggestion.event_id, suggestion.theme_id)
        with pytest.raises(NotFoundError, match="was not turned down"):
            review.reconsider_suggestion(*pair)
        review.reject_suggestion(*pair)
        review.tag(review.events()[-1].id, "TIC")  # other work in between
    with ReviewFile.open(demo_path) as review:
        review.suggestions()  # the suggester is live, and must learn the change
        review.reconsider_suggestion(*pair)
        assert review.undo_label is not None and review.undo_label.startswith("Offer ")
        assert pair in {(s.event_id, s.theme_id) for s in review.suggestions(limit=6)}
        assert review.suggestion_decisions([suggestion.event_id]) == []
        review.undo()
        assert pair not in {(s.event_id, s.theme_id) for s in review.suggestions(limit=6)}


def test_whoever_is_told_of_a_change_already_gets_suggestions_that_reflect_it(
    demo_review: ReviewFile,
) -> None:
    """The app listens before the suggester exists and asks for suggestions when told
    of a change; a theme just turned down or tagged must not be offered then."""
    seen: list[set[tuple[object, object]]] = []

    def refresh(_result: object) -> None:
        seen.append({(s.event_id, s.theme_id) for s in demo_review.suggestions(limit=6)})

    demo_review.add_listener(refresh)
    first, second = demo_review.suggestions()[:2]
    demo_review.reject_suggestion(first.event_id, first.theme_id)
    assert (first.event_id, first.theme_id) not in seen[-1]
    demo_review.tag(second.event_id, second.theme_id)
    assert (second.event_id, second.theme_id) not in seen[-1]


def test_accepting_after_rejecting_updates_the_one_decision(demo_review: ReviewFile) -> None:
    suggestion = demo_review.suggestions()[0]
    demo_review.reject_suggestion(suggestion.event_id, suggestion.theme_id)
    demo_review.accept_suggestion(suggestion.event_id, suggestion.theme_id)
    [decision] = demo_review.suggestion_decisions([suggestion.event_id])
    assert decision.decision is Decision.ACCEPTED


def test_accepting_names_an_unknown_theme_plainly(demo_review: ReviewFile) -> None:
    event = demo_review.events()[0]
    with pytest.raises(NotFoundError, match="no theme 'NOPE'"):
        demo_review.accept_suggestion(event.id, "NOPE")


# --- renaming, recolouring, adding ------------------------------------------------


def test_rename_and_recolour_keep_every_tag(demo_review: ReviewFile) -> None:
    tags = _tag_pairs(demo_review)
    theme = demo_review.rename_theme("VOICE", "  Voice of patients   and families ")
    assert theme.name == "Voice of patients and families"
    assert demo_review.theme("Voice of patients and families").id == theme.id
    assert demo_review.recolour_theme("VOICE", "#12ab34").colour == "#12AB34"
    assert _tag_pairs(demo_review) == tags
    demo_review.undo()
    demo_review.undo()
    assert demo_review.theme("VOICE").name == "Patient and family voice"


@pytest.mark.parametrize("name", ["", "   ", "health inequalities"])
def test_a_theme_name_must_be_new_and_not_blank(demo_review: ReviewFile, name: str) -> None:
    with pytest.raises(ValidationError):
        demo_review.rename_theme("VOICE", name)


@pytest.mark.parametrize("colour", ["purple", "#12345", "12345G", "#GGGGGG"])
def test_a_colour_must_be_six_hex_digits(demo_review: ReviewFile, colour: str) -> None:
    with pytest.raises(ValidationError, match="six hexadecimal digits"):
        demo_review.recolour_theme("VOICE", colour)


def test_added_theme_can_be_tagged_and_undone(review: ReviewFile) -> None:
    theme = review.add_theme("Housing and homelessness")
    assert (theme.code, theme.sort_order) == ("HAH", 6)
    assert theme.framework_id == review.review.framework_id
    assert review.add_theme("Housing twice", code="HAH2").code == "HAH2"
    with pytest.raises(ValidationError, match="already has a theme with the code"):
        review.add_theme("Other", code="hah")
    with pytest.raises(ValidationError, match="may use only"):
        review.add_theme("Other", code="A/B")
    with pytest.raises(NotFoundError):
        review.add_theme("Other", framework="no-such-framework")
    review.undo()
    review.undo()
    assert "HAH" not in [t.code for t in review.themes()]


def test_a_theme_nothing_uses_can_be_removed_and_one_in_use_cannot(
    demo_review: ReviewFile,
) -> None:
    tags = _tag_pairs(demo_review)
    spare = demo_review.add_theme("Added by mistake", code="OOPS")
    event = demo_review.events()[0]
    demo_review.reject_suggestion(event.id, spare.id)  # a decision goes with the theme
    demo_review.remove_theme("OOPS")
    assert "OOPS" not in [t.code for t in demo_review.themes()]
    assert all(d.theme_id != spare.id for d in demo_review.suggestion_decisions([event.id]))
    assert all(s.theme_id != spare.id for s in demo_review.suggestions(limit=9))
    demo_review.undo()
    assert demo_review.theme("OOPS").name == "Added by mistake"
    demo_review.redo()
    with pytest.raises(ValidationError, match=r"Trauma-informed care is on \d+ events\. Merge"):
        demo_review.remove_theme("TIC")
    assert _tag_pairs(demo_review) == tags


def test_a_theme_named_in_the_learning_or_the_last_theme_is_kept(review: ReviewFile) -> None:
    voice = review.theme("VOICE")
    with review.action("Add a learning point") as tx:
        tx.put(LearningPoint(text="Ask the family what they saw.", theme_ids=[voice.id]))
    with pytest.raises(ValidationError, match="named in the review's findings or learning"):
        review.remove_theme("VOICE")
    review.undo()  # the learning point goes: now nothing names the theme
    for code in ("ACCESS", "INEQ", "AGENCIES", "PATHWAY", "VOICE"):
        review.remove_theme(code)
    assert [t.code for t in review.themes()] == ["TIC"]
    with pytest.raises(ValidationError, match="at least one theme"):
        review.remove_theme("TIC")


# --- merging ------------------------------------------------------------------------


def _merge_fixture(review: ReviewFile) -> list[str]:
    subject = review.add_subject("Service user A")
    events = [build_event([subject.id], "2021", f"Event {n}") for n in range(4)]
    review.add_events(events)
    ids = [str(e.id) for e in events]
    review.tag(ids[0], "TIC", rationale="bereaved")
    review.tag(ids[1], "TIC", rationale="abuse disclosed")
    review.tag(ids[1], "VOICE", rationale="mother rang")
    review.tag(ids[2], "VOICE")
    review.reject_suggestion(ids[3], "TIC")
    review.reject_suggestion(ids[2], "TIC")
    review.accept_suggestion(ids[2], "VOICE")
    tic, voice = review.theme("TIC"), review.theme("VOICE")
    with review.action("Add findings") as tx:
        tx.put(Finding(title="Trauma", theme_id=tic.id))
        tx.put(LearningPoint(text="Ask about trauma", theme_ids=[tic.id, voice.id]))
        tx.put(QuadrantItem(quadrant=Quadrant.SYSTEM, question="Who asks?", theme_ids=[tic.id]))
    return ids


def test_merge_moves_every_tag_and_keeps_one_per_event(review: ReviewFile) -> None:
    ids = _merge_fixture(review)
    voice = review.theme("VOICE")
    before = _state(review)
    review.merge_themes("TIC", "VOICE")
    assert "TIC" not in [t.code for t in review.themes()]
    assert _tag_pairs(review) == {(ids[0], "VOICE"), (ids[1], "VOICE"), (ids[2], "VOICE")}
    merged = {str(t.event_id): t for t in review.tags()}
    assert merged[ids[0]].rationale == "bereaved"
    assert merged[ids[1]].rationale == "mother rang; abuse disclosed"
    decisions = {
        (str(d.event_id), d.decision)
        for d in review.suggestion_decisions(ids)
        if d.theme_id == voice.id
    }
    # ids[2] had its own decision about VOICE, which stands; ids[3]'s rejection followed.
    assert decisions == {(ids[2], Decision.ACCEPTED), (ids[3], Decision.REJECTED)}
    assert [f.theme_id for f in review.store.all(Finding) if isinstance(f, Finding)] == [voice.id]
    [point] = [p for p in review.store.all(LearningPoint) if isinstance(p, LearningPoint)]
    assert point.theme_ids == [voice.id]
    [item] = [q for q in review.store.all(QuadrantItem) if isinstance(q, QuadrantItem)]
    assert item.theme_ids == [voice.id]
    after = _state(review)

    assert review.undo() == "Merge Trauma-informed care into Patient and family voice"
    assert _state(review) == before
    review.redo()
    assert _state(review) == after


def test_merge_updates_live_suggestions(demo_review: ReviewFile) -> None:
    tic = demo_review.theme("TIC")
    assert tic.id in {s.theme_id for s in demo_review.suggestions(limit=6)}
    demo_review.merge_themes("TIC", "VOICE")
    assert tic.id not in {s.theme_id for s in demo_review.suggestions(limit=6)}
    demo_review.undo()
    assert tic.id in {s.theme_id for s in demo_review.suggestions(limit=6)}


def test_a_theme_cannot_be_merged_into_itself(review: ReviewFile) -> None:
    with pytest.raises(ValidationError, match="itself"):
        review.merge_themes("TIC", "tic")


def test_merge_survives_reopening(tmp_path: Path) -> None:
    path = tmp_path / "m.review"
    with ReviewFile.create(path, "Merge") as review:
        ids = _merge_fixture(review)
        review.merge_themes("TIC", "VOICE")
        expected = _tag_pairs(review)
    with ReviewFile.open(path) as review:
        assert _tag_pairs(review) == expected
        assert all(isinstance(t, Tag) for t in review.tags(ids))


# --- a second framework ------------------------------------------------------------


def test_adding_a_framework_keeps_every_tag(demo_review: ReviewFile) -> None:
    tags = _tag_pairs(demo_review)
    framework = demo_review.add_framework("seips")
    assert framework.code == "seips"
    codes = [t.code for t in demo_review.themes()]
    assert codes[:6] == ["TIC", "ACCESS", "INEQ", "AGENCIES", "PATHWAY", "VOICE"]
    assert len(codes) == 12
    assert _tag_pairs(demo_review) == tags
    person = demo_review.theme("PERSON")
    event = demo_review.events()[0]
    demo_review.tag(event.id, person.id)
    assert person.id in {t.theme_id for t in demo_review.tags([event.id])}
    with pytest.raises(ValidationError, match="already uses"):
        demo_review.add_framework("seips")
    demo_review.undo()
    demo_review.undo()
    assert [f.code for f in demo_review.frameworks()] == ["six-themes"]
    assert _tag_pairs(demo_review) == tags


@pytest.mark.parametrize(
    ("code", "clashes"),
    [("seips", True), ("npsa-contributory-factors", False), ("homicide-root-causes", True)],
)
def test_a_framework_added_beside_another_brings_colours_that_can_be_told_apart(
    review: ReviewFile, code: str, clashes: bool
) -> None:
    """SEIPS's purple, orange and blue sat a few shades from the six themes' own.
    NPSA's nine colours were chosen to sit beside the six themes' (there is
    little room left in the band of readable colours for replacements)."""
    first = {t.id: t.colour for t in review.themes()}
    shipped = {t.id: t.colour for t in load_framework(code).themes}
    near = [
        c for c in shipped.values() if colours.nearest(c, first.values()) < colours.MIN_DISTANCE
    ]
    assert bool(near) == clashes, near
    review.add_framework(code)
    themes = review.themes()
    assert {t.id: t.colour for t in themes if t.id in first} == first  # never recoloured
    for one, other in itertools.combinations(themes, 2):
        distance = colours.distance(one.colour, other.colour)
        assert distance >= colours.MIN_DISTANCE, (one.name, other.name, round(distance, 1))
    for theme in themes:
        assert colours.readable(theme.colour), theme
        if theme.id in shipped and colours.nearest(shipped[theme.id], first.values()) >= 40:
            assert theme.colour == shipped[theme.id]  # far from the rest: kept as shipped
    for number in range(4):
        added = review.add_theme(f"Added theme {number}")
        others = [t.colour for t in review.themes() if t.id != added.id]
        assert colours.nearest(added.colour, others) >= 20
        assert colours.readable(added.colour)


def _age_the_phrases(review: ReviewFile, code: str) -> list[str]:
    """Make the review look as if made by an older version: fewer phrases for ``code``."""
    theme = review.theme(code)
    with review.action("Older phrases") as tx:
        tx.put(theme.model_copy(update={"lexicon": theme.lexicon[:3]}))
    return [entry.phrase for entry in theme.lexicon]


def _access_suggestions(review: ReviewFile) -> int:
    access = review.theme("ACCESS").id
    return sum(s.theme_id == access for s in review.suggestions(limit=6))


def test_updating_phrases_brings_shipped_themes_up_to_date_and_keeps_the_rest(
    demo_review: ReviewFile,
) -> None:
    current = _age_the_phrases(demo_review, "ACCESS")
    demo_review.rename_theme("ACCESS", "Getting help")
    own = demo_review.add_theme("Housing and homelessness")
    before = _state(demo_review)
    assert len(demo_review.theme("ACCESS").lexicon) == 3
    suggested_before = _access_suggestions(demo_review)

    updated = demo_review.update_phrases()

    assert [t.code for t in updated] == ["ACCESS"]
    access = demo_review.theme("ACCESS")
    assert [entry.phrase for entry in access.lexicon] == current
    assert access.name == "Getting help"  # the reviewer's name is kept
    assert demo_review.theme(own.id).lexicon == own.lexicon
    assert _state(demo_review) == before  # tags, names, colours, frameworks unchanged
    # The live suggester hears of it: the restored phrases are found again.
    assert _access_suggestions(demo_review) > suggested_before
    assert demo_review.update_phrases() == []  # already current: nothing to do
    demo_review.undo()
    assert len(demo_review.theme("ACCESS").lexicon) == 3


def test_tagging_a_selection_with_an_event_that_is_gone_changes_nothing(
    review: ReviewFile,
) -> None:
    subject = review.add_subject("Service user A")
    events = [build_event([subject.id], "2021", f"Contact {n}") for n in range(3)]
    review.add_events(events)
    ids = [str(e.id) for e in events] + [str(uuid.uuid4())]
    with pytest.raises(NotFoundError, match="no event with id"):
        review.toggle_theme(ids, "ACCESS")
    assert review.tags() == []
    assert review.toggle_theme(ids[:3], "ACCESS") is True
    assert len(review.tags()) == 3
