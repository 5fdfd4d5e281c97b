"""Several escadesks on one PostgreSQL database (issue 20): any number open it at once;
what stays one process at a time is the *open vault* (its session advisory lock, taken
before an unlock), and a schema upgrade (a transaction advisory lock in
storage/migrations/env.py). Also the vault's row lock that makes its key check atomic
there. PostgreSQL only (see tests/postgres_server.py)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from data_holder import holding
from escadesk.app import AppConfig, build_services
from escadesk.vault.kdf import fast_test_params
from escadesk.vault.keychain import FileKeychain
from postgres_server import SKIP_REASON, fresh_database

pytestmark = pytest.mark.accepted_skip(SKIP_REASON)

PASSPHRASE = "a passphrase of the test"

#: An escadesk with the data open that unlocks and locks the vault when told: one line
#: in ("unlock", "lock"), one line out ("unlocked", "locked", "refused <message>").
VAULT_CHILD = r"""
import sys
from pathlib import Path

from escadesk.app import AppConfig, build_services
from escadesk.storage.lock_holder import DataLockError
from escadesk.vault.kdf import fast_test_params
from escadesk.vault.keychain import FileKeychain

data_dir, keys, url, program, passphrase = sys.argv[1:6]
config = AppConfig.resolve(data_dir=Path(data_dir), database_url=url)
services = build_services(
    config, opened_by=program, keychain=FileKeychain(Path(keys)), kdf_profile=fast_test_params
)
print("open", flush=True)
for line in sys.stdin:
    if line.strip() == "unlock":
        try:
            services.vault.unlock(passphrase)
        except DataLockError as error:
            print("refused", str(error).replace("\n", " "), flush=True)
            continue
        print("unlocked", flush=True)
    elif line.strip() == "lock":
        services.vault.lock()
        print("locked", flush=True)
services.close()
"""

#: A process opening (so migrating) a database when told "go": "migrated" or "failed …".
MIGRATING_CHILD = r"""
import sys
from datetime import UTC, datetime
from pathlib import Path

from escadesk.storage.database import Database

url, backups, lock = sys.argv[1:4]
if lock == "without":  # the check that the test can fail: env.py's lock taken away
    import sqlalchemy

    text = sqlalchemy.text
    sqlalchemy.text = lambda sql: text(sql.replace("pg_advisory_xact_lock(:key)", ":key"))
print("ready", flush=True)
sys.stdin.readline()
try:
    Database.open(url, Path(backups), datetime.now(UTC)).close()
except Exception as error:
    print("failed", type(error).__name__, str(error).replace("\n", " ")[:300], flush=True)
else:
    print("migrated", flush=True)
