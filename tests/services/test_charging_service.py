"""Charging a confirmed organization: what is erased at once, and what after retention;
the charge rules (date, amount, reason); a charge's erasure survives a crash, and a charge
whose erasure stops after its commit is returned as recorded, its erasure pending."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from escadesk.app import AppConfig, Services, build_services
from escadesk.domain.registration import RegistrationEvent
from escadesk.domain.registration import RegistrationStatus as S
from escadesk.domain.validation import FieldProblem, ValidationError
from escadesk.services import audit
from escadesk.services.charging import CODE_REASON, NUMBER_REASON
from escadesk.services.clock import FixedClock
from escadesk.services.demo import DEMO_PASSPHRASE, DEMO_TODAY, seed_demo
from escadesk.services.registration_lifecycle import apply_event
from escadesk.services.vault import ErasureScope, ErasureView, VaultError
from escadesk.storage import models
from escadesk.vault.kdf import fast_test_params
from keychains import REFUSAL, WriteFailingKeychain

TORONTO = ZoneInfo("America/Toronto")
DECISION_DAY = datetime(2018, 10, 2, 9, 0, tzinfo=TORONTO)


@pytest.fixture
def decision_at() -> datetime:
    """When the director takes the decision (a test may parametrize another moment)."""
    return DECISION_DAY


@pytest.fixture
def keychain() -> WriteFailingKeychain:
    """In memory; a test may make it refuse writes (see keychains.py)."""
    return WriteFailingKeychain()


@pytest.fixture
def services(
    tmp_path: Path, decision_at: datetime, keychain: WriteFailingKeychain
) -> Iterator[Services]:
    services = build_services(
        AppConfig.resolve(tmp_path / "data"),
        clock=FixedClock(DEMO_TODAY),
        keychain=keychain,
        kdf_profile=fast_test_params,
    )
    seed_demo(services, vault_passphrase=DEMO_PASSPHRASE)
    (workshop,) = services.workshops.list()
    ids = {r.organization: r.id for r in services.registrations.list(workshop.id)}
    services.registrations.record_authorization(ids["Andes AgriFood Alliance"])
    clock = services.clock
    assert isinstance(clock, FixedClock)
    clock.set(decision_at)
    services.decision.confirm(workshop.id, DEMO_PASSPHRASE)
    services.decision.erase_cancelled(workshop.id)  # as the wizard does right after
    yield services
    services.close()


def _charge_erasures(services: Services) -> list[ErasureView]:
    """The erasures charging made (the decision's own erasures of cancelled registrations'
    cards are not what these tests are about)."""
    return [e for e in services.vault.erasures() if e.reason.startswith("Card charged")]


def _id(services: Services, organization: str) -> int:
    (workshop,) = services.workshops.list()
    return next(
        r.id for r in services.registrations.list(workshop.id) if r.organization == organization
    )


def test_charge_erases_code_and_scan_then_the_number(services: Services, tmp_path: Path) -> None:
    northshore = _id(services, "Northshore Photonics Cluster")
    card = services.vault.reveal(northshore, DEMO_PASSPHRASE)  # keyed into the terminal
    assert card.code == "123"

    recorded = services.charging.record_charge(northshore, date(2018, 10, 2), "APPROVAL 884213")
    assert not recorded.erasure_pending and recorded.problem == ""
    charge = recorded.charge
    assert charge.amount.amount == Decimal("3000.00")  # the fixed fee, 4 organizations
    assert charge.card == "VISA •••• 1111"
    assert charge.cardholder == "Amélie Tremblay"
    statuses = {r.id: r.status for r in services.registrations.list(_workshop_id(services))}
    assert statuses[northshore] is S.CHARGED
    # Default retention is 0 days: the whole card is gone, the charge record remains.
    (workshop,) = services.workshops.list()
    assert northshore not in services.vault.masked(workshop.id)
    with pytest.raises(VaultError):
        services.vault.reveal(northshore, DEMO_PASSPHRASE)
    (kept,) = services.charging.charges(workshop.id)
    assert (kept.reference, kept.card, kept.cardholder) == (
        "APPROVAL 884213",
        "VISA •••• 1111",
        "Amélie Tremblay",
    )
    everything = b"".join(p.read_bytes() for p in (tmp_path / "data").rglob("*") if p.is_file())
    assert b"4111111111111111" not in everything


def test_with_retention_the_number_stays_until_due(services: Services) -> None:
    services.charging.set_retention_days(7)
    baltic = _id(services, "Baltic Maritime Innovation Network")
    services.charging.record_charge(baltic, date(2018, 10, 2), "REF-2", amount=Decimal("3000"))
    card = services.vault.reveal(baltic, DEMO_PASSPHRASE)
    assert card.card_number == "5555555555554444"
    assert card.code is None and card.scan is None  # erased at once (PCI DSS 3.3.1)
    (workshop,) = services.workshops.list()
    assert services.charging.charges(workshop.id)[0].amount.amount == Decimal("3000.00")

    clock = services.clock
    assert isinstance(clock, FixedClock)
    clock.set(DECISION_DAY + timedelta(days=8))
    services.vault.lock()
    services.vault.unlock(DEMO_PASSPHRASE)  # retention is enforced whenever it opens
    assert baltic not in services.vault.masked(workshop.id)


def test_only_confirmed_organizations_with_a_reference_are_charged(services: Services) -> None:
    catalonia = _id(services, "Catalonia Smart Mobility Hub")  # cancelled at the decision
    with pytest.raises(ValidationError, match="reference"):
        services.charging.record_charge(_id(services, "Andes AgriFood Alliance"), date.today(), " ")
    with pytest.raises((ValidationError, VaultError)):
        services.charging.record_charge(catalonia, date(2018, 10, 2), "REF")
    with pytest.raises(ValidationError, match="0 to 30 days"):
        services.charging.set_retention_days(31)


def _workshop_id(services: Services) -> int:
    (workshop,) = services.workshops.list()
    return workshop.id


def _card(services: Services, registration_id: int) -> models.CardAuthorization | None:
    with services.context.database.reading() as session:
        return session.scalar(
            select(models.CardAuthorization).where(
                models.CardAuthorization.registration_id == registration_id
            )
        )


def _audit(services: Services) -> list[audit.AuditLine]:
    with services.context.database.reading() as session:
        return list(reversed(audit.recent(session, _workshop_id(services))))  # oldest first


def _refused(services: Services, registration_id: int, **entry: object) -> ValidationError:
    """Record a charge that must be refused; nothing may have changed."""
    arguments = {"charged_on": date(2018, 10, 2), "reference": "R-1", **entry}
    with pytest.raises(ValidationError) as refused:
        services.charging.record_charge(registration_id, **arguments)  # type: ignore[arg-type]
    assert services.charging.charges(_workshop_id(services)) == []
    statuses = {r.id: r.status for r in services.registrations.list(_workshop_id(services))}
    assert statuses[registration_id] is S.CONFIRMED
    card = _card(services, registration_id)
    assert card is not None and card.code_blob is not None  # nothing erased by a refusal
    return refused.value


def test_an_amount_other_than_the_fee_needs_a_reason(services: Services) -> None:
    northshore = _id(services, "Northshore Photonics Cluster")
    refusal = _refused(services, northshore, amount=Decimal("1.00"))
    assert refusal.for_field("amount_reason") == [
        "The fixed fee is 3,000.00 CAD: say why a different amount is charged."
    ]
    refusal = _refused(services, northshore, amount=Decimal("1.00"), amount_reason="   ")
    assert refusal.for_field("amount_reason")

    charge = services.charging.record_charge(
        northshore,
        date(2018, 10, 2),
        "R-1",
        amount=Decimal("1.00"),
        amount_reason="  Deposit only: the rest by bank transfer  ",
    ).charge
    assert charge.amount.amount == Decimal("1.00")
    (kept,) = services.charging.charges(_workshop_id(services))
    assert kept.amount_reason == "Deposit only: the rest by bank transfer"
    (line,) = [line for line in _audit(services) if line.action == "charge.record"]
    assert line.summary == (
        "Northshore Photonics Cluster: charged 1.00 CAD on 2018-10-02, reference: R-1; "
        "the fixed fee is 3,000.00 CAD, reason: Deposit only: the rest by bank transfer"
    )


@pytest.mark.parametrize("amount", [None, Decimal("3000"), Decimal("3000.0"), Decimal("3000.00")])
def test_the_fixed_fee_needs_no_reason(services: Services, amount: Decimal | None) -> None:
    baltic = _id(services, "Baltic Maritime Innovation Network")
    charge = services.charging.record_charge(baltic, date(2018, 10, 2), "R-2", amount=amount).charge
    assert str(charge.amount.amount) == "3000.00" and charge.amount_reason is None
    (kept,) = services.charging.charges(_workshop_id(services))
    assert str(kept.amount.amount) == "3000.00" and kept.amount_reason is None
    (line,) = [line for line in _audit(services) if line.action == "charge.record"]
    assert line.summary.endswith("charged 3,000.00 CAD on 2018-10-02, reference: R-2")


@pytest.mark.parametrize("amount", ["2650.005", "3000.001", "3000.000", "0.001"])
def test_more_than_two_decimals_are_refused_not_rounded(services: Services, amount: str) -> None:
    northshore = _id(services, "Northshore Photonics Cluster")
    refusal = _refused(services, northshore, amount=Decimal(amount), amount_reason="Agreed")
    assert refusal.for_field("amount") == [
        f"Give the amount in cents at most (two decimals): {amount} is not rounded."
    ]


@pytest.mark.parametrize("amount", ["0", "-5", "NaN", "sNaN", "Infinity"])
def test_an_amount_must_be_positive(services: Services, amount: str) -> None:
    northshore = _id(services, "Northshore Photonics Cluster")
    refusal = _refused(services, northshore, amount=Decimal(amount))
    assert refusal.problems == (FieldProblem("amount", "The amount must be greater than zero."),)
    refusal = _refused(services, northshore, amount=Decimal("1E+30"), amount_reason="Slip")
    assert refusal.for_field("amount") == ["That amount is too large for a workshop fee."]


def test_a_charge_is_dated_between_the_decision_and_today(services: Services) -> None:
    northshore = _id(services, "Northshore Photonics Cluster")
    refusal = _refused(services, northshore, charged_on=date(2018, 10, 1))
    assert refusal.for_field("charged_on") == [
        "The charge cannot be dated before the decision (Oct 2, 2018)."
    ]
    refusal = _refused(services, northshore, charged_on=date(2018, 10, 3))
    assert refusal.for_field("charged_on") == ["That date is in the future."]
    charge = services.charging.record_charge(northshore, date(2018, 10, 2), "R-1").charge
    assert charge.charged_on == date(2018, 10, 2)


@pytest.mark.parametrize("decision_at", [datetime(2018, 10, 2, 23, 30, tzinfo=TORONTO)])
def test_the_decision_day_is_the_workshops_day(services: Services) -> None:
    """23:30 in Toronto is already Oct 3 in UTC: the decision's day is still Oct 2."""
    northshore = _id(services, "Northshore Photonics Cluster")
    refusal = _refused(services, northshore, charged_on=date(2018, 10, 1))
    assert refusal.for_field("charged_on") == [
        "The charge cannot be dated before the decision (Oct 2, 2018)."
    ]
    assert services.charging.record_charge(northshore, date(2018, 10, 2), "R-1")


