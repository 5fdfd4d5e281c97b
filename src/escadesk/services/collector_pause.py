"""Python's cycle collector paused while a read or a plan builds its rows (issue 17).

A read of 10,000 registrations allocates ~100,000 container objects (tuples, rows), none
in a reference cycle. With the collector on, they set it off again and again, and each
time it walks everything younger than the last full collection; once enough of them are
still alive, a full collection walks everything the process holds (250-450 ms under load
at 10,000 rows, in one decision dry run in three). Paused, reference counting still frees
them as usual, and what a dry run built and dropped never reaches a collection; what is
kept (the desk's rows) is walked once by the next young collection.

The pause is process-wide (the collector is one per interpreter), so it is kept to the
read itself; a pause inside another leaves the collector as the outer one found it.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """The cycle collector off for the block, then back as it was."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
