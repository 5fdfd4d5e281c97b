"""One escadesk at a time on a PostgreSQL database: the session advisory lock, and the
vault's row lock that makes its key check atomic there (see tests/postgres_server.py)."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from data_holder import holding, try_to_open
from escadesk.app import AppConfig, build_services
from escadesk.storage.data_lock import lock_data
from escadesk.storage.lock_holder import DataInUseError
from postgres_server import SKIP_REASON, fresh_database

pytestmark = pytest.mark.accepted_skip(SKIP_REASON)


@pytest.fixture
def server_url() -> Iterator[str]:
    with fresh_database() as url:
        yield url


def test_a_second_escadesk_on_the_database_is_refused_naming_the_holder(
    server_url: str, data_dir: Path
) -> None:
    with holding(data_dir, "window", server_url) as window:
        with pytest.raises(DataInUseError) as caught:
            lock_data(server_url, "cli")
        refusal = try_to_open(data_dir, "cli", server_url)
    message = str(caught.value)
    assert "The data in the database escadesk_test_" in message
    assert "the escadesk window of " in message
    assert f" on {socket.gethostname()} (process {window.pid}) since " in message
    assert refusal.startswith("refused ") and f"(process {window.pid})" in refusal
    assert try_to_open(data_dir, "cli", server_url) == "open"  # the window closed


def test_a_killed_holder_leaves_no_lock_on_the_server(server_url: str, data_dir: Path) -> None:
    with holding(data_dir, "cli", server_url) as holder:
        holder.kill()
        holder.wait(timeout=60)
    deadline = time.monotonic() + 30  # the server notices the closed connection
    while (answer := try_to_open(data_dir, "cli", server_url)) != "open":
        assert time.monotonic() < deadline, answer
        time.sleep(0.2)


def test_the_lock_is_the_processs_and_the_databases_own(server_url: str) -> None:
    """Shared within this process; another database on the server is not locked."""
    first = lock_data(server_url, "window")
    second = lock_data(server_url, "cli")
    with fresh_database() as other_database:
        lock_data(other_database, "cli").release()
    first.release()
    second.release()
    lock_data(server_url, "cli").release()


def test_the_vault_key_check_holds_the_vault_row_until_the_write_commits(
    server_url: str, data_dir: Path
) -> None:
    from sqlalchemy import create_engine, text
    from sqlalchemy.exc import OperationalError

    from escadesk.services.vault_generation import lock_vault_row
    from escadesk.vault.kdf import fast_test_params
    from escadesk.vault.keychain import MemoryKeychain

    services = build_services(
        AppConfig(data_dir, server_url), keychain=MemoryKeychain(), kdf_profile=fast_test_params
    )
    other = create_engine(server_url, isolation_level="AUTOCOMMIT")
    try:
        services.vault.set_up("a passphrase of the test")

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
