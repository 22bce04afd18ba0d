#!/usr/bin/env python3
"""Set up and run Investigator with nothing but Python 3.11+.

    python3 tasks.py run      install (first time) and open the app on the demo review
    python3 tasks.py check    install (first time) and run every check: ruff,
                              import-linter and the whole test suite, headless

Both create ``.venv/`` beside this file and reuse it; they reinstall only when
pyproject.toml or constraints.txt change. Extra arguments after ``run`` go to
the ``investigator`` command (e.g. ``python3 tasks.py run my.review``).
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")


def _stamp(extras: str) -> Path:
    digest = hashlib.sha256()
    for name in ("pyproject.toml", "constraints.txt"):
        digest.update((ROOT / name).read_bytes())
    digest.update(extras.encode())
    return VENV / f".installed-{digest.hexdigest()[:16]}"


def ensure_environment(extras: str = "") -> None:
    if sys.version_info < (3, 11):
        sys.exit("Investigator needs Python 3.11 or newer.")
    if not PYTHON.exists():
        print("Creating .venv ...", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    stamp = _stamp(extras)
    wanted = [stamp, _stamp("test")] if not extras else [stamp]
    if any(s.exists() for s in wanted):
        return
    print("Installing Investigator and its pinned dependencies ...", flush=True)
    target = f".[{extras}]" if extras else "."
    subprocess.run(
        [
            str(PYTHON),
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            "-c",
            "constraints.txt",
            "-e",
            target,
        ],
        cwd=ROOT,
        check=True,
    )
    for old in VENV.glob(".installed-*"):
        old.unlink()
    stamp.touch()


def run(args: list[str]) -> int:
    ensure_environment()
    command = [str(BIN / "investigator"), *(args or ["open", "--demo"])]
    return subprocess.call(command, cwd=ROOT)


def check(args: list[str]) -> int:
    ensure_environment("test")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONDONTWRITEBYTECODE": "1"}
    steps = [
        ("ruff", [str(BIN / "ruff"), "check", "."]),
        ("import-linter", [str(BIN / "lint-imports")]),
        ("pytest", [str(PYTHON), "-m", "pytest", *args]),
    ]
    for name, command in steps:
        print(f"== {name}", flush=True)
        code = subprocess.call(command, cwd=ROOT, env=env)
        if code != 0:
            print(f"== {name} failed (exit {code})", flush=True)
            return code
    return 0


def main() -> int:
    if len(sys.argv) < 2 or sys.argv[1] not in ("run", "check"):
        print(__doc__)
        return 2
    task, rest = sys.argv[1], sys.argv[2:]
    return run(rest) if task == "run" else check(rest)


if __name__ == "__main__":
    sys.exit(main())
