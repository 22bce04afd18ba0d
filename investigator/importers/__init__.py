"""Importing chronologies from agencies' files, and exporting them back out.

Readers (CSV, XLSX, DOCX, pasted text) produce a ``SourceTable``; a column
mapping and ``build_import_plan`` check every row; ``apply_import_plan``
writes the good rows in one transaction. Pure Python: no Qt and no SQL.
"""

from .csv_reader import read_csv, read_csv_bytes, read_pasted_text
from .docx_reader import TableInfo, docx_tables, read_docx
from .errors import (
    ExportError,
    ImportFileError,
    ImportOptionsError,
    ImportRefusedError,
    SavedMappingsError,
)
from .export import (
    EXPORT_COLUMNS,
    EXPORT_FILE_FILTER,
    ChronologySource,
    export_chronology,
    export_problems,
)
from .fields import FIELD_LABELS, ImportField, auto_map, mapping_for_headers, parse_field
from .plan import (
    ImportPlan,
    ImportResult,
    ImportTarget,
    apply_import_plan,
    build_import_plan,
    plan_result,
    preview,
)
from .rows import ImportOptions, ImportProblem, RowInterpreter, RowOutcome, Severity
from .saved_mappings import delete_mapping, load_saved_mappings, mappings_path, save_mapping
from .sources import IMPORT_FILE_FILTER, SourceKind, read_source, source_kind
from .table import SourceRow, SourceTable
from .xlsx_reader import SheetInfo, read_xlsx, xlsx_sheets

__all__ = [
    "EXPORT_COLUMNS",
    "EXPORT_FILE_FILTER",
    "FIELD_LABELS",
    "IMPORT_FILE_FILTER",
    "ChronologySource",
    "ExportError",
    "ImportField",
    "ImportFileError",
    "ImportOptions",
    "ImportOptionsError",
    "ImportPlan",
    "ImportProblem",
    "ImportRefusedError",
    "ImportResult",
    "ImportTarget",
    "RowInterpreter",
    "RowOutcome",
    "SavedMappingsError",
    "Severity",
    "SheetInfo",
    "SourceKind",
    "SourceRow",
    "SourceTable",
    "TableInfo",
    "apply_import_plan",
    "auto_map",
    "build_import_plan",
    "delete_mapping",
    "docx_tables",
    "export_chronology",
    "export_problems",
    "load_saved_mappings",
    "mapping_for_headers",
    "mappings_path",
    "parse_field",
    "plan_result",
    "preview",
    "read_csv",
    "read_csv_bytes",
    "read_docx",
    "read_pasted_text",
    "read_source",
    "read_xlsx",
    "save_mapping",
    "source_kind",
    "xlsx_sheets",
]
