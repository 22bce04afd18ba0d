"""Theme colours: the conversions behind 'too alike' and 'readable' are the standard ones."""

from __future__ import annotations

import pytest

from investigator.themes import colours


@pytest.mark.parametrize(
    ("colour", "expected"),
    [
        ("#FFFFFF", (100.0, 0.0, 0.0)),
        ("#000000", (0.0, 0.0, 0.0)),
        ("#FF0000", (53.24, 80.09, 67.20)),  # published sRGB (D65) -> CIELAB values
        ("#0000FF", (32.30, 79.19, -107.86)),
        ("#808080", (53.59, 0.0, 0.0)),
    ],
)
def test_cielab_matches_published_values(colour: str, expected: tuple[float, float, float]) -> None:
    assert colours.lab(colour) == pytest.approx(expected, abs=0.02)


def test_readable_means_dark_text_on_it_and_visible_on_white() -> None:
    assert colours.luminance("#FFFFFF") == pytest.approx(1.0)
    assert not colours.readable("#FFFFFF")  # a white marker vanishes on white
    assert not colours.readable("#000080")  # dark text on navy cannot be read
    assert colours.readable("#2D8769")


def test_a_replacement_keeps_its_family_where_it_can() -> None:
    taken = ["#0F96F0"]  # a blue in use
    chosen = colours.replacement("#4B96E1", taken)  # a near-twin blue wants in
    assert colours.distance(chosen, "#0F96F0") >= colours.MIN_DISTANCE
    assert colours.readable(chosen)
    # The nearest clear colour to the one wanted, not just any far one.
    assert colours.distance(chosen, "#4B96E1") < colours.distance(
        colours.furthest_from(taken), "#4B96E1"
    )
