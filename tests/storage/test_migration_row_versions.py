"""0010_row_versions: a database of 0009 gets a version on every row a person edits, 1
for the rows it holds; the ORM then checks and bumps it; the downgrade drops it."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import inspect, select
from sqlalchemy.orm.exc import StaleDataError

from escadesk.storage import migrate
from escadesk.storage.database import Database
from escadesk.storage.models import Base, Registration, Setting, Versioned, Workshop
from escadesk.storage.schema import HEAD
from raw_sql import execute, query

BEFORE = "0009_letters"
STAMP = "'2018-10-02 13:00:00.000000'"
#: A workshop, a registration and a setting, as escadesk 0009 stored them.
ROWS = [
    "INSERT INTO workshop (id, code, title, venue, timezone, registration_deadline, "
    "event_date, minimum_organizations, maximum_organizations, currency, tax_rate, tax_name, "
    "created_at, updated_at, retention_months) VALUES "
    "(3, 'TCI2018', 'ESCA', '', 'America/Toronto', '2018-10-01', '2018-10-04', 4, 6, 'CAD', "
    f"'0.13', 'HST', {STAMP}, {STAMP}, 24)",
    "INSERT INTO organization (id, name, country, technology_area, created_at) VALUES "
    f"(5, 'Northshore Photonics Cluster', 'Canada', 'Photonics', {STAMP})",
    "INSERT INTO contact (id, organization_id, name, title, email, email_normalized, phone) "
    "VALUES (6, 5, 'Amélie Tremblay', 'Cluster Manager', 'a@example.org', 'a@example.org', "
    "'+1 418 555 0142')",
    "INSERT INTO registration (id, workshop_id, organization_id, contact_id, status, "
    "fee_notice_due, created_at, updated_at) VALUES "
    f"(7, 3, 5, 6, 'complete', FALSE, {STAMP}, {STAMP})",
    "INSERT INTO setting (key, value) VALUES ('institute.name', 'Lakeshore Institute')",
]

VERSIONED = sorted(
    mapper.local_table.name
    for mapper in Base.registry.mappers
    if issubclass(mapper.class_, Versioned)
)


def test_the_migration_covers_every_versioned_model() -> None:
    module = _migration_module()
    assert sorted(module.TABLES) == VERSIONED


def test_a_database_of_0009_gets_version_1_on_its_rows(
    db_url: str, backup_dir: Path, moment: datetime, older_database, engine_factory
) -> None:
    older_database(BEFORE, ROWS)

    database = Database.open(db_url, backup_dir, moment)
    try:
        assert migrate.current_revision(database.engine) == HEAD
        for table in ("workshop", "organization", "contact", "registration", "setting"):
            assert query(db_url, f"SELECT version FROM {table}") == [(1,)], table
        with database.transaction() as session:
            registration = session.scalars(select(Registration)).one()
            registration.status = "withdrawn"
        assert query(db_url, "SELECT version FROM registration") == [(2,)]
        # An edit from the version read before (1) finds no row at it: refused.
        with pytest.raises(StaleDataError), database.transaction() as session:
            stale = session.get(Workshop, 3)
            assert stale is not None
            execute(db_url, ["UPDATE workshop SET version = version + 1"])
            stale.title = "Overwritten"
        assert query(db_url, "SELECT title, version FROM workshop") == [("ESCA", 2)]
        with database.transaction() as session:  # a row added by plain SQL gets 1 too
            session.add(Setting(key="institute.address", value="1 King St"))
        assert query(db_url, "SELECT version FROM setting WHERE key = 'institute.address'") == [
            (1,)
        ]
    finally:
        database.close()

    engine = engine_factory(db_url)
    try:
        command.downgrade(migrate.alembic_config(engine), BEFORE)
        columns = {column["name"] for column in inspect(engine).get_columns("registration")}
        assert "version" not in columns
    finally:
        engine.dispose()


def _migration_module():
    import importlib.util

    path = migrate.MIGRATIONS_DIR / "versions" / "0010_row_versions.py"
    spec = importlib.util.spec_from_file_location("row_versions_migration", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
