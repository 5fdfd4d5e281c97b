"""SQLite safety pragmas on every pooled connection, and owner-only files and folders."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from escadesk.app import AppConfig
from escadesk.storage.database import Database
from escadesk.storage.engine import SQLITE_PRAGMAS, sqlite_path, sqlite_url

EXPECTED_PRAGMAS = {
    "foreign_keys": 1,
    "journal_mode": "wal",
    "synchronous": 2,  # FULL
    "secure_delete": 1,
    "journal_size_limit": 1024 * 1024,
    "busy_timeout": 5000,
}

posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
pragmas_only = pytest.mark.sqlite_only("SQLite's pragmas on each connection")


def pragmas_of(dbapi_connection) -> dict[str, object]:
    cursor = dbapi_connection.cursor()
    try:
        return {name: cursor.execute(f"PRAGMA {name}").fetchone()[0] for name in EXPECTED_PRAGMAS}
    finally:
        cursor.close()


def check_out(engine: Engine, count: int) -> list:
    """``count`` raw connections held at the same time (so the pool must open new ones)."""
    return [engine.raw_connection() for _ in range(count)]


def test_the_configured_pragmas_are_the_expected_ones() -> None:
    assert {name for name, _ in SQLITE_PRAGMAS} == set(EXPECTED_PRAGMAS)


@pragmas_only
@pytest.mark.parametrize("count", [3, 12])  # 12 goes beyond the pool size into overflow
def test_pragmas_are_set_on_every_pooled_connection(engine_factory, db_url, count: int) -> None:
    engine = engine_factory(db_url)
    for _round in range(2):  # a fresh pool, then again after dispose()
        held = check_out(engine, count)
        try:
            drivers = {id(connection.driver_connection) for connection in held}
            assert len(drivers) == count  # really distinct SQLite connections
            for connection in held:
                assert pragmas_of(connection.driver_connection) == EXPECTED_PRAGMAS
        finally:
            for connection in held:
                connection.close()
        engine.dispose()


@pragmas_only
def test_pragmas_hold_for_connections_returned_to_the_pool(engine_factory, db_url) -> None:
    engine = engine_factory(db_url)
    for _ in range(3):
        with engine.connect() as connection:
            values = {
                name: connection.execute(text(f"PRAGMA {name}")).scalar()
                for name in EXPECTED_PRAGMAS
            }
            assert values == EXPECTED_PRAGMAS


@pragmas_only
def test_database_sessions_use_the_pragmas(db_url, backup_dir, moment) -> None:
    database = Database.open(db_url, backup_dir, moment)
    try:
        with database.reading() as first, database.transaction() as second:
            for session in (first, second):
                connection = session.connection()
                assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
                assert connection.execute(text("PRAGMA secure_delete")).scalar() == 1
                assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert first.connection().connection.driver_connection is not (
                second.connection().connection.driver_connection
            )
    finally:
        database.close()


def test_foreign_keys_are_enforced(db_url, backup_dir, moment) -> None:
    from sqlalchemy.exc import IntegrityError

    database = Database.open(db_url, backup_dir, moment)
    try:
        with (
            pytest.raises(IntegrityError, match=r"(?i)foreign key"),
            database.transaction() as session,
        ):
            session.execute(
                text(
                    "INSERT INTO fee_tier (workshop_id, participants, gross) "
                    "VALUES (999, 4, '3000.00')"
                )
            )
    finally:
        database.close()


@pytest.mark.parametrize(
    ("url", "path"),
    [
        ("sqlite+pysqlite:////tmp/x/escadesk.sqlite3", Path("/tmp/x/escadesk.sqlite3")),
        ("sqlite:///relative.db", Path("relative.db")),
        ("sqlite://", None),
        ("sqlite:///:memory:", None),
        ("postgresql+psycopg://user@server/escadesk", None),
    ],
)
def test_sqlite_path(url: str, path: Path | None) -> None:
    assert sqlite_path(url) == path


def test_sqlite_url_round_trips(tmp_path: Path) -> None:
    target = tmp_path / "with space" / "db.sqlite3"
    assert sqlite_path(sqlite_url(target)) == target


# -- permissions ----------------------------------------------------------------------------


@pytest.fixture
def permissive_umask() -> Iterator[None]:
    """umask 0: any owner-only mode seen afterwards was asked for, not inherited."""
    previous = os.umask(0)
    try:
        yield
    finally:
        os.umask(previous)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@posix_only
def test_new_database_file_is_owner_only(engine_factory, tmp_path, permissive_umask) -> None:
    target = tmp_path / "new" / "folder" / "escadesk.sqlite3"
    engine = engine_factory(sqlite_url(target))
    assert mode(target) == 0o600  # created before SQLite ever opens it
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE t (x)"))
        connection.execute(text("INSERT INTO t VALUES (1)"))
        sidecars = [p for p in target.parent.iterdir() if p != target]
        assert sidecars  # the WAL and shared-memory files exist while connected
        for sidecar in sidecars:
            assert mode(sidecar) == 0o600, sidecar.name
    assert mode(target) == 0o600


@posix_only
@pytest.mark.sqlite_only("the mode of the database file in the data folder")
def test_data_dir_and_database_are_owner_only(tmp_path, permissive_umask, moment) -> None:
    config = AppConfig.resolve(data_dir=tmp_path / "escadesk-data")
    config.ensure_data_dir()
    database = Database.open(config.database_url, config.backup_dir, moment)
    try:
        assert mode(config.data_dir) == 0o700
        db_file = sqlite_path(config.database_url)
        assert db_file is not None and db_file.parent == config.data_dir
        assert mode(db_file) == 0o600
    finally:
        database.close()


@posix_only
def test_an_existing_folder_the_user_chose_keeps_its_permissions(
    tmp_path, permissive_umask
) -> None:
    # --data-dir ~ must not lock the user out of sharing their own home folder; the
    # database file inside is owner-only regardless.
    folder = tmp_path / "shared"
    folder.mkdir(mode=0o755)
    AppConfig.resolve(data_dir=folder).ensure_data_dir()
    assert mode(folder) == 0o755
