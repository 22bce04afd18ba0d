"""Random, truncated and garbled input: a report or one clear error, never a crash or a change.

Agencies' files arrive damaged (half-copied attachments, renamed files, odd
exports). Whatever a reader is given, the reviewer must get either a table or
an ``InvestigatorError`` with a message, and the review must be exactly as it
was unless rows were actually imported.
"""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from investigator.importers import (
    ImportField,
    ImportOptions,
    SourceRow,
    SourceTable,
    apply_import_plan,
    auto_map,
    build_import_plan,
    read_pasted_text,
    read_source,
)
from investigator.models import InvestigatorError
from investigator.review import ReviewFile
from tests.conftest import PROJECT_ROOT

DATA = PROJECT_ROOT / "tests" / "data"
SAMPLES = ["messy.csv", "bom.csv", "windows-1252.csv", "chronology.xlsx", "two-tables.docx"]
FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def import_whatever(review: ReviewFile, path: Path, *, valid_only: bool = False) -> None:
    """Read, map automatically, check and write, as the command line does."""
    before = review.export_document()
    table = None
    try:
        table = read_source(path)
        options = ImportOptions(mapping=auto_map(table.headers), subject="Service user A")
        plan = build_import_plan(review, table, options)
        result = apply_import_plan(review, plan, valid_only=valid_only)
    except InvestigatorError as error:
        assert str(error).strip(), "an error must say what is wrong"
        assert review.export_document() == before
        return
    if result.imported == 0:
        assert review.export_document() == before


@FUZZ
@given(payload=st.binary(max_size=3000), suffix=st.sampled_from([".csv", ".xlsx", ".docx"]))
def test_random_bytes(two_users: ReviewFile, tmp_path: Path, payload: bytes, suffix: str) -> None:
    path = tmp_path / f"random{suffix}"
    path.write_bytes(payload)
    import_whatever(two_users, path)


@FUZZ
@given(sample=st.sampled_from(SAMPLES), cut=st.floats(min_value=0, max_value=1))
def test_truncated_files(two_users: ReviewFile, tmp_path: Path, sample: str, cut: float) -> None:
    data = (DATA / sample).read_bytes()
    path = tmp_path / f"cut-{sample}"
    path.write_bytes(data[: int(len(data) * cut)])
    import_whatever(two_users, path)


@FUZZ
@given(
    sample=st.sampled_from(SAMPLES),
    changes=st.lists(
        st.tuples(st.floats(min_value=0, max_value=1), st.binary(min_size=1, max_size=4)),
        max_size=4,
    ),
)
def test_garbled_files(
    two_users: ReviewFile, tmp_path: Path, sample: str, changes: list[tuple[float, bytes]]
) -> None:
    data = bytearray((DATA / sample).read_bytes())
    for where, junk in changes:
        at = int(len(data) * where)
        data[at : at + len(junk)] = junk
    path = tmp_path / f"garbled-{sample}"
    path.write_bytes(bytes(data))
    import_whatever(two_users, path, valid_only=True)


@FUZZ
@given(text=st.text(max_size=500))
def test_random_pasted_text(two_users: ReviewFile, text: str) -> None:
    try:
        table = read_pasted_text(text)
        plan = build_import_plan(
            two_users, table, ImportOptions(mapping=auto_map(table.headers), subject="A")
        )
    except InvestigatorError as error:
        assert str(error)
        return
    assert plan.rows_read == len(table.rows)


cell_values = st.one_of(
    st.none(),
    st.text(max_size=40),
    st.sampled_from(["12/03/2019", "c. 2019", "March 2019", "05/13/2019", "yes", "DNA", "TIC"]),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.dates(),
    st.datetimes(),
    st.times(),
    st.timedeltas(),
)
ALL_FIELDS = list(ImportField)


@FUZZ
@given(
    rows=st.lists(
        st.lists(cell_values, min_size=len(ALL_FIELDS), max_size=len(ALL_FIELDS)), max_size=20
    )
)
def test_random_cells_in_every_field(two_users: ReviewFile, rows: list[list[object]]) -> None:
    headers = [field.value for field in ALL_FIELDS]
    table = SourceTable(
        "random.xlsx",
        headers,
        [SourceRow(n, tuple(cells)) for n, cells in enumerate(rows, start=2)],  # type: ignore[arg-type]
    )
    events_before = len(two_users.events())
    plan = build_import_plan(
        two_users,
        table,
        ImportOptions(mapping=auto_map(headers), create_subjects=True, skip_duplicates=False),
    )
    for problem in plan.problems:
        assert problem.message and problem.location.startswith("Row ")
    result = apply_import_plan(two_users, plan, valid_only=True)
    assert (
        len(two_users.events())
        == events_before + result.imported
        == events_before + len(plan.ready)
    )


def test_floats_that_are_not_numbers_are_only_text() -> None:
    from investigator.importers.cells import cell_text

    assert cell_text(math.nan) == "nan"
    assert cell_text(2019.0) == "2019"
    assert cell_text(dt.time(9, 5)) == "09:05"


@pytest.mark.parametrize("sample", SAMPLES)
def test_every_cut_of_a_small_sample_is_safe(
    two_users: ReviewFile, tmp_path: Path, sample: str
) -> None:
    """Deterministic companion to the random cuts: every 97th prefix of each sample."""
    data = (DATA / sample).read_bytes()
    for cut in range(0, len(data), max(len(data) // 40, 1)):
        path = tmp_path / f"{cut}-{sample}"
        path.write_bytes(data[:cut])
        import_whatever(two_users, path)
