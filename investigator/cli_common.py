"""What every command of the command line shares: exit codes, output, usage errors."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterable
from typing import Any

EXIT_OK = 0
EXIT_USER_ERROR = 1
EXIT_USAGE = 2
EXIT_BROKEN_PIPE = 141  # as a shell reports a program ended by SIGPIPE (128 + 13)

Handler = Callable[[argparse.Namespace], int]


class UsageError(Exception):
    """Wrong arguments: reported like argparse reports them, with exit status 2."""


def json_flag(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print machine-readable JSON")


def emit(args: argparse.Namespace, data: Any, text: str) -> None:
    """One JSON document with --json, else the text for a person."""
    if getattr(args, "json", False):
        print(json.dumps(data, indent=2, ensure_ascii=False, default=str))
    else:
        print(text)


# One encoder for every entry (json.dumps with options makes a new one each call).
_ENTRY_JSON = json.JSONEncoder(ensure_ascii=False, default=str)


def emit_list(
    args: argparse.Namespace, key: str, entries: list[Any], text: Callable[[], Iterable[str]]
) -> None:
    """``{key: entries}`` with --json, else the lines of ``text()``.

    The JSON is one document, with each entry on a line of its own: a long
    list (200,000 suggestions) is written many times faster than indented
    throughout, and still reads a line an entry.
    """
    out = sys.stdout
    if getattr(args, "json", False):
        out.write(f"{{\n  {json.dumps(key)}: [")
        for number, entry in enumerate(entries):
            out.write(",\n    " if number else "\n    ")
            out.write(_ENTRY_JSON.encode(entry))
        out.write("\n  ]\n}\n" if entries else "]\n}\n")
    else:
        for line in text():
            out.write(line + "\n")
