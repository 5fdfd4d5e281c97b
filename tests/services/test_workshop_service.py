"""Creating, editing and reading workshops; several in one database."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, time
from decimal import Decimal

import pytest

from escadesk.domain.fees import announcement_fee_schedule
from escadesk.domain.validation import ValidationError
from escadesk.domain.workshop_calendar import AgendaItem, announcement_agenda
from escadesk.services import audit
from escadesk.services.demo import DEMO_CODE, announcement_workshop
from escadesk.services.views import NotFoundError, WorkshopInput
from escadesk.services.workshops import check_workshop
from raw_sql import query


def problem_fields(error: ValidationError) -> set[str]:
    return {problem.field for problem in error.problems}


def other_workshop(**changes) -> WorkshopInput:
    base = replace(
        announcement_workshop(),
        code="TCI2019-BENCH",
        title="Benchmarking Workshop (TCI 2019)",
        timezone="Europe/Berlin",
        registration_deadline=date(2019, 9, 1),
        event_date=date(2019, 9, 10),
        minimum_organizations=3,
        maximum_organizations=5,
        currency="EUR",
        tax_rate=Decimal("0.19"),
        tax_name="MwSt",
        fees={3: Decimal("2500"), 4: Decimal("2200"), 5: Decimal("2000")},
        fx_currency=None,
        fx_rate=None,
        fx_as_of=None,
        agenda=(),
        facilitators=(),
    )
    return replace(base, **changes)


def test_create_and_read_back_the_announcement(services, workshop_id) -> None:
    view = services.workshops.get(workshop_id)

    assert view.code == DEMO_CODE
    assert view.title.startswith("ESCA Cluster Benchmarking Workshop")
    assert view.calendar.registration_deadline == date(2018, 10, 1)
    assert view.calendar.deadline.isoformat() == "2018-10-02T00:00:00-04:00"
    assert view.calendar.agenda == announcement_agenda()
    expected = announcement_fee_schedule()
    assert view.schedule.fees == expected.fees
    assert view.schedule.tax_rate == Decimal("0.13")
    assert view.schedule.rate == expected.rate
    assert [q.approximation_text() for q in view.schedule.quotes()] == [
        "~1,990 EUR",
        "~1,840 EUR",
        "~1,750 EUR",
    ]
    assert [f.name for f in view.facilitators] == ["Dr. Oliver Ziegler", "Vincent Dugré"]
    assert view.as_input() == announcement_workshop()


def test_create_is_audited(services, workshop_id, actor, today) -> None:
    with services.context.database.reading() as session:
        lines = audit.recent(session, workshop_id)
    assert [(line.action, line.actor) for line in lines] == [("workshop.create", actor)]
    assert lines[0].summary == f"Created workshop {DEMO_CODE}: " + announcement_workshop().title
    assert lines[0].at == today


def test_several_workshops_live_in_one_database(services, workshop_id) -> None:
    second = services.workshops.create(other_workshop())
    third = services.workshops.create(
        other_workshop(
            code="EARLY", event_date=date(2018, 5, 1), registration_deadline=date(2018, 4, 1)
        )
    )

    assert [(w.id, w.code) for w in services.workshops.list()] == [
        (third, "EARLY"),
        (workshop_id, DEMO_CODE),
        (second, "TCI2019-BENCH"),
    ]
    view = services.workshops.get(second)
    assert view.schedule.currency == "EUR"
    assert view.schedule.minimum == 3
    assert view.schedule.rate is None
    assert view.calendar.zone.key == "Europe/Berlin"
    assert services.workshops.get(workshop_id).schedule.currency == "CAD"


@pytest.mark.parametrize("code", [DEMO_CODE, DEMO_CODE.lower(), f"  {DEMO_CODE}  "])
def test_duplicate_code_is_refused(services, workshop_id, snapshot, code: str) -> None:
    before = snapshot()
    with pytest.raises(ValidationError) as refused:
        services.workshops.create(other_workshop(code=code))
    assert problem_fields(refused.value) == {"code"}
    assert "already used" in refused.value.for_field("code")[0]
    assert snapshot() == before


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"code": "  "}, "code", "short code is required"),
        ({"title": ""}, "title", "title is required"),
        ({"timezone": "Toronto"}, "timezone", "not a known time zone"),
        ({"timezone": "America/Nowhere"}, "timezone", "not a known time zone"),
        ({"timezone": ""}, "timezone", "not a known time zone"),
        ({"fees": {3: Decimal(2500), 5: Decimal(2000)}}, "fees", "each head-count from 3 to 5"),
        ({"fees": {3: Decimal(2500), 4: Decimal(0), 5: Decimal(1)}}, "fees", "greater than zero"),
        ({"event_date": date(2019, 9, 1)}, "calendar", "after the registration deadline"),
        ({"minimum_organizations": 6, "fees": {}}, "calendar", "not above the maximum"),
        ({"tax_rate": Decimal(1)}, "tax_rate", "between 0% and 100%"),
        ({"tax_rate": Decimal("-0.01")}, "tax_rate", "between 0% and 100%"),
        ({"currency": "eur"}, "currency", "ISO 4217"),
        ({"fx_currency": "USD"}, "fx_rate", "positive rate and its date"),
        (
            {"fx_currency": "usd", "fx_rate": Decimal("1.1"), "fx_as_of": date(2019, 1, 1)},
            "fx_currency",
            "ISO 4217",
        ),
        (
            {
                "agenda": (
                    AgendaItem(time(9), time(10), "One"),
                    AgendaItem(time(9, 30), time(11), "Two"),
                )
            },
            "agenda",
            "'One' overlaps 'Two'",
        ),
    ],
)
def test_invalid_workshops_are_refused_field_by_field(
    services, snapshot, changes: dict, field: str, message: str
) -> None:
    data = other_workshop(**changes)
    assert field in {p.field for p in check_workshop(data)}
    before = snapshot()
    with pytest.raises(ValidationError) as refused:
        services.workshops.create(data)
    assert field in problem_fields(refused.value)
    assert any(message in text for text in refused.value.for_field(field))
    assert snapshot() == before
    assert services.workshops.list() == []


def test_every_problem_is_reported_at_once(services) -> None:
    data = other_workshop(code="", title="", tax_rate=Decimal(2), fees={3: Decimal(1)})
    with pytest.raises(ValidationError) as refused:
        services.workshops.create(data)
    assert problem_fields(refused.value) == {"code", "title", "tax_rate", "fees"}


def test_update_keeps_the_same_fees(services, workshop_id, clock) -> None:
    """Saving the edit dialog unchanged (same tiers) must work."""
    before = services.workshops.get(workshop_id)
    services.workshops.update(workshop_id, before.as_input())
    assert services.workshops.get(workshop_id) == before


def test_update_changes_everything_and_is_audited(
    services, workshop_id, clock, today, db_url
) -> None:
    later = today.replace(hour=15)
    clock.set(later)
    changed = replace(
        announcement_workshop(),
        title="Renamed workshop",
        venue="  Somewhere else  ",
        maximum_organizations=7,
        fees={4: Decimal("3100"), 5: Decimal("2900"), 6: Decimal("2700"), 7: Decimal("2600.50")},
        agenda=announcement_agenda()[:2],
    )
    services.workshops.update(workshop_id, changed)

    view = services.workshops.get(workshop_id)
    assert view.title == "Renamed workshop"
    assert view.venue == "Somewhere else"
    assert view.calendar.maximum_organizations == 7
    assert {n: fee.amount for n, fee in view.schedule.fees.items()} == changed.fees
    assert view.calendar.agenda == announcement_agenda()[:2]
    assert query(db_url, "SELECT count(*) FROM fee_tier") == [(4,)]
    with services.context.database.reading() as session:
        lines = audit.recent(session, workshop_id)
    assert (lines[0].action, lines[0].at) == ("workshop.update", later)
    assert lines[0].summary == f"Edited workshop {DEMO_CODE}"


def test_update_to_another_workshops_code_is_refused(services, workshop_id, snapshot) -> None:
    second = services.workshops.create(other_workshop())
    before = snapshot()
    with pytest.raises(ValidationError) as refused:
        services.workshops.update(second, other_workshop(code=DEMO_CODE.lower()))
    assert problem_fields(refused.value) == {"code"}
    assert snapshot() == before
    # Keeping its own code is fine.
    services.workshops.update(second, other_workshop(title="Still mine"))
    assert services.workshops.get(second).title == "Still mine"


def test_update_with_problems_changes_nothing(services, workshop_id, snapshot) -> None:
    before = snapshot()
    with pytest.raises(ValidationError):
        services.workshops.update(workshop_id, replace(announcement_workshop(), timezone="Nope"))
    assert snapshot() == before


def test_unknown_workshop(services) -> None:
    with pytest.raises(NotFoundError, match="no workshop #42"):
        services.workshops.get(42)
    with pytest.raises(NotFoundError):
        services.workshops.update(42, announcement_workshop())


def test_failure_inside_create_leaves_nothing(services, snapshot, monkeypatch) -> None:
    before = snapshot()

    def broken(*args, **kwargs) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(audit, "record", broken)
    with pytest.raises(RuntimeError, match="disk full"):
        services.workshops.create(announcement_workshop())
    assert snapshot() == before


def test_failure_inside_update_leaves_nothing(services, workshop_id, snapshot, monkeypatch):
    before = snapshot()

    def broken(*args, **kwargs) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(audit, "record", broken)
    with pytest.raises(RuntimeError, match="disk full"):
        services.workshops.update(workshop_id, replace(announcement_workshop(), title="New"))
    assert snapshot() == before
