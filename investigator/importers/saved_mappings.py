"""Column mappings saved by name, so next month's file from the same agency maps itself.

Kept as one small JSON file in the user data folder (not in any review: a
mapping describes an agency's file layout, not a case). Written atomically.
"""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field
from pydantic import ValidationError as PydanticValidationError

from investigator.files import atomic_write_text
from investigator.paths import user_data_dir

from .errors import SavedMappingsError
from .fields import ImportField

MAPPINGS_FILE = "import-mappings.json"
FORMAT = "investigator-import-mappings"
MAX_NAME = 80


class _MappingsDocument(BaseModel):
    model_config = ConfigDict(extra="forbid")

    format: str = FORMAT
    version: int = 1
    mappings: dict[str, dict[str, ImportField]] = Field(default_factory=dict)


def mappings_path() -> Path:
    return user_data_dir() / MAPPINGS_FILE


def load_saved_mappings(path: Path | None = None) -> dict[str, dict[str, ImportField]]:
    """Every saved mapping by name; a damaged file is reported rather than overwritten."""
    path = path or mappings_path()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError) as error:
        raise SavedMappingsError(
            f"Cannot read the saved column mappings ({path}): {error}"
        ) from None
    try:
        document = _MappingsDocument.model_validate(json.loads(text))
    except (ValueError, PydanticValidationError):
        raise SavedMappingsError(
            f"The saved column mappings file ({path}) is damaged; move it aside to start afresh."
        ) from None
    if document.format != FORMAT:
        raise SavedMappingsError(f"{path} is not a file of saved column mappings.")
    return dict(document.mappings)


def save_mapping(name: str, mapping: dict[str, ImportField], path: Path | None = None) -> None:
    name = " ".join(name.split())
    if not name or len(name) > MAX_NAME:
        raise SavedMappingsError(f"A mapping needs a name of 1 to {MAX_NAME} characters.")
    if not mapping:
        raise SavedMappingsError("There is nothing to save: no column is mapped.")
    path = path or mappings_path()
    mappings = load_saved_mappings(path)
    mappings[name] = dict(mapping)
    _write(path, mappings)


def delete_mapping(name: str, path: Path | None = None) -> bool:
    path = path or mappings_path()
    mappings = load_saved_mappings(path)
    if name not in mappings:
        return False
    del mappings[name]
    _write(path, mappings)
    return True


def _write(path: Path, mappings: dict[str, dict[str, ImportField]]) -> None:
    document = _MappingsDocument(mappings=dict(sorted(mappings.items())))
    try:
        atomic_write_text(path, document.model_dump_json(indent=2) + "\n")
    except OSError as error:
        raise SavedMappingsError(f"Cannot save the column mapping to {path}: {error}") from None
