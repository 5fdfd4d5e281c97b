"""The demo for the report tests, its answers kept aside so that a test can clear some to
go below the minimum (a blank answer clears it) and the others stay the demo's.

Shared by the report-rules and report-PDF tests; no vault is needed for reports.
"""

from __future__ import annotations

from pathlib import Path

from escadesk.app import AppConfig, Services, build_services
from escadesk.domain.benchmarking import Catalogue
from escadesk.services.clock import FixedClock
from escadesk.services.demo import DEMO_TODAY, seed_demo

#: The demo's answers, by registration, read before a test clears any.
DEMO_TEXTS: dict[int, dict[str, str]] = {}


def report_demo(folder: Path) -> tuple[Services, int]:
    """The demo seeded in ``folder`` (the caller closes the services) and its workshop;
    every participant's answers noted in :data:`DEMO_TEXTS`."""
    services = build_services(AppConfig.resolve(folder), clock=FixedClock(DEMO_TODAY))
    workshop_id = seed_demo(services)
    for participant in services.benchmarking.participants(workshop_id):
        rid = participant.registration_id
        answers = services.benchmarking.survey(rid).answers
        DEMO_TEXTS[rid] = {code: answer.text for code, answer in answers.items()}
    return services, workshop_id


def registration_id(services: Services, workshop_id: int, organization: str) -> int:
    participants = services.benchmarking.participants(workshop_id)
    return next(p.registration_id for p in participants if p.organization == organization)


def keep_only(services: Services, registration_id: int, count: int) -> None:
    """Keep ``count`` of the demo's answers (first one per area, then in catalogue order)
    and clear the others (a blank answer clears it)."""
    catalogue: Catalogue = services.benchmarking.catalogue()
    first = [
        next(i.code for i in catalogue.indicators if i.area == a.code) for a in catalogue.areas
    ]
    order = first + [code for code in catalogue.codes if code not in first]
    texts = dict.fromkeys(order[count:], "")
    texts.update({code: DEMO_TEXTS[registration_id][code] for code in order[:count]})
    services.benchmarking.save_answers(registration_id, texts)
