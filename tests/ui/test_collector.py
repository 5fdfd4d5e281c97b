"""The collector's policy once the data is open (issue 17, ui/collector.py): garbage
collected, what is alive frozen out of later collections, a frozen cycle dropped by the
next opening's settle, the young threshold raised; and the application settles when its
data opens."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator

import pytest

from escadesk.ui import collector


class Node:
    """A container in a reference cycle: only the cycle collector frees it."""

    def __init__(self) -> None:
        self.me = self


@pytest.fixture
def restored() -> Iterator[None]:
    threshold = gc.get_threshold()
    yield
    gc.unfreeze()
    gc.set_threshold(*threshold)


@pytest.mark.usefixtures("restored")
def test_settle_collects_then_freezes_what_is_alive() -> None:
    garbage = Node()
    gone = weakref.ref(garbage)
    del garbage
    kept = Node()
    collector.settle()
    assert gone() is None  # collected before the freeze, not frozen forever
    assert gc.get_freeze_count() > 0
    assert not any(obj is kept for obj in gc.get_objects())  # frozen: no collection walks it
    assert gc.get_threshold()[0] == collector.YOUNG_THRESHOLD


@pytest.mark.usefixtures("restored")
def test_a_cycle_frozen_by_one_opening_is_collected_by_the_next() -> None:
    node = Node()
    frozen = weakref.ref(node)
    collector.settle()
    del node
    gc.collect()
    assert frozen() is not None  # frozen: the trade-off the module's docstring names
    collector.settle()
    assert frozen() is None
