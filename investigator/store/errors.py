"""Why a review file could not be opened or written."""

from __future__ import annotations

from pathlib import Path

from investigator.models import InvestigatorError


class ReviewFileError(InvestigatorError):
    def __init__(self, path: Path, message: str) -> None:
        super().__init__(message)
        self.path = path


class ReviewNotFoundError(ReviewFileError):
    def __init__(self, path: Path) -> None:
        super().__init__(path, f"{path} does not exist.")


class ReviewExistsError(ReviewFileError):
    def __init__(self, path: Path) -> None:
        super().__init__(path, f"{path} already exists; choose another name or remove it first.")


class NotSQLiteError(ReviewFileError):
    def __init__(self, path: Path) -> None:
        super().__init__(
            path,
            f"{path.name} is not a review file: it is not an SQLite database "
            "(it may be a different kind of file, or damaged). It was not changed.",
        )


class NotAReviewError(ReviewFileError):
    def __init__(self, path: Path) -> None:
        super().__init__(
            path,
            f"{path.name} is an SQLite database but not an Investigator review. "
            "It was not changed.",
        )


class NewerVersionError(ReviewFileError):
    def __init__(self, path: Path, found: int, supported: int) -> None:
        super().__init__(
            path,
            f"{path.name} was written by a newer version of Investigator (file "
            f"format {found}; this version reads up to {supported}). Update "
            "Investigator to open it. The file was not changed.",
        )


class CorruptReviewError(ReviewFileError):
    def __init__(self, path: Path, detail: str) -> None:
        super().__init__(
            path,
            f"{path.name} is damaged and cannot be opened safely ({detail}). "
            "Restore it from a backup or a shared case file.",
        )


class ReviewInUseError(ReviewFileError):
    def __init__(self, path: Path) -> None:
        super().__init__(
            path,
            f"{path.name} is open in another Investigator window or process. "
            "Close it there, or open it read-only.",
        )


class ReviewBusyError(ReviewFileError):
    def __init__(self, path: Path) -> None:
        super().__init__(
            path,
            f"{path.name} is busy with another change (still being written). "
            "Nothing was changed; try again when it has finished.",
        )


class ReadOnlyError(ReviewFileError):
    def __init__(self, path: Path) -> None:
        super().__init__(
            path,
            f"{path.name} is open read-only; changes cannot be saved to it.",
        )
