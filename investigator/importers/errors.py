"""Errors a reviewer can cause while importing or exporting a chronology.

Each carries a message the reviewer can act on; the command line prints it on
one line and the app shows it in a dialog. Nothing has been written when one
of these is raised.
"""

from __future__ import annotations

from pathlib import Path

from investigator.models import InvestigatorError


class ImportFileError(InvestigatorError):
    """A file that cannot be read as a table (wrong kind, damaged, truncated, empty)."""

    def __init__(self, source: Path | str | None, reason: str) -> None:
        self.source = source.name if isinstance(source, Path) else source
        self.reason = reason
        super().__init__(
            f"{self.source}: {reason}" if self.source else reason[:1].upper() + reason[1:]
        )


class ImportOptionsError(InvestigatorError):
    """Choices that cannot make an import: a required column unmapped, an unknown sheet."""


class ImportRefusedError(InvestigatorError):
    """Problems were found and the reviewer did not choose to import only the valid rows."""


class SavedMappingsError(InvestigatorError):
    """The file of saved column mappings cannot be read or a mapping name is unusable."""


class ExportError(InvestigatorError):
    """The chronology cannot be written where or how the reviewer asked."""
