"""Where Investigator keeps its own files on this computer.

Reviews live where the reviewer saves them; this folder only holds the demo
review. It is a local application-data folder, not a cloud-synced one.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_NAME = "Investigator"


def user_data_dir() -> Path:
    override = os.environ.get("INVESTIGATOR_DATA_DIR")
    if override:
        return Path(override)
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
        return base / APP_NAME
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / APP_NAME
    base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / APP_NAME.lower()


def demo_review_path() -> Path:
    return user_data_dir() / "demo.review"
