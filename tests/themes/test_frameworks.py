"""The shipped theme frameworks, and what a reviewer sees when a file is wrong."""

from __future__ import annotations

import itertools
import re
import textwrap
import uuid
from pathlib import Path

import pytest

from investigator.models import Theme
from investigator.resources import template_path
from investigator.themes import colours as palette
from investigator.themes import frameworks
from investigator.themes.frameworks import (
    DEFAULT_FRAMEWORK,
    FRAMEWORK_NAMESPACE,
    FrameworkError,
    FrameworkTemplate,
    available_frameworks,
    load_framework,
    load_framework_file,
)

SHIPPED_CODES = {
    "six-themes",
    "seips",
    "npsa-contributory-factors",
    "homicide-root-causes",
}

SIX_THEMES = [
    ("TIC", "Trauma-informed care"),
    ("ACCESS", "Barriers to accessing treatment"),
    ("INEQ", "Health inequalities"),
    ("AGENCIES", "Working with other agencies"),
    ("PATHWAY", "Pathway clarity"),
    ("VOICE", "Patient and family voice"),
]


def _shipped_themes() -> list[tuple[str, Theme]]:
    return [
        (template.framework.code, theme)
        for template in available_frameworks()
        for theme in template.themes
    ]


def _theme_label(value: object) -> str:
    """Readable parametrised test ids, e.g. ``six-themes/TIC``."""
    if isinstance(value, Theme):
        return value.code
    return str(value)


# --- the shipped files --------------------------------------------------------


def test_all_shipped_frameworks_load() -> None:
    codes = [template.framework.code for template in available_frameworks()]
    assert sorted(codes) == sorted(SHIPPED_CODES)
    assert len(codes) == len(set(codes))


def test_default_framework_comes_first() -> None:
    assert available_frameworks()[0].framework.code == DEFAULT_FRAMEWORK


def test_load_framework_finds_each_shipped_code() -> None:
    for code in SHIPPED_CODES:
        assert load_framework(code).framework.code == code


def test_six_themes_are_exactly_the_agreed_codes_names_and_order() -> None:
    template = load_framework("six-themes")
    assert template.framework.name == "Six learning themes"
    assert [(theme.code, theme.name) for theme in template.themes] == SIX_THEMES
    assert [theme.sort_order for theme in template.themes] == list(range(6))


def test_other_frameworks_have_the_expected_number_of_themes() -> None:
    counts = {code: len(load_framework(code).themes) for code in SHIPPED_CODES}
    assert counts == {
        "six-themes": 6,
        "seips": 6,
        "npsa-contributory-factors": 9,
        "homicide-root-causes": 4,
    }


@pytest.mark.parametrize(("framework_code", "theme"), _shipped_themes(), ids=_theme_label)
def test_every_theme_is_complete(framework_code: str, theme: Theme) -> None:
    assert theme.description, framework_code
    assert theme.guidance
    assert 25 <= len(theme.lexicon) <= 300
    assert 2 <= len(theme.quadrant_questions) <= 4
    assert all(question.endswith("?") for question in theme.quadrant_questions)


@pytest.mark.parametrize(("framework_code", "theme"), _shipped_themes(), ids=_theme_label)
def test_lexicon_phrases_can_be_matched_on_word_boundaries(
    framework_code: str, theme: Theme
) -> None:
    """A phrase ending in punctuation or upper case would silently never match."""
    for entry in theme.lexicon:
        assert entry.phrase == entry.phrase.lower(), entry.phrase
        assert re.fullmatch(r"\w(.*\w)?", entry.phrase), entry.phrase
        assert "  " not in entry.phrase, entry.phrase


