"""Withdrawing destroys the organization's card authorization, with its certificate, in the
same transaction as the withdrawal (issue 14, item 2); storing a card is refused where no
card may be (withdrawn, cancelled, charged), even after the paper authorization was noted.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from escadesk.app import AppConfig, Services
from escadesk.domain.card_authorization import CardAuthorizationForm
from escadesk.domain.registration import RegistrationStatus as S
from escadesk.domain.validation import ValidationError
from escadesk.services.clock import FixedClock
from escadesk.services.demo import DEMO_PASSPHRASE, DEMO_TODAY, seed_demo
from escadesk.services.registrations import WITHDRAWN_REASON
from escadesk.vault.keychain import MemoryKeychain
from raw_sql import audit_rows
from service_factory import service_factory

DECISION_DAY = datetime(2018, 10, 2, 9, 0, tzinfo=ZoneInfo("America/Toronto"))
BALTIC = "Baltic Maritime Innovation Network"  # complete, card Mastercard •••• 4444
CARD = CardAuthorizationForm(
    "Jordi Puig", "4012 8888 8888 1881", "12/2021", "321", "Carrer 1, Barcelona", date(2018, 9, 27)
)


@pytest.fixture
def open_services(tmp_path: Path) -> Iterator[Callable[[], Services]]:
    """``make()`` opens the same data folder and keychain again: a restart."""
    config = AppConfig.resolve(tmp_path / "data")
    with service_factory(config, lambda: FixedClock(DEMO_TODAY), MemoryKeychain()) as make:
        yield make


@pytest.fixture
def services(open_services: Callable[[], Services]) -> Services:
    services = open_services()
    seed_demo(services, vault_passphrase=DEMO_PASSPHRASE)
    return services


def _ids(services: Services) -> dict[str, int]:
    (workshop,) = services.workshops.list()
    return {r.organization: r.id for r in services.registrations.list(workshop.id)}


def _status(services: Services, organization: str) -> S:
    (workshop,) = services.workshops.list()
    rows = services.registrations.list(workshop.id)
    return next(r.status for r in rows if r.organization == organization)


def _cards(services: Services) -> dict[int, str]:
    (workshop,) = services.workshops.list()
    return {rid: str(card) for rid, card in services.vault.masked(workshop.id).items()}


def _audit(services: Services) -> list[str]:
    return [f"{a} {s}" for a, s in audit_rows(services.config.database_url)]


# -- withdrawing -----------------------------------------------------------------------------


def test_withdrawing_destroys_the_card_and_issues_a_certificate(
    services: Services, tmp_path: Path
) -> None:
    baltic = _ids(services)[BALTIC]
    assert _cards(services)[baltic] == "Mastercard •••• 4444"

    erasure = services.registrations.withdraw(baltic, "Travel budget cut")

    assert erasure is not None and erasure.status == "complete"
    assert erasure.organization == BALTIC and erasure.reason == WITHDRAWN_REASON
    assert _status(services, BALTIC) is S.WITHDRAWN
    assert baltic not in _cards(services)
    certificate = services.vault.certificate_text(erasure.id)
    assert "Registration withdrawn: the card authorization is no longer needed." in certificate
    if services.context.database.file is not None:
        assert "No trace of the destroyed data was found" in certificate
    else:  # a server's storage is not escadesk's to scan, and the certificate says so
        assert "The database is on a postgresql server." in certificate
    assert [e.id for e in services.vault.erasures()] == [erasure.id]
    everything = b"".join(p.read_bytes() for p in (tmp_path / "data").rglob("*") if p.is_file())
    assert b"5555555555554444" not in everything
    audit = _audit(services)
    assert any(line.startswith(f"registration.withdraw {BALTIC}: withdrawn") for line in audit)
    assert any(line.startswith(f"card.erase {BALTIC}: erased card number") for line in audit)


def test_withdrawing_without_a_card_issues_no_certificate(services: Services) -> None:
    catalonia = _ids(services)["Catalonia Smart Mobility Hub"]  # registered, no card
    services.vault.lock()  # a locked vault does not stand in the way: nothing to destroy
    assert services.registrations.withdraw(catalonia, "Changed plans") is None
    assert _status(services, "Catalonia Smart Mobility Hub") is S.WITHDRAWN
    assert services.vault.erasures() == []


def test_a_locked_vault_refuses_a_withdrawal_that_must_destroy_a_card(services: Services) -> None:
    baltic = _ids(services)[BALTIC]
    services.vault.lock()
    with pytest.raises(ValidationError, match="unlock the vault first"):
        services.registrations.withdraw(baltic, "Travel budget cut")
    assert _status(services, BALTIC) is S.COMPLETE  # nothing was stored
    services.vault.unlock(DEMO_PASSPHRASE)
    assert _cards(services)[baltic] == "Mastercard •••• 4444"
    assert services.vault.erasures() == []


def test_a_withdrawal_cut_off_before_the_erasure_finished_is_finished_at_the_next_unlock(
    services: Services,
    open_services: Callable[[], Services],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    baltic = _ids(services)[BALTIC]

    def power_cut(_pending: object) -> None:
        raise KeyboardInterrupt  # after the commit, before the device key was rotated

    monkeypatch.setattr(services.vault, "finish_erasure", power_cut)
    with pytest.raises(KeyboardInterrupt):
        services.registrations.withdraw(baltic, "Travel budget cut")

    restarted = open_services()
    assert _status(restarted, BALTIC) is S.WITHDRAWN
    (pending,) = restarted.vault.erasures()
    assert pending.status == "pending" and pending.reason == WITHDRAWN_REASON
    restarted.vault.unlock(DEMO_PASSPHRASE)
    assert baltic not in _cards(restarted)  # withdrawn and card gone, in one transaction
    (finished,) = restarted.vault.erasures()
    assert finished.status == "complete"
    assert "Finished after an interruption" in restarted.vault.certificate_text(finished.id)


# -- storing a card where none may be ------------------------------------------------------


def test_no_card_for_a_withdrawn_registration_whose_paper_was_noted(services: Services) -> None:
    catalonia = _ids(services)["Catalonia Smart Mobility Hub"]
    services.registrations.record_authorization(catalonia)  # the paper form arrived first
    services.registrations.withdraw(catalonia, "Changed plans")
    with pytest.raises(ValidationError, match="withdrew, so its card would never be charged"):
        services.vault.record(catalonia, CARD)
    assert catalonia not in _cards(services)


def test_no_card_for_a_cancelled_registration_whose_paper_was_noted(services: Services) -> None:
    catalonia = _ids(services)["Catalonia Smart Mobility Hub"]
    services.registrations.record_authorization(catalonia)  # never completes: cancelled
    services.clock.set(DECISION_DAY)  # type: ignore[attr-defined]
    services.decision.confirm(_workshop(services), DEMO_PASSPHRASE)
    assert _status(services, "Catalonia Smart Mobility Hub") is S.CANCELLED
    with pytest.raises(ValidationError, match="is cancelled, so its card would never be"):
        services.vault.record(catalonia, CARD)
    assert catalonia not in _cards(services)


def test_no_new_card_for_a_charged_registration(services: Services) -> None:
    ids = _ids(services)
    services.registrations.record_authorization(ids["Andes AgriFood Alliance"])
    services.clock.set(DECISION_DAY)  # type: ignore[attr-defined]
    services.decision.confirm(_workshop(services), DEMO_PASSPHRASE)
    northshore = ids["Northshore Photonics Cluster"]
    services.charging.record_charge(northshore, date(2018, 10, 2), "A1")
    assert northshore not in _cards(services)  # the number went at once (retention 0)
    with pytest.raises(ValidationError, match="has already been charged"):
        services.vault.record(northshore, CARD)
    assert northshore not in _cards(services)


def _workshop(services: Services) -> int:
    (workshop,) = services.workshops.list()
    return workshop.id
