"""Theme frameworks read from TOML: the ones we ship and any a reviewer writes.

Ids are derived from codes rather than drawn at random, so two reviews created
from the same template share framework and theme ids and can be merged.
Every fault in a file is reported as one :class:`FrameworkError` whose message
names the file (and the theme), because the person reading it is a reviewer
who may have edited the file by hand, not a developer.
"""

from __future__ import annotations

import difflib
import json
import math
import re
import tomllib
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from investigator.models import InvestigatorError, LexiconEntry, Model, Theme, ThemeFramework
from investigator.resources import template_path

DEFAULT_FRAMEWORK = "six-themes"

# Never change this: every stored framework and theme id is derived from it.
FRAMEWORK_NAMESPACE = uuid.UUID("16a9fc45-a876-4308-814d-761035c77bc1")

# Codes are joined with "/" to derive theme ids, so they must not contain one
# (nor spaces, which are easy to mistype and invisible in the UI).
_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")
_MAX_WEIGHT = 3.0

_FRAMEWORK_KEYS = (("code", "name"), ("description", "version"))
_THEME_KEYS = (
    ("code", "name", "colour"),
    ("description", "guidance", "quadrant_questions", "lexicon"),
)
_LEXICON_KEYS = (("phrase",), ("weight",))

_ModelT = TypeVar("_ModelT", bound=Model)


class FrameworkError(InvestigatorError, ValueError):
    """A framework file that cannot be used; the message is shown to the reviewer."""


class _Fault(Exception):
    """A problem found inside a file, before we know which file to blame."""


@dataclass(frozen=True)
class FrameworkTemplate:
    framework: ThemeFramework
    themes: tuple[Theme, ...]


def framework_id(code: str) -> uuid.UUID:
    """Derived, not random, so every review made from one template agrees."""
    return uuid.uuid5(FRAMEWORK_NAMESPACE, code)


def theme_id(framework_code: str, theme_code: str) -> uuid.UUID:
    """Scoped by framework so that two frameworks may reuse a theme code."""
    return uuid.uuid5(FRAMEWORK_NAMESPACE, f"{framework_code}/{theme_code}")


def available_frameworks() -> list[FrameworkTemplate]:
    """Default first so that a picker can preselect the top entry."""
    templates = [_load_shipped(path) for path in _shipped_files().values()]
    return sorted(
        templates,
        key=lambda template: (
            template.framework.code != DEFAULT_FRAMEWORK,
            template.framework.name.casefold(),
        ),
    )


def load_framework(code: str) -> FrameworkTemplate:
    """Look the file up by name, so one broken template cannot hide the others."""
    path = _shipped_files().get(code)
    if path is None:
        codes = ", ".join(sorted(_shipped_files())) or "none"
        raise FrameworkError(
            f'There is no theme framework "{code}". Available frameworks: {codes}.'
        )
    return _load_shipped(path)


def load_framework_file(path: Path) -> FrameworkTemplate:
    """Read one framework file, shipped or the reviewer's own, all or nothing."""
    try:
        text = path.read_bytes().decode("utf-8")
        document = tomllib.loads(text)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise FrameworkError(f"{path.name}: could not be opened ({reason}).") from None
    except UnicodeDecodeError:
        raise FrameworkError(f"{path.name}: is not saved as UTF-8 text.") from None
    except tomllib.TOMLDecodeError as exc:
        raise FrameworkError(
            f"{path.name}: is not valid TOML and could not be read: {exc}."
        ) from None
    try:
        return _template_from(document)
    except _Fault as fault:
        raise FrameworkError(f"{path.name}: {fault}.") from None


def _shipped_files() -> dict[str, Path]:
    folder = template_path("themes")
    return {path.stem: path for path in sorted(folder.glob("*.toml"))}


def _load_shipped(path: Path) -> FrameworkTemplate:
    """Shipped files are named after their code, which keeps codes unique."""
    template = load_framework_file(path)
    if template.framework.code != path.stem:
        raise FrameworkError(
            f'{path.name}: declares the code "{template.framework.code}" but '
            f'framework files must be named after their code ("{path.stem}").'
        )
    return template


def _template_from(document: Mapping[str, Any]) -> FrameworkTemplate:
    _reject_unknown(document, ("framework", "themes"), "the file")
    for section, written in (("framework", "[framework]"), ("themes", "[[themes]]")):
        if section not in document:
            raise _Fault(f"has no {written} section")

    header = _table(document["framework"], "[framework]")
    _check_keys(header, _FRAMEWORK_KEYS, "[framework]")
    code = _code(header["code"], "[framework]")
    framework = _validated(ThemeFramework, {**header, "id": framework_id(code)}, "[framework]")

    blocks = document["themes"]
    if not isinstance(blocks, list) or not all(isinstance(b, dict) for b in blocks):
        raise _Fault("themes must be written as [[themes]] blocks, one per theme")
    if not blocks:
        raise _Fault("has no themes")

    themes: list[Theme] = []
    first_seen: dict[str, int] = {}
    for position, block in enumerate(blocks):
        theme = _theme_from(block, framework.code, position)
        key = theme.code.casefold()
        if key in first_seen:
            raise _Fault(
                f'the theme code "{theme.code}" is used twice '
                f"(themes {first_seen[key] + 1} and {position + 1})"
            )
        first_seen[key] = position
        themes.append(theme)
    return FrameworkTemplate(framework=framework, themes=tuple(themes))


