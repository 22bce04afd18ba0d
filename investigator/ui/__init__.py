"""The PySide6 front end: the only layer that imports Qt."""
