"""Changing a review's framework: new, renamed, recoloured and merged themes, and
suggestion phrases brought up to date.

These are plans, not writes: each function checks what the reviewer asked for
and returns the models to store, so that the facade can apply them as one
undoable action and nothing is half-done when a check fails.

Merging matters most. Reviewers often start with a theme too many ("Family
contact" beside "Patient and family voice") and fold it in later; every tag,
suggestion decision, finding, learning point and quadrant question that named
the old theme must then name the new one, and an event tagged with both must
end with one tag, keeping both rationales.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from investigator.models import (
    Entity,
    Finding,
    LearningPoint,
    QuadrantItem,
    SuggestionDecision,
    Tag,
    Theme,
    ThemeFramework,
    ValidationError,
)

from . import colours
from .frameworks import FrameworkError, FrameworkTemplate, load_framework

_COLOUR = re.compile(r"^#[0-9A-Fa-f]{6}$")


@dataclass
class Plan:
    """Models to put or delete, in order, as one action."""

    steps: list[tuple[Literal["put", "delete"], Entity]] = field(default_factory=list)

    def put(self, model: Entity) -> None:
        self.steps.append(("put", model))

    def delete(self, model: Entity) -> None:
        self.steps.append(("delete", model))


def renamed(theme: Theme, name: str, themes: Iterable[Theme]) -> Theme:
    name = " ".join(name.split())
    if not name:
        raise ValidationError("A theme needs a name.")
    _check_name_free(name, theme.framework_id, themes, but=theme.id)
    return theme.model_copy(update={"name": name})


def recoloured(theme: Theme, colour: str) -> Theme:
    colour = colour.strip()
    if not _COLOUR.match(colour):
        raise ValidationError(
            f"{colour!r} is not a colour Investigator can use: write it as # and six "
            "hexadecimal digits, for example #2D8769."
        )
    return theme.model_copy(update={"colour": colour.upper()})


def new_theme(
    name: str,
    framework: ThemeFramework,
    themes: Sequence[Theme],
    *,
    code: str = "",
    colour: str = "",
    description: str = "",
    guidance: str = "",
) -> Theme:
    """A theme the reviewer adds to one of the review's frameworks, placed last."""
    name = " ".join(name.split())
    if not name:
        raise ValidationError("A theme needs a name.")
    own = [t for t in themes if t.framework_id == framework.id]
    _check_name_free(name, framework.id, own)
    taken = {t.code.casefold() for t in own}
    code = code.strip() or _code_from(name, taken)
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_-]*", code):
        raise ValidationError(
            f"The theme code {code!r} may use only letters, digits, '-' and '_', "
            "and must start with a letter or digit."
        )
    if code.casefold() in taken:
        raise ValidationError(f"The framework already has a theme with the code {code!r}.")
    if not colour:  # the readable colour least like any in use
        colour = colours.furthest_from([t.colour.upper() for t in themes])
    theme = Theme(
        framework_id=framework.id,
        code=code,
        name=name,
        description=description,
        guidance=guidance,
        sort_order=max((t.sort_order for t in own), default=-1) + 1,
    )
    return recoloured(theme, colour)


def plan_merge(
    source: Theme,
    target: Theme,
    *,
    tags: Sequence[Tag],
    decisions: Sequence[SuggestionDecision],
    others: Iterable[Entity] = (),
) -> Plan:
    """Everything that must change so that ``source`` can be removed into ``target``.

    ``tags`` and ``decisions`` are those of both themes; ``others`` are the
    review's findings, learning points and quadrant items (only those naming
    ``source`` change). Duplicates go first, so no step ever breaks the rule of
    one tag (and one decision) per event and theme.
    """
    if source.id == target.id:
        raise ValidationError(f"{source.name!r} cannot be merged into itself.")
    plan, later = Plan(), Plan()
    on_target = {t.event_id: t for t in tags if t.theme_id == target.id}
    for tag in (t for t in tags if t.theme_id == source.id):
        kept = on_target.get(tag.event_id)
        if kept is None:
            later.put(tag.model_copy(update={"theme_id": target.id}))
            continue
        plan.delete(tag)
        rationale = _joined(kept.rationale, tag.rationale)
        if rationale != kept.rationale:
            later.put(kept.model_copy(update={"rationale": rationale}))
    decided = {d.event_id for d in decisions if d.theme_id == target.id}
    for decision in (d for d in decisions if d.theme_id == source.id):
        if decision.event_id in decided:
            plan.delete(decision)  # the decision about the target stands
        else:
            later.put(decision.model_copy(update={"theme_id": target.id}))
    for other in (o for o in others if _names(o, source.id)):
        if isinstance(other, Finding):
            later.put(other.model_copy(update={"theme_id": target.id}))
        elif isinstance(other, LearningPoint | QuadrantItem):
            theme_ids = _replaced(other.theme_ids, source.id, target.id)
            later.put(other.model_copy(update={"theme_ids": theme_ids}))
    plan.steps.extend(later.steps)
    plan.delete(source)
    return plan


