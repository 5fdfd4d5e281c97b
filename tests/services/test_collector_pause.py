"""The cycle collector paused while a read or a dry run builds its rows (issue 17,
services/collector_pause.py): off inside, back as it was after, even on an error, and
the decision's dry run runs inside it (a few collections however low the threshold,
against hundreds without)."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

import pytest

from escadesk.app import Services
from escadesk.services import decision as decision_module
from escadesk.services.collector_pause import collector_paused
from escadesk.services.decision import DecisionService


@pytest.fixture
def collector_on() -> Iterator[None]:
    was = gc.isenabled()
    gc.enable()
    yield
    if not was:
        gc.disable()


@pytest.mark.usefixtures("collector_on")
def test_off_inside_and_back_after_even_on_an_error() -> None:
    with collector_paused():
        assert not gc.isenabled()
        with collector_paused():  # a pause inside another leaves it paused
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(ValueError), collector_paused():
        raise ValueError("boom")
    assert gc.isenabled()


@pytest.mark.usefixtures("collector_on")
def test_a_pause_leaves_a_collector_found_off_off() -> None:
    gc.disable()
    with collector_paused():
        pass
    assert not gc.isenabled()


@pytest.mark.usefixtures("collector_on")
def test_the_dry_run_plans_with_the_collector_paused(
    demo: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    (workshop,) = demo.workshops.list()
    seen: list[bool] = []
    plan = DecisionService._plan

    def watched(self: DecisionService, *args: object) -> object:
        seen.append(gc.isenabled())
        return plan(self, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(DecisionService, "_plan", watched)
    preview = demo.decision.preview(workshop.id)
    dry_run = demo.decision.dry_run(workshop.id)
    assert dry_run.plan == preview
    assert seen[:2] == [False, False]
    assert gc.isenabled()
    collections: list[int] = []

    def counted(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            collections.append(info["generation"])

    def collections_during_a_preview() -> int:
        collections: list[int] = []

        def counted(phase: str, info: dict[str, int]) -> None:
            if phase == "start":
                collections.append(info["generation"])

        threshold = gc.get_threshold()
        gc.callbacks.append(counted)
        try:
            gc.set_threshold(10)  # a young collection every 10 allocations
            demo.decision.preview(workshop.id)
        finally:
            gc.set_threshold(*threshold)
            gc.callbacks.remove(counted)
        return len(collections)

    paused = collections_during_a_preview()  # a few: entering and leaving the pause
    monkeypatch.setattr(decision_module, "collector_paused", contextlib.nullcontext)
    assert paused <= 5 < 10 * paused < collections_during_a_preview()
