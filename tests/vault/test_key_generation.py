"""Defence in depth behind the data lock (issue 14): a write that wraps a key with a vault
key another escadesk has since replaced is refused inside its own transaction, and
changes nothing.

Two sets of services in this one process stand for two escadesk processes: the data lock
is the process's, so they share it, exactly like two processes with the lock bypassed.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import pytest
from vaultkit import ANDES, BALTIC, NORTHSHORE, PASSPHRASE, RHINE, visa_form

from escadesk.app import Services
from escadesk.services import vault as vault_module
from escadesk.services.vault import DamagedAuthorizationError, StaleVaultKeyError
from escadesk.services.vault_generation import lock_vault_row
from escadesk.storage.sqlite_files import connect as sqlite_connect

REASON = "Workshop cancelled: quorum not reached"
NEW_PASSPHRASE = "a brand new passphrase 2018"
STALE = "vault key changed in another escadesk.*lock the vault and unlock it again"
TABLES = ("card_authorization", "erasure", "audit_entry", "vault", "registration")


@pytest.fixture
def other(services: Services, open_services: Callable[[], Services]) -> Services:
    """A second escadesk on the same data, unlocked while the first one is."""
    second = open_services()
    second.vault.unlock(PASSPHRASE)
    return second


def _snapshot(sql: Callable[..., list[tuple]]) -> dict[str, list[tuple]]:
    return {table: sql(f"SELECT * FROM {table} ORDER BY 1") for table in TABLES}


def test_every_key_wrapping_write_with_a_rotated_key_is_refused_and_changes_nothing(
    services: Services,
    other: Services,
    registration: Callable[[str], int],
    sql: Callable[..., list[tuple]],
) -> None:
    services.vault.erase(registration(BALTIC), REASON)  # rotates the device key
    before = _snapshot(sql)

    with pytest.raises(StaleVaultKeyError, match=STALE):
        other.vault.record(registration(ANDES), visa_form())
    with pytest.raises(StaleVaultKeyError, match=STALE):
        other.vault.erase(registration(RHINE), REASON)
    with pytest.raises(StaleVaultKeyError, match=STALE):
        other.vault.change_passphrase(PASSPHRASE, NEW_PASSPHRASE, NEW_PASSPHRASE)
    # Reading says what is wrong too (not "the stored authorization is damaged").
    with pytest.raises(StaleVaultKeyError, match=STALE):
        other.vault.reveal(registration(NORTHSHORE), PASSPHRASE)
    with pytest.raises(StaleVaultKeyError, match=STALE):
        other.vault.card_details_for_charge(registration(NORTHSHORE))

    assert _snapshot(sql) == before
    # As the message says: lock and unlock again, and it works.
    other.vault.lock()
    other.vault.unlock(PASSPHRASE)
    other.vault.record(registration(ANDES), visa_form())
    assert services.vault.reveal(registration(ANDES), PASSPHRASE).code == "234"


def test_a_new_passphrase_elsewhere_is_caught_by_the_key_fingerprint(
    services: Services,
    other: Services,
    registration: Callable[[str], int],
    sql: Callable[..., list[tuple]],
) -> None:
    """A new passphrase keeps the device key (and its generation) but changes the vault
    key: the vault's check value, sealed under the current key, is what tells."""
    (generation_before,) = sql("SELECT key_generation FROM vault")
    services.vault.change_passphrase(PASSPHRASE, NEW_PASSPHRASE, NEW_PASSPHRASE)
    assert sql("SELECT key_generation FROM vault") == [generation_before]
    before = _snapshot(sql)

    with pytest.raises(StaleVaultKeyError):
        other.vault.record(registration(ANDES), visa_form())

    assert _snapshot(sql) == before


def test_without_the_check_a_stale_write_stores_a_card_nothing_can_open(
    services: Services,
    other: Services,
    open_services: Callable[[], Services],
    registration: Callable[[str], int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The harm the check prevents, shown once: switched off, the stale write succeeds
    and the card it stored never opens again (issue 14's lost cards)."""
    services.vault.erase(registration(BALTIC), REASON)
    monkeypatch.setattr(vault_module, "is_current", lambda *_args: True)

    other.vault.record(registration(ANDES), visa_form())

    monkeypatch.undo()
    restarted = open_services()
    restarted.vault.unlock(PASSPHRASE)
    assert restarted.vault.reveal(registration(NORTHSHORE), PASSPHRASE).code == "123"
    with pytest.raises(DamagedAuthorizationError):
        restarted.vault.reveal(registration(ANDES), PASSPHRASE)


@pytest.mark.sqlite_only("SQLite's write lock; test_advisory_lock.py has the server's row lock")
def test_the_check_holds_the_write_lock_until_the_write_commits(
    services: Services, db_file: Path
) -> None:
    """On SQLite, reading the generation first takes the write lock: no other writer (a
    rotation elsewhere) can commit between the check and the write it guards."""

    def another_writer_can_start() -> bool:
        with closing(sqlite_connect(db_file, timeout=0)) as connection:
            try:
                connection.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError as error:
                assert "locked" in str(error)
                return False
            connection.rollback()
            return True

    with services.context.database.transaction() as session:
        assert another_writer_can_start()
        meta = lock_vault_row(session)
        assert meta is not None and meta.key_generation >= 1
        assert not another_writer_can_start()
    assert another_writer_can_start()
