from __future__ import annotations

from tools.generate_schema import SCHEMA_PATH, schema_text


def test_published_json_schema_is_current() -> None:
    assert SCHEMA_PATH.read_text(encoding="utf-8") == schema_text(), (
        "docs/review.schema.json is stale: run python tools/generate_schema.py"
    )
