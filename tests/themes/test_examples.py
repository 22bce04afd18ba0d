"""The framework's worked examples: well formed, kept apart, and a voice that explains itself."""

from __future__ import annotations

import math
import uuid
from dataclasses import replace

import pytest

from bench.eval_suggestions import DATA, DEV_DATA, TUNE_DATA, load_set
from bench.eval_suggestions import subject_code as eval_subject_code
from investigator.models import EventText, ExampleWordsReason, PhraseReason
from investigator.review import ReviewFile
from investigator.themes.examples import (
    MIN_EXAMPLES,
    SHOWN_FROM,
    ExampleModel,
    _pack,
    examples_folder,
    read_examples,
    shipped_examples,
    where_words_are,
)
from investigator.themes.frameworks import framework_id, load_framework
from investigator.themes.suggest import Suggester, SuggestSettings
from investigator.themes.text import features, stem_of, words_with_places

SIX = load_framework("six-themes").themes
EXAMPLES = examples_folder() / "six-themes.toml"


def _text(summary: str, **fields: str) -> EventText:
    return EventText(str(uuid.uuid4()), summary, **fields)


def test_the_shipped_examples_are_labelled_with_the_frameworks_codes() -> None:
    events = read_examples(EXAMPLES)
    assert len(events) >= 1000
    assert len({text.event_id for text, _ in events}) == len(events), "a key repeats"
    codes = {theme.code for theme in SIX}
    for text, themes in events:
        assert text.summary.strip() and text.agency and text.author_role, text.event_id
        assert 1 <= len(themes) <= 3 and themes <= codes, text.event_id
    # Every theme is taught by hundreds of examples, not a handful.
    for code in codes:
        assert sum(code in themes for _, themes in events) >= 200, code
    # Only frameworks we ship have examples, and each is named by its code.
    shipped = {path.stem for path in examples_folder().glob("*.toml")}
    assert shipped == {"six-themes"}


def test_no_service_user_of_the_examples_is_in_an_evaluation_set() -> None:
    examples = {eval_subject_code(text.event_id) for text, _ in read_examples(EXAMPLES)}
    assert len(examples) >= 100
    labelled = {
        e.subject_code
        for part in (load_set(), load_set(DEV_DATA), load_set(TUNE_DATA))
        for e in part
    }
    assert not examples & labelled
    assert load_set(DATA)  # the evaluation set is there to compare with


def test_a_word_weighs_for_the_theme_whose_examples_it_is_found_in() -> None:
    examples = [
        ({"interpreter", "letter"}, {"INEQ"}),
        ({"interpreter", "clinic"}, {"INEQ"}),
        ({"threshold", "letter"}, {"ACCESS"}),
        ({"threshold", "letter", "clinic"}, {"ACCESS"}),
        ({"once", "threshold"}, {"ACCESS"}),
    ]
    model = ExampleModel.learn(examples, ["ACCESS", "INEQ"])
    assert model.examples == (3, 2)
    access, ineq = 0, 1
    assert model.rows["interpreter"][ineq] > 0 > model.rows["interpreter"][access]
    assert model.rows["threshold"][access] > 0 > model.rows["threshold"][ineq]
    assert "once" not in model.rows  # found in fewer than MIN_EXAMPLES examples
    assert MIN_EXAMPLES == 2
    parts = model.parts({"interpreter", "unknown"})
    assert parts is not None and parts[ineq] > 0.5 > parts[access]
    assert model.parts({"unknown", "words"}) is None
    # The answer does not depend on the order the examples came in.
    again = ExampleModel.learn(list(reversed(examples)), ["ACCESS", "INEQ"])
    assert again == model
    # A reason names only words common in the theme's examples and distinctive of them.
    assert model.strongest({"interpreter", "letter"}, ineq, 3) == []  # in two examples only
    many = ExampleModel.learn(
        [({"interpreter", "letter", "@gp"}, {"INEQ"})] * SHOWN_FROM
        + [({"threshold", "letter", "@gp"}, {"ACCESS"})] * 6
        + [({"interpreter", "threshold"}, {"ACCESS"})],
        ["ACCESS", "INEQ"],
    )
    assert many.strongest({"interpreter", "letter", "@gp", "threshold"}, ineq, 3) == [
        "interpreter"
    ]  # "letter" is as common elsewhere; "@gp" is the agency, not the text
    assert many.rows["@gp"][ineq] != 0


