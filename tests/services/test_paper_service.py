"""The paper checklist: forms received, and their destruction recorded."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from escadesk.app import AppConfig, Services, build_services
from escadesk.domain.validation import ValidationError
from escadesk.services.clock import FixedClock
from escadesk.services.demo import DEMO_TODAY, seed_demo
from escadesk.services.paper import Channel, Disposal, PaperKind


@pytest.fixture
def services(tmp_path: Path) -> Iterator[Services]:
    services = build_services(AppConfig.resolve(tmp_path / "data"), clock=FixedClock(DEMO_TODAY))
    seed_demo(services)
    yield services
    services.close()


def test_received_then_shredded(services: Services) -> None:
    (workshop,) = services.workshops.list()
    rows = {r.organization: r.id for r in services.registrations.list(workshop.id)}
    paper = services.paper.record_received(
        rows["Rhine Valley Health Cluster"],
        PaperKind.CARD_AUTHORIZATION,
        Channel.MAIL,
        date(2018, 9, 21),
    )
    (item,) = services.paper.checklist(workshop.id)
    assert item.disposed_on is None and item.organization == "Rhine Valley Health Cluster"
    with pytest.raises(ValidationError, match="before it arrived"):
        services.paper.record_disposed(paper, Disposal.SHREDDED, date(2018, 9, 1))
    services.paper.record_disposed(paper, Disposal.SHREDDED, date(2018, 10, 3))
    (item,) = services.paper.checklist(workshop.id)
    assert item.disposal is Disposal.SHREDDED and item.disposed_on == date(2018, 10, 3)
    with pytest.raises(ValidationError, match="already recorded"):
        services.paper.record_disposed(paper, Disposal.DELETED, date(2018, 10, 4))