"""


@pytest.fixture
def server_url() -> Iterator[str]:
    with fresh_database() as url:
        yield url


@pytest.fixture
def keys(server_url: str, data_dir: Path) -> Path:
    """The vault set up on the database, its device key in a key folder every process
    of the test shares (one computer, the vault desk)."""
    folder = data_dir / "keys"
    services = build_services(
        AppConfig(data_dir, server_url),
        keychain=FileKeychain(folder),
        kdf_profile=fast_test_params,
    )
    try:
        services.vault.set_up(PASSPHRASE)
    finally:
        services.close()
    return folder


class Desk:
    """An escadesk process with the database open (see VAULT_CHILD)."""

    def __init__(self, data_dir: Path, keys: Path, url: str, program: str) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-c", VAULT_CHILD, str(data_dir), str(keys), url, program, PASSPHRASE],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=os.environ.copy(),
        )
        assert self.said() == "open"

    def said(self) -> str:
        assert self.process.stdout is not None
        line = self.process.stdout.readline().strip()
        if not line:
            _, errors = self.process.communicate(timeout=60)
            raise AssertionError(f"the escadesk process said nothing:\n{errors[-3000:]}")
        return line

    def ask(self, command: str) -> str:
        assert self.process.stdin is not None
        self.process.stdin.write(command + "\n")
        self.process.stdin.flush()
        return self.said()

    def close(self) -> None:
        self.process.communicate(timeout=60)  # closes its stdin (it closes the data) and pipes


@pytest.fixture
def open_desk(data_dir: Path, keys: Path, server_url: str) -> Iterator[Callable[[str], Desk]]:
    opened: list[Desk] = []

    def start(program: str) -> Desk:
        desk = Desk(data_dir, keys, server_url, program)
        opened.append(desk)
        return desk

    yield start
    for desk in opened:
        desk.close()


def test_two_escadesks_open_the_same_database_at_once(server_url: str, data_dir: Path) -> None:
    with holding(data_dir, "window", server_url), holding(data_dir, "cli", server_url):
        pass  # both said "open"


def test_a_second_process_unlocking_the_vault_is_refused_naming_the_holder(
    open_desk: Callable[[str], Desk],
) -> None:
    window = open_desk("window")
    cli = open_desk("cli")
    assert window.ask("unlock") == "unlocked"
    refusal = cli.ask("unlock")
    assert refusal.startswith("refused The vault of the database escadesk_test_")
    assert "is already open in the escadesk window of " in refusal
    assert f" on {socket.gethostname()} (process {window.process.pid}) since " in refusal
    assert "Lock the vault there (or close that escadesk), then try again" in refusal
    assert window.ask("lock") == "locked"
    assert cli.ask("unlock") == "unlocked"
    assert window.ask("unlock").startswith("refused ")  # now the CLI holds it
    assert cli.ask("lock") == "locked"
    assert window.ask("unlock") == "unlocked"


def test_a_killed_holder_leaves_no_vault_lock(open_desk: Callable[[str], Desk]) -> None:
    holder = open_desk("cli")
    assert holder.ask("unlock") == "unlocked"
    holder.process.kill()
    holder.process.wait(timeout=60)
    other = open_desk("window")
    deadline = time.monotonic() + 30  # the server notices the closed connection
    while (answer := other.ask("unlock")) != "unlocked":
        assert time.monotonic() < deadline, answer
        time.sleep(0.2)


def test_the_vault_lock_is_the_databases_own(
    open_desk: Callable[[str], Desk], data_dir: Path
) -> None:
    """The vault of another database on the same server is not locked by this one's."""
    first = open_desk("window")
    assert first.ask("unlock") == "unlocked"
    with fresh_database() as other_url:
        other_keys = data_dir / "other-keys"
        services = build_services(
            AppConfig(data_dir / "other", other_url),
            keychain=FileKeychain(other_keys),
            kdf_profile=fast_test_params,
        )
        try:
            services.vault.set_up(PASSPHRASE)  # takes the other database's vault lock
            assert services.vault.unlocked
        finally:
            services.close()


def _migrate_at_once(url: str, data_dir: Path, lock: str) -> list[str]:
    children = [
        subprocess.Popen(
            [sys.executable, "-c", MIGRATING_CHILD, url, str(data_dir / "backups"), lock],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=os.environ.copy(),
        )
        for _ in range(2)
    ]
    for child in children:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "ready"
    for child in children:  # as close to the same moment as two processes get
        assert child.stdin is not None
        child.stdin.write("go\n")
        child.stdin.flush()
    return [child.communicate(timeout=120)[0].strip() for child in children]


def test_two_processes_migrating_a_fresh_database_at_once_both_succeed(
    server_url: str, data_dir: Path
) -> None:
    """Several desks may start together on an older schema: one migrates, the other
    waits for its commit (storage/migrations/env.py) and finds the schema at head. With
    that lock taken away the same race fails (checked by hand: "failed IntegrityError
    … duplicate key value violates unique constraint"), so this test can fail."""
    assert _migrate_at_once(server_url, data_dir, "with") == ["migrated", "migrated"]
    from sqlalchemy import create_engine

    from escadesk.storage.migrate import current_revision
    from escadesk.storage.schema import KNOWN_REVISIONS

    engine = create_engine(server_url)
    try:
        assert current_revision(engine) == KNOWN_REVISIONS[-1]
    finally:
        engine.dispose()


def test_the_vault_key_check_holds_the_vault_row_until_the_write_commits(
    server_url: str, data_dir: Path
) -> None:
    from sqlalchemy import create_engine, text
    from sqlalchemy.exc import OperationalError

    from escadesk.services.vault_generation import lock_vault_row
    from escadesk.vault.keychain import MemoryKeychain

    services = build_services(
        AppConfig(data_dir, server_url), keychain=MemoryKeychain(), kdf_profile=fast_test_params
    )
    other = create_engine(server_url, isolation_level="AUTOCOMMIT")
    try:
        services.vault.set_up(PASSPHRASE)

        def another_writer_can_lock_it() -> bool:
            with other.connect() as connection:
                try:
                    connection.execute(text("SELECT id FROM vault FOR UPDATE NOWAIT"))
                except OperationalError:
                    return False
                return True

        with services.context.database.transaction() as session:
            assert another_writer_can_lock_it()
            assert lock_vault_row(session) is not None
            assert not another_writer_can_lock_it()
        assert another_writer_can_lock_it()
    finally:
        other.dispose()
        services.close()