def test_example_words_are_found_where_they_are_written() -> None:
    event = _text(
        "Letters were sent in English.",
        analysis="He cannot read English; the letters went unread.",
    )
    found = where_words_are(event, ["english", "read", "letter", "absent"])
    assert [w.word for w in found] == ["English", "read", "Letters"]
    for word in found:
        assert getattr(event, word.field)[word.start : word.end] == word.word
    assert found[1].field == "analysis"


def test_examples_weigh_themes_the_event_gives_reasons_for_and_say_which_words() -> None:
    suggester = Suggester(SIX)
    event = _text(
        "Opt-in letter sent in English to a man who cannot read; no reply, so he was "
        "discharged back to the GP."
    )
    found = suggester.suggest(event, 6)
    assert found
    with_words = [s for s in found if any(isinstance(r, ExampleWordsReason) for r in s.reasons)]
    assert with_words
    for suggestion in with_words:
        assert suggestion.from_examples >= SuggestSettings().examples_reason_from
        reason = next(r for r in suggestion.reasons if isinstance(r, ExampleWordsReason))
        assert reason.examples > 0 and reason.words
        for word in reason.words:
            assert getattr(event, word.field)[word.start : word.end] == word.word
        assert reason.describe().count('"') == 2 * len(reason.words)
    # Never the only reason: a routine entry gets nothing from its common words.
    for suggestion in found:
        assert any(not isinstance(r, ExampleWordsReason) for r in suggestion.reasons)
    routine = _text("Prescription collected.")
    assert Suggester(SIX).suggest(routine, 6) == []
    leaning = shipped_examples()[framework_id("six-themes")].parts(features(routine))
    assert leaning is not None and max(leaning) > 0.5  # the examples alone would speak


def test_without_examples_the_score_is_the_phrases_and_the_examples_move_it() -> None:
    event = _text("Letter sent offering a telephone appointment; he cannot read.")
    plain = Suggester(SIX, SuggestSettings(examples_share=0)).suggest(event, 6)
    mixed = Suggester(SIX).suggest(event, 6)
    assert plain and mixed
    assert all(s.from_examples == 0 for s in plain)
    assert not any(isinstance(r, ExampleWordsReason) for s in plain for r in s.reasons)
    share = SuggestSettings().examples_share
    by_theme = {s.theme_id: s for s in plain}
    for suggestion in mixed:
        before = by_theme.get(suggestion.theme_id)
        if before is None:
            continue
        # Phrases only, nothing learned: the score moves `share` of the way to the examples.
        expected = before.score + share * (suggestion.from_examples - before.score)
        assert abs(suggestion.score - expected) < 1e-9
        assert suggestion.from_phrases == before.from_phrases


def test_only_themes_of_a_framework_with_examples_hear_them() -> None:
    seips = load_framework("seips").themes
    suggester = Suggester([*SIX, *seips])
    assert framework_id("six-themes") in shipped_examples()
    event = _text("Family raised concerns about the discharge plan; no interpreter was booked.")
    found = suggester.suggest(event, 12)
    six_ids = {theme.id for theme in SIX}
    assert any(s.from_examples > 0 for s in found if s.theme_id in six_ids)
    assert all(s.from_examples == 0 for s in found if s.theme_id not in six_ids)


def test_a_renamed_theme_keeps_its_examples_and_a_new_code_has_none() -> None:
    voice = next(theme for theme in SIX if theme.code == "VOICE")
    renamed = voice.model_copy(update={"name": "What families said"})
    new_theme = voice.model_copy(update={"id": uuid.uuid4(), "code": "FAMILY2"})
    suggester = Suggester([renamed, new_theme])
    event = _text("His mother rang the team to say she was frightened of him; not called back.")
    found = {s.theme_id: s for s in suggester.suggest(event, 6)}
    assert found[renamed.id].from_examples > 0
    assert found[new_theme.id].from_examples == 0


