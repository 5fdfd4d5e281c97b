"""Run by test_charge_crash.py in a child process: record one charge, and die at a kill
point, killed the hard way (SIGKILL: no ``finally``, no ``atexit``, no SQLite clean-up).

    python charge_child.py DATA_DIR KILL_POINT PASSPHRASE REGISTRATION_ID

The child opens the copied data folder with the file keychain beside it and the test KDF,
shrinks SQLite's page cache (so the charge's transaction spills into the -wal before it
commits), unlocks, hooks the named point, prints READY and records the charge. At the
point it prints {"killed_at": KILL_POINT} and kills itself. "none" hooks nothing: the
parent may kill it from outside after a delay, or it finishes and prints its duration.
"""

from __future__ import annotations

import json
import os
import signal
import sys
import time
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import event
from sqlalchemy.orm import Session

from escadesk.app import AppConfig, Services, build_services
from escadesk.services import audit
from escadesk.services import vault as vault_module
from escadesk.services.clock import FixedClock
from escadesk.storage import models
from escadesk.vault.kdf import fast_test_params
from escadesk.vault.keychain import FileKeychain

#: The decision was taken at 9:00 that morning; the charge follows at 11:00.
NOW = datetime(2018, 10, 2, 11, 0, tzinfo=ZoneInfo("America/Toronto"))
CHARGED_ON = date(2018, 10, 2)
REFERENCE = "APPROVAL 771203"


def die(point: str) -> None:
    """Say where, then die without any clean-up."""
    print(json.dumps({"killed_at": point}), flush=True)
    if hasattr(signal, "SIGKILL"):
        os.kill(os.getpid(), signal.SIGKILL)
    os._exit(9)


def hook_charge_transaction(point: str, moment: str) -> None:
    """Die just before or just after the commit of the transaction that adds the charge
    (SQLAlchemy's own session events: whatever the service does inside it)."""
    charging: set[int] = set()

    def flushed(session: Session, _context: Any) -> None:
        if any(isinstance(item, models.Charge) for item in session.new):
            charging.add(id(session))

    def committing(session: Session) -> None:
        if id(session) in charging:
            die(point)

    event.listen(Session, "after_flush", flushed)
    event.listen(Session, moment, committing)


def hook_rewrap(point: str) -> None:
    """Die inside the key rotation's transaction, every key re-wrapped, not committed."""
    real = vault_module._rewrap_all

    def rewrap_then_die(session: Session, old: Any, new: Any) -> None:
        real(session, old, new)
        session.flush()
        die(point)

    vault_module._rewrap_all = rewrap_then_die


def hook_device_swap(point: str, keychain: FileKeychain) -> None:
    """Die when the rotated device key is about to replace the old one (the database
    already holds the keys wrapped by the new one; the keychain still has both)."""
    real = keychain.set

    def set_or_die(name: str, value: bytes) -> None:
        if name.endswith("/device-secret"):
            die(point)
        real(name, value)

    keychain.set = set_or_die  # type: ignore[method-assign]


def hook_scrub(point: str) -> None:
    """Die half-way through scrubbing: the WAL checkpointed, the file not yet vacuumed."""

    def checkpoint_then_die(service: Any) -> None:
        with service._context.database.engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        die(point)

    vault_module.VaultService._scrub_files = checkpoint_then_die


def hook_verification(point: str) -> None:
    """Die while the erasure's verification is being recorded (its last transaction)."""
    real = audit.record_now

    def record_or_die(session: Session, context: Any, **entry: Any) -> None:
        real(session, context, **entry)
        if entry["action"] == "card.erase.verified":
            session.flush()
            die(point)

    audit.record_now = record_or_die


def install(point: str, keychain: FileKeychain) -> None:
    hooks = {
        "charge written, not committed": lambda: hook_charge_transaction(point, "before_commit"),
        "charge committed": lambda: hook_charge_transaction(point, "after_commit"),
        "key rotation, re-wrapped, not committed": lambda: hook_rewrap(point),
        "device key swap": lambda: hook_device_swap(point, keychain),
        "scrub, checkpointed, not vacuumed": lambda: hook_scrub(point),
        "verification being recorded": lambda: hook_verification(point),
        "none": lambda: None,
    }
    hooks[point]()


def open_services(data_dir: Path, keychain: FileKeychain) -> Services:
    services = build_services(
        AppConfig.resolve(data_dir=data_dir),
        clock=FixedClock(NOW),
        actor="tester",
        keychain=keychain,
        kdf_profile=fast_test_params,
    )
    engine = services.context.database.engine
    event.listen(engine, "connect", lambda dbapi, _record: dbapi.execute("PRAGMA cache_size=4"))
    engine.dispose()
    return services


def main(data_dir: Path, point: str, passphrase: str, registration_id: int) -> None:
    keychain = FileKeychain(data_dir / "keys")
    services = open_services(data_dir, keychain)
    services.vault.unlock(passphrase)
    install(point, keychain)
    print("READY", flush=True)
    started = time.perf_counter()
    services.charging.record_charge(registration_id, CHARGED_ON, REFERENCE)
    print(json.dumps({"finished_in": time.perf_counter() - started}), flush=True)
    services.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]), sys.argv[2], sys.argv[3], int(sys.argv[4]))
