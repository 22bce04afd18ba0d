"""Fixtures for import tests: the sample files in tests/data and a review ready for them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from investigator.review import ReviewFile
from tests.conftest import PROJECT_ROOT

DATA = PROJECT_ROOT / "tests" / "data"


@pytest.fixture
def data() -> Path:
    return DATA


@pytest.fixture
def two_users(tmp_path: Path) -> Iterator[ReviewFile]:
    """A new review (six learning themes) with Service users A and B, as the sample files name."""
    with ReviewFile.create(tmp_path / "import.review", "Import test") as review:
        review.add_subject("Service user A")
        review.add_subject("Service user B")
        yield review
