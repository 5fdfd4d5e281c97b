"""What the page in front of the data reads before the database layer is loaded
(services/first_look.py): the vault's state and the demo's clock, or None whenever only
the services' opening can tell."""

from __future__ import annotations

from pathlib import Path

import pytest

from escadesk.app import AppConfig, Services, build_services
from escadesk.services.clock import FIXED_CLOCK_SETTING, FixedClock
from escadesk.services.demo import DEMO_TODAY
from escadesk.services.first_look import FirstLook, first_look
from escadesk.storage.sqlite_files import connect as sqlite_connect
from escadesk.vault.kdf import fast_test_params
from escadesk.vault.keychain import MemoryKeychain

PASSPHRASE = "correct horse battery staple"

#: A server's database is always left to the opening (the last test checks it on SQLite).
pytestmark = pytest.mark.sqlite_only("the first look reads the SQLite file itself")


def _open(folder: Path) -> Services:
    return build_services(
        AppConfig.resolve(folder),
        clock=FixedClock(DEMO_TODAY),
        keychain=MemoryKeychain(),
        kdf_profile=fast_test_params,
    )


def test_a_new_folder_gets_the_set_up_page(tmp_path: Path) -> None:
    assert first_look(AppConfig.resolve(tmp_path / "new")) == FirstLook(set_up=False)


def test_an_opened_folder_without_a_vault_gets_the_set_up_page(tmp_path: Path) -> None:
    _open(tmp_path).close()
    assert first_look(AppConfig.resolve(tmp_path)) == FirstLook(set_up=False)


def test_a_vault_gets_the_unlock_page_and_the_demo_clock_its_hint(tmp_path: Path) -> None:
    services = _open(tmp_path)
    services.vault.set_up(PASSPHRASE)
    services.close()
    assert first_look(AppConfig.resolve(tmp_path)) == FirstLook(set_up=True, demo=False)
    services = _open(tmp_path)
    services.settings.set(FIXED_CLOCK_SETTING, DEMO_TODAY.isoformat())
    services.close()
    assert first_look(AppConfig.resolve(tmp_path)) == FirstLook(set_up=True, demo=True)


def test_the_read_leaves_the_file_as_it_was(tmp_path: Path) -> None:
    services = _open(tmp_path)
    services.vault.set_up(PASSPHRASE)
    services.close()
    database = tmp_path / "escadesk.sqlite3"
    before = sorted(p.name for p in tmp_path.iterdir()), database.read_bytes()
    first_look(AppConfig.resolve(tmp_path))
    assert (sorted(p.name for p in tmp_path.iterdir()), database.read_bytes()) == before


@pytest.mark.parametrize("trace", ["backups", "keys"])
def test_a_missing_database_where_data_lived_is_left_to_the_opening(
    tmp_path: Path, trace: str
) -> None:
    """The opening calls that damage (the recovery page), not a first run."""
    (tmp_path / trace).mkdir()
    assert first_look(AppConfig.resolve(tmp_path)) is None


def test_another_database_or_an_unknown_schema_is_left_to_the_opening(tmp_path: Path) -> None:
    assert first_look(AppConfig.resolve(tmp_path, "postgresql://server/escadesk")) is None
    database = tmp_path / "escadesk.sqlite3"
    connection = sqlite_connect(database)
    with connection:
        connection.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)")
        connection.execute("INSERT INTO alembic_version VALUES ('9999_future')")
        connection.execute("CREATE TABLE vault (id INTEGER PRIMARY KEY)")
        connection.execute("CREATE TABLE setting (key TEXT PRIMARY KEY, value TEXT)")
    connection.close()
    assert first_look(AppConfig.resolve(tmp_path)) is None
    database.write_bytes(b"not a database at all" * 300)
    assert first_look(AppConfig.resolve(tmp_path)) is None


def test_a_file_being_written_is_left_to_the_opening(tmp_path: Path) -> None:
    """Open elsewhere (or left by a crash), its last commits may be in the write-ahead log
    only, which the immutable read does not see."""
    services = _open(tmp_path)
    services.vault.set_up(PASSPHRASE)
    try:
        assert (tmp_path / "escadesk.sqlite3-wal").stat().st_size > 0
        assert first_look(AppConfig.resolve(tmp_path)) is None
    finally:
        services.close()
    assert first_look(AppConfig.resolve(tmp_path)) == FirstLook(set_up=True)
