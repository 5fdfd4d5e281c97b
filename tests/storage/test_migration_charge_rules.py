"""0006_charge_rules: a charge recorded before the rule keeps everything, with no reason
(it was the fixed fee, or recorded before a reason was asked for)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from alembic import command
from sqlalchemy import select

from escadesk.storage import migrate
from escadesk.storage.database import Database
from escadesk.storage.models import Charge
from raw_sql import on_sqlite, query

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
    f"(7, 3, 5, 6, 'charged', '2650.00', FALSE, {STAMP}, {STAMP})",
]


#: A charge as escadesk 0005 stored it, written in plain SQL.
OLD_CHARGE = (
    "INSERT INTO charge (registration_id, cardholder, brand, last4, amount, currency, "
    "charged_on, reference, card_erase_due, recorded_at, recorded_by) VALUES "
    "(7, 'Amélie Tremblay', 'visa', '1111', '2650.00', 'CAD', '2018-10-02', "
    "'APPROVAL 884213', '2018-10-09 13:00:00.000000', '2018-10-02 13:00:00.000000', "
    "'dorinda.so')"
)


def test_a_charge_of_0005_is_kept_without_a_reason(
    db_url: str, backup_dir: Path, moment: datetime, older_database
) -> None:
    older_database(BEFORE, [*ROWS, OLD_CHARGE])

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
    assert query(db_url, "SELECT reference, amount FROM charge") == [("APPROVAL 884213", "2650.00")]
    if on_sqlite(db_url):  # a server's database is backed up by its administrator
        (backup,) = backup_dir.iterdir()
        assert backup.name.endswith(f"-before-{BEFORE}.sqlite3")
