"""Pausing Python's cyclic garbage collector while an import builds 100,000s of objects.

Reading and checking a large file creates several objects per row, none of
them in reference cycles. Each allocation burst makes the collector walk
every object alive, again and again: at 100,000 rows that doubled the time
to check a file. Reference counting still frees everything; the collector
runs as usual once the import step is over.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
