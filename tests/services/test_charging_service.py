"""Charging a confirmed organization: what is erased at once, and what after retention."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from escadesk.app import AppConfig, Services, build_services
from escadesk.domain.registration import RegistrationStatus as S
from escadesk.domain.validation import ValidationError
from escadesk.services.clock import FixedClock
from escadesk.services.demo import DEMO_PASSPHRASE, DEMO_TODAY, seed_demo
from escadesk.services.vault import VaultError
from escadesk.vault.kdf import fast_test_params
from escadesk.vault.keychain import MemoryKeychain

TORONTO = ZoneInfo("America/Toronto")
DECISION_DAY = datetime(2018, 10, 2, 9, 0, tzinfo=TORONTO)


@pytest.fixture
def services(tmp_path: Path) -> Iterator[Services]:
    services = build_services(
        AppConfig.resolve(tmp_path / "data"),
        clock=FixedClock(DEMO_TODAY),
        keychain=MemoryKeychain(),
        kdf_profile=fast_test_params,
    )
    seed_demo(services, vault_passphrase=DEMO_PASSPHRASE)
    (workshop,) = services.workshops.list()
    ids = {r.organization: r.id for r in services.registrations.list(workshop.id)}
    services.registrations.record_authorization(ids["Andes AgriFood Alliance"])
    clock = services.clock
    assert isinstance(clock, FixedClock)
    clock.set(DECISION_DAY)
    services.decision.confirm(workshop.id, DEMO_PASSPHRASE)
    yield services
    services.close()


def _id(services: Services, organization: str) -> int:
    (workshop,) = services.workshops.list()
    return next(
        r.id for r in services.registrations.list(workshop.id) if r.organization == organization
    )


def test_charge_erases_code_and_scan_then_the_number(services: Services, tmp_path: Path) -> None:
    northshore = _id(services, "Northshore Photonics Cluster")
    card = services.vault.reveal(northshore, DEMO_PASSPHRASE)  # keyed into the terminal
    assert card.code == "123"

    charge = services.charging.record_charge(northshore, date(2018, 10, 2), "APPROVAL 884213")
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
    services.charging.record_charge(baltic, date(2018, 10, 2), "REF-2", amount=Decimal("3000.004"))
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
