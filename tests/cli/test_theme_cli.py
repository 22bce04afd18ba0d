"""Managing a review's themes from the command line keeps every tag."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from investigator.cli import main
from investigator.review import ReviewFile


def run(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def test_themes_listed_renamed_recoloured_merged_and_framework_added(
    demo_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "themes", demo_path, "--json")
    assert code == 0
    listed = {t["code"]: t for t in json.loads(out)["themes"]}
    assert set(listed) == {"TIC", "ACCESS", "INEQ", "AGENCIES", "PATHWAY", "VOICE"}
    voice_tags, ineq_tags = listed["VOICE"]["tags"], listed["INEQ"]["tags"]
    assert voice_tags > 0

    assert run(capsys, "rename-theme", demo_path, "VOICE", "Voices of families")[0] == 0
    assert run(capsys, "recolour-theme", demo_path, "VOICE", "#123456")[0] == 0
    code, _, err = run(capsys, "recolour-theme", demo_path, "VOICE", "pink")
    assert code == 1 and err.startswith("investigator: ")
    assert run(capsys, "add-theme", demo_path, "Housing", "--code", "HOUSING")[0] == 0
    code, out, _ = run(capsys, "merge-themes", demo_path, "VOICE", "INEQ", "--json")
    assert code == 0 and json.loads(out) == {"removed": "VOICE", "kept": "INEQ"}
    assert run(capsys, "add-framework", demo_path, "seips")[0] == 0

    with ReviewFile.open(demo_path, read_only=True) as review:
        codes = {t.code for t in review.themes()}
        assert "VOICE" not in codes and {"HOUSING", "INEQ"} <= codes
        ineq = review.theme("INEQ")
        carried = len({t.event_id for t in review.tags() if t.theme_id == ineq.id})
        assert ineq_tags <= carried <= ineq_tags + voice_tags
        assert len(review.frameworks()) == 2


def test_update_phrases_from_the_command_line(
    demo_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with ReviewFile.open(demo_path) as review:
        voice = review.theme("VOICE")
        with review.action("Older phrases") as tx:
            tx.put(voice.model_copy(update={"lexicon": voice.lexicon[:2]}))
    code, out, _ = run(capsys, "update-phrases", demo_path, "--json")
    assert code == 0 and json.loads(out) == {"updated": ["VOICE"]}
    with ReviewFile.open(demo_path, read_only=True) as review:
        assert review.theme("VOICE").lexicon == voice.lexicon
    code, out, _ = run(capsys, "update-phrases", demo_path)
    assert code == 0 and "nothing changed" in out