def test_every_problem_is_named_at_once(services: Services) -> None:
    northshore = _id(services, "Northshore Photonics Cluster")
    refusal = _refused(
        services,
        northshore,
        charged_on=date(2018, 9, 30),
        reference=" ",
        amount=Decimal("2650.005"),
        amount_reason="card 4111 1111 1111 1111",
    )
    assert [problem.field for problem in refusal.problems] == [
        "reference",
        "amount",
        "amount_reason",
        "charged_on",
    ]
    assert refusal.for_field("amount_reason") == ["The reason must not hold a card number."]


def test_the_code_goes_in_the_charges_own_transaction(
    services: Services, keychain: WriteFailingKeychain
) -> None:
    """Whatever stops the erasure after the charge commits (here the keychain refuses the
    new device key), the code and scan are already deleted and their erasure is pending:
    the charge is returned as recorded, saying so. The next unlock finishes the erasure,
    with a 7-day retention for the number."""
    services.charging.set_retention_days(7)
    baltic = _id(services, "Baltic Maritime Innovation Network")

    keychain.fail_after(0)
    recorded = services.charging.record_charge(baltic, date(2018, 10, 2), "REF-9")
    keychain.recover()

    assert keychain.refused == 1  # one rotation tried; no further erasure was started
    assert recorded.erasure_pending and recorded.problem == REFUSAL
    assert (recorded.charge.reference, recorded.charge.card) == ("REF-9", "Mastercard •••• 4444")
    assert [c.reference for c in services.charging.charges(_workshop_id(services))] == ["REF-9"]
    card = _card(services, baltic)
    assert card is not None and card.state == "code_erased"
    assert (card.sensitive_key, card.code_blob, card.scan_blob) == (None, None, None)
    (erasure,) = _charge_erasures(services)
    assert (erasure.scope, erasure.status) == (ErasureScope.SENSITIVE, "pending")

    services.vault.lock()
    services.vault.unlock(DEMO_PASSPHRASE)
    (erasure,) = _charge_erasures(services)
    assert erasure.status == "complete" and erasure.reason == CODE_REASON
    assert services.vault.reveal(baltic, DEMO_PASSPHRASE).card_number == "5555555555554444"


