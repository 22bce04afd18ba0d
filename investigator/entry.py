"""The ``investigator`` command: the command line, which can start the app.

This sits above both front ends so that the command line itself never
imports Qt: only the ``open`` command loads the app.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from investigator.cli import main as cli_main


def open_app(path: Path | None, demo: bool, read_only: bool) -> int:
    from investigator.ui.app import run_app

    return run_app(path=path, demo=demo, read_only=read_only)


def main(argv: Sequence[str] | None = None) -> int:
    return cli_main(argv, open_app=open_app)
