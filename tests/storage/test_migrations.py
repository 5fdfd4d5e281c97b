"""Migrations: the revision list, upgrading with a backup, refusing newer databases; on
SQLite and, with a server at hand, on PostgreSQL (tests/postgres_server.py)."""

from __future__ import annotations

import os
import stat
from contextlib import closing
from datetime import date, datetime
from decimal import Decimal
from itertools import pairwise
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect, select, text
from sqlalchemy.exc import DatabaseError

from escadesk.storage import migrate
from escadesk.storage.database import Database
from escadesk.storage.engine import sqlite_path, sqlite_url
from escadesk.storage.migrate import DatabaseTooNewError
from escadesk.storage.models import Base, Workshop
from escadesk.storage.schema import HEAD, KNOWN_REVISIONS
from escadesk.storage.sqlite_files import connect as sqlite_connect
from postgres_server import fresh_database
from raw_sql import dump as dump_database
from raw_sql import execute, on_sqlite
from raw_sql import query as query_database
from raw_sql import tables as tables_of

FIRST = "0001_initial"


def dump(path: Path) -> list[str]:
    """Every schema object and row of a SQLite file, as SQL (through a plain connection)."""
    with closing(sqlite_connect(path)) as connection:
        return list(connection.iterdump())


def query(path: Path, sql: str) -> list[tuple]:
    with closing(sqlite_connect(path)) as connection:
        return connection.execute(sql).fetchall()


def tables(path: Path) -> set[str]:
    return {row[0] for row in query(path, "SELECT name FROM sqlite_master WHERE type='table'")}


def schema_differences(engine: Engine) -> list:
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return compare_metadata(context, Base.metadata)


def insert_workshop(engine: Engine, code: str = "TCI2018-BENCH") -> None:
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO workshop (code, title, venue, timezone, registration_deadline, "
                "event_date, minimum_organizations, maximum_organizations, currency, tax_rate, "
                "tax_name, fx_currency, fx_rate, fx_as_of, created_at, updated_at) VALUES "
                "(:code, 'ESCA Benchmarking', 'Rotman', 'America/Toronto', '2018-10-01', "
                "'2018-10-04', 4, 6, 'CAD', '0.13', 'HST', 'EUR', '0.662', '2018-06-01', "
                "'2018-06-01 12:00:00.000000', '2018-06-01 12:00:00.000000')"
            ),
            {"code": code},
        )


@pytest.fixture
def old_database(db_file: Path, db_url: str, engine_factory) -> Path:
    """A database left at the first revision by an older escadesk, with one workshop (its
    file; on a server, the database at ``db_url``)."""
    engine = engine_factory(db_url)
    migrate.upgrade(engine, FIRST)
    insert_workshop(engine)
    engine.dispose()
    assert query_database(db_url, "SELECT version_num FROM alembic_version") == [(FIRST,)]
    assert "delegate" not in tables_of(db_url)
    return db_file


#: A backup before a migration is a copy of the SQLite file; a server's database is
#: backed up by its administrator (Database.open keeps no backup folder for it).
backup_of_the_file = pytest.mark.sqlite_only("the backup copy of the SQLite file")


def test_revision_list_matches_the_migration_scripts(engine_factory, db_url) -> None:
    script = ScriptDirectory.from_config(migrate.alembic_config(engine_factory(db_url)))
    assert script.get_heads() == [HEAD]
    chain = [revision.revision for revision in reversed(list(script.walk_revisions()))]
    assert chain == list(KNOWN_REVISIONS)
    assert KNOWN_REVISIONS[-1] == HEAD
    for older, newer in pairwise(chain):
        assert script.get_revision(newer).down_revision == older


def test_fresh_database_is_created_at_head_without_backup(db_file, db_url, backup_dir, moment):
    database = Database.open(db_url, backup_dir, moment)
    try:
        assert migrate.current_revision(database.engine) == HEAD
        assert database.file == sqlite_path(db_url)  # db_file; None on a server
        assert schema_differences(database.engine) == []
        assert not backup_dir.exists() or not any(backup_dir.iterdir())
        # Opening again at HEAD changes nothing and backs nothing up either.
        assert migrate.prepare(database.engine, backup_dir, moment) is None
    finally:
        database.close()
    Database.open(db_url, backup_dir, moment).close()
    assert not backup_dir.exists() or not any(backup_dir.iterdir())


