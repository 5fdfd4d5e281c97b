"""Crypto-erase (all of an authorization, or its code and scan), certificates without
card data, and the rotation of the device secret that follows every erasure."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import pytest
from sqlalchemy import select
from vaultkit import ANDES, BALTIC, NORTHSHORE, PASSPHRASE, RHINE, WITH_CARDS, visa_form

from escadesk.app import Services
from escadesk.domain.cards import contains_card_number
from escadesk.domain.validation import ValidationError
from escadesk.services.vault import (
    DESTROYED_WORDS,
    ErasureScope,
    ErasureView,
    VaultError,
    VaultService,
    VaultState,
)
from escadesk.storage.models import AuditEntry, Erasure
from escadesk.storage.sqlite_files import connect as sqlite_connect
from escadesk.vault.envelope import TamperedError, associated_data, open_sealed
from escadesk.vault.kdf import KdfParams, derive
from escadesk.vault.keychain import MemoryKeychain
from escadesk.vault.keys import vault_key
from escadesk.vault.secret import SecretKey

CARDHOLDER = "Ottilie Vance"
REASON = "Workshop cancelled: quorum not reached"


def _device_secrets(keychain: MemoryKeychain) -> dict[str, bytes]:
    """The device secrets (current and "next"), not the audit anchor beside them."""
    return {name: value for name, value in keychain._items.items() if "/device-secret" in name}


def _erasure_texts(services: Services, view: ErasureView) -> list[str]:
    """Everything the erasure left behind: its record (every column) and its certificate."""
    with services.context.database.reading() as session:
        row = session.get(Erasure, view.id)
        assert row is not None
        columns = [str(getattr(row, column.key)) for column in Erasure.__table__.columns]
    return [*columns, services.vault.certificate_text(view.id)]


def _assert_no_card_data(texts: list[str], *secrets: str) -> None:
    for text in texts:
        assert not contains_card_number(text), "a card number in the erasure record"
        for secret in secrets:
            assert secret not in text, "card data in the erasure record"


@pytest.fixture
def andes(services: Services, registration: Callable[[str], int]) -> int:
    """A registration with an authorization recorded in the test (with a scan)."""
    rid = registration(ANDES)
    services.vault.record(rid, visa_form(cardholder=CARDHOLDER))
    return rid


def test_full_erasure(
    services: Services,
    workshop_id: int,
    andes: int,
    registration: Callable[[str], int],
    sql: Callable[..., list[tuple]],
) -> None:
    view = services.vault.erase(andes, REASON)

    assert view.scope is ErasureScope.FULL
    assert view.status == "complete"
    assert view.registration_id == andes and view.workshop_id == workshop_id
    assert view.organization == ANDES
    assert view.reason == REASON and view.erased_by == "tester"
    assert view.destroyed == DESTROYED_WORDS[ErasureScope.FULL]
    if services.context.database.file is not None:  # SQLite: its files were searched
        assert "No trace" in view.verification
    else:  # a server's storage is not escadesk's to scan, and the record says so
        assert view.verification.startswith("The database is on a postgresql server.")
    assert andes not in services.vault.masked(workshop_id)
    assert sql("SELECT * FROM card_authorization WHERE registration_id = ?", andes) == []
    with pytest.raises(VaultError, match="no card authorization"):
        services.vault.reveal(andes, PASSPHRASE)
    with pytest.raises(VaultError, match="no card authorization"):
        services.vault.erase(andes, REASON)
    assert services.vault.erasures(workshop_id) == [view]
    assert services.vault.erasures(workshop_id + 1) == []
    # The others are untouched.
    for name in WITH_CARDS:
        assert services.vault.reveal(registration(name), PASSPHRASE).code


def test_full_erasure_leaves_no_card_data_in_its_record_or_certificate(
    services: Services, andes: int
) -> None:
    view = services.vault.erase(andes, REASON)

    texts = _erasure_texts(services, view)
    certificate = texts[-1]
    assert "CERTIFICATE OF DESTRUCTION" in certificate
    assert view.certificate_number in certificate and ANDES in certificate
    assert REASON in certificate and "2018-09-28 10:00 (America/Toronto)" in certificate
    _assert_no_card_data(
        texts, CARDHOLDER, "4012888888881881", "4012 8888 8888 1881", "•••• 1881", "10/2030"
    )


def test_demo_erasure_certificate_names_no_cardholder(
    services: Services, registration: Callable[[str], int]
) -> None:
    """The demo's cardholders are the contacts: neither appears on the certificate."""
    view = services.vault.erase(registration(NORTHSHORE), REASON)

    _assert_no_card_data(
        _erasure_texts(services, view), "Amélie Tremblay", "4111111111111111", "11/2021"
    )


