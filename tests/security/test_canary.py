"""Canary scan: after every vault operation, no planted card datum is on disk in any
form (database, -wal, -shm, -journal, backups, keys, settings, logs, temp files)."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from canary import (
    ANDES,
    CARDHOLDER,
    CODE,
    EXPIRY,
    PASSPHRASE,
    CanaryScanner,
    canary_form,
    registration_id,
)

from escadesk.app import Services
from escadesk.services.demo import DEMO_TODAY
from escadesk.services.vault import ErasureScope, WrongPassphraseError
from escadesk.storage.migrate import backup_sqlite

NEW_PASSPHRASE = "canary passphrase, changed"


class Steps:
    """Runs each operation, then scans; a failure names the step and the file."""

    def __init__(self, scanner: CanaryScanner, data_dir: Path) -> None:
        self.scanner = scanner
        self.data_dir = data_dir
        self.done: list[str] = []

    def check(self, step: str) -> None:
        report = self.scanner.scan()
        self.done.append(step)
        assert report.clean, f"after '{step}': {report}"
        database = self.data_dir / "escadesk.sqlite3"
        assert database in report.files, f"after '{step}': the database was not scanned"
        wal = database.with_name(database.name + "-wal")
        if wal.exists():
            assert wal in report.files


def test_no_canary_on_disk_after_any_operation(
    services: Services,
    open_services: Callable[[], Services],
    scanner: CanaryScanner,
    data_dir: Path,
) -> None:
    steps = Steps(scanner, data_dir)
    steps.check("demo seeded (its own test cards stored)")
    andes = registration_id(services, ANDES)

    services.vault.record(andes, canary_form(DEMO_TODAY.date()))
    steps.check("add")

    (workshop,) = services.workshops.list()
    masked = services.vault.masked(workshop.id)[andes]
    assert str(masked) == "VISA •••• 1111"
    services.registrations.list(workshop.id)
    steps.check("view (masked list)")

    with pytest.raises(WrongPassphraseError):
        services.vault.reveal(andes, "wrong passphrase for reveal")
    time.sleep(services.vault.retry_after())  # re-authentication is throttled too
    card = services.vault.reveal(andes, PASSPHRASE)
    assert (card.cardholder, card.code, card.expiry) == (CARDHOLDER, CODE, EXPIRY)
    assert card.scan is not None and len(card.scan) == 200 * 1024
    del card
    steps.check("reveal")

    services.vault.lock()
    steps.check("lock")

    with pytest.raises(WrongPassphraseError):
        services.vault.unlock("a wrong passphrase")
    time.sleep(services.vault.retry_after())
    services.vault.unlock(PASSPHRASE)
    steps.check("unlock")

    services.vault.change_passphrase(PASSPHRASE, NEW_PASSPHRASE, NEW_PASSPHRASE)
    steps.check("change passphrase")

    services.close()
    services = open_services()
    services.vault.unlock(NEW_PASSPHRASE)
    assert services.vault.reveal(andes, NEW_PASSPHRASE).code == CODE
    steps.check("restart, unlock, reveal")

    database = services.context.database.file
    assert database is not None
    backup = backup_sqlite(
        database, services.config.backup_dir, datetime(2018, 9, 28, tzinfo=UTC), "canary"
    )
    assert backup.exists()
    steps.check("backup (as before a migration)")

    view = services.vault.erase(andes, "Card charged", ErasureScope.SENSITIVE)
    assert view.status == "complete"
    services.vault.certificate_text(view.id)
    steps.check("erase code and scan")

    card = services.vault.reveal(andes, NEW_PASSPHRASE)
    assert card.cardholder == CARDHOLDER and card.code is None and card.scan is None
    del card
    steps.check("reveal after the code-only erasure")

    view = services.vault.erase(andes, "Workshop cancelled")
    assert view.status == "complete"
    steps.check("erase everything")

    services.vault.lock()
    services.close()
    services = open_services()
    services.vault.unlock(NEW_PASSPHRASE)
    assert services.vault.verify_audit().intact
    steps.check("restart after the erasures")

    # Exports: escadesk has none yet (src/escadesk/exports is empty); nothing to run.
    assert len(steps.done) == 13


def test_no_canary_in_a_full_erasure_straight_after_adding(
    services: Services, scanner: CanaryScanner, data_dir: Path
) -> None:
    """A full erasure of a freshly recorded authorization (still in the WAL)."""
    steps = Steps(scanner, data_dir)
    andes = registration_id(services, ANDES)
    services.vault.record(andes, canary_form(DEMO_TODAY.date()))
    steps.check("add")

    assert services.vault.erase(andes, "Entered by mistake").status == "complete"

    steps.check("erase everything")
