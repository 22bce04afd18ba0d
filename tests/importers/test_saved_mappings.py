"""Mappings saved by name in the user data folder, written atomically."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from investigator.importers import (
    ImportField,
    SavedMappingsError,
    delete_mapping,
    load_saved_mappings,
    mappings_path,
    save_mapping,
)


def test_the_file_lives_in_the_user_data_folder(private_data_dir: Path) -> None:
    assert mappings_path() == private_data_dir / "import-mappings.json"


def test_nothing_saved_yet() -> None:
    assert load_saved_mappings() == {}


def test_save_load_replace_delete(private_data_dir: Path) -> None:
    save_mapping("  Trust   CMHT extract ", {"Entry": ImportField.SUMMARY})
    save_mapping("GP records", {"Consultation date": ImportField.DATE})
    save_mapping("Trust CMHT extract", {"Narrative": ImportField.SUMMARY})
    assert load_saved_mappings() == {
        "GP records": {"Consultation date": ImportField.DATE},
        "Trust CMHT extract": {"Narrative": ImportField.SUMMARY},
    }
    stored = json.loads((private_data_dir / "import-mappings.json").read_text())
    assert stored["format"] == "investigator-import-mappings"
    assert delete_mapping("GP records")
    assert not delete_mapping("GP records")
    assert list(load_saved_mappings()) == ["Trust CMHT extract"]
    leftovers = [p.name for p in private_data_dir.iterdir() if p.name.endswith(".tmp")]
    assert leftovers == []


@pytest.mark.parametrize("name", ["", "   ", "x" * 81])
def test_a_mapping_needs_a_sensible_name(name: str) -> None:
    with pytest.raises(SavedMappingsError, match="needs a name"):
        save_mapping(name, {"Entry": ImportField.SUMMARY})


def test_an_empty_mapping_is_not_saved() -> None:
    with pytest.raises(SavedMappingsError, match="nothing to save"):
        save_mapping("Empty", {})


@pytest.mark.parametrize(
    "content",
    ["{not json", '{"format": "investigator-import-mappings", "mappings": {"x": {"A": "shoe"}}}'],
)
def test_a_damaged_file_is_reported_not_overwritten(private_data_dir: Path, content: str) -> None:
    path = private_data_dir / "import-mappings.json"
    path.write_text(content)
    with pytest.raises(SavedMappingsError, match="damaged"):
        load_saved_mappings()
    with pytest.raises(SavedMappingsError):
        save_mapping("New", {"Entry": ImportField.SUMMARY})
    assert path.read_text() == content
