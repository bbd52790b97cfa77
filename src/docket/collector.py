"""Pausing Python's cycle collector around work that builds millions of acyclic objects.

Generating a population and merging a million records' clusters both make millions of small
objects (dicts, sets, slotted records) that never form cycles: the collector would find nothing,
yet its full passes over them cost seconds. The pause is process-wide: other threads run without
cycle collection meanwhile (reference counting still frees their objects).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused() -> Iterator[None]:
    """The collector off for the block, then back to how it was (left off if it was off)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