def test_a_failed_erasure_starts_no_other_and_the_unlock_finishes_both(
    services: Services, keychain: WriteFailingKeychain
) -> None:
    """No retention: once the code's erasure has stopped on the keychain, the number's is
    not started against it (the card is kept, its code gone); the next unlock finishes
    the code's erasure, then erases the number whose retention has ended."""
    northshore = _id(services, "Northshore Photonics Cluster")
    keychain.fail_after(0)
    recorded = services.charging.record_charge(northshore, date(2018, 10, 2), "REF-1")
    keychain.recover()

    assert recorded.erasure_pending and recorded.problem == REFUSAL
    assert _status_of(services, northshore) is S.CHARGED
    card = _card(services, northshore)
    assert card is not None and card.state == "code_erased" and card.code_blob is None
    assert [(e.scope, e.status) for e in _charge_erasures(services)] == [
        (ErasureScope.SENSITIVE, "pending")
    ]
    (line,) = [line for line in _audit(services) if line.action == "charge.record"]
    assert "reference: REF-1" in line.summary

    services.vault.lock()
    services.vault.unlock(DEMO_PASSPHRASE)
    assert [(e.scope, e.status, e.reason) for e in _charge_erasures(services)] == [
        (ErasureScope.SENSITIVE, "complete", CODE_REASON),
        (ErasureScope.FULL, "complete", NUMBER_REASON),
    ]
    assert _card(services, northshore) is None


