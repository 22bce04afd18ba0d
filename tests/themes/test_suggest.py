"""Theme suggestions: phrases with real spans, negation, learning from tags, and the facade."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

import pytest

from investigator.models import (
    EventText,
    LexiconEntry,
    PhraseReason,
    SimilarEventReason,
    Suggestion,
    Theme,
)
from investigator.progress import Cancelled, Progress
from investigator.review import ReviewFile, build_event
from investigator.themes.frameworks import load_framework
from investigator.themes.learning import TagModel
from investigator.themes.lexicon import Lexicon, canonical
from investigator.themes.negation import is_negated, out_of_reach
from investigator.themes.suggest import Suggester
from investigator.themes.text import features

SIX = load_framework("six-themes").themes
CODES = {str(theme.id): theme.code for theme in SIX}


def _text(summary: str, **fields: str) -> EventText:
    return EventText(str(uuid.uuid4()), summary, **fields)


def _codes(suggestions: Sequence[Suggestion]) -> list[str]:
    return [CODES[str(s.theme_id)] for s in suggestions]


def _phrases(suggestion: Suggestion) -> list[str]:
    return [r.phrase for r in suggestion.reasons if isinstance(r, PhraseReason)]


def _add_events(review: ReviewFile, summaries: Sequence[str], **fields: str) -> list[str]:
    subject = review.add_subject(f"Service user {len(review.subjects()) + 1}")
    events = [build_event([subject.id], "2020", text, **fields) for text in summaries]
    review.add_events(events)
    return [str(e.id) for e in events]


# --- phrases and their places -------------------------------------------------


def test_phrase_reasons_point_at_the_words_in_their_field(demo_review: ReviewFile) -> None:
    suggestions = demo_review.suggestions()
    events = {e.id: e for e in demo_review.events()}
    checked = 0
    for suggestion in suggestions:
        assert suggestion.reasons, "every suggestion says why"
        for reason in suggestion.reasons:
            if not isinstance(reason, PhraseReason):
                continue
            words = getattr(events[suggestion.event_id], reason.field)[reason.start : reason.end]
            # Matching forgives case, spacing, hyphens, curly apostrophes and plurals.
            assert canonical(words).startswith(canonical(reason.phrase)), (words, reason)
            checked += 1
    assert checked > 50


def test_matching_ignores_case_spacing_hyphens_and_plurals_but_not_word_boundaries() -> None:
    lexicon = Lexicon(SIX)

    def found(summary: str) -> set[str]:
        return {hit.phrase for hit in lexicon.hits(_text(summary))}

    assert "did not attend" in found("He DID NOT\n attend.")
    assert "non-attendance" in found("Non attendance noted")
    assert "easy read" in found("An easy-read letter")
    assert "children's home" in found("Grew up in a children’s home")
    assert "carer" in found("Both carers were present")
    assert "dna" not in found("DNase test")  # inside a word
    assert "trauma" not in found("traumatology clinic")


def test_a_phrase_that_begins_with_a_symbol_changes_no_other_match() -> None:
    """Phrases are scanned for from the gaps between words when every phrase begins
    with a letter or digit, and at every word boundary otherwise: the same hits."""
    first = SIX[0]
    odd = first.model_copy(
        update={"lexicon": (*first.lexicon, LexiconEntry(phrase="#flagged", weight=1.0))}
    )
    from_gaps, everywhere = Lexicon(SIX), Lexicon([odd, *SIX[1:]])
    assert from_gaps._from_gap and not everywhere._from_gap
    summaries = [
        "Did not attend; no interpreter was booked. (Mother) rang the crisis-team.",
        "Care co-ordinator's visit—carers' assessment not offered, no concerns about family",
        "DNase test; traumatology clinic; childhood abuse disclosed",
        "carer",
    ]
    for summary in summaries:
        text = _text(summary, analysis=summary.upper())
        assert everywhere.hits(text) == from_gaps.hits(text)


def test_spans_survive_letters_whose_lower_case_is_longer() -> None:
    summary = "İİ seen; mother rang the team"
    hits = [h for h in Lexicon(SIX).hits(_text(summary)) if h.phrase == "mother"]
    assert hits and summary[hits[0].start : hits[0].end] == "mother"


def test_longest_phrase_of_a_theme_wins_and_negative_phrases_count_against() -> None:
    lexicon = Lexicon(SIX)
    tic = {h.phrase for h in lexicon.hits(_text("Disclosed childhood abuse")) if h.weight > 0}
    assert "childhood abuse" in tic and "abuse" not in tic
    head = [
        h for h in lexicon.hits(_text("Admitted with head trauma")) if h.phrase.endswith("trauma")
    ]
    assert [h.phrase for h in head] == ["head trauma"] and head[0].weight < 0
    suggester = Suggester(SIX)
    assert "TIC" not in _codes(suggester.suggest(_text("Admitted with head trauma"), 6))


def test_a_phrase_in_another_theme_is_not_hidden_by_a_longer_one() -> None:
    own = Theme(
        framework_id=uuid.uuid4(), code="X", name="X", lexicon=[{"phrase": "police custody"}]
    )
    other = Theme(framework_id=uuid.uuid4(), code="Y", name="Y", lexicon=[{"phrase": "police"}])
    hits = Lexicon([own, other]).hits(_text("Held in police custody overnight"))
    assert {(h.theme_id, h.phrase) for h in hits} == {
        (str(own.id), "police custody"),
        (str(other.id), "police"),
    }


# --- negation -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("No concerns about family were raised at the review.", "family"),
        ("He denied thoughts of harming others.", "thoughts of harming others"),
        ("Nil forensic history.", "forensic history"),
        ("No evidence of trauma.", "trauma"),
        ("She is not a carer for anyone.", "carer"),
    ],
)
def test_a_cue_before_a_phrase_cancels_it(text: str, phrase: str) -> None:
    start = text.lower().index(phrase)
    assert is_negated(text, start, start + len(phrase))
    assert phrase not in {h.phrase for h in Lexicon(SIX).hits(_text(text))}


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("Mother rang the duty line.", "mother"),
        ("No interpreter was booked.", "interpreter"),
        ("Discharged without a care plan.", "care plan"),
        ("Not offered a carer's assessment.", "carer's assessment"),
        ("There is no evidence that the family were contacted.", "family"),
        ("No record of a risk assessment.", "risk assessment"),
        ("No concerns raised. Family were worried.", "family"),
    ],
)
def test_an_omission_or_another_clause_is_not_a_negation(text: str, phrase: str) -> None:
    start = text.lower().index(phrase)
    assert not is_negated(text, start, start + len(phrase))


@pytest.mark.parametrize(
    ("text", "phrase", "denied"),
    [
        ("No concerns about family.", "family", True),
        ("No concerns were raised at that time by the family.", "family", False),
        ("No concerns; family visited daily.", "family", False),
        ("Nothing untoward, and she hasn't any family nearby.", "family", True),
        ("Not seen since March and the police say her family moved.", "family", False),
        ("She was not in touch with family.", "family", True),  # three words between
    ],
)
def test_the_lexicon_settles_a_distant_cue_as_the_full_check_does(
    text: str, phrase: str, denied: bool
) -> None:
    start = text.lower().index(phrase)
    assert is_negated(text, start, start + len(phrase)) is denied
    assert (phrase not in {h.phrase for h in Lexicon(SIX).hits(_text(text))}) is denied


def test_a_cue_is_out_of_reach_only_when_that_is_certain() -> None:
    def reach(text: str) -> bool:  # the cue is the first word, the phrase is "family"
        return out_of_reach(text, text.index(" "), text.index("family"))

    assert reach("no concerns. family")  # a clause break between
    assert reach("no record in the notes of family")  # five plain words between
    assert not reach("no concerns about family")  # near enough: look closer
    assert not reach("no word since, though she isn't with family")  # a contraction
    assert not reach("no co-ordinated view from the family")  # not plain words: look closer


def test_no_concerns_about_family_does_not_suggest_family_voice() -> None:
    suggester = Suggester(SIX)
    assert "VOICE" not in _codes(suggester.suggest(_text("No concerns about family."), 6))
    assert "VOICE" in _codes(suggester.suggest(_text("Family raised concerns about him."), 6))


# --- learning from tags --------------------------------------------------------------

# Words no lexicon knows: only the reviewer's tags can teach what they mean.
_PATTERN = "Glimmerbrook panel deferred the matter to the Ottery board"


def test_learning_changes_rankings_after_tagging(review: ReviewFile) -> None:
    ids = _add_events(
        review,
        [f"{_PATTERN} (sitting {n})." for n in range(6)]
        + [f"Unrelated note {n}: prescription collected." for n in range(4)],
    )
    target = ids[5]
    assert "PATHWAY" not in _codes(review.suggestions([target], limit=6))
    for event_id in ids[:5]:
        review.tag(event_id, "PATHWAY")
    for event_id in ids[6:]:
        review.tag(event_id, "INEQ")
    learned = review.suggestions([target], limit=6)
    assert _codes(learned)[0] == "PATHWAY"
    similar = [r for r in learned[0].reasons if isinstance(r, SimilarEventReason)]
    assert similar and {str(r.event_id) for r in similar} <= set(ids[:5])
    assert similar[0].excerpt.startswith("Glimmerbrook panel")
    assert 0 < similar[0].similarity <= 1


def test_untagging_unlearns(review: ReviewFile) -> None:
    ids = _add_events(review, [f"{_PATTERN} ({n})." for n in range(7)])
    for event_id in ids[:6]:
        review.tag(event_id, "PATHWAY")
    assert "PATHWAY" in _codes(review.suggestions([ids[6]]))
    for event_id in ids[:6]:
        review.untag(event_id, "PATHWAY")
    assert "PATHWAY" not in _codes(review.suggestions([ids[6]]))


def test_the_live_suggester_agrees_with_one_built_afresh(demo_path: str) -> None:
    """Every tag, untag, undo and redo is learned incrementally; reopening relearns all."""
    with ReviewFile.open(demo_path) as review:
        review.suggestions()
        live = review._suggester
        untagged = [s.event_id for s in review.suggestions()][:6]
        for event_id in untagged[:3]:
            review.tag(event_id, "ACCESS")
        review.untag(untagged[0], "ACCESS")
        review.tag(untagged[3], "VOICE")
        review.undo()
        review.undo()
        review.redo()
        incremental = review.suggestions()
        assert review._suggester is live, "updated in place, not rebuilt"
    with ReviewFile.open(demo_path) as reopened:
        assert reopened.suggestions() == incremental


def test_learning_many_at_once_equals_one_by_one() -> None:
    texts = [_text(f"Referral to team {n} declined; family rang {n % 3}") for n in range(40)]
    themes = ["a", "b", "c"]
    one_by_one, at_once = TagModel(themes), TagModel(themes)
    labelled = []
    for n, text in enumerate(texts):
        chosen = {themes[n % 3], themes[(n * 2) % 3]}
        labelled.append((text.event_id, chosen, features(text), text.summary))
        for theme in sorted(chosen):
            one_by_one.add_tag(text.event_id, theme, features(text), text.summary)
    at_once.learn_many(labelled)
    probe = features(_text("Referral declined again; family rang"))
    assert one_by_one.log_odds(probe, 3.0) == pytest.approx(at_once.log_odds(probe, 3.0))
    for theme in themes:
        via = one_by_one.strongest(probe, theme, 3)
        assert via == at_once.strongest(probe, theme, 3)
        assert one_by_one.similar(probe, theme, via, 5) == at_once.similar(probe, theme, via, 5)


def test_a_batch_of_tags_learns_what_one_tag_at_a_time_does() -> None:
    texts = [_text(f"Referral {n} declined; sister rang about week {n % 4}") for n in range(30)]
    themes = ["a", "b", "c"]
    one_by_one, batched = TagModel(themes), TagModel(themes)
    changes = [(text, themes[n % 3]) for n, text in enumerate(texts)]
    changes += [(text, themes[(n + 1) % 3]) for n, text in enumerate(texts[:10])]
    removed = [(text, themes[n % 3]) for n, text in enumerate(texts[20:])]
    with batched.batch():
        for model in (one_by_one, batched):
            for text, theme in changes:
                model.add_tag(text.event_id, theme, features(text), text.summary)
            for text, theme in removed:
                model.remove_tag(text.event_id, theme)
        mid_batch = batched.odds_table().weights
        assert mid_batch != one_by_one.odds_table().weights, "weighed only at the end"
    for theme in themes:
        assert batched._themes[theme].weights == one_by_one._themes[theme].weights
    probe = features(_text("Referral declined; sister rang"))
    assert batched.log_odds(probe, 3.0) == one_by_one.log_odds(probe, 3.0)


def test_tagged_and_rejected_themes_are_not_suggested_again() -> None:
    text = _text("Did not attend; mother rang the team, worried; no interpreter was booked.")
    suggester = Suggester(SIX)
    first = _codes(suggester.suggest(text, 6))
    assert {"ACCESS", "VOICE", "INEQ"} <= set(first)
    ids = {theme.code: str(theme.id) for theme in SIX}
    suggester.add_tag(text, ids["ACCESS"])
    suggester.reject(text.event_id, ids["VOICE"])
    again = _codes(suggester.suggest(text, 6))
    assert "ACCESS" not in again and "VOICE" not in again and "INEQ" in again
    suggester.unreject(text.event_id, ids["VOICE"])
    assert "VOICE" in _codes(suggester.suggest(text, 6))


def test_scores_are_between_0_and_1_and_best_first(demo_review: ReviewFile) -> None:
    suggestions = demo_review.suggestions(limit=6)
    by_event: dict[uuid.UUID, list[float]] = {}
    for suggestion in suggestions:
        assert 0 <= suggestion.score <= 1
        assert 0 <= suggestion.from_phrases <= 1 and 0 <= suggestion.from_tags <= 1
        by_event.setdefault(suggestion.event_id, []).append(suggestion.score)
    assert all(scores == sorted(scores, reverse=True) for scores in by_event.values())
    assert all(len(scores) <= 6 for scores in by_event.values())


def test_limit_and_themes_narrow_the_answer(demo_review: ReviewFile) -> None:
    assert demo_review.suggestions(limit=0) == []
    only = demo_review.suggestions(themes=["INEQ"], limit=6)
    assert only and set(_codes(only)) == {"INEQ"}


def test_reasons_read_as_sentences() -> None:
    phrase = PhraseReason(field="analysis", start=0, end=6, phrase="police", weight=2.0)
    assert phrase.describe() == 'mentions "police" (analysis)'
    similar = SimilarEventReason(event_id=uuid.uuid4(), excerpt="Letter sent", similarity=0.42)
    assert "42% alike" in similar.describe() and "Letter sent" in similar.describe()


def test_progress_is_reported_and_can_cancel(demo_review: ReviewFile) -> None:
    steps: list[tuple[int, int]] = []
    demo_review.suggestions(progress=Progress(lambda done, total, _: steps.append((done, total))))
    total = len(demo_review.events())
    assert steps[0] == (0, total) and steps[-1] == (total, total)
    progress = Progress()
    progress.cancel()
    with pytest.raises(Cancelled):
        demo_review.suggestions(progress=progress)


def test_a_job_title_alone_is_not_a_reason_to_suggest_a_theme() -> None:
    """'Disclosure' in the author's role ('Police disclosure officer') names a job,
    not what happened: on its own it suggests nothing; in the text it does."""
    suggester = Suggester(SIX)
    titled = _text("Attended the address; no answer.", author_role="Police disclosure officer")
    assert "TIC" not in _codes(suggester.suggest(titled, limit=6))
    told = _text("A disclosure of childhood abuse was recorded.", author_role="Police officer")
    found = suggester.suggest(told, limit=6)
    assert "TIC" in _codes(found)
    tic = found[_codes(found).index("TIC")]
    assert {r.field for r in tic.reasons if isinstance(r, PhraseReason)} == {"summary"}
    # The role still counts beside the text: it is not the only reason.
    both = _text("A disclosure of childhood abuse.", author_role="Police disclosure officer")
    with_role = suggester.suggest(both, limit=6)
    assert "TIC" in _codes(with_role)
