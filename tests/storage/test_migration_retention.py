"""0007_retention: a workshop stored before the retention period existed keeps everything
and gets the default period (24 months) written out; nothing is marked erased or purged."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from alembic import command
from sqlalchemy import select

from escadesk.domain.retention import DEFAULT_RETENTION_MONTHS
from escadesk.storage import migrate
from escadesk.storage.database import Database
from escadesk.storage.models import Contact, Registration, Workshop
from escadesk.storage.schema import HEAD
from raw_sql import columns, on_sqlite, query

BEFORE = "0006_charge_rules"

STAMP = "'2018-10-02 13:00:00.000000'"
#: Two workshops and a registration, as escadesk 0006 stored them.
ROWS = [
    "INSERT INTO workshop (id, code, title, venue, timezone, registration_deadline, "
    "event_date, minimum_organizations, maximum_organizations, currency, tax_rate, tax_name, "
    "decided_at, decided_by, decision, decided_participants, created_at, updated_at) VALUES "
    "(3, 'TCI2018', 'ESCA', '', 'America/Toronto', '2018-10-01', '2018-10-04', 4, 6, 'CAD', "
    f"'0.13', 'HST', {STAMP}, 'dorinda.so', 'proceed', 4, {STAMP}, {STAMP})",
    "INSERT INTO workshop (id, code, title, venue, timezone, registration_deadline, "
    "event_date, minimum_organizations, maximum_organizations, currency, tax_rate, tax_name, "
    "created_at, updated_at) VALUES (4, 'TCI2019', 'ESCA 2019', 'Rotman', 'Europe/Berlin', "
    f"'2019-10-01', '2019-10-04', 4, 6, 'EUR', '0.19', 'VAT', {STAMP}, {STAMP})",
    "INSERT INTO organization (id, name, country, technology_area, created_at) VALUES "
    f"(5, 'Northshore Photonics Cluster', 'Canada', 'Photonics', {STAMP})",
    "INSERT INTO contact (id, organization_id, name, title, email, email_normalized, phone) "
    "VALUES (6, 5, 'Amélie Tremblay', 'Cluster Manager', 'a@example.org', 'a@example.org', "
    "'+1 418 555 0142')",
    "INSERT INTO registration (id, workshop_id, organization_id, contact_id, status, "
    "fee_gross, fee_notice_due, created_at, updated_at) VALUES "
    f"(7, 3, 5, 6, 'confirmed', '3000.00', FALSE, {STAMP}, {STAMP})",
]


def test_a_workshop_of_0006_gets_the_default_period_and_keeps_its_data(
    db_url: str, backup_dir: Path, moment: datetime, older_database
) -> None:
    older_database(BEFORE, ROWS)

    database = Database.open(db_url, backup_dir, moment)
    try:
        assert migrate.current_revision(database.engine) == HEAD
        with database.reading() as session:
            workshops = {w.code: w for w in session.scalars(select(Workshop))}
            assert {code: w.retention_months for code, w in workshops.items()} == {
                "TCI2018": DEFAULT_RETENTION_MONTHS,
                "TCI2019": DEFAULT_RETENTION_MONTHS,
            }
            old = workshops["TCI2018"]
            assert (old.event_date, old.tax_rate, old.decision, old.decided_participants) == (
                date(2018, 10, 4),
                Decimal("0.13"),
                "proceed",
                4,
            )
            assert old.personal_data_purged_at is None
            registration = session.scalars(select(Registration)).one()
            assert registration.personal_data_erased_at is None
            assert registration.fee_gross == Decimal("3000.00")
            contact = session.scalars(select(Contact)).one()
            assert (contact.name, contact.email, contact.phone) == (
                "Amélie Tremblay",
                "a@example.org",
                "+1 418 555 0142",
            )
        with database.transaction() as session:
            session.get(Workshop, 4).retention_months = 36  # type: ignore[union-attr]
        command.downgrade(migrate.alembic_config(database.engine), BEFORE)
        assert migrate.current_revision(database.engine) == BEFORE
    finally:
        database.close()
    assert "retention_months" not in columns(db_url, "workshop")
    assert query(db_url, "SELECT code, CAST(event_date AS TEXT) FROM workshop ORDER BY id") == [
        ("TCI2018", "2018-10-04"),
        ("TCI2019", "2019-10-04"),
    ]
    assert query(db_url, "SELECT name FROM contact") == [("Amélie Tremblay",)]
    if on_sqlite(db_url):  # a server's database is backed up by its administrator
        (backup,) = backup_dir.iterdir()
        assert backup.name.endswith(f"-before-{BEFORE}.sqlite3")
