"""One vault desk (issue 20): two desks share one database, each with its own keychain.
The first set the vault up and holds the device key; the second opens without the vault,
sees masked cards only, and every vault act there is refused naming the first."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import pytest
from sqlalchemy import func, select
from vaultkit import NORTHSHORE, PASSPHRASE, WITH_CARDS, visa_form

from escadesk.app import AppConfig, Services, build_services
from escadesk.domain.roles import Role
from escadesk.services.clock import FixedClock
from escadesk.services.demo import seed_demo
from escadesk.services.vault import NotVaultDeskError
from escadesk.services.vault_desk import VAULT_DESK_SETTING
from escadesk.storage.models import AuditEntry, CardAuthorization
from escadesk.vault.kdf import fast_test_params
from escadesk.vault.keychain import MemoryKeychain

VAULT_DESK = "vault-pc (director)"
FRONT_DESK = "front-pc (staff)"


@pytest.fixture
def desks(
    config: AppConfig, clock: FixedClock
) -> Iterator[Callable[[MemoryKeychain, str], Services]]:
    """``open_desk(keychain, name)``: the services of one desk (a computer with its own
    keychain) on the shared data; the data lock lets one desk in at a time, so opening a
    desk closes the one before."""
    opened: list[Services] = []

    def open_desk(keychain: MemoryKeychain, name: str) -> Services:
        for services in opened:
            services.close()
        services = build_services(
            config, clock=clock, actor="tester", keychain=keychain, kdf_profile=fast_test_params
        )
        opened.append(services)
        services.vault.desk_name = name
        return services

    yield open_desk
    for services in opened:
        services.close()


def _audit_count(services: Services) -> int:
    with services.context.database.reading() as session:
        return session.scalar(select(func.count()).select_from(AuditEntry)) or 0


def _cards(services: Services) -> list[tuple[bytes | None, bytes | None]]:
    with services.context.database.reading() as session:
        rows = session.execute(
            select(CardAuthorization.card_key, CardAuthorization.card_blob).order_by(
                CardAuthorization.id
            )
        )
        return [(key, blob) for key, blob in rows]


def test_a_second_desk_sees_masks_and_is_refused_every_vault_act(
    desks: Callable[[MemoryKeychain, str], Services],
) -> None:
    vault_keychain, front_keychain = MemoryKeychain(), MemoryKeychain()
    first = desks(vault_keychain, VAULT_DESK)
    seed_demo(first, vault_passphrase=PASSPHRASE)
    assert first.settings.get(VAULT_DESK_SETTING) == VAULT_DESK
    assert first.vault.desk().here

    front = desks(front_keychain, FRONT_DESK)
    desk = front.vault.desk()
    assert (desk.here, desk.holds_key, desk.name) == (False, False, VAULT_DESK)
    assert f"Cards are opened on the vault desk: {VAULT_DESK}." in desk.message

    (workshop,) = front.workshops.list()
    ids = {row.organization: row.id for row in front.registrations.list(workshop.id)}
    masked = front.vault.masked(workshop.id)
    assert {ids[name] for name in WITH_CARDS} == set(masked)
    assert all(f"•••• {card.last4}" in str(card) for card in masked.values())
    assert front.desk_view.load(workshop.id).cards == masked  # the desk itself works

    before, cards = _audit_count(front), _cards(front)
    northshore = ids[NORTHSHORE]
    refused: list[Callable[[], object]] = [
        lambda: front.vault.unlock(PASSPHRASE),
        lambda: front.vault.record(ids["Andes AgriFood Alliance"], visa_form()),
        lambda: front.vault.reveal(northshore, PASSPHRASE),
        lambda: front.vault.card_details_for_charge(northshore),
        lambda: front.vault.erase(northshore, "asked by the organization"),
        lambda: front.decision.confirm(workshop.id, PASSPHRASE),
    ]
    for act in refused:
        with pytest.raises(NotVaultDeskError, match=re.escape(f"vault desk: {VAULT_DESK}.")):
            act()
    assert (_audit_count(front), _cards(front)) == (before, cards)  # nothing changed

    # The vault desk still opens every card, and its name stays recorded as it was.
    back = desks(vault_keychain, VAULT_DESK)
    back.vault.unlock(PASSPHRASE)
    assert back.vault.reveal(northshore, PASSPHRASE).card_number.endswith(masked[northshore].last4)
    assert back.settings.get(VAULT_DESK_SETTING) == VAULT_DESK


def test_a_role_without_the_vault_is_refused_on_the_vault_desk_too(
    desks: Callable[[MemoryKeychain, str], Services],
) -> None:
    keychain = MemoryKeychain()
    seed_demo(desks(keychain, VAULT_DESK), vault_passphrase=PASSPHRASE)
    staff = desks(keychain, VAULT_DESK)
    staff.context.role = Role.STAFF
    desk = staff.vault.desk()
    assert desk.holds_key and not desk.here
    with pytest.raises(NotVaultDeskError, match="Your role \\(staff\\) works with masked cards"):
        staff.vault.unlock(PASSPHRASE)


def test_an_unlock_on_a_renamed_desk_records_its_name_with_an_audit_entry(
    desks: Callable[[MemoryKeychain, str], Services],
) -> None:
    """A vault set up before the desk was recorded (or a renamed computer): the desk that
    opens it holds the key, so its name is recorded, and the audit log says so."""
    keychain = MemoryKeychain()
    seed_demo(desks(keychain, VAULT_DESK), vault_passphrase=PASSPHRASE)
    renamed = desks(keychain, "vault-pc-2 (director)")
    renamed.vault.unlock(PASSPHRASE)
    assert renamed.settings.get(VAULT_DESK_SETTING) == "vault-pc-2 (director)"
    assert _desk_entries(renamed) == [f"Vault desk: vault-pc-2 (director) (was: {VAULT_DESK})"]
    renamed.vault.lock()
    renamed.vault.unlock(PASSPHRASE)  # the same desk again: nothing new to record
    assert len(_desk_entries(renamed)) == 1


def _desk_entries(services: Services) -> list[str]:
    with services.context.database.reading() as session:
        return list(
            session.scalars(select(AuditEntry.summary).where(AuditEntry.action == "vault.desk"))
        )
