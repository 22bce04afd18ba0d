"""Regenerate docs/review.schema.json from the models: python tools/generate_schema.py"""

from __future__ import annotations

import json
from pathlib import Path

from investigator.files import atomic_write_text
from investigator.models import ReviewDocument

SCHEMA_PATH = Path(__file__).resolve().parent.parent / "docs" / "review.schema.json"


def schema_text() -> str:
    schema = ReviewDocument.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Investigator review document"
    return json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


if __name__ == "__main__":
    atomic_write_text(SCHEMA_PATH, schema_text())
    print(f"wrote {SCHEMA_PATH}")