def test_a_failure_while_enforcing_the_retention_is_pending_too(
    services: Services, keychain: WriteFailingKeychain
) -> None:
    """The code's erasure finishes (one rotation: two keychain writes); the number's then
    stops on the keychain after its deletion committed: recorded, its erasure pending."""
    northshore = _id(services, "Northshore Photonics Cluster")
    keychain.fail_after(2)
    recorded = services.charging.record_charge(northshore, date(2018, 10, 2), "REF-1")
    keychain.recover()

    assert recorded.erasure_pending and recorded.problem == REFUSAL
    assert _card(services, northshore) is None  # the number's deletion is committed
    assert [(e.scope, e.status) for e in _charge_erasures(services)] == [
        (ErasureScope.SENSITIVE, "complete"),
        (ErasureScope.FULL, "pending"),
    ]
    services.vault.lock()
    services.vault.unlock(DEMO_PASSPHRASE)
    assert [e.status for e in _charge_erasures(services)] == ["complete", "complete"]


def test_a_refusal_before_the_commit_still_raises(
    services: Services, keychain: WriteFailingKeychain
) -> None:
    """Only what was recorded returns: a charge the vault cannot take (no card stored)
    raises, whatever the keychain, and nothing is recorded or erased."""
    andes = _id(services, "Andes AgriFood Alliance")  # confirmed, no card in the demo
    keychain.fail_after(0)
    with pytest.raises(VaultError):
        services.charging.record_charge(andes, date(2018, 10, 2), "REF-1")
    assert services.charging.charges(_workshop_id(services)) == []
    assert _charge_erasures(services) == [] and keychain.refused == 0


def _status_of(services: Services, registration_id: int) -> S:
    rows = services.registrations.list(_workshop_id(services))
    return next(row.status for row in rows if row.id == registration_id)


def test_an_unlock_erases_a_code_left_after_a_charge(services: Services) -> None:
    """An escadesk older than this rule committed the charge first and erased the code
    after: a crash in between kept the code. Such a charge (written here as it left it) is
    itself the intent: the next unlock erases the code and scan, before any retention."""
    services.charging.set_retention_days(7)
    baltic = _id(services, "Baltic Maritime Innovation Network")
    now = DECISION_DAY + timedelta(hours=1)
    with services.context.database.transaction() as session:
        registration = session.get(models.Registration, baltic)
        assert registration is not None
        session.add(
            models.Charge(
                registration_id=baltic,
                cardholder="Jānis Bērziņš",
                brand="mastercard",
                last4="4444",
                amount=Decimal("3000.00"),
                currency="CAD",
                charged_on=date(2018, 10, 2),
                reference="REF-OLD",
                card_erase_due=now + timedelta(days=7),
                recorded_at=now,
                recorded_by="tester",
            )
        )
        apply_event(services.context, session, registration, RegistrationEvent.CHARGE, None)
    assert services.vault.reveal(baltic, DEMO_PASSPHRASE).code == "456"

    services.vault.lock()
    services.vault.unlock(DEMO_PASSPHRASE)
    card = services.vault.reveal(baltic, DEMO_PASSPHRASE)
    assert (card.card_number, card.code, card.scan) == ("5555555555554444", None, None)
    (erasure,) = _charge_erasures(services)
    assert (erasure.scope, erasure.status) == (ErasureScope.SENSITIVE, "complete")
    services.vault.lock()
    services.vault.unlock(DEMO_PASSPHRASE)  # nothing left to do: no second erasure
    assert len(_charge_erasures(services)) == 1
    assert services.charging.erase_charged_codes() == 0
