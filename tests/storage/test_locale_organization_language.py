"""0011_organization_language: a database of 0010 gets each organization's preferred
language, French where the rule says (a French-speaking country; Canada with a Québec
telephone area code), English elsewhere; the frozen rule of the migration agrees with
the domain's; the downgrade drops the column."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import inspect

from escadesk.domain.languages import organization_language
from escadesk.storage import migrate
from escadesk.storage.database import Database
from escadesk.storage.models import Organization
from escadesk.storage.schema import HEAD
from raw_sql import query

BEFORE = "0010_row_versions"
STAMP = "'2018-10-02 13:00:00.000000'"
#: (id, name, country, contact phone or None): organizations as escadesk 0010 stored them.
ORGANIZATIONS = [
    (5, "Northshore Photonics Cluster", "Canada", "+1 418 555 0142"),  # Québec City
    (6, "Lakeshore Water Cluster", "Canada", "+1 416 555 0100"),  # Toronto
    (7, "Lyon Biotech", "France", "+33 4 72 00 00 00"),
    (8, "Flanders Food", "Belgium", None),  # no contact
    (9, "Bavaria Mobility", "Germany", "+49 89 000000"),
    (10, "Montréal AI Hub", "Canada", "514-555-0199"),
]
ROWS = [
    *(
        "INSERT INTO organization (id, name, country, technology_area, created_at) VALUES "
        f"({id_}, '{name}', '{country}', 'Photonics', {STAMP})"
        for id_, name, country, _phone in ORGANIZATIONS
    ),
    *(
        "INSERT INTO contact (id, organization_id, name, title, email, email_normalized, "
        f"phone) VALUES ({id_ + 100}, {id_}, 'Contact {id_}', '', 'c{id_}@example.org', "
        f"'c{id_}@example.org', '{phone}')"
        for id_, _name, _country, phone in ORGANIZATIONS
        if phone is not None
    ),
]
EXPECTED = [(5, "fr"), (6, "en"), (7, "fr"), (8, "fr"), (9, "en"), (10, "fr")]


def test_a_database_of_0010_gets_each_organizations_language(
    db_url: str, backup_dir: Path, moment: datetime, older_database, engine_factory
) -> None:
    older_database(BEFORE, ROWS)
    database = Database.open(db_url, backup_dir, moment)
    try:
        assert migrate.current_revision(database.engine) == HEAD
        assert query(db_url, "SELECT id, language FROM organization ORDER BY id") == EXPECTED
        with database.transaction() as session:  # the ORM reads and changes it
            organization = session.get(Organization, 9)
            assert organization is not None and organization.language == "en"
            organization.language = "fr"
        assert query(db_url, "SELECT language FROM organization WHERE id = 9") == [("fr",)]
    finally:
        database.close()

    engine = engine_factory(db_url)
    try:
        command.downgrade(migrate.alembic_config(engine), BEFORE)
        columns = {column["name"] for column in inspect(engine).get_columns("organization")}
        assert "language" not in columns
    finally:
        engine.dispose()


@pytest.mark.parametrize(("_id", "_name", "country", "phone"), ORGANIZATIONS)
def test_the_migrations_frozen_rule_agrees_with_the_domains(_id, _name, country, phone):
    module = _migration_module()
    assert module._language(country, phone or "") == organization_language(country, phone or "")


def test_the_migration_freezes_the_domains_french_speaking_countries():
    from escadesk.domain.languages import FRENCH_SPEAKING, QUEBEC_AREA_CODES

    module = _migration_module()
    assert module.FRENCH_SPEAKING == FRENCH_SPEAKING
    assert module.QUEBEC_AREA_CODES == QUEBEC_AREA_CODES


def _migration_module():
    import importlib.util

    path = migrate.MIGRATIONS_DIR / "versions" / "0011_organization_language.py"
    spec = importlib.util.spec_from_file_location("organization_language_migration", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