def test_code_only_erasure_keeps_the_card_fields(
    services: Services,
    workshop_id: int,
    andes: int,
    sql: Callable[..., list[tuple]],
) -> None:
    view = services.vault.erase(andes, "Card charged", ErasureScope.SENSITIVE)

    assert view.scope is ErasureScope.SENSITIVE and view.status == "complete"
    assert view.destroyed == DESTROYED_WORDS[ErasureScope.SENSITIVE]
    card = services.vault.reveal(andes, PASSPHRASE)
    assert (card.cardholder, card.card_number, card.expiry) == (
        CARDHOLDER,
        "4012888888881881",
        "10/2030",
    )
    assert card.billing_address == "1 Test Street, Toronto"
    assert card.code is None and card.scan is None
    assert services.vault.masked(workshop_id)[andes].state == "code_erased"
    ((sensitive_key, code_blob, scan_blob),) = sql(
        "SELECT sensitive_key, code_blob, scan_blob FROM card_authorization "
        "WHERE registration_id = ?",
        andes,
    )
    assert (sensitive_key, code_blob, scan_blob) == (None, None, None)
    _assert_no_card_data(_erasure_texts(services, view), CARDHOLDER, "4012888888881881")
    with pytest.raises(VaultError, match="already erased"):
        services.vault.erase(andes, "again", ErasureScope.SENSITIVE)

    full = services.vault.erase(andes, REASON)

    assert full.status == "complete"
    assert [e.scope for e in services.vault.erasures(workshop_id)] == [
        ErasureScope.SENSITIVE,
        ErasureScope.FULL,
    ]


def test_an_erasure_needs_a_reason(services: Services, andes: int) -> None:
    with pytest.raises(ValidationError) as caught:
        services.vault.erase(andes, "   ")

    assert [p.field for p in caught.value.problems] == ["reason"]
    assert services.vault.reveal(andes, PASSPHRASE).code == "234"


def test_erasures_are_audited_without_card_data(services: Services, andes: int) -> None:
    services.vault.erase(andes, "Card charged", ErasureScope.SENSITIVE)
    services.vault.erase(andes, REASON)

    with services.context.database.reading() as session:
        entries = list(session.scalars(select(AuditEntry).order_by(AuditEntry.id)))
    actions = [e.action for e in entries]
    assert actions.count("card.erase") == 2 and actions.count("card.erase.verified") == 2
    for entry in entries:
        assert not contains_card_number(entry.summary)
        assert CARDHOLDER not in entry.summary
    assert services.vault.verify_audit().intact


def test_every_erasure_rotates_the_device_secret(
    services: Services,
    keychain: MemoryKeychain,
    andes: int,
    registration: Callable[[str], int],
    sql: Callable[..., list[tuple]],
) -> None:
    columns = "record_uid, card_key, sensitive_key, card_blob, code_blob"
    before = _device_secrets(keychain)
    ((generation, check),) = sql("SELECT key_generation, check_blob FROM vault")
    rows_before = {row[0]: row for row in sql(f"SELECT {columns} FROM card_authorization")}

    services.vault.erase(andes, REASON)

    after = _device_secrets(keychain)
    assert after.keys() == before.keys() and len(after) == 1  # no "next" left behind
    (name,) = after
    assert name.endswith("/device-secret")
    assert after[name] != before[name] and len(after[name]) == 32
    ((generation_after, check_after),) = sql("SELECT key_generation, check_blob FROM vault")
    assert generation_after == generation + 1 and check_after != check
    rows_after = {row[0]: row for row in sql(f"SELECT {columns} FROM card_authorization")}
    assert len(rows_after) == len(rows_before) - 1
    for uid, row in rows_after.items():
        old = rows_before[uid]
        assert row[1] != old[1] and row[2] != old[2]  # every surviving key re-wrapped
        assert row[3:] == old[3:]  # ciphertext unchanged
    # Code-only erasures rotate too.
    services.vault.erase(registration(RHINE), "Card charged", ErasureScope.SENSITIVE)
    ((generation_now,),) = sql("SELECT key_generation FROM vault")
    assert generation_now == generation + 2
    assert _device_secrets(keychain)[name] != after[name]
    # Survivors open now and after a restart.
    services.vault.lock()
    services.vault.unlock(PASSPHRASE)
    for organization in WITH_CARDS:
        assert services.vault.reveal(registration(organization), PASSPHRASE).card_number


