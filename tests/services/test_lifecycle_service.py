"""What the desk shows in each phase, gathered from the demo's data by the lifecycle
service (read-only): the outlook, the outcome as it would be, charges k of n with their
totals, letters due and sent, cards held and destroyed, reports and labels."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from escadesk.app import AppConfig, Services, build_services
from escadesk.domain.card_authorization import CardAuthorizationForm
from escadesk.domain.decision import Outcome
from escadesk.domain.lifecycle import Phase, StepKey
from escadesk.domain.money import Money
from escadesk.domain.registration_form import RegistrationDetails
from escadesk.notifications.messages import Template
from escadesk.notifications.smtp import SmtpSettings
from escadesk.services.clock import FixedClock
from escadesk.services.demo import DEMO_PASSPHRASE, DEMO_TODAY, seed_demo
from escadesk.services.lifecycle import DeskOverview
from escadesk.vault.kdf import fast_test_params
from escadesk.vault.keychain import MemoryKeychain
from statement_counter import statements as count_statements

TORONTO = ZoneInfo("America/Toronto")
DECISION_DAY = datetime(2018, 10, 2, 9, 0, tzinfo=TORONTO)
EVENT_DAY_EVENING = datetime(2018, 10, 4, 23, 30, tzinfo=TORONTO)
AFTER_EVENT = datetime(2018, 10, 5, 9, 0, tzinfo=TORONTO)
#: Delegates of the demo's list, each with a public test card.
EXTRA = (
    ("Wei Chen", "Pearl River ICT Cluster", "wei.chen@prict.example", "4012 8888 8888 1881"),
    ("Tom OBrien", "Atlantic Ocean Tech", "tom.obrien@aot.example", "5105 1051 0510 5100"),
    ("Grace Mensah", "Accra Digital Hub", "grace.mensah@adh.example", "4000 0566 5566 5556"),
)


@pytest.fixture
def services(tmp_path: Path) -> Iterator[Services]:
    built = build_services(
        AppConfig.resolve(tmp_path / "data"),
        clock=FixedClock(DEMO_TODAY),
        keychain=MemoryKeychain(),
        kdf_profile=fast_test_params,
    )
    seed_demo(built, vault_passphrase=DEMO_PASSPHRASE)
    yield built
    built.close()


def _workshop(services: Services) -> int:
    (workshop,) = services.workshops.list()
    return workshop.id


def _ids(services: Services) -> dict[str, int]:
    return {r.organization: r.id for r in services.registrations.list(_workshop(services))}


def _card(holder: str, number: str) -> CardAuthorizationForm:
    return CardAuthorizationForm(
        cardholder=holder,
        card_number=number,
        expiry="12/2027",
        code="123",
        billing_address="Somewhere 1, Somewhere",
        signed_on=date(2018, 9, 28),
    )


def _at(services: Services, moment: datetime) -> None:
    clock = services.clock
    assert isinstance(clock, FixedClock)
    clock.set(moment)


def _overview(services: Services) -> DeskOverview:
    return services.lifecycle.overview(_workshop(services))


def _complete_eight(services: Services) -> None:
    """Andes and Lakeside complete, and three more delegates: 8 complete on time."""
    workshop_id, ids = _workshop(services), _ids(services)
    services.vault.record(ids["Andes AgriFood Alliance"], _card("Sofia Munoz", "4242424242424242"))
    services.registrations.record_form(ids["Lakeside Clean Energy Cluster"])
    for name, organization, email, number in EXTRA:
        registration = services.registrations.register(
            workshop_id, RegistrationDetails(organization, "Canada", "ICT", name, email)
        )
        services.registrations.record_form(registration)
        services.vault.record(registration, _card(name, number))


def _proceed(services: Services) -> None:
    _complete_eight(services)
    _at(services, DECISION_DAY)
    services.decision.confirm(_workshop(services), DEMO_PASSPHRASE)
    services.decision.erase_cancelled(_workshop(services))


def test_before_the_deadline_todays_outlook(services: Services) -> None:
    overview = _overview(services)
    assert overview.phase is Phase.BEFORE_DEADLINE
    assert services.lifecycle.phase(_workshop(services)) is Phase.BEFORE_DEADLINE
    assert overview.outlook.complete_count == 3
    assert overview.plan is None and overview.charges is None
    # The demo's Catalonia Smart Mobility Hub has sent nothing yet: one reminder is due.
    assert [s.key for s in overview.steps] == [
        StepKey.NEW_REGISTRATION,
        StepKey.DECISION,
        StepKey.REMINDERS,
    ]
    assert overview.steps[-1].label == "1 reminder due…"
    assert overview.cards.held == 4


def test_from_the_deadline_the_outcome_as_it_would_be(services: Services) -> None:
    _at(services, datetime(2018, 10, 2, 0, 0, tzinfo=TORONTO))  # the deadline itself
    overview = _overview(services)
    assert overview.phase is Phase.DECISION_DUE
    assert overview.plan is not None and overview.plan.outcome is Outcome.CANCEL
    assert overview.cards_the_decision_destroys == 4
    assert [s.key for s in overview.steps] == [StepKey.DECISION]

    # Completed after the deadline: late, and waiting for the director's answer.
    services.registrations.record_form(_ids(services)["Lakeside Clean Energy Cluster"])
    (step,) = _overview(services).steps
    assert step.why.endswith("1 late completion awaits your answer there.")


def test_from_the_deadline_a_quorum_shows_who_would_take_part(services: Services) -> None:
    _complete_eight(services)
    _at(services, DECISION_DAY)
    overview = _overview(services)
    assert overview.phase is Phase.DECISION_DUE
    assert overview.plan is not None and overview.plan.outcome is Outcome.PROCEED
    assert overview.plan.participants == 6 and len(overview.plan.waitlisted) == 2
    assert overview.cards_the_decision_destroys == 0  # the waitlisted keep theirs for now
    assert services.decision.taken(_workshop(services)) is None  # nothing was decided


def test_after_a_proceed_fees_charges_letters_cards_and_the_waitlist(
    services: Services, mailbox: tuple[object, SmtpSettings]
) -> None:
    _proceed(services)
    ids = _ids(services)
    overview = _overview(services)
    assert overview.phase is Phase.PROCEEDING
    assert overview.decided_at == DECISION_DAY
    fee = Money(Decimal("2650.00"), "CAD")
    assert [(c.organization, c.fee, c.charged) for c in overview.confirmed] == [
        (name, fee, None)
        for name in (
            "Andes AgriFood Alliance",
            "Baltic Maritime Innovation Network",
            "Lakeside Clean Energy Cluster",
            "Northshore Photonics Cluster",
            "Pearl River ICT Cluster",
            "Rhine Valley Health Cluster",
        )
    ]
    assert overview.waitlist == ("Atlantic Ocean Tech", "Accra Digital Hub")
    assert overview.cancelled == 1 and overview.withdrawn == 1  # Catalonia, Nordic
    # 6 confirmed, 2 waitlisted, 1 cancelled: 9 letters to write.
    assert overview.letters.due == 9
    assert [s.key for s in overview.steps] == [StepKey.LETTERS, StepKey.CHARGES]
    assert overview.cards.held == 8

    services.charging.record_charge(ids["Northshore Photonics Cluster"], date(2018, 10, 2), "A1")
    services.charging.record_charge(
        ids["Rhine Valley Health Cluster"], date(2018, 10, 2), "A2", Decimal("2600.50"), "Discount"
    )
    workshop_id = _workshop(services)
    drafts = services.notifications.letters(workshop_id, Template.WAITLISTED)
    services.notifications.save_drafts(drafts, Path(services.config.data_dir) / "drafts")
    _, smtp = mailbox
    sent = services.notifications.letters(workshop_id, Template.CONFIRMED)
    services.notifications.send_all(sent, smtp, None)

    overview = _overview(services)
    charges = overview.charges
    assert charges is not None
    assert (charges.recorded, charges.expected) == (2, 6)
    assert charges.charged == Money(Decimal("5250.50"), "CAD")
    assert charges.to_charge == Money(Decimal("10600.00"), "CAD")
    assert isinstance(charges.charged.amount, Decimal)
    charged = {c.organization: c.charged for c in overview.confirmed if c.charged}
    assert charged == {
        "Northshore Photonics Cluster": Money(Decimal("2650.00"), "CAD"),
        "Rhine Valley Health Cluster": Money(Decimal("2600.50"), "CAD"),
    }
    # 4 confirmed letters sent, 2 waitlisted saved as drafts; due: 2 receipts, 1 cancelled.
    assert (overview.letters.due, overview.letters.sent, overview.letters.drafts) == (3, 4, 2)
    # The charged cards' codes are erased at once, their numbers with no retention set.
    assert overview.cards.codes_erased == 2
    assert overview.cards.destroyed == 2
    assert overview.cards.held == 6
    steps = {s.key: s for s in overview.steps}
    assert steps[StepKey.CHARGES].why == "2 of 6 confirmed organizations are charged."


def test_a_new_price_makes_the_confirmation_letter_due_again(
    services: Services, mailbox: tuple[object, SmtpSettings]
) -> None:
    _proceed(services)
    workshop_id = _workshop(services)
    _, smtp = mailbox
    services.notifications.send_all(services.notifications.letters(workshop_id), smtp, None)
    assert _overview(services).letters.due == 0
    services.registrations.withdraw(_ids(services)["Northshore Photonics Cluster"], "Budget")
    services.decision.reprice(workshop_id, "One left and the waitlist declined")
    assert _overview(services).letters.due == 5  # the 5 still confirmed, at the new fee


def test_after_a_cancel_cards_destroyed_k_of_n_and_certificates(services: Services) -> None:
    _at(services, DECISION_DAY)
    workshop_id = _workshop(services)
    services.decision.confirm(workshop_id, DEMO_PASSPHRASE)
    overview = _overview(services)
    assert overview.phase is Phase.CANCELLED
    assert overview.cards.pending == 4 and overview.cards.held == 4
    assert [s.key for s in overview.steps][:2] == [StepKey.FINISH_ERASING, StepKey.LETTERS]

    services.decision.erase_cancelled(workshop_id)
    overview = _overview(services)
    cards = overview.cards
    assert (cards.destroyed, cards.known, cards.held, cards.pending) == (4, 4, 0, 0)
    assert overview.cancelled == 6 and overview.confirmed == ()
    assert overview.letters.due == 6
    assert [s.key for s in overview.steps] == [StepKey.LETTERS, StepKey.CERTIFICATES]
    _at(services, AFTER_EVENT)
    assert _overview(services).phase is Phase.CANCELLED  # no event took place


def test_after_the_event_reports_labels_and_what_remains_to_erase(
    services: Services, tmp_path: Path
) -> None:
    _proceed(services)
    workshop_id, ids = _workshop(services), _ids(services)
    _at(services, EVENT_DAY_EVENING)
    assert _overview(services).phase is Phase.PROCEEDING  # the evening of the event day

    _at(services, AFTER_EVENT)
    overview = _overview(services)
    assert overview.phase is Phase.AFTER_EVENT
    reports = overview.reports
    # The demo recorded Bronze for Northshore and Baltic, both taking part.
    assert (reports.participants, reports.written, reports.labels) == (6, 0, 2)
    assert overview.cards.no_longer_needed == 2  # the waitlisted organizations' cards
    assert overview.personal_data_purge_on == date(2020, 10, 4)
    keys = [s.key for s in overview.steps]
    assert keys[0] is StepKey.REPORTS
    assert {StepKey.ERASE_CARDS, StepKey.BENCHMARKING, StepKey.CHARGES} <= set(keys)

    services.benchmarking.write_report(ids["Northshore Photonics Cluster"], tmp_path / "one.xlsx")
    overview = _overview(services)
    assert overview.reports.written == 1
    assert overview.reports.last_written == AFTER_EVENT

    services.decision.erase_after_event(workshop_id)
    batch = services.benchmarking.write_reports(workshop_id, tmp_path / "reports")
    # One participant answered too little for a report: skipped, so still to write.
    (skipped,) = batch.skipped
    assert skipped.organization == "Pearl River ICT Cluster"
    assert "a report needs at least 24" in skipped.reason
    overview = _overview(services)
    assert overview.reports.written == 5
    assert overview.cards.no_longer_needed == 0
    keys = [s.key for s in overview.steps]
    assert StepKey.REPORTS in keys and StepKey.ERASE_CARDS not in keys


def test_the_overview_reads_with_few_queries_and_writes_nothing(services: Services) -> None:
    _proceed(services)
    _at(services, AFTER_EVENT)
    statements = [
        statement.split()[0].upper()
        for statement in count_statements(services, lambda: _overview(services))
    ]
    assert set(statements) <= {"SELECT", "PRAGMA", "BEGIN", "ROLLBACK", "COMMIT"}
    # One per table read, the decision's own rules (the cards it destroys, those left
    # after the event) and the workshop's lazily loaded agenda and fees: 18 today.
    assert statements.count("SELECT") <= 20, len(statements)
