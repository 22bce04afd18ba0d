"""The one place that finds packaged files (``templates/`` and ``resources/``).

In a wheel they are installed inside the package as ``investigator/_data/``;
in a source checkout they sit at the repository root.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


@cache
def _data_root() -> Path:
    installed = _PACKAGE_DIR / "_data"
    if (installed / "templates").is_dir():
        return installed
    return _PACKAGE_DIR.parent


def template_path(*parts: str) -> Path:
    """A file or folder under ``templates/`` (theme frameworks, demo review, …)."""
    return _data_root().joinpath("templates", *parts)


def resource_path(*parts: str) -> Path:
    """A file or folder under ``resources/`` (icons, stylesheet)."""
    return _data_root().joinpath("resources", *parts)


def docs_path(*parts: str) -> Path:
    """A file under ``docs/`` (the user guide and its screenshots)."""
    return _data_root().joinpath("docs", *parts)


def read_template(*parts: str) -> str:
    return template_path(*parts).read_text(encoding="utf-8")