def test_old_database_is_backed_up_then_upgraded(old_database, db_url, backup_dir, moment):
    database = Database.open(db_url, backup_dir, moment)
    try:
        assert migrate.current_revision(database.engine) == HEAD
        assert schema_differences(database.engine) == []
        with database.reading() as session:
            workshop = session.scalars(select(Workshop)).one()
            assert workshop.code == "TCI2018-BENCH"
            assert workshop.tax_rate == Decimal("0.13")
            assert workshop.fx_rate == Decimal("0.662")
            assert workshop.registration_deadline == date(2018, 10, 1)
            assert workshop.created_at == datetime(2018, 6, 1, 12, 0, tzinfo=ZoneInfo("UTC"))
        assert "delegate" in inspect(database.engine).get_table_names()
    finally:
        database.close()

    if not on_sqlite(db_url):
        assert not backup_dir.exists()  # no copy of a server's database on this computer
        return
    backups = sorted(backup_dir.iterdir())
    assert [b.name for b in backups] == [f"escadesk-20180928T140005Z-before-{FIRST}.sqlite3"]
    backup = backups[0]
    assert query(backup, "PRAGMA integrity_check") == [("ok",)]
    assert query(backup, "SELECT version_num FROM alembic_version") == [(FIRST,)]
    assert "delegate" not in tables(backup)
    assert query(backup, "SELECT code, tax_rate FROM workshop") == [("TCI2018-BENCH", "0.13")]
    if os.name == "posix":
        assert stat.S_IMODE(backup.stat().st_mode) == 0o600
        assert stat.S_IMODE(backup_dir.stat().st_mode) == 0o700


@backup_of_the_file
def test_backup_name_is_stamped_in_utc(old_database, db_url, backup_dir) -> None:
    toronto = datetime(2018, 9, 28, 10, 0, 5, tzinfo=ZoneInfo("America/Toronto"))
    Database.open(db_url, backup_dir, toronto).close()
    assert [b.name for b in backup_dir.iterdir()] == [
        f"escadesk-20180928T140005Z-before-{FIRST}.sqlite3"
    ]


@backup_of_the_file
def test_two_backups_in_the_same_second_do_not_overwrite(old_database, backup_dir, moment):
    first = migrate.backup_sqlite(old_database, backup_dir, moment, FIRST)
    second = migrate.backup_sqlite(old_database, backup_dir, moment, FIRST)
    assert first != second
    assert first.exists() and second.exists()
    assert dump(first) == dump(second) == dump(old_database)


def test_upgraded_schema_equals_a_fresh_one(old_database, db_url, data_dir, moment) -> None:
    Database.open(db_url, data_dir / "b1", moment).close()
    if not on_sqlite(db_url):  # the same schema on the server, down to names and defaults
        with fresh_database() as fresh_url:
            Database.open(fresh_url, data_dir / "b2", moment).close()
            assert dump_database(db_url, rows=False) == dump_database(fresh_url, rows=False)
        return
    fresh = data_dir / "fresh.sqlite3"
    Database.open(sqlite_url(fresh), data_dir / "b2", moment).close()
    schema = "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name"
    assert query(old_database, schema) == query(fresh, schema)


def _make_future_with_engine(path: Path, engine_factory) -> None:
    engine = engine_factory(sqlite_url(path))
    migrate.upgrade(engine)
    insert_workshop(engine)
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '9999_future'"))
    engine.dispose()


def _make_future_with_plain_sqlite(path: Path, engine_factory) -> None:
    """Written by some other tool in SQLite's default rollback-journal mode."""
    del engine_factory
    with closing(sqlite_connect(path)) as connection:
        connection.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) PRIMARY KEY)")
        connection.execute("INSERT INTO alembic_version VALUES ('9999_future')")
        connection.execute("CREATE TABLE future_thing (id INTEGER PRIMARY KEY, what TEXT)")
        connection.execute("INSERT INTO future_thing (what) VALUES ('precious')")
        connection.commit()
    assert query(path, "PRAGMA journal_mode") == [("delete",)]


