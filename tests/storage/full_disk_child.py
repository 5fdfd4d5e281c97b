"""One escadesk process on a full disk (tests/storage/test_full_disk.py): each step is
tried through the real services and reported as one JSON line. Run as a child, so that a
SIGBUS (the old failure) ends only this process and the test sees the signal."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path

from escadesk.app import AppConfig, Services, build_services
from escadesk.services.clock import FixedClock
from escadesk.services.demo import DEMO_PASSPHRASE, DEMO_TODAY
from escadesk.vault.kdf import fast_test_params
from escadesk.vault.keychain import FileKeychain


def _open(folder: Path) -> Services:
    return build_services(
        AppConfig.resolve(folder),
        clock=FixedClock(DEMO_TODAY),
        keychain=FileKeychain(folder / "keys"),
        kdf_profile=fast_test_params,
    )


def _registration(services: Services, organization: str) -> int:
    (workshop,) = services.workshops.list()
    rows = services.registrations.list(workshop.id)
    return next(row.id for row in rows if row.organization == organization)


def main(folder: Path, steps: list[str]) -> None:
    services = _open(folder)
    (workshop,) = services.workshops.list()
    actions: dict[str, Callable[[], object]] = {
        "read": lambda: len(services.registrations.list(workshop.id)),
        "unlock": lambda: services.vault.unlock(DEMO_PASSPHRASE),
        "audit": lambda: services.vault.verify_audit().intact,
        "write": lambda: services.settings.set("full-disk.test", "x" * 2_000_000),
        "export": lambda: services.exports.roster(workshop.id, folder / "roster.xlsx"),
        "backup": lambda: services.backups.back_up(),
        "withdraw": lambda: services.registrations.withdraw(
            _registration(services, "Rhine Valley Health Cluster"), "Changed plans"
        ),
        "erasures": lambda: [e.status for e in services.vault.erasures()],
    }
    for step in steps:
        try:
            result = actions[step]()
            report = {"step": step, "ok": True, "result": repr(result)}
        except Exception as error:  # reported to the test, which judges it
            report = {"step": step, "ok": False, "type": type(error).__name__, "error": str(error)}
        print(json.dumps(report), flush=True)
    services.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]), sys.argv[2:])