def plan_removal(
    theme: Theme,
    themes: Sequence[Theme],
    *,
    tags: Sequence[Tag],
    decisions: Sequence[SuggestionDecision],
    others: Iterable[Entity] = (),
) -> Plan:
    """Removing a theme nothing uses: one added by mistake, or never needed.

    A theme still on events, or named by a finding, learning point or quadrant
    item, is not removed (that would lose the reviewer's work): merging it into
    another is the way. Suggestion decisions about it go with it.
    """
    if len(themes) <= 1:
        raise ValidationError("A review needs at least one theme.")
    used = [t for t in tags if t.theme_id == theme.id]
    if used:
        count = len({t.event_id for t in used})
        raise ValidationError(
            f"{theme.name} is on {count} event{'s' if count != 1 else ''}. Merge it into "
            "another theme to keep those tags, or untag them first."
        )
    if any(_names(other, theme.id) for other in others):
        raise ValidationError(
            f"{theme.name} is named in the review's findings or learning. Merge it into "
            "another theme instead, so that they follow."
        )
    plan = Plan()
    for decision in decisions:
        if decision.theme_id == theme.id:
            plan.delete(decision)
    plan.delete(theme)
    return plan


def _names(other: Entity, theme_id: uuid.UUID) -> bool:
    """Whether a finding, learning point or quadrant item names the theme."""
    if isinstance(other, Finding):
        return other.theme_id == theme_id
    return isinstance(other, LearningPoint | QuadrantItem) and theme_id in other.theme_ids


def framework_to_add(
    code: str, frameworks: Iterable[ThemeFramework], themes: Iterable[Theme] = ()
) -> FrameworkTemplate:
    """A shipped framework that the review does not have yet, its theme colours
    changed where they are too like those of the review's ``themes`` to tell
    apart (see :mod:`investigator.themes.colours`)."""
    template = load_framework(code)
    if any(f.id == template.framework.id or f.code == code for f in frameworks):
        name = template.framework.name
        raise ValidationError(f"This review already uses the framework {name!r}.")
    chosen = colours.spread([t.colour for t in template.themes], [t.colour for t in themes])
    return FrameworkTemplate(
        template.framework,
        tuple(
            theme if theme.colour.upper() == colour else theme.model_copy(update={"colour": colour})
            for theme, colour in zip(template.themes, chosen, strict=True)
        ),
    )


def updated_phrases(themes: Iterable[Theme], frameworks: Iterable[ThemeFramework]) -> list[Theme]:
    """The themes whose suggestion phrases differ from those of the framework file
    shipped now, with those phrases; names, colours and everything else are kept.

    A review keeps the lexicon it was made with (a later version may ship
    better phrases). Themes are matched by id, which the shipped frameworks
    derive from their framework and theme codes; themes the reviewer added,
    and frameworks Investigator does not ship, are left as they are.
    """
    shipped: dict[uuid.UUID, Theme] = {}
    for framework in frameworks:
        try:
            template = load_framework(framework.code)
        except FrameworkError:
            continue  # not a framework this version ships
        shipped.update((theme.id, theme) for theme in template.themes)
    return [
        theme.model_copy(update={"lexicon": shipped[theme.id].lexicon})
        for theme in themes
        if theme.id in shipped and theme.lexicon != shipped[theme.id].lexicon
    ]


def _check_name_free(
    name: str, framework_id: uuid.UUID, themes: Iterable[Theme], but: uuid.UUID | None = None
) -> None:
    for other in themes:
        if (
            other.id != but
            and other.framework_id == framework_id
            and other.name.casefold() == name.casefold()
        ):
            raise ValidationError(f"There is already a theme called {other.name!r}.")


def _code_from(name: str, taken: set[str]) -> str:
    """Initials for several words ("Family contact" -> FC), else the word itself."""
    parts = re.findall(r"[A-Za-z0-9]+", name)
    if not parts:
        base = "THEME"
    elif len(parts) == 1:
        base = parts[0][:10].upper()
    else:
        base = "".join(p[0] for p in parts)[:10].upper()
    code, number = base, 2
    while code.casefold() in taken:
        code, number = f"{base}{number}", number + 1
    return code


def _joined(first: str, second: str) -> str:
    if not second or second == first:
        return first
    return f"{first}; {second}" if first else second


def _replaced(ids: list[uuid.UUID], old: uuid.UUID, new: uuid.UUID) -> list[uuid.UUID]:
    result: list[uuid.UUID] = []
    for theme_id in ids:
        chosen = new if theme_id == old else theme_id
        if chosen not in result:
            result.append(chosen)
    return result
