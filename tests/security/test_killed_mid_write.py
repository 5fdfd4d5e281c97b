"""A process killed in the middle of a vault write leaves no card datum on disk, and the
database comes back consistent (all or nothing)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from canary import ANDES, CODE, PASSPHRASE, CanaryScanner, canary_form, registration_id

from escadesk.app import Services
from escadesk.services.demo import DEMO_TODAY
from escadesk.services.vault import ErasureScope, VaultError
from escadesk.vault.keychain import FileKeychain

#: Runs in a child process: opens the same data folder and file keychain, shrinks
#: SQLite's page cache so the transaction's pages spill into the -wal before commit,
#: then starts a vault write and kills itself at the chosen point inside it.
CHILD = textwrap.dedent(
    r"""
    import json, os, signal, sys
    from pathlib import Path

    from sqlalchemy import event

    from escadesk.app import AppConfig, build_services
    from escadesk.services import audit
    from escadesk.services import vault as vault_module
    from escadesk.services.clock import FixedClock
    from escadesk.services.demo import DEMO_TODAY
    from escadesk.services.vault import ErasureScope
    from escadesk.vault.kdf import fast_test_params
    from escadesk.vault.keychain import FileKeychain

    sys.path.insert(0, sys.argv[2])
    from canary import canary_form

    data_dir, operation, passphrase, registration = (
        Path(sys.argv[1]), sys.argv[3], sys.argv[4], int(sys.argv[5])
    )
    services = build_services(
        AppConfig.resolve(data_dir=data_dir),
        clock=FixedClock(DEMO_TODAY),
        actor="tester",
        keychain=FileKeychain(data_dir / "keys"),
        kdf_profile=fast_test_params,
    )
    engine = services.context.database.engine
    event.listen(engine, "connect", lambda dbapi, _r: dbapi.execute("PRAGMA cache_size=4"))
    engine.dispose()
    services.vault.unlock(passphrase)
    wal = data_dir / "escadesk.sqlite3-wal"

    def die(*_args, **_kwargs):
        size = wal.stat().st_size if wal.exists() else 0
        print(json.dumps({"killed_at": operation, "wal_bytes": size}), flush=True)
        if hasattr(signal, "SIGKILL"):
            os.kill(os.getpid(), signal.SIGKILL)
        os._exit(9)

    if operation == "record":
        def record_then_die(session, **entry):
            session.flush()  # the encrypted row is written into the transaction
            die()

        audit.record = record_then_die
        services.vault.record(registration, canary_form(DEMO_TODAY.date()))
    elif operation in ("erase", "change passphrase"):
        real_rewrap = vault_module._rewrap_all

        def rewrap_then_die(session, old, new):
            real_rewrap(session, old, new)
            session.flush()  # re-wrapped keys written, not committed
            die()

        vault_module._rewrap_all = rewrap_then_die
        if operation == "erase":
            services.vault.erase(registration, "Card charged", ErasureScope.SENSITIVE)
        else:
            services.vault.change_passphrase(passphrase, "x" * 20, "x" * 20)
    print("not killed", flush=True)
    """
)


def _run_child(data_dir: Path, operation: str, registration: int) -> dict[str, object]:
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            CHILD,
            str(data_dir),
            str(Path(__file__).parent),
            operation,
            PASSPHRASE,
            str(registration),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        env=os.environ.copy(),  # the test's HOME, TMPDIR, keyring backend...
    )
    killed = -signal.SIGKILL if hasattr(signal, "SIGKILL") else 9
    assert result.returncode == killed, result.stderr[-2000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.fixture
def keychain(data_dir: Path) -> FileKeychain:
    """Parent and child share the device secret through the file fallback."""
    return FileKeychain(data_dir / "keys")


@pytest.mark.parametrize("operation", ["record", "erase", "change passphrase"])
def test_a_process_killed_mid_write_leaves_no_canary(
    services: Services,
    open_services: Callable[[], Services],
    scanner: CanaryScanner,
    data_dir: Path,
    operation: str,
) -> None:
    andes = registration_id(services, ANDES)
    if operation != "record":
        services.vault.record(andes, canary_form(DEMO_TODAY.date()))
    services.close()  # the app is not running while the child writes

    outcome = _run_child(data_dir, operation, andes)

    assert outcome["killed_at"] == operation
    if operation == "record":
        # The 200 KB scan overflows the shrunken page cache: the uncommitted, encrypted
        # row really was in the -wal when the process died. (A re-wrap only dirties a
        # few pages, which stay in memory until the commit.)
        assert outcome["wal_bytes"] > 100_000
    report = scanner.scan()
    assert report.clean, f"after killing '{operation}': {report}"
    assert data_dir / "escadesk.sqlite3-wal" in report.files  # left behind by the kill

    # Restart: SQLite rolls the half-written transaction back; the vault opens.
    again = open_services()
    again.vault.unlock(PASSPHRASE)
    assert again.vault.verify_audit().intact
    if operation == "record":
        with pytest.raises(VaultError, match="no card authorization"):
            again.vault.reveal(andes, PASSPHRASE)
        again.vault.record(andes, canary_form(DEMO_TODAY.date()))
    elif operation == "erase":
        # The erasure's own transaction committed before the kill (during the rotation):
        # the code and scan are gone; the card fields still open.
        card = again.vault.reveal(andes, PASSPHRASE)
        assert card.code is None and card.scan is None
        (erasure,) = again.vault.erasures()
        assert erasure.scope is ErasureScope.SENSITIVE
        assert erasure.status == "complete"  # its rotation was finished at the unlock
    else:
        assert again.vault.reveal(andes, PASSPHRASE).code == CODE
    report = scanner.scan()
    assert report.clean, f"after the restart: {report}"
