"""The demo: the announcement's workshop with fictional organizations in every state.

The demo's clock is fixed a few days before the announcement's deadline, so a newcomer
sees a live desk ("3 of 4 complete") instead of a workshop that closed years ago.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from escadesk.domain.card_authorization import CardAuthorizationForm
from escadesk.domain.eligibility import normalize_email
from escadesk.domain.fees import announcement_fee_schedule
from escadesk.domain.registration_form import RegistrationDetails
from escadesk.domain.workshop_calendar import announcement_agenda, announcement_facilitators
from escadesk.importing.delegates import DelegateRecord
from escadesk.services.clock import FixedClock
from escadesk.services.delegates import DelegatePreview
from escadesk.services.settings import FIXED_CLOCK_SETTING
from escadesk.services.workshops import WorkshopInput

if TYPE_CHECKING:
    from escadesk.app import Services

TORONTO = ZoneInfo("America/Toronto")
DEMO_TODAY = datetime(2018, 9, 28, 10, 0, tzinfo=TORONTO)
DEMO_CODE = "TCI2018-BENCH"
DEMO_ACTOR = "research director"


def announcement_workshop() -> WorkshopInput:
    schedule = announcement_fee_schedule()
    assert schedule.rate is not None
    return WorkshopInput(
        code=DEMO_CODE,
        title="ESCA Cluster Benchmarking Workshop (TCI 2018)",
        venue="Rotman School of Management, University of Toronto, 105 St George St, Toronto",
        timezone="America/Toronto",
        registration_deadline=date(2018, 10, 1),
        event_date=date(2018, 10, 4),
        minimum_organizations=4,
        maximum_organizations=6,
        currency="CAD",
        tax_rate=schedule.tax_rate,
        tax_name=schedule.tax_name,
        fees={count: fee.amount for count, fee in schedule.fees.items()},
        fx_currency=schedule.rate.quote,
        fx_rate=schedule.rate.rate,
        fx_as_of=schedule.rate.as_of,
        agenda=announcement_agenda(),
        facilitators=announcement_facilitators(),
    )


# (organization, country, area, contact, title, e-mail, phone, state, days before "today")
_ORGANIZATIONS: tuple[tuple[str, str, str, str, str, str, str, str, int], ...] = (
    (
        "Northshore Photonics Cluster",
        "Canada",
        "Micro, nano and optical technologies",
        "Amélie Tremblay",
        "Cluster Manager",
        "a.tremblay@northshore-photonics.example",
        "+1 418 555 0142",
        "complete",
        20,
    ),
    (
        "Baltic Maritime Innovation Network",
        "Estonia",
        "Maritime technologies, water resources",
        "Kaarel Tamm",
        "Managing Director",
        "kaarel.tamm@bmin.example",
        "+372 555 0198",
        "complete",
        14,
    ),
    (
        "Rhine Valley Health Cluster",
        "Germany",
        "Health and medical science",
        "Dr. Jana Becker",
        "Head of Cluster Management",
        "j.becker@rhinehealth.example",
        "+49 621 555 0107",
        "complete",
        6,
    ),
    (
        "Andes AgriFood Alliance",
        "Chile",
        "Food industry",
        "Sofía Muñoz",
        "Executive Director",
        "smunoz@andes-agrifood.example",
        "+56 2 2555 0133",
        "form",
        4,
    ),
    (
        "Lakeside Clean Energy Cluster",
        "Canada",
        "Energy and environment",
        "Marcus Green",
        "Director",
        "marcus.green@lakeside-energy.example",
        "+1 416 555 0175",
        "authorization",
        3,
    ),
    (
        "Catalonia Smart Mobility Hub",
        "Spain",
        "Transportation and mobility",
        "Jordi Puig",
        "Cluster Coordinator",
        "jordi.puig@catmobility.example",
        "+34 93 555 0160",
        "registered",
        1,
    ),
    (
        "Nordic Games & Media Cluster",
        "Finland",
        "Creative industries",
        "Aino Virtanen",
        "Programme Manager",
        "aino.virtanen@nordicgames.example",
        "+358 9 555 0121",
        "withdrawn",
        10,
    ),
)

_EXTRA_DELEGATES = (
    ("Wei Chen", "Pearl River ICT Cluster", "China", "wei.chen@prict.example"),
    ("Lucía Fernández", "Basque Advanced Manufacturing", "Spain", "l.fernandez@bam.example"),
    ("Tom O'Brien", "Atlantic Ocean Tech", "Ireland", "tom.obrien@aot.example"),
    ("Priya Raman", "Bengaluru Biotech Forum", "India", "priya@bbf.example"),
    ("Henrik Larsen", "Copenhagen Cleantech", "Denmark", "hl@cphclean.example"),
    ("Grace Mensah", "Accra Digital Hub", "Ghana", "grace.mensah@adh.example"),
)


def demo_delegates() -> tuple[DelegateRecord, ...]:
    people = [(o[3], o[0], o[1], o[5]) for o in _ORGANIZATIONS] + list(_EXTRA_DELEGATES)
    return tuple(
        DelegateRecord(
            row=number,
            email=email,
            email_normalized=normalize_email(email),
            name=name,
            organization=organization,
            country=country,
        )
        for number, (name, organization, country, email) in enumerate(people, start=2)
    )


DEMO_PASSPHRASE = "demo passphrase 2018"

#: Well-known public test numbers only (they can never be charged).
_DEMO_CARDS = {
    "Northshore Photonics Cluster": ("4111 1111 1111 1111", "11/2021", "123"),
    "Baltic Maritime Innovation Network": ("5555 5555 5555 4444", "08/2020", "456"),
    "Rhine Valley Health Cluster": ("3782 822463 10005", "03/2022", "7890"),
    "Lakeside Clean Energy Cluster": ("6011 1111 1111 1117", "09/2018", "321"),
}


def seed_demo(services: Services, vault_passphrase: str | None = None) -> int:
    """Fill an empty database with the demo and fix its clock; returns the workshop id.

    With ``vault_passphrase`` the vault is set up too and the demo's card authorizations
    (public test card numbers) are stored in it, encrypted like real ones.
    """
    clock = services.clock
    if not isinstance(clock, FixedClock):
        raise RuntimeError("The demo needs a fixed clock (build_services(..., clock=FixedClock)).")
    user, services.context.actor = services.context.actor, DEMO_ACTOR
    try:
        start = DEMO_TODAY - timedelta(days=30)
        clock.set(start)
        if vault_passphrase is not None:
            services.vault.set_up(vault_passphrase)
        workshop_id = services.workshops.create(announcement_workshop())
        records = demo_delegates()
        services.delegates.commit(
            DelegatePreview(
                workshop_id=workshop_id,
                source=Path("TCI 2018 delegates (demo, in memory)"),
                records=records,
                problems=(),
                new_emails=frozenset(r.email_normalized for r in records),
            )
        )
        for org, country, area, contact, title, email, phone, state, days in _ORGANIZATIONS:
            registered = DEMO_TODAY - timedelta(days=days, hours=3)
            clock.set(registered)
            rid = services.registrations.register(
                workshop_id,
                RegistrationDetails(org, country, area, contact, email, title, phone),
            )
            clock.set(DEMO_TODAY - timedelta(days=days) + timedelta(hours=1))
            if state in ("complete", "form"):
                services.registrations.record_form(rid, DEMO_TODAY - timedelta(days=days))
            if state in ("complete", "authorization"):
                received = DEMO_TODAY - timedelta(days=days, minutes=-30)
                if vault_passphrase is None:
                    services.registrations.record_authorization(rid, received)
                else:
                    clock.set(received)
                    number, expiry, code = _DEMO_CARDS[org]
                    services.vault.record(
                        rid,
                        CardAuthorizationForm(
                            cardholder=contact,
                            card_number=number,
                            expiry=expiry,
                            code=code,
                            billing_address=f"{org}, {country}",
                            signed_on=received.date(),
                        ),
                    )
            if state == "withdrawn":
                services.registrations.withdraw(
                    rid, "Budget for international travel was not approved."
                )
        clock.set(DEMO_TODAY)
    finally:
        services.context.actor = user
    services.settings.set(FIXED_CLOCK_SETTING, DEMO_TODAY.isoformat())
    return workshop_id