def _theme_from(block: Mapping[str, Any], framework_code: str, position: int) -> Theme:
    label = f"theme {position + 1}"
    if isinstance(block.get("code"), str) and block["code"].strip():
        label = f'theme "{block["code"].strip()}"'
    _check_keys(block, _THEME_KEYS, label)
    code = _code(block["code"], label)
    lexicon = _lexicon_from(block.get("lexicon", []), label)
    fields = {
        **block,
        "lexicon": lexicon,
        "id": theme_id(framework_code, code),
        "framework_id": framework_id(framework_code),
        "sort_order": position,
    }
    return _validated(Theme, fields, label)


def _lexicon_from(entries: object, theme_label: str) -> list[LexiconEntry]:
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise _Fault(f"{theme_label}: lexicon must be written as [[themes.lexicon]] blocks")
    lexicon: list[LexiconEntry] = []
    seen: set[str] = set()
    for number, entry in enumerate(entries, start=1):
        label = f"{theme_label}, lexicon entry {number}"
        _check_keys(entry, _LEXICON_KEYS, label)
        item = _validated(LexiconEntry, entry, label)
        # Matching ignores case and spacing, so neither may disguise a repeat.
        key = " ".join(item.phrase.split()).casefold()
        if key in seen:
            raise _Fault(f'{theme_label} lists the phrase "{item.phrase}" twice')
        seen.add(key)
        if not (math.isfinite(item.weight) and 0 < abs(item.weight) <= _MAX_WEIGHT):
            raise _Fault(
                f'{theme_label}, phrase "{item.phrase}": weight {item.weight:g} '
                f"should be between -{_MAX_WEIGHT:g} and {_MAX_WEIGHT:g}, and not 0"
            )
        lexicon.append(item)
    return lexicon


def _table(value: object, label: str) -> Mapping[str, Any]:
    if not isinstance(value, dict):
        raise _Fault(f"{label} must be a section of settings")
    return value


def _check_keys(
    table: Mapping[str, Any], keys: tuple[tuple[str, ...], tuple[str, ...]], label: str
) -> None:
    required, optional = keys
    # Unknown first: a misspelt key is also a missing one, and the typo is the news.
    _reject_unknown(table, required + optional, label)
    for key in required:
        if key not in table:
            raise _Fault(f'{label} is missing "{key}"')


def _reject_unknown(table: Mapping[str, Any], allowed: Iterable[str], label: str) -> None:
    """Unknown keys are usually typos, which would otherwise be silently ignored."""
    known = tuple(allowed)
    for key in table:
        if key in known:
            continue
        close = difflib.get_close_matches(key, known, n=1)
        hint = f'did you mean "{close[0]}"?' if close else "expected " + ", ".join(known)
        raise _Fault(f'{label} has an unknown setting "{key}" ({hint})')


def _code(value: object, label: str) -> str:
    if not isinstance(value, str) or not _CODE.match(value.strip()):
        raise _Fault(
            f"{label}: code {_shown(value)} may use only letters, digits, "
            '"-" and "_", and must start with a letter or digit'
        )
    return value.strip()


def _validated(model: type[_ModelT], data: Mapping[str, Any], label: str) -> _ModelT:
    """Strict, so that a quoted number or a true/false is not quietly converted."""
    try:
        return model.model_validate(data, strict=True)
    except ValidationError as exc:
        raise _Fault(f"{label}: {_described(exc.errors()[0])}") from None


_REASONS = {
    "string_too_short": "is empty",
    "string_type": "should be text in quotes",
    "float_type": "should be a number",
    "int_type": "should be a whole number",
    "list_type": "should be a list in square brackets",
}


def _described(error: ErrorDetails) -> str:
    """Pydantic's wording is for developers; say the same thing for a reviewer."""
    field = " ".join(
        f"item {part + 1}" if isinstance(part, int) else str(part) for part in error["loc"]
    )
    found = f" (found {_shown(error['input'])})"
    if error["type"] == "value_error":
        return f"{error.get('ctx', {}).get('error', error['msg'])}{found}"
    reason = _REASONS.get(error["type"], error["msg"][:1].lower() + error["msg"][1:])
    return f"{field} {reason}{found}"


def _shown(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, default=str)