@pytest.mark.sqlite_only("the file's bytes, its journal mode and sidecar files")
@pytest.mark.parametrize(
    "make", [_make_future_with_engine, _make_future_with_plain_sqlite], ids=["wal", "rollback"]
)
def test_newer_database_is_refused_untouched(
    make, db_file, db_url, data_dir, backup_dir, moment, engine_factory
) -> None:
    make(db_file, engine_factory)
    before = db_file.read_bytes()
    listing = sorted(p.name for p in data_dir.iterdir())

    with pytest.raises(DatabaseTooNewError) as refused:
        Database.open(db_url, backup_dir, moment)

    message = str(refused.value)
    assert "9999_future" in message
    assert "newer" in message
    assert "nothing has been changed" in message
    assert db_file.read_bytes() == before
    assert sorted(p.name for p in data_dir.iterdir()) == listing  # no backup, no -wal left


def test_a_newer_database_is_refused_and_keeps_everything(
    db_url, backup_dir, moment, engine_factory
) -> None:
    """On either engine: the newer revision, its schema and rows are all left as they were."""
    engine = engine_factory(db_url)
    migrate.upgrade(engine)
    insert_workshop(engine)
    engine.dispose()
    execute(db_url, ["UPDATE alembic_version SET version_num = '9999_future'"])
    before = dump_database(db_url)
    with pytest.raises(DatabaseTooNewError, match="9999_future"):
        Database.open(db_url, backup_dir, moment)
    assert dump_database(db_url) == before
    assert not backup_dir.exists()


def test_a_failing_migration_leaves_nothing_behind(db_url, backup_dir, moment) -> None:
    """A stray database with a clashing table: the migration fails as a whole.

    0001 creates 'organization' and 'setting' before it reaches the clashing 'workshop';
    those must not stay behind (SQLite DDL is only atomic inside an explicit transaction).
    """
    path = sqlite_path(db_url)
    if path is not None:  # a stray SQLite file, written by a plain connection
        with closing(sqlite_connect(path)) as connection:
            connection.execute("CREATE TABLE workshop (id INTEGER PRIMARY KEY)")
            connection.commit()
    else:
        execute(db_url, ["CREATE TABLE workshop (id INTEGER PRIMARY KEY)"])
    before = dump_database(db_url)
    with pytest.raises(DatabaseError, match="already exists"):  # SQLite: OperationalError
        Database.open(db_url, backup_dir, moment)
    assert dump_database(db_url) == before
    assert tables_of(db_url) == {"workshop"}


def test_a_failing_upgrade_keeps_the_old_revision_and_its_backup(
    old_database, db_url, backup_dir, moment
) -> None:
    clash = "CREATE TABLE delegate (id INTEGER PRIMARY KEY)"  # clashes with 0002
    if on_sqlite(db_url):
        with closing(sqlite_connect(old_database)) as connection:
            connection.execute(clash)
            connection.commit()
    else:
        execute(db_url, [clash])
    before = dump_database(db_url)
    with pytest.raises(DatabaseError, match="already exists"):  # SQLite: OperationalError
        Database.open(db_url, backup_dir, moment)
    assert dump_database(db_url) == before
    assert query_database(db_url, "SELECT version_num FROM alembic_version") == [(FIRST,)]
    if on_sqlite(db_url):
        (backup,) = backup_dir.iterdir()
        assert dump(backup) == before


def test_migrations_downgrade_to_nothing_and_back(engine_factory, db_url) -> None:
    from alembic import command

    engine = engine_factory(db_url)
    migrate.upgrade(engine)
    command.downgrade(migrate.alembic_config(engine), "base")
    assert tables_of(db_url) == {"alembic_version"}
    migrate.upgrade(engine)
    assert migrate.current_revision(engine) == HEAD
    assert schema_differences(engine) == []


def test_transaction_commits_all_or_nothing(db_url, backup_dir, moment) -> None:
    from escadesk.storage.models import Setting

    database = Database.open(db_url, backup_dir, moment)
    try:
        with database.transaction() as session:
            session.add(Setting(key="a", value="1"))
        with pytest.raises(RuntimeError), database.transaction() as session:
            session.add(Setting(key="b", value="2"))
            session.flush()
            raise RuntimeError("boom")
        with database.reading() as session:
            assert [s.key for s in session.scalars(select(Setting))] == ["a"]
    finally:
        database.close()