@pytest.mark.parametrize(("framework_code", "theme"), _shipped_themes(), ids=_theme_label)
def test_lexicon_weights_are_in_range_and_negatives_are_rare(
    framework_code: str, theme: Theme
) -> None:
    weights = [entry.weight for entry in theme.lexicon]
    assert all(0.5 <= abs(weight) <= 3.0 for weight in weights), framework_code
    assert sum(weight < 0 for weight in weights) <= max(3, len(weights) // 20)


# --- colours ------------------------------------------------------------------


def _contrast(first: float, second: float) -> float:
    light, dark = max(first, second), min(first, second)
    return (light + 0.05) / (dark + 0.05)


@pytest.mark.parametrize("template", available_frameworks(), ids=lambda t: t.framework.code)
def test_colours_are_clearly_distinct_within_a_framework(template: FrameworkTemplate) -> None:
    """Far beyond 'just noticeable' (CIE76 about 2.3): two small markers side by
    side read as two colours (see investigator/themes/colours.py)."""
    shades = [theme.colour for theme in template.themes]
    assert len(set(shades)) == len(shades)
    for first, second in itertools.combinations(shades, 2):
        distance = palette.distance(first, second)
        assert distance >= palette.MIN_DISTANCE, (first, second, round(distance, 1))


@pytest.mark.parametrize(("framework_code", "theme"), _shipped_themes(), ids=_theme_label)
def test_colour_works_as_chip_with_dark_text_and_as_marker_on_white(
    framework_code: str, theme: Theme
) -> None:
    """WCAG: 4.5:1 for text on the chip, 3:1 for a marker against white."""
    luminance = palette.luminance(theme.colour)
    assert _contrast(luminance, 0.0) >= 4.5, theme.colour
    assert _contrast(luminance, 1.0) >= 3.0, theme.colour


# --- ids ----------------------------------------------------------------------


def test_ids_are_the_same_on_every_load() -> None:
    first, second = load_framework("six-themes"), load_framework("six-themes")
    assert first.framework.id == second.framework.id
    assert [t.id for t in first.themes] == [t.id for t in second.themes]


def test_ids_derive_from_codes_in_the_fixed_namespace() -> None:
    template = load_framework("seips")
    assert template.framework.id == uuid.uuid5(FRAMEWORK_NAMESPACE, "seips")
    for theme in template.themes:
        assert theme.id == uuid.uuid5(FRAMEWORK_NAMESPACE, f"seips/{theme.code}")
        assert theme.framework_id == template.framework.id


def test_namespace_never_changes() -> None:
    """Changing it would orphan every theme id in every existing review."""
    assert uuid.UUID("16a9fc45-a876-4308-814d-761035c77bc1") == FRAMEWORK_NAMESPACE


def test_ids_are_unique_across_all_shipped_frameworks() -> None:
    ids = [theme.id for _, theme in _shipped_themes()]
    ids += [template.framework.id for template in available_frameworks()]
    assert len(ids) == len(set(ids))


def test_a_copy_of_a_template_elsewhere_gets_the_same_ids(tmp_path: Path) -> None:
    """Two reviewers starting from the same file must be able to merge."""
    shipped = load_framework("six-themes")
    copy = tmp_path / "my-copy.toml"
    copy.write_bytes(template_path("themes", "six-themes.toml").read_bytes())
    assert load_framework_file(copy) == shipped


# --- a reviewer's own file ----------------------------------------------------

VALID = """
[framework]
code = "custom"
name = "Custom framework"

[[themes]]
code = "ONE"
name = "First theme"
colour = "#336699"
quadrant_questions = ["Why?", "How?"]

[[themes.lexicon]]
phrase = "first phrase"
weight = 2.0

[[themes]]
code = "TWO"
name = "Second theme"
colour = "#993366"
"""


def _write(tmp_path: Path, text: str, name: str = "custom.toml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def _fault(tmp_path: Path, text: str) -> str:
    with pytest.raises(FrameworkError) as caught:
        load_framework_file(_write(tmp_path, text))
    message = str(caught.value)
    assert message.startswith("custom.toml: "), message
    assert "\n" not in message
    return message


def test_a_valid_file_of_our_own_loads(tmp_path: Path) -> None:
    template = load_framework_file(_write(tmp_path, VALID))
    assert [theme.code for theme in template.themes] == ["ONE", "TWO"]
    assert template.themes[0].lexicon[0].weight == 2.0
    assert template.themes[1].lexicon == []
    assert template.framework.version == 1


def test_lexicon_may_also_be_written_as_an_inline_list(tmp_path: Path) -> None:
    text = VALID.replace(
        'colour = "#993366"',
        'colour = "#993366"\nlexicon = [{ phrase = "second", weight = 1.5 }]',
    )
    template = load_framework_file(_write(tmp_path, text))
    assert template.themes[1].lexicon[0].phrase == "second"


def test_toml_syntax_error(tmp_path: Path) -> None:
    message = _fault(tmp_path, VALID.replace('name = "First theme"', "name = First theme"))
    assert "not valid TOML" in message
    assert "line 8" in message


def test_missing_key(tmp_path: Path) -> None:
    message = _fault(tmp_path, VALID.replace('name = "Second theme"\n', ""))
    assert message == 'custom.toml: theme "TWO" is missing "name".'


def test_missing_key_before_the_code_is_known(tmp_path: Path) -> None:
    message = _fault(tmp_path, VALID.replace('code = "TWO"\n', ""))
    assert message == 'custom.toml: theme 2 is missing "code".'


def test_missing_framework_section(tmp_path: Path) -> None:
    text = VALID.replace('[framework]\ncode = "custom"\nname = "Custom framework"\n', "")
    assert _fault(tmp_path, text) == "custom.toml: has no [framework] section."


def test_unknown_key_suggests_the_likely_spelling(tmp_path: Path) -> None:
    message = _fault(tmp_path, VALID.replace('colour = "#336699"', 'color = "#336699"'))
    assert 'theme "ONE" has an unknown setting "color"' in message
    assert 'did you mean "colour"?' in message


def test_unknown_key_in_the_framework_section(tmp_path: Path) -> None:
    message = _fault(tmp_path, VALID.replace('name = "Custom framework"', 'title = "X"'))
    assert message == (
        'custom.toml: [framework] has an unknown setting "title" '
        "(expected code, name, description, version)."
    )


def test_unknown_top_level_section(tmp_path: Path) -> None:
    message = _fault(tmp_path, VALID + '\n[extras]\nnote = "x"\n')
    assert 'unknown setting "extras"' in message


def test_bad_colour(tmp_path: Path) -> None:
    message = _fault(tmp_path, VALID.replace('"#993366"', '"purple"'))
    assert message == ('custom.toml: theme "TWO": colour must be written #RRGGBB (found "purple").')


def test_short_colour_is_rejected(tmp_path: Path) -> None:
    message = _fault(tmp_path, VALID.replace('"#993366"', '"#936"'))
    assert "#RRGGBB" in message and 'theme "TWO"' in message


def test_duplicate_theme_code(tmp_path: Path) -> None:
    message = _fault(tmp_path, VALID.replace('code = "TWO"', 'code = "one"'))
    assert message == 'custom.toml: the theme code "one" is used twice (themes 1 and 2).'


def test_duplicate_phrase_within_a_theme(tmp_path: Path) -> None:
    text = VALID.replace(
        "weight = 2.0\n",
        'weight = 2.0\n\n[[themes.lexicon]]\nphrase = "First  Phrase"\n',
    )
    message = _fault(tmp_path, text)
    assert message == 'custom.toml: theme "ONE" lists the phrase "First  Phrase" twice.'


def test_same_phrase_in_two_themes_is_allowed(tmp_path: Path) -> None:
    text = VALID + '\n[[themes.lexicon]]\nphrase = "first phrase"\n'
    assert len(load_framework_file(_write(tmp_path, text)).themes[1].lexicon) == 1


def test_weight_written_as_text(tmp_path: Path) -> None:
    message = _fault(tmp_path, VALID.replace("weight = 2.0", 'weight = "2"'))
    assert 'theme "ONE", lexicon entry 1: weight should be a number (found "2")' in message


def test_weight_out_of_range(tmp_path: Path) -> None:
    message = _fault(tmp_path, VALID.replace("weight = 2.0", "weight = 10"))
    assert 'phrase "first phrase": weight 10 should be between -3 and 3' in message


def test_blank_phrase(tmp_path: Path) -> None:
    message = _fault(tmp_path, VALID.replace('"first phrase"', '"   "'))
    assert 'theme "ONE", lexicon entry 1: phrase is empty' in message


def test_quadrant_questions_must_be_text(tmp_path: Path) -> None:
    message = _fault(tmp_path, VALID.replace('["Why?", "How?"]', '["Why?", 2]'))
    assert "quadrant_questions item 2 should be text in quotes (found 2)" in message


def test_code_that_would_break_ids(tmp_path: Path) -> None:
    message = _fault(tmp_path, VALID.replace('code = "TWO"', 'code = "TWO/THREE"'))
    assert 'code "TWO/THREE" may use only letters, digits' in message


def test_themes_written_as_a_single_section(tmp_path: Path) -> None:
    text = '[framework]\ncode = "custom"\nname = "C"\n\n[themes]\ncode = "A"\n'
    assert "[[themes]] blocks" in _fault(tmp_path, text)


def test_no_themes(tmp_path: Path) -> None:
    text = 'themes = []\n\n[framework]\ncode = "custom"\nname = "C"\n'
    assert _fault(tmp_path, text) == "custom.toml: has no themes."


def test_file_that_is_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "custom.toml"
    path.write_bytes(VALID.encode("utf-8") + b"\n# caf\xe9\n")
    with pytest.raises(FrameworkError, match=r"^custom\.toml: is not saved as UTF-8"):
        load_framework_file(path)


def test_file_that_does_not_exist(tmp_path: Path) -> None:
    with pytest.raises(FrameworkError, match=r"^absent\.toml: could not be opened"):
        load_framework_file(tmp_path / "absent.toml")


# --- looking frameworks up by code --------------------------------------------


def test_unknown_code_lists_the_available_ones() -> None:
    with pytest.raises(FrameworkError) as caught:
        load_framework("five-themes")
    message = str(caught.value)
    assert '"five-themes"' in message
    for code in SHIPPED_CODES:
        assert code in message


def test_code_cannot_reach_outside_the_templates_folder() -> None:
    with pytest.raises(FrameworkError, match="no theme framework"):
        load_framework("../themes/six-themes")


def test_shipped_file_must_be_named_after_its_code(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Otherwise two files could claim one code, and so one set of ids."""
    folder = tmp_path / "templates" / "themes"
    folder.mkdir(parents=True)
    _write(folder, VALID, name="renamed.toml")
    monkeypatch.setattr(
        frameworks, "template_path", lambda *parts: tmp_path.joinpath("templates", *parts)
    )
    with pytest.raises(FrameworkError, match=r'^renamed\.toml: declares the code "custom"'):
        load_framework("renamed")
    with pytest.raises(FrameworkError, match=r"^renamed\.toml"):
        available_frameworks()