def _erase_while_the_swap_fails(
    services: Services, keychain: MemoryKeychain, registration_id: int
) -> int:
    """Erase with a keychain whose final swap of the rotation fails (a crash at that very
    moment): the erasure raises, its database side committed. The keychain answers again
    afterwards (the process is gone, or the app runs on). Returns the swaps refused."""
    real_set = keychain.set
    refused = 0

    def set_or_fail(name: str, value: bytes) -> None:
        nonlocal refused
        if name.endswith("/device-secret"):
            refused += 1
            raise OSError("The keychain stopped answering.")
        real_set(name, value)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(keychain, "set", set_or_fail)
        with pytest.raises(OSError, match="stopped answering"):
            services.vault.erase(registration_id, REASON)
    return refused


def test_an_interrupted_rotation_still_unlocks_next_time(
    services: Services,
    open_services: Callable[[], Services],
    keychain: MemoryKeychain,
    andes: int,
    registration: Callable[[str], int],
    sql: Callable[..., list[tuple]],
) -> None:
    """The database was committed with keys for the new secret, but the keychain still
    holds the old one as current and the new one as "next": the next start promotes it."""
    before = _device_secrets(keychain)
    (current_name,) = before
    ((generation,),) = sql("SELECT key_generation FROM vault")

    assert _erase_while_the_swap_fails(services, keychain, andes) == 1

    ((generation_now,),) = sql("SELECT key_generation FROM vault")
    assert generation_now == generation + 1  # the database side did commit
    half_done = _device_secrets(keychain)
    next_name = current_name + "-next"
    assert half_done[current_name] == before[current_name]
    assert next_name in half_done

    restarted = open_services()
    assert restarted.vault.state() is VaultState.LOCKED
    restarted.vault.unlock(PASSPHRASE)

    finished = _device_secrets(keychain)
    assert set(finished) == {current_name}  # "next" promoted, then removed
    # The interrupted erasure was finished at the unlock (one more rotation).
    assert finished[current_name] not in (before[current_name], half_done[next_name])
    (erasure,) = restarted.vault.erasures()
    assert erasure.status == "complete"
    assert erasure.verification.startswith("Finished after an interruption")
    for organization in WITH_CARDS:
        assert restarted.vault.reveal(registration(organization), PASSPHRASE).card_number
    with pytest.raises(VaultError, match="no card authorization"):
        restarted.vault.reveal(andes, PASSPHRASE)
    # And it keeps working: record, erase (another rotation), restart, reveal.
    restarted.vault.record(andes, visa_form())
    restarted.vault.erase(registration(BALTIC), REASON)
    restarted.vault.lock()
    restarted.vault.unlock(PASSPHRASE)
    assert restarted.vault.reveal(andes, PASSPHRASE).code == "234"


