"""VaultService: set-up, unlock with growing delays, reveal, change of passphrase, and
damaged or moved ciphertexts giving clear errors instead of crashes."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest
from vaultkit import (
    ANDES,
    BALTIC,
    NORTHSHORE,
    PASSPHRASE,
    RHINE,
    WITH_CARDS,
    scan_bytes,
    visa_form,
)

from escadesk.app import Services
from escadesk.domain.cards import CardBrand
from escadesk.domain.registration import RegistrationStatus
from escadesk.domain.validation import ValidationError
from escadesk.services.vault import (
    MAX_DELAY_SECONDS,
    DamagedAuthorizationError,
    TooSoonError,
    VaultError,
    VaultLockedError,
    VaultService,
    VaultState,
    WrongPassphraseError,
)
from escadesk.vault.envelope import TamperedError
from escadesk.vault.kdf import KdfParams, fast_test_params
from escadesk.vault.keychain import MemoryKeychain

NEW_PASSPHRASE = "a brand new passphrase 2019"


class FakeMonotonic:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_set_up_state_and_kdf_description(open_services: Callable[[], Services]) -> None:
    services = open_services()
    assert services.vault.state() is VaultState.NOT_SET_UP

    services.vault.set_up(PASSPHRASE)

    assert services.vault.state() is VaultState.UNLOCKED
    assert "Argon2id" in services.vault.kdf_description()
    services.vault.lock()
    assert services.vault.state() is VaultState.LOCKED
    with pytest.raises(VaultError, match="already set up"):
        services.vault.set_up(PASSPHRASE)


def test_set_up_refuses_a_short_or_unconfirmed_passphrase(
    open_services: Callable[[], Services],
) -> None:
    services = open_services()

    with pytest.raises(ValidationError) as short:
        services.vault.set_up("short", "short")
    with pytest.raises(ValidationError) as differ:
        services.vault.set_up(PASSPHRASE, PASSPHRASE + "!")

    assert [p.field for p in short.value.problems] == ["passphrase"]
    assert [p.field for p in differ.value.problems] == ["confirmation"]
    assert services.vault.state() is VaultState.NOT_SET_UP


def test_the_demo_cards_are_stored_masked_and_marked_received(
    services: Services, workshop_id: int, registration: Callable[[str], int]
) -> None:
    masked = services.vault.masked(workshop_id)

    assert {registration(name) for name in WITH_CARDS} == set(masked)
    northshore = masked[registration(NORTHSHORE)]
    assert (northshore.brand, northshore.last4) == (CardBrand.VISA, "1111")
    assert str(northshore) == "VISA •••• 1111"
    assert masked[registration(RHINE)].brand is CardBrand.AMEX


def test_record_and_reveal_round_trip(
    services: Services, workshop_id: int, registration: Callable[[str], int]
) -> None:
    andes = registration(ANDES)
    form = visa_form()

    warnings = services.vault.record(andes, form)

    assert warnings == []
    row = {r.id: r for r in services.registrations.list(workshop_id)}[andes]
    assert row.status is RegistrationStatus.COMPLETE
    card = services.vault.reveal(andes, PASSPHRASE)
    assert (card.cardholder, card.card_number, card.expiry, card.code) == (
        "Ottilie Vance",
        "4012888888881881",
        "10/2030",
        "234",
    )
    assert card.billing_address == "1 Test Street, Toronto"
    assert card.signed_on == form.signed_on
    assert card.scan == scan_bytes() and card.scan_media_type == "image/png"
    assert "4012888888881881" not in repr(card) and "1881" in repr(card)


def test_a_second_authorization_for_the_same_registration_is_refused(
    services: Services, registration: Callable[[str], int]
) -> None:
    with pytest.raises(ValidationError, match="already has a card authorization"):
        services.vault.record(registration(NORTHSHORE), visa_form())


def test_a_bad_card_is_refused_before_anything_is_stored(
    services: Services, workshop_id: int, registration: Callable[[str], int]
) -> None:
    with pytest.raises(ValidationError) as caught:
        services.vault.record(registration(ANDES), visa_form(card_number="4111 1111 1111 1112"))

    assert "card_number" in {p.field for p in caught.value.problems}
    assert registration(ANDES) not in services.vault.masked(workshop_id)


def test_locked_vault_refuses_everything(
    services: Services, registration: Callable[[str], int]
) -> None:
    services.vault.lock()

    with pytest.raises(VaultLockedError, match="locked"):
        services.vault.reveal(registration(NORTHSHORE), PASSPHRASE)
    with pytest.raises(VaultLockedError):
        services.vault.record(registration(ANDES), visa_form())
    with pytest.raises(VaultLockedError):
        services.vault.erase(registration(NORTHSHORE), "test")
    services.vault.unlock(PASSPHRASE)
    assert services.vault.reveal(registration(NORTHSHORE), PASSPHRASE).code == "123"


def test_reveal_asks_for_the_passphrase_again_and_is_audited(
    services: Services, registration: Callable[[str], int]
) -> None:
    northshore = registration(NORTHSHORE)

    with pytest.raises(WrongPassphraseError, match="not right"):
        services.vault.reveal(northshore, "not the passphrase at all")
    # Re-authentication is throttled like unlocking: guesses cost time.
    with pytest.raises(TooSoonError):
        services.vault.reveal(northshore, PASSPHRASE)
    time.sleep(services.vault.retry_after())
    card = services.vault.reveal(northshore, PASSPHRASE)

    assert card.card_number == "4111111111111111"
    entries = [e for e in _audit(services) if e[0] == "card.reveal"]
    assert len(entries) == 1
    assert entries[0][1] == f"{NORTHSHORE}: card revealed (VISA •••• 1111)"


def test_wrong_passphrase_then_growing_delays(
    services: Services, keychain: MemoryKeychain, registration: Callable[[str], int]
) -> None:
    services.vault.lock()
    clock = FakeMonotonic()
    vault = VaultService(services.context, keychain, fast_test_params, monotonic=clock, wall=clock)

    delays = []
    for _ in range(8):
        with pytest.raises(WrongPassphraseError, match="not right"):
            vault.unlock("a wrong passphrase!")
        with pytest.raises(TooSoonError) as too_soon:
            vault.unlock(PASSPHRASE)  # even the right one must wait
        delays.append(too_soon.value.seconds)
        assert f"wait {too_soon.value.seconds:.0f} s" in str(too_soon.value)
        clock.now += too_soon.value.seconds - 0.01
        with pytest.raises(TooSoonError):
            vault.unlock(PASSPHRASE)
        clock.now += 0.01

    assert delays == [1, 2, 4, 8, 16, MAX_DELAY_SECONDS, MAX_DELAY_SECONDS, MAX_DELAY_SECONDS]
    assert not vault.unlocked
    vault.unlock(PASSPHRASE)
    assert vault.state() is VaultState.UNLOCKED
    assert vault.reveal(registration(NORTHSHORE), PASSPHRASE).code == "123"
    vault.lock()
    with pytest.raises(WrongPassphraseError):  # a success reset the delays
        vault.unlock("wrong again, but not too soon")
    with pytest.raises(TooSoonError) as again:
        vault.unlock(PASSPHRASE)
    assert again.value.seconds == 1


def test_a_new_process_inherits_the_delay(services: Services, keychain: MemoryKeychain) -> None:
    """Each escadesk-cli run is a new process: the delay is kept in the data, so a script
    cannot skip it by starting again (issue 15, item 8)."""
    services.vault.lock()
    clock = FakeMonotonic()
    first = VaultService(services.context, keychain, fast_test_params, monotonic=clock, wall=clock)
    for _ in range(3):
        with pytest.raises(WrongPassphraseError):
            first.unlock("a wrong passphrase!")
        clock.now += first.retry_after()

    fresh_memory = FakeMonotonic()  # another process: its own monotonic clock, no memory
    second = VaultService(
        services.context, keychain, fast_test_params, monotonic=fresh_memory, wall=clock
    )
    with pytest.raises(WrongPassphraseError):
        second.unlock("still wrong")
    third = VaultService(
        services.context, keychain, fast_test_params, monotonic=FakeMonotonic(), wall=clock
    )
    with pytest.raises(TooSoonError) as too_soon:
        third.unlock(PASSPHRASE)
    assert too_soon.value.seconds == 8  # the 4th failure in a row, whoever made it

    clock.now -= 3600  # a clock set back an hour: never more than the longest delay
    assert third.retry_after() == MAX_DELAY_SECONDS
    clock.now += 3600 + 8
    third.unlock(PASSPHRASE)
    assert third.retry_after() == 0
    third.close()  # as that process would: its vault lock (a connection on a server) goes


def test_a_delay_that_cannot_be_recorded_still_applies_here(
    services: Services, keychain: MemoryKeychain, monkeypatch: pytest.MonkeyPatch
) -> None:
    from escadesk.disk_space import DiskFullError

    services.vault.lock()
    clock = FakeMonotonic()
    vault = VaultService(services.context, keychain, fast_test_params, monotonic=clock, wall=clock)

    def full(*_args: object, **_kwargs: object) -> object:
        raise DiskFullError(None)

    monkeypatch.setattr(services.context.database, "transaction", full)
    with pytest.raises(WrongPassphraseError):
        vault.unlock("a wrong passphrase!")
    with pytest.raises(TooSoonError):
        vault.unlock(PASSPHRASE)


def test_unlock_without_the_device_secret_says_so(
    services: Services, keychain: MemoryKeychain
) -> None:
    services.vault.lock()
    for name in list(keychain._items):
        keychain.delete(name)

    with pytest.raises(VaultError, match="keychain has no device key"):
        services.vault.unlock(PASSPHRASE)


def test_a_restart_needs_the_passphrase(open_services: Callable[[], Services]) -> None:
    first = open_services()
    first.vault.set_up(PASSPHRASE)
    first.close()

    again = open_services()

    assert again.vault.state() is VaultState.LOCKED
    again.vault.unlock(PASSPHRASE)
    assert again.vault.unlocked


def test_change_passphrase_rewraps_keys_only(
    services: Services,
    sql: Callable[..., list[tuple]],
    registration: Callable[[str], int],
) -> None:
    columns = "record_uid, card_key, sensitive_key, card_blob, code_blob, scan_blob"
    services.vault.record(registration(ANDES), visa_form())
    before = {row[0]: row for row in sql(f"SELECT {columns} FROM card_authorization")}
    (meta_before,) = sql("SELECT kdf, check_blob, key_generation FROM vault")
    revealed_before = {
        name: services.vault.reveal(registration(name), PASSPHRASE) for name in (*WITH_CARDS, ANDES)
    }

    services.vault.change_passphrase(PASSPHRASE, NEW_PASSPHRASE, NEW_PASSPHRASE)

    after = {row[0]: row for row in sql(f"SELECT {columns} FROM card_authorization")}
    assert set(after) == set(before) and len(after) == 5
    for uid, (_, card_key, sensitive_key, card_blob, code_blob, scan_blob) in after.items():
        old = before[uid]
        assert (card_blob, code_blob, scan_blob) == old[3:]  # ciphertext untouched
        assert card_key != old[1] and sensitive_key != old[2]  # keys re-wrapped
    (meta_after,) = sql("SELECT kdf, check_blob, key_generation FROM vault")
    assert KdfParams.from_json(meta_after[0]).salt != KdfParams.from_json(meta_before[0]).salt
    assert meta_after[1] != meta_before[1]
    assert meta_after[2] == meta_before[2]  # the device secret did not change
    # Still unlocked; the new passphrase now confirms reveals.
    with pytest.raises(WrongPassphraseError):
        services.vault.reveal(registration(ANDES), PASSPHRASE)
    services.vault.lock()
    time.sleep(services.vault.retry_after())
    with pytest.raises(WrongPassphraseError):
        services.vault.unlock(PASSPHRASE)
    time.sleep(services.vault.retry_after())
    services.vault.unlock(NEW_PASSPHRASE)
    for name, card in revealed_before.items():
        again = services.vault.reveal(registration(name), NEW_PASSPHRASE)
        assert (again.card_number, again.code, again.scan) == (
            card.card_number,
            card.code,
            card.scan,
        )
    assert "vault.passphrase" in [action for action, _ in _audit(services)]


def test_change_passphrase_checks_the_current_and_the_new_one(services: Services) -> None:
    with pytest.raises(WrongPassphraseError):
        services.vault.change_passphrase("not the current one", NEW_PASSPHRASE, NEW_PASSPHRASE)
    time.sleep(services.vault.retry_after())
    with pytest.raises(ValidationError):
        services.vault.change_passphrase(PASSPHRASE, "short", "short")
    with pytest.raises(ValidationError):
        services.vault.change_passphrase(PASSPHRASE, NEW_PASSPHRASE, NEW_PASSPHRASE + "x")
    services.vault.lock()
    services.vault.unlock(PASSPHRASE)  # nothing changed


def _flip_bit(blob: bytes, position: int) -> bytes:
    damaged = bytearray(blob)
    damaged[position // 8] ^= 1 << (position % 8)
    return bytes(damaged)


@pytest.mark.parametrize("column", ["card_key", "card_blob", "sensitive_key", "code_blob"])
@pytest.mark.parametrize("where", ["first", "middle", "last"])
def test_a_flipped_bit_in_the_database_gives_a_clear_error(
    services: Services,
    sql: Callable[..., list[tuple]],
    registration: Callable[[str], int],
    column: str,
    where: str,
) -> None:
    northshore, baltic = registration(NORTHSHORE), registration(BALTIC)
    ((blob,),) = sql(
        f"SELECT {column} FROM card_authorization WHERE registration_id = ?", northshore
    )
    bits = len(blob) * 8
    position = {"first": 0, "middle": bits // 2, "last": bits - 1}[where]
    sql(
        f"UPDATE card_authorization SET {column} = ? WHERE registration_id = ?",
        _flip_bit(blob, position),
        northshore,
    )
    reveals_before = _audit(services)

    with pytest.raises((TamperedError, VaultError)) as caught:
        services.vault.reveal(northshore, PASSPHRASE)

    message = str(caught.value)
    assert "damaged" in message or "altered" in message
    assert "4111" not in message
    assert _audit(services) == reveals_before  # nothing half-done was written
    # No crash: the vault still works for every other record.
    assert services.vault.unlocked
    assert services.vault.reveal(baltic, PASSPHRASE).card_number == "5555555555554444"


@pytest.mark.parametrize("column", ["card_blob", "code_blob", "card_key", "sensitive_key"])
def test_a_ciphertext_moved_to_another_record_gives_a_clear_error(
    services: Services,
    sql: Callable[..., list[tuple]],
    registration: Callable[[str], int],
    column: str,
) -> None:
    """Swap record A's ciphertext into record B: the record id in the associated data
    makes it fail to open instead of showing A's card as B's."""
    northshore, baltic = registration(NORTHSHORE), registration(BALTIC)
    sql(
        f"UPDATE card_authorization SET {column} = "
        f"(SELECT {column} FROM card_authorization WHERE registration_id = ?) "
        "WHERE registration_id = ?",
        northshore,
        baltic,
    )

    with pytest.raises(DamagedAuthorizationError, match=f"authorization of {BALTIC}") as caught:
        services.vault.reveal(baltic, PASSPHRASE)

    assert "moved to another record" in str(caught.value)
    assert services.vault.reveal(northshore, PASSPHRASE).card_number == "4111111111111111"


def test_whole_records_swapped_between_registrations_give_a_clear_error(
    services: Services, sql: Callable[..., list[tuple]], registration: Callable[[str], int]
) -> None:
    """Move every encrypted column of A onto B (keeping B's record id)."""
    northshore, baltic = registration(NORTHSHORE), registration(BALTIC)
    columns = ("card_key", "sensitive_key", "card_blob", "code_blob")
    for column in columns:
        sql(
            f"UPDATE card_authorization SET {column} = "
            f"(SELECT {column} FROM card_authorization WHERE registration_id = ?) "
            "WHERE registration_id = ?",
            northshore,
            baltic,
        )

    with pytest.raises(DamagedAuthorizationError, match=f"authorization of {BALTIC}") as caught:
        services.vault.reveal(baltic, PASSPHRASE)

    assert "moved to another record" in str(caught.value)


def test_the_vault_check_value_altered_reads_as_a_wrong_passphrase(
    services: Services, sql: Callable[..., list[tuple]]
) -> None:
    ((check,),) = sql("SELECT check_blob FROM vault")
    sql("UPDATE vault SET check_blob = ?", _flip_bit(check, len(check) * 4))
    services.vault.lock()

    with pytest.raises(WrongPassphraseError):
        services.vault.unlock(PASSPHRASE)


def _audit(services: Services) -> list[tuple[str, str]]:
    from sqlalchemy import select

    from escadesk.storage.models import AuditEntry

    with services.context.database.reading() as session:
        return [
            (entry.action, entry.summary)
            for entry in session.scalars(select(AuditEntry).order_by(AuditEntry.id))
        ]


def test_a_damaged_authorization_is_named_and_nothing_is_shown_or_charged(
    services: Services, sql: Callable[..., list[tuple]], registration: Callable[[str], int]
) -> None:
    """Bytes altered in the database (a disk fault, a bad restore): the reveal and the
    charge name the organization whose authorization is damaged, as a VaultError the
    screens show, and record nothing (no reveal audited)."""
    rhine = registration(RHINE)
    ((blob,),) = sql("SELECT card_blob FROM card_authorization WHERE registration_id = ?", rhine)
    sql(
        "UPDATE card_authorization SET card_blob = ? WHERE registration_id = ?",
        _flip_bit(blob, len(blob) * 4),
        rhine,
    )
    audit_before = _audit(services)

    with pytest.raises(DamagedAuthorizationError, match=f"authorization of {RHINE} cannot"):
        services.vault.reveal(rhine, PASSPHRASE)
    with pytest.raises(VaultError, match="Ask the organization for a new signed"):
        services.vault.card_details_for_charge(rhine)
    assert _audit(services) == audit_before
    time.sleep(services.vault.retry_after())
    assert services.vault.reveal(registration(NORTHSHORE), PASSPHRASE).card_number.endswith("1111")
