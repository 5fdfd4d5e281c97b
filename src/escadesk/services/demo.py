"""The demo: the announcement's workshop with fictional organizations in every state.

The demo's clock is fixed a few days before the announcement's deadline, so a newcomer
sees a live desk ("3 of 4 complete") instead of a workshop that closed years ago.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from escadesk.domain.card_authorization import CardAuthorizationForm
from escadesk.domain.eligibility import normalize_email
from escadesk.domain.fees import announcement_fee_schedule
from escadesk.domain.institute import InstituteIdentity, Logo
from escadesk.domain.registration_form import RegistrationDetails
from escadesk.domain.workshop_calendar import announcement_agenda, announcement_facilitators
from escadesk.importing.delegates import DelegateRecord
from escadesk.services.clock import FixedClock
from escadesk.services.delegates import DelegatePreview
from escadesk.services.demo_logo import demo_logo_png
from escadesk.services.demo_passphrase import DEMO_PASSPHRASE as DEMO_PASSPHRASE
from escadesk.services.settings import FIXED_CLOCK_SETTING
from escadesk.services.views import WorkshopInput

if TYPE_CHECKING:
    from escadesk.services.container import Services

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


def demo_institute() -> InstituteIdentity:
    """The announcement's host at the Rotman School; the director and the GST/HST number
    (whose check digit is right) are fictional, and so is the logo."""
    return InstituteIdentity(
        name="Institute for Competitiveness & Prosperity",
        address="105 St George Street\nToronto ON M5S 3E6\nCanada",
        director_name="Morgan Ashdown",
        director_title="Research Director",
        sender_email="research.director@competeprosper.example",
        tax_number="123456782 RT0001",
        logo=Logo.read(demo_logo_png()),
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
    (public test card numbers) are stored in it, encrypted like real ones. The shipped
    synthetic reference set is installed and the questionnaires filled in
    (:func:`seed_demo_benchmarking`), so comparisons and reports work at once.
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
        services.institute.save(demo_institute())
        workshop_id = services.workshops.create(announcement_workshop())
        services.benchmarking.ensure_shipped_reference_set()  # installed with the app
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
        seed_demo_benchmarking(services, workshop_id)
        clock.set(DEMO_TODAY)
    finally:
        services.context.actor = user
    services.settings.set(FIXED_CLOCK_SETTING, DEMO_TODAY.isoformat())
    return workshop_id


# -- benchmarking ------------------------------------------------------------------------------

#: Whose questionnaire the demo fills in, in the column order of ``_DEMO_ANSWERS``; the
#: interview date (None: not interviewed yet) and whether the Bronze label is recorded.
_SURVEYED: tuple[tuple[str, date | None, bool], ...] = (
    ("Northshore Photonics Cluster", date(2018, 9, 11), True),
    ("Baltic Maritime Innovation Network", date(2018, 9, 17), True),
    ("Rhine Valley Health Cluster", date(2018, 9, 25), False),
    ("Andes AgriFood Alliance", date(2018, 9, 26), False),
    ("Lakeside Clean Energy Cluster", date(2018, 9, 27), False),
    ("Catalonia Smart Mobility Hub", None, False),
)

#: Answers as a director would type them from the interview notes; one column per entry of
#: ``_SURVEYED`` (None = not answered yet: the Catalonia interview is only half done).
#: Plausible against the shipped synthetic set: a mid-sized mature photonics cluster, a
#: young maritime network, a large and strong health cluster, a small food alliance, an
#: energy cluster doing well, a young mobility hub.
_DEMO_ANSWERS: dict[str, tuple[str | None, ...]] = {
    "1.1.0": ("78", "64", "88", "70", "72", "58"),
    "1.1.1a": ("71", "80", "62", "74", "66", "69"),
    "1.1.1b": ("6", "4", "7", "5", "6", "4"),
    "1.1.2": ("85", "42", "160", "60", "110", "55"),
    "1.2": ("82", "64", "90", "76", "85", "71"),
    "1.3": ("6", "12", "3", "8", "9", "25"),
    "2.1": ("11", "5", "14", "7", "9", "3"),
    "2.2.1": ("4", "2", "7.5", "2.5", "5", "3"),
    "2.2.2": ("4", "3", "5", "3", "4", "4"),
    "2.2.3": ("6.5", "3", "9", "4", "5.5", "2"),
    "2.2.4": ("4.2", "2.5", "6.1", "3.4", "3.8", "1.5"),
    "2.3": ("5", "9", "3", "7", "6", "11"),
    "2.4": ("4", "3", "4", "3", "5", "3"),
    "2.7": ("22", "11", "35", "14", "18", "9"),
    "3.1": ("3", "1.5", "4", "2", "3", "1"),
    "3.2": ("42", "28", "55", "35", "38", "20"),
    "3.3": ("480000", "190000", "920000", "260000", "610000", "310000"),
    "3.4": ("4", "3", "6", "3", "5", "2"),
    "4.1.1": ("yes", "yes", "yes", "yes", "yes", "yes"),
    "4.1.2": ("yes", "yes", "yes", "no", "yes", "yes"),
    "4.1.3": ("yes", "no", "yes", "no", "yes", None),
    "4.1.4": ("yes", "yes", "yes", "yes", "yes", None),
    "4.1.5": ("yes", "no", "yes", "no", "no", None),
    "4.1.6": ("no", "no", "yes", "no", "yes", None),
    "4.2": ("4", "3", "5", "3", "4", None),
    "4.3.1": ("9", "6", "12", "7", "10", None),
    "4.3.2": ("14", "8", "22", "9", "16", None),
    "4.4": ("81", "72", "87", "68", "79", None),
    "4.5": ("6", "3", "9", "4", "7", None),
    "2.5": ("4.5", "3", "5.2", "2.4", "3.8", None),
    "2.6": ("34", "22", "41", "18", "29", None),
    "4.6.1": ("12", "6", "24", "10", "12", None),
    "4.6.2": ("4", "3", "5", "2", "4", None),
    "5.1": ("15", "6", "28", "4", "12", None),
    "5.2": ("5", "2", "9", "1", "4", None),
    "5.3": ("6", "3", "11", "2", "7", None),
}

#: A few of the director's notes (confidential like the answers).
_DEMO_NOTES: dict[tuple[str, str], str] = {
    ("Northshore Photonics Cluster", "3.3"): "2018 budget incl. the regional innovation grant.",
    ("Baltic Maritime Innovation Network", "3.1"): "EU project funding ends mid-2020.",
    ("Rhine Valley Health Cluster", "2.2.1"): "Includes two part-time project managers.",
    ("Andes AgriFood Alliance", "4.1.2"): "Strategy drafted; board approval due in November.",
}


def seed_demo_benchmarking(services: Services, workshop_id: int | None = None) -> None:
    """Install the shipped (synthetic) reference set and fill in the demo's questionnaires,
    so the demo shows comparisons, charts and reports at once.

    Complete answers for the organizations still in the running, a half-done one for
    Catalonia, none for the withdrawn cluster; interviews in the weeks before the demo's
    "today"; the Bronze label recorded for two organizations, a third eligible and waiting.
    """
    benchmarking = services.benchmarking
    benchmarking.ensure_shipped_reference_set()
    if workshop_id is None:
        workshop_id = next(w.id for w in services.workshops.list() if w.code == DEMO_CODE)
    ids = {row.organization: row.id for row in services.registrations.list(workshop_id)}
    for column, (organization, interview_on, award) in enumerate(_SURVEYED):
        rid = ids[organization]
        if interview_on is not None:
            _at_interview(services, interview_on)
        texts = {code: answers[column] for code, answers in _DEMO_ANSWERS.items()}
        notes = {code: note for (org, code), note in _DEMO_NOTES.items() if org == organization}
        benchmarking.save_answers(
            rid, {code: text for code, text in texts.items() if text is not None}, notes
        )
        if interview_on is not None:
            benchmarking.set_interview_date(rid, interview_on)
        if award:
            benchmarking.award_bronze(rid)


def _at_interview(services: Services, day: date) -> None:
    """Move the demo's clock to the afternoon of an interview (answers typed up then)."""
    clock = services.clock
    assert isinstance(clock, FixedClock)
    clock.set(datetime.combine(day, time(16, 30), tzinfo=TORONTO))