def test_a_rotation_cut_off_before_the_commit_keeps_the_old_secret(
    services: Services,
    open_services: Callable[[], Services],
    keychain: MemoryKeychain,
    andes: int,
    registration: Callable[[str], int],
    sql: Callable[..., list[tuple]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Only the "next" secret was written: the current one still opens, "next" goes."""
    before = _device_secrets(keychain)
    from escadesk.services import vault as vault_module

    def crash(*_args: object) -> None:
        raise OSError("Power cut during the re-wrap.")

    monkeypatch.setattr(vault_module, "_rewrap_all", crash)
    with pytest.raises(OSError, match="Power cut"):
        services.vault.erase(andes, REASON)
    monkeypatch.undo()

    ((generation,),) = sql("SELECT key_generation FROM vault")
    assert len(_device_secrets(keychain)) == 2  # current and the unused "next"

    restarted = open_services()
    restarted.vault.unlock(PASSPHRASE)  # opens with the current secret

    assert _device_secrets(keychain).keys() == before.keys()  # "next" dropped
    assert restarted.vault.reveal(registration(NORTHSHORE), PASSPHRASE).code == "123"
    # ... and the erasure's own rotation was then done after all.
    assert sql("SELECT key_generation FROM vault") == [(generation + 1,)]
    assert [e.status for e in restarted.vault.erasures()] == ["complete"]


def test_after_a_failed_keychain_swap_the_running_vault_stays_consistent(
    services: Services,
    open_services: Callable[[], Services],
    keychain: MemoryKeychain,
    andes: int,
    registration: Callable[[str], int],
) -> None:
    """The keychain fails without a crash: the app keeps running unlocked. What it reads
    and what it records meanwhile must still open after a restart."""
    _erase_while_the_swap_fails(services, keychain, andes)

    assert services.vault.reveal(registration(NORTHSHORE), PASSPHRASE).code == "123"
    services.vault.record(andes, visa_form())
    services.close()

    restarted = open_services()
    restarted.vault.unlock(PASSPHRASE)
    assert restarted.vault.reveal(andes, PASSPHRASE).code == "234"
    assert restarted.vault.reveal(registration(NORTHSHORE), PASSPHRASE).code == "123"


def test_a_reason_holding_a_card_number_is_refused_clearly(
    services: Services, andes: int, sql: Callable[..., list[tuple]]
) -> None:
    """The reason goes into the erasure record, its certificate and the audit log: a
    card number typed there is a problem with the form, not a crash."""
    with pytest.raises(ValidationError) as caught:
        services.vault.erase(andes, "Charged card 4012 8888 8888 1881 on Oct 2")

    (problem,) = caught.value.problems
    assert problem.field == "reason" and "card number" in problem.message
    assert "4012" not in problem.message
    assert sql("SELECT count(*) FROM erasure") == [(0,)]
    assert services.vault.reveal(andes, PASSPHRASE).code == "234"


@pytest.mark.sqlite_only("a copy of the SQLite file from before the erasure (SQLite's backup API)")
def test_an_erasure_cut_off_before_its_rotation_is_finished_at_the_next_unlock(
    services: Services,
    open_services: Callable[[], Services],
    keychain: MemoryKeychain,
    andes: int,
    db_file: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The deletion committed, then the process died: until the device secret is
    rotated, a copy from before the erasure still opens with today's keychain. The
    certificate waits; the next unlock finishes the job."""
    copy = tmp_path / "before.sqlite3"
    with closing(sqlite_connect(db_file)) as source, closing(sqlite_connect(copy)) as target:
        source.backup(target)
    monkeypatch.setattr(
        VaultService, "_rotate_device_secret", _raise(OSError("Killed before the rotation."))
    )
    with pytest.raises(OSError, match="Killed"):
        services.vault.erase(andes, REASON)
    monkeypatch.undo()

    (pending,) = services.vault.erasures()
    assert pending.status == "pending"
    with pytest.raises(VaultError, match="interrupted"):
        services.vault.certificate_text(pending.id)
    assert _copy_opens(copy, keychain)  # the danger an unfinished erasure leaves

    restarted = open_services()
    restarted.vault.unlock(PASSPHRASE)

    (finished,) = restarted.vault.erasures()
    assert finished.status == "complete"
    assert finished.verification.startswith("Finished after an interruption")
    assert "device key was replaced" in restarted.vault.certificate_text(finished.id)
    assert not _copy_opens(copy, keychain)
    assert restarted.vault.verify_audit().intact


def test_a_failure_finishing_an_erasure_does_not_lock_the_director_out(
    services: Services,
    open_services: Callable[[], Services],
    andes: int,
    registration: Callable[[str], int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(VaultService, "_rotate_device_secret", _raise(OSError("No keychain.")))
    with pytest.raises(OSError):
        services.vault.erase(andes, REASON)
    restarted = open_services()

    restarted.vault.unlock(PASSPHRASE)  # the rotation fails again, quietly

    assert restarted.vault.unlocked
    assert [e.status for e in restarted.vault.erasures()] == ["pending"]
    assert restarted.vault.reveal(registration(NORTHSHORE), PASSPHRASE).code == "123"
    monkeypatch.undo()
    restarted.vault.lock()
    restarted.vault.unlock(PASSPHRASE)
    assert [e.status for e in restarted.vault.erasures()] == ["complete"]


def _raise(error: Exception) -> Callable[..., None]:
    def fail(*_args: object) -> None:
        raise error

    return fail


def _copy_opens(copy: Path, keychain: MemoryKeychain) -> bool:
    """Whether a database copy's vault check opens with the passphrase and the keychain
    as it is now (then every key in the copy unwraps too)."""
    with closing(sqlite_connect(copy)) as connection:
        uid, kdf, check = connection.execute(
            "SELECT vault_uid, kdf, check_blob FROM vault"
        ).fetchone()
    secret = keychain.get(f"{uid}/device-secret")
    assert secret is not None
    key = vault_key(derive(PASSPHRASE, KdfParams.from_json(kdf)), SecretKey(secret))
    try:
        open_sealed(key, check, associated_data("vault", "check"))
    except TamperedError:
        return False
    return True


def test_certificate_numbers_are_letters_only_and_stable() -> None:
    """A certificate number never contains digits, so no certificate can trip a card-number
    filter (a UUID's digit groups joined by dashes sometimes pass the Luhn check)."""
    import uuid

    from escadesk.services.vault import certificate_number

    for _ in range(2000):
        uid = str(uuid.uuid4())
        number = certificate_number(uid)
        assert number == certificate_number(uid)
        assert len(number) == 19 and all(c.isalpha() or c == "-" for c in number)


def test_new_uids_never_look_like_a_card_number(monkeypatch: pytest.MonkeyPatch) -> None:
    """A UUID such as ...-4111-1111-1111-1111... would trip every leak scan: drawn again."""
    import uuid

    from escadesk.services import vault as vault_service

    drawn = iter(
        [
            uuid.UUID("00000000-4111-1111-1111-111111111111"),  # 4111111111111111 inside
            uuid.UUID("0f1e2d3c-4b5a-4978-8685-a4b3c2d1e0f9"),
        ]
    )
    monkeypatch.setattr(vault_service.uuid, "uuid4", lambda: next(drawn))
    assert contains_card_number("00000000-4111-1111-1111-111111111111")
    assert vault_service.new_uid() == "0f1e2d3c-4b5a-4978-8685-a4b3c2d1e0f9"


def test_a_rotation_after_a_failed_swap_never_loses_the_key_the_database_needs(
    services: Services,
    open_services: Callable[[], Services],
    keychain: MemoryKeychain,
    andes: int,
    registration: Callable[[str], int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Rotation 1 commits its database side but its keychain swap fails: the key the
    database needs is in "next". Rotation 2 (the next erasure, same session) dies before
    its commit. Before the guard it had already overwritten "next" with its own key, so
    no key in the keychain opened the vault any more."""
    from escadesk.services import vault as vault_module

    _erase_while_the_swap_fails(services, keychain, andes)  # the app runs on

    monkeypatch.setattr(vault_module, "_rewrap_all", _raise(OSError("Power cut.")))
    with pytest.raises(OSError, match="Power cut"):
        services.vault.erase(registration(BALTIC), REASON)
    monkeypatch.undo()
    services.close()

    restarted = open_services()
    restarted.vault.unlock(PASSPHRASE)  # refused with "wrong passphrase" before the guard
    assert restarted.vault.reveal(registration(NORTHSHORE), PASSPHRASE).code == "123"
    assert all(e.status == "complete" for e in restarted.vault.erasures())
