"""Column mapping: headers recognised in their common spellings, and changed by the reviewer."""

from __future__ import annotations

import pytest

from investigator.importers import ImportField, auto_map, mapping_for_headers, parse_field
from investigator.importers.fields import header_key, match_header

F = ImportField


@pytest.mark.parametrize("field", list(ImportField))
def test_the_canonical_names_map_without_a_question(field: ImportField) -> None:
    assert match_header(field.value) is field
    assert match_header(field.value.upper()) is field
    assert match_header(field.label) is field


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Date", F.DATE),
        ("Date/Time", F.DATE),
        ("DATE & TIME", F.DATE),
        ("Date of contact", F.DATE),
        ("Time", F.TIME),
        ("Event", F.SUMMARY),
        ("Details", F.SUMMARY),
        ("Entry", F.SUMMARY),
        ("What happened", F.SUMMARY),
        ("Agency", F.AGENCY),
        ("Organisation", F.AGENCY),
        ("Agency/Source", F.AGENCY),
        ("Source", F.SOURCE),
        ("Provenance", F.SOURCE),
        ("Reference", F.SOURCE),
        ("Service user", F.SUBJECT),
        ("Service User:", F.SUBJECT),
        ("Client", F.SUBJECT),
        ("Type", F.EVENT_TYPE),
        ("Event type", F.EVENT_TYPE),
        ("Comments", F.ANALYSIS),
        ("Analysis", F.ANALYSIS),
        ("Themes", F.THEMES),
        ("Author", F.AUTHOR_ROLE),
        ("Designation", F.AUTHOR_ROLE),
        ("What should have happened", F.SHOULD_HAVE_HAPPENED),
        ("Policy / acceptable practice", F.SHOULD_HAVE_HAPPENED),
        ("Missed opportunity", F.MISSED_OPPORTUNITY),
        ("Care or service delivery problem", F.CARE_PROBLEM),
        ("CDP", F.CARE_PROBLEM),
        ("Good practice", F.NOTABLE_PRACTICE),
    ],
)
def test_common_variants(header: str, field: ImportField) -> None:
    assert match_header(header) is field


def test_unknown_headers_stay_unmapped() -> None:
    assert match_header("NHS number") is None
    assert match_header("") is None


def test_header_key_ignores_case_and_punctuation() -> None:
    assert header_key("  Date / Time: ") == header_key("date_time") == "date time"


def test_the_first_column_claiming_a_field_wins() -> None:
    mapping = auto_map(["Date", "Event", "Date of entry", "Details"])
    assert mapping == {"Date": F.DATE, "Event": F.SUMMARY}


def test_parse_field_accepts_names_labels_and_ignore() -> None:
    assert parse_field("summary") is F.SUMMARY
    assert parse_field("What happened") is F.SUMMARY
    assert parse_field("ignore") is None
    with pytest.raises(ValueError):
        parse_field("shoe size")


def test_a_saved_mapping_fits_a_file_with_differently_written_headers() -> None:
    saved = {"Entry Date": F.DATE, "Narrative ": F.SUMMARY, "Notes": None}
    headers = ["entry date", "NARRATIVE", "Notes", "Agency"]
    assert mapping_for_headers(headers, saved) == {
        "entry date": F.DATE,
        "NARRATIVE": F.SUMMARY,
        "Agency": F.AGENCY,  # not in the saved mapping: mapped automatically
    }


def test_a_saved_mapping_claims_fields_before_automatic_ones() -> None:
    saved = {"Comments": F.SUMMARY}
    headers = ["Date", "Event", "Comments"]
    assert mapping_for_headers(headers, saved) == {"Comments": F.SUMMARY, "Date": F.DATE}