def test_example_reasons_point_at_real_text_on_the_demo_review(demo_review: ReviewFile) -> None:
    events = {e.id: e for e in demo_review.events()}
    seen = 0
    for suggestion in demo_review.suggestions():
        for reason in suggestion.reasons:
            if isinstance(reason, ExampleWordsReason):
                seen += 1
                event = events[suggestion.event_id]
                for word in reason.words:
                    assert getattr(event, word.field)[word.start : word.end] == word.word
        assert any(isinstance(r, PhraseReason) for r in suggestion.reasons) or any(
            r.kind == "similar_event" for r in suggestion.reasons
        )
    assert seen >= 20


def test_settings_can_switch_the_examples_off() -> None:
    settings = replace(SuggestSettings(), examples_share=0.0)
    suggester = Suggester(SIX, settings)
    event = _text("Discharged after one missed appointment; the letter was in English.")
    assert all(s.from_examples == 0 for s in suggester.suggest(event, 6))
    assert [s.from_examples > 0 for s in Suggester(SIX).suggest(event, 1)] == [True]
    assert features(event)  # the event has words the examples could weigh


def test_words_are_found_as_reading_every_word_would_find_them() -> None:
    """The quick look (only where a word's first letters occur) agrees with reading
    every word of the entry, on all the worked examples' text."""

    def read_all(event: EventText, wanted: list[str]) -> list[tuple[str, int, int, str]]:
        first: dict[str, tuple[str, int, int, str]] = {}
        for field in ("summary", "analysis", "should_have_happened"):
            for start, end, word in words_with_places(getattr(event, field)):
                first.setdefault(stem_of(word), (field, start, end, word))
        return [first[f] for f in wanted if f in first]

    model = shipped_examples()[framework_id("six-themes")]
    checked = 0
    for event, _ in read_examples(EXAMPLES)[::7]:
        wanted = sorted(f for f in features(event) if not f.startswith("@"))
        for index in range(len(model.codes)):
            strongest = model.strongest(features(event), index, 3)
            assert [tuple(w) for w in where_words_are(event, strongest)] == read_all(
                event, strongest
            )
        assert [tuple(w) for w in where_words_are(event, wanted)] == read_all(event, wanted)
        checked += 1
    assert checked > 200
    odd = _text("Dr O'Brien's note: naïve İstanbul STRASSE, o'clock; ﬁnance.")
    wanted = sorted(f for f in features(odd) if not f.startswith("@"))
    assert [tuple(w) for w in where_words_are(odd, wanted)] == read_all(odd, wanted)


def test_the_packed_sums_are_the_exact_sums_of_the_weights() -> None:
    model = shipped_examples()[framework_id("six-themes")]
    scale = ExampleModel.SCALE
    for event, _ in read_examples(EXAMPLES)[::11]:
        found = features(event)
        known = [model.rows[f] for f in found if f in model.rows]
        parts = model.parts(found)
        assert parts is not None and len(parts) == len(model.codes)
        root = len(known) ** 0.5
        for index, part in enumerate(parts):
            total = sum(row[index] for row in known)  # whole numbers: exact
            assert part == 1.0 / (1.0 + math.exp(-total / (scale * root)))
    # Extreme weights still pack, and too large a weight is refused.
    edge = ExampleModel.learn([({"a", "b"}, {"X"})] * 2000 + [({"c"}, {"Y"})] * 2, ["X", "Y"])
    parts = edge.parts({"a", "b"})
    assert parts is not None and parts[0] > 0.8 > 0.2 > parts[1]
    weight = edge.rows["a"][0] + edge.rows["b"][0]
    assert weight > 2 * scale  # strong weights, packed and read back exactly
    assert parts[0] == 1.0 / (1.0 + math.exp(-weight / (scale * 2**0.5)))
    with pytest.raises(ValueError, match="cannot be packed"):
        _pack([30 * ExampleModel.SCALE])
