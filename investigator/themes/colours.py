"""Theme colours that can be told apart, and read with dark text on them.

Each shipped framework's colours are distinct among themselves, but the
frameworks were not drawn as one set: SEIPS beside the six learning themes
would put two near-identical purples, oranges and blues on the same timeline.
So when a second framework joins a review, any of its colours too close to one
already in use is swapped for the nearest readable colour well clear of them
all (keeping its family where it can); a theme the reviewer adds takes the
readable colour furthest from every one in use.

Distances are CIE76 (Euclidean in CIELAB): 2.3 is the smallest difference an
eye notices; below about 25, two small markers side by side read as one colour.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import cache

# Below this, two theme colours are too alike to tell apart on a timeline.
MIN_DISTANCE = 25.0


def _linear(channel: int) -> float:
    value = channel / 255
    return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4


def _channels(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def luminance(colour: str) -> float:
    """Relative luminance (WCAG) of ``#RRGGBB``."""
    red, green, blue = map(_linear, _channels(colour))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def readable(colour: str) -> bool:
    """Dark text on it at 4.5:1, and a marker of it on white at 3:1 (WCAG)."""
    light = luminance(colour)
    return (light + 0.05) / 0.05 >= 4.5 and 1.05 / (light + 0.05) >= 3.0


@cache
def lab(colour: str) -> tuple[float, float, float]:
    """CIELAB (D65) of ``#RRGGBB``."""
    red, green, blue = map(_linear, _channels(colour))
    x = (0.4124564 * red + 0.3575761 * green + 0.1804375 * blue) / 0.95047
    y = 0.2126729 * red + 0.7151522 * green + 0.0721750 * blue
    z = (0.0193339 * red + 0.1191920 * green + 0.9503041 * blue) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > (6 / 29) ** 3 else t / (3 * (6 / 29) ** 2) + 4 / 29

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


def distance(first: str, second: str) -> float:
    """CIE76 colour difference."""
    return sum((a - b) ** 2 for a, b in zip(lab(first), lab(second), strict=True)) ** 0.5


# A replacement keeps this much clear of every colour in use, and is no more
# saturated than the shipped palettes (CIELAB chroma), so it does not shout.
_CLEARANCE = 32.0
_MAX_CHROMA = 60.0


@cache
def _candidates() -> tuple[str, ...]:
    """Readable, moderately saturated colours on a grid of 18 steps per channel."""
    steps = range(0, 256, 15)
    return tuple(
        colour
        for colour in (f"#{r:02X}{g:02X}{b:02X}" for r in steps for g in steps for b in steps)
        if readable(colour) and _chroma(colour) <= _MAX_CHROMA
    )


def _chroma(colour: str) -> float:
    _, a, b = lab(colour)
    return (a * a + b * b) ** 0.5


def nearest(colour: str, others: Iterable[str]) -> float:
    """How far ``colour`` is from the closest of ``others`` (infinite if none)."""
    return min((distance(colour, other) for other in others), default=float("inf"))


def replacement(colour: str, taken: Sequence[str]) -> str:
    """The readable colour nearest ``colour`` (so a theme keeps its colour's
    family where it can) that stands clear of every colour in ``taken``; if
    none does, the one furthest from them all."""
    clear = [c for c in _candidates() if nearest(c, taken) >= _CLEARANCE]
    if clear:
        return min(clear, key=lambda candidate: (distance(candidate, colour), candidate))
    return furthest_from(taken)


def furthest_from(taken: Sequence[str]) -> str:
    """The readable colour that stands furthest from every colour in ``taken``."""
    return max(_candidates(), key=lambda candidate: (nearest(candidate, taken), candidate))


def spread(wanted: Sequence[str], taken: Iterable[str]) -> list[str]:
    """``wanted`` colours for new themes, each kept unless it is within
    :data:`MIN_DISTANCE` of a colour already in use (or of one chosen before it),
    in which case :func:`replacement` takes its place."""
    in_use = [colour.upper() for colour in taken]
    chosen: list[str] = []
    for colour in wanted:
        colour = colour.upper()
        if nearest(colour, in_use) < MIN_DISTANCE:
            colour = replacement(colour, in_use)
        chosen.append(colour)
        in_use.append(colour)
    return chosen
