"""A vault act racing another desk's change of the same registration (issue 20): on a
server, recording a card while another desk steps the registration on made SQLAlchemy
raise a raw StaleDataError (found by bench/concurrency.py). It is refused in words, as
every other edit is (services/row_versions.py), and nothing is stored. The same for
the two other acts that destroy a card in their own transaction: recording a charge and
withdrawing a registration.

PostgreSQL only: on a SQLite file the card's transaction holds the file's write lock
from its first statement, so the other desk's change waits for it and cannot cut in.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select
from vaultkit import ANDES, BALTIC, NORTHSHORE, PASSPHRASE, visa_form

from escadesk.app import AppConfig, Services, build_services
from escadesk.domain.registration import RegistrationStatus
from escadesk.services import charging as charging_module
from escadesk.services import registrations as registrations_module
from escadesk.services import vault as vault_module
from escadesk.services.clock import FixedClock
from escadesk.services.row_versions import StaleEditError
from escadesk.storage.models import AuditEntry, CardAuthorization, Charge
from postgres_server import SKIP_REASON, server_url

pytestmark = pytest.mark.accepted_skip(SKIP_REASON)

OTHER = "hubert.lee"
DECISION_DAY = datetime(2018, 10, 2, 9, 0, tzinfo=ZoneInfo("America/Toronto"))


@pytest.fixture
def other_desk(config: AppConfig, clock: FixedClock, services: Services) -> Iterator[Services]:
    if not server_url() or services.context.database.engine.dialect.name != "postgresql":
        pytest.skip(SKIP_REASON)
    desk = build_services(config, clock=clock, actor=OTHER)
    yield desk
    desk.close()


def test_recording_a_card_while_another_desk_changes_the_registration_is_refused(
    services: Services,
    other_desk: Services,
    registration: Callable[[str], int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    andes = registration(ANDES)
    real_check = vault_module.check_authorization

    (workshop,) = other_desk.workshops.list()
    (row,) = [row for row in other_desk.registrations.list(workshop.id) if row.id == andes]

    def other_desk_cuts_in(*args: object, **kwargs: object):
        # The registration is loaded in the card's transaction; another desk's session
        # edits it and commits before the card's transaction writes.
        changed = replace(row.details, contact_phone="+1 555 0100")
        other_desk.registrations.update_details(andes, changed, expected_version=row.version)
        return real_check(*args, **kwargs)

    def counts() -> tuple[int, int]:
        with services.context.database.reading() as session:
            cards = session.scalar(select(func.count()).select_from(CardAuthorization))
            entries = session.scalar(select(func.count()).select_from(AuditEntry))
            return int(cards or 0), int(entries or 0)

    monkeypatch.setattr(vault_module, "check_authorization", other_desk_cuts_in)
    before = counts()
    with pytest.raises(StaleEditError) as refused:
        services.vault.record(andes, visa_form())
    assert refused.value.message.startswith(
        f"The registration of {ANDES} was changed by {OTHER} at "
    )
    assert refused.value.message.endswith(" — reload to see the change; nothing was saved.")
    cards, entries = counts()
    assert (cards, entries) == (before[0], before[1] + 1)  # only the other desk's step
    monkeypatch.undo()
    services.vault.record(andes, visa_form())  # reloaded: stored
    stored = services.vault.masked(services.workshops.list()[0].id)[andes]
    assert stored.last4 == visa_form().digits[-4:]


def _cuts_in(other_desk: Services, registration_id: int, real: Callable[..., object]):
    """``real``, called once the act's transaction has loaded the registration, after
    another desk's edit of that registration has committed."""
    (workshop,) = other_desk.workshops.list()
    (row,) = [r for r in other_desk.registrations.list(workshop.id) if r.id == registration_id]

    def cut_in(*args: object, **kwargs: object) -> object:
        changed = replace(row.details, contact_phone="+1 555 0100")
        other_desk.registrations.update_details(
            registration_id, changed, expected_version=row.version
        )
        return real(*args, **kwargs)

    return cut_in


def _state(services: Services, registration_id: int) -> tuple[object, ...]:
    """What the act would change: status, card, code, charges, audit entries."""
    (workshop,) = services.workshops.list()
    (row,) = [r for r in services.registrations.list(workshop.id) if r.id == registration_id]
    with services.context.database.reading() as session:
        card = session.scalar(
            select(CardAuthorization).where(CardAuthorization.registration_id == registration_id)
        )
        charges = session.scalar(select(func.count()).select_from(Charge))
        entries = session.scalar(select(func.count()).select_from(AuditEntry))
        return (
            row.status,
            card is not None,
            card is not None and card.sensitive_key is not None,
            int(charges or 0),
            int(entries or 0),
        )


def _assert_refused(refused: pytest.ExceptionInfo[StaleEditError], organization: str) -> None:
    message = refused.value.message
    assert message.startswith(f"The registration of {organization} was changed by {OTHER} at ")
    assert message.endswith(" — reload to see the change; nothing was saved.")


def test_recording_a_charge_while_another_desk_changes_the_registration_is_refused(
    services: Services,
    other_desk: Services,
    clock: FixedClock,
    registration: Callable[[str], int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    northshore = registration(NORTHSHORE)
    (workshop,) = services.workshops.list()
    services.registrations.record_authorization(registration(ANDES))
    clock.set(DECISION_DAY)
    services.decision.confirm(workshop.id, PASSPHRASE)
    monkeypatch.setattr(
        charging_module,
        "check_charge",
        _cuts_in(other_desk, northshore, charging_module.check_charge),
    )
    status, carded, coded, charges, entries = _state(services, northshore)
    assert (status, carded, coded) == (RegistrationStatus.CONFIRMED, True, True)

    with pytest.raises(StaleEditError) as refused:
        services.charging.record_charge(northshore, date(2018, 10, 2), "APPROVAL 884213")

    _assert_refused(refused, NORTHSHORE)
    # Nothing charged, the code kept: only the other desk's edit is in the log.
    assert _state(services, northshore) == (status, True, True, charges, entries + 1)
    monkeypatch.undo()
    recorded = services.charging.record_charge(northshore, date(2018, 10, 2), "APPROVAL 884213")
    assert recorded.problem == ""
    charged = _state(services, northshore)
    assert (charged[0], charged[3]) == (RegistrationStatus.CHARGED, charges + 1)


def test_withdrawing_while_another_desk_changes_the_registration_is_refused(
    services: Services,
    other_desk: Services,
    registration: Callable[[str], int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    baltic = registration(BALTIC)
    monkeypatch.setattr(
        registrations_module,
        "apply_event",
        _cuts_in(other_desk, baltic, registrations_module.apply_event),
    )
    status, carded, coded, charges, entries = _state(services, baltic)
    assert carded and status != RegistrationStatus.WITHDRAWN
    erasures = len(services.vault.erasures())

    with pytest.raises(StaleEditError) as refused:
        services.registrations.withdraw(baltic, "Travel budget cut")

    _assert_refused(refused, BALTIC)
    # Not withdrawn, the card kept, no erasure started: only the other desk's edit logged.
    assert _state(services, baltic) == (status, True, coded, charges, entries + 1)
    assert len(services.vault.erasures()) == erasures
    monkeypatch.undo()
    erasure = services.registrations.withdraw(baltic, "Travel budget cut")
    assert erasure is not None and erasure.status == "complete"
    assert _state(services, baltic)[:2] == (RegistrationStatus.WITHDRAWN, False)
