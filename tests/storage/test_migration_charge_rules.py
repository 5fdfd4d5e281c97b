"""0006_charge_rules: a charge recorded before the rule keeps everything, with no reason
(it was the fixed fee, or recorded before a reason was asked for)."""

from __future__ import annotations

from contextlib import closing
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from alembic import command
from sqlalchemy import select

from escadesk.storage import migrate
from escadesk.storage.database import Database
from escadesk.storage.models import Charge
from escadesk.storage.sqlite_files import connect as sqlite_connect

BEFORE = "0005_benchmarking"


STAMP = "'2018-10-02 13:00:00.000000'"
#: The rows a charge hangs on, as escadesk 0005 stored them.
ROWS = [
    "INSERT INTO workshop (id, code, title, venue, timezone, registration_deadline, "
    "event_date, minimum_organizations, maximum_organizations, currency, tax_rate, tax_name, "
    f"created_at, updated_at) VALUES (3, 'TCI2018', 'ESCA', '', 'America/Toronto', "
    f"'2018-10-01', '2018-10-04', 4, 6, 'CAD', '0.13', 'HST', {STAMP}, {STAMP})",
    "INSERT INTO organization (id, name, country, technology_area, created_at) VALUES "
    f"(5, 'Northshore Photonics Cluster', 'Canada', 'Photonics', {STAMP})",
    "INSERT INTO contact (id, organization_id, name, title, email, email_normalized, phone) "
    "VALUES (6, 5, 'Amélie Tremblay', '', 'a@example.org', 'a@example.org', '')",
    "INSERT INTO registration (id, workshop_id, organization_id, contact_id, status, "
    "fee_gross, fee_notice_due, created_at, updated_at) VALUES "
    f"(7, 3, 5, 6, 'charged', '2650.00', 0, {STAMP}, {STAMP})",
]


def _old_charge(db_file: Path) -> None:
    """A charge as escadesk 0005 stored it, written by a plain SQLite connection."""
    with closing(sqlite_connect(db_file)) as connection:
        for row in ROWS:
            connection.execute(row)
        connection.execute(
            "INSERT INTO charge (registration_id, cardholder, brand, last4, amount, currency, "
            "charged_on, reference, card_erase_due, recorded_at, recorded_by) VALUES "
            "(7, 'Amélie Tremblay', 'visa', '1111', '2650.00', 'CAD', '2018-10-02', "
            "'APPROVAL 884213', '2018-10-09 13:00:00.000000', '2018-10-02 13:00:00.000000', "
            "'dorinda.so')"
        )
        connection.commit()


def test_a_charge_of_0005_is_kept_without_a_reason(
    db_file: Path, db_url: str, backup_dir: Path, moment: datetime, engine_factory
) -> None:
    engine = engine_factory(db_url)
    migrate.upgrade(engine, BEFORE)
    engine.dispose()
    _old_charge(db_file)

    database = Database.open(db_url, backup_dir, moment)
    try:
        with database.reading() as session:
            charge = session.scalars(select(Charge)).one()
            assert (charge.amount, charge.charged_on, charge.reference) == (
                Decimal("2650.00"),
                date(2018, 10, 2),
                "APPROVAL 884213",
            )
            assert charge.amount_reason is None
        with database.transaction() as session:
            session.scalars(select(Charge)).one().amount_reason = "Deposit only"
        command.downgrade(migrate.alembic_config(database.engine), BEFORE)
        assert migrate.current_revision(database.engine) == BEFORE
    finally:
        database.close()
    with closing(sqlite_connect(db_file)) as connection:
        assert connection.execute("SELECT reference, amount FROM charge").fetchall() == [
            ("APPROVAL 884213", "2650.00")
        ]
    (backup,) = backup_dir.iterdir()
    assert backup.name.endswith(f"-before-{BEFORE}.sqlite3")
