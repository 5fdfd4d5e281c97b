"""0009_letters: a database of 0008 gets the letter table, empty, and keeps its data; a
letter recorded there goes with its registration; the downgrade drops the table."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from alembic import command
from sqlalchemy import inspect, select

from escadesk.storage import migrate
from escadesk.storage.database import Database
from escadesk.storage.models import LetterEntry, Registration
from escadesk.storage.schema import HEAD

BEFORE = "0008_invoices"
STAMP = "'2018-10-02 13:00:00.000000'"
#: A workshop and a confirmed registration, as escadesk 0008 stored them.
ROWS = [
    "INSERT INTO workshop (id, code, title, venue, timezone, registration_deadline, "
    "event_date, minimum_organizations, maximum_organizations, currency, tax_rate, tax_name, "
    "decided_at, decided_by, decision, decided_participants, created_at, updated_at, "
    "retention_months) VALUES "
    "(3, 'TCI2018', 'ESCA', '', 'America/Toronto', '2018-10-01', '2018-10-04', 4, 6, 'CAD', "
    f"'0.13', 'HST', {STAMP}, 'dorinda.so', 'proceed', 4, {STAMP}, {STAMP}, 24)",
    "INSERT INTO organization (id, name, country, technology_area, created_at) VALUES "
    f"(5, 'Northshore Photonics Cluster', 'Canada', 'Photonics', {STAMP})",
    "INSERT INTO contact (id, organization_id, name, title, email, email_normalized, phone) "
    "VALUES (6, 5, 'Amélie Tremblay', 'Cluster Manager', 'a@example.org', 'a@example.org', "
    "'+1 418 555 0142')",
    "INSERT INTO registration (id, workshop_id, organization_id, contact_id, status, "
    "fee_gross, fee_notice_due, created_at, updated_at) VALUES "
    f"(7, 3, 5, 6, 'confirmed', '3000.00', FALSE, {STAMP}, {STAMP})",
]


def test_a_database_of_0008_gets_an_empty_letter_table(
    db_url: str, backup_dir: Path, moment: datetime, older_database, engine_factory
) -> None:
    older_database(BEFORE, ROWS)

    database = Database.open(db_url, backup_dir, moment)
    try:
        assert migrate.current_revision(database.engine) == HEAD
        with database.transaction() as session:
            assert session.scalars(select(LetterEntry)).all() == []
            registration = session.scalars(select(Registration)).one()
            session.add(
                LetterEntry(
                    registration_id=registration.id,
                    kind="practical_details",
                    about="details:abc",
                    how="draft",
                    at=datetime(2018, 10, 2, 13, tzinfo=UTC),
                    by="dorinda.so",
                )
            )
        with database.transaction() as session:
            session.delete(session.scalars(select(Registration)).one())
        with database.reading() as session:
            assert session.scalars(select(LetterEntry)).all() == []  # cascaded
    finally:
        database.close()

    engine = engine_factory(db_url)
    try:
        command.downgrade(migrate.alembic_config(engine), BEFORE)
        assert "letter" not in inspect(engine).get_table_names()
    finally:
        engine.dispose()
