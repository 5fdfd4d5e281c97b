"""0008_invoices: a database with a charge made before invoices existed keeps it as it was,
gets the empty invoice tables, and the charge's invoice is issued on first ask (dated that
day, numbered from 1); downgrading drops the tables and keeps the charge."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

from alembic import command
from sqlalchemy import select

from escadesk.app import AppConfig, build_services
from escadesk.services.clock import FixedClock
from escadesk.storage import migrate
from escadesk.storage.models import Charge, DocumentCounter, TaxDocument
from escadesk.storage.schema import HEAD
from raw_sql import query, tables

BEFORE = "0007_retention"
STAMP = "'2018-10-02 13:00:00.000000'"
#: A charged registration, as escadesk 0007 stored it, and the institute's settings.
ROWS = [
    "INSERT INTO workshop (id, code, title, venue, timezone, registration_deadline, "
    "event_date, minimum_organizations, maximum_organizations, currency, tax_rate, tax_name, "
    "decided_at, decided_by, decision, decided_participants, created_at, updated_at, "
    "retention_months) VALUES (3, 'TCI2018', 'ESCA Benchmarking', 'Rotman', "
    "'America/Toronto', '2018-10-01', '2018-10-04', 4, 6, 'CAD', '0.13', 'HST', "
    f"{STAMP}, 'dorinda.so', 'proceed', 4, {STAMP}, {STAMP}, 24)",
    "INSERT INTO organization (id, name, country, technology_area, created_at) VALUES "
    f"(5, 'Northshore Photonics Cluster', 'Canada', 'Photonics', {STAMP})",
    "INSERT INTO contact (id, organization_id, name, title, email, email_normalized, phone) "
    "VALUES (6, 5, 'Amélie Tremblay', '', 'a@example.org', 'a@example.org', '')",
    "INSERT INTO registration (id, workshop_id, organization_id, contact_id, status, "
    "fee_gross, fee_notice_due, created_at, updated_at) VALUES "
    f"(7, 3, 5, 6, 'charged', '2780.00', FALSE, {STAMP}, {STAMP})",
    "INSERT INTO charge (id, registration_id, cardholder, brand, last4, amount, currency, "
    "charged_on, reference, card_erase_due, recorded_at, recorded_by) VALUES "
    f"(8, 7, 'Amélie Tremblay', 'visa', '1111', '2780.00', 'CAD', '2018-10-02', 'APP 77', "
    f"{STAMP}, {STAMP}, 'dorinda.so')",
    "INSERT INTO setting (key, value) VALUES ('institute.tax_number', '123456782 RT0001')",
]


def test_a_charge_of_0007_gets_its_invoice_on_first_ask(
    data_dir: Path, db_url: str, older_database
) -> None:
    older_database(BEFORE, ROWS)

    now = datetime(2019, 1, 15, 15, 0, tzinfo=UTC)
    services = build_services(AppConfig.resolve(data_dir), clock=FixedClock(now))
    try:
        assert migrate.current_revision(services.context.database.engine) == HEAD
        with services.context.database.reading() as session:
            charge = session.scalars(select(Charge)).one()
            assert (charge.amount, charge.reference) == (Decimal("2780.00"), "APP 77")
            assert session.scalars(select(TaxDocument)).all() == []
            assert session.scalars(select(DocumentCounter)).all() == []
        assert services.invoices.missing(3) == 1
        assert services.invoices.issue_missing(3) == ["INV-2019-0001"]
        (issued,) = services.invoices.documents(3)
        document = issued.document
        assert document.issued_on == date(2019, 1, 15)
        assert document.payment == "Paid by VISA •••• 1111 on Oct 2, 2018, reference APP 77"
        assert (document.amounts.net.amount, document.amounts.tax.amount) == (
            Decimal("2460.18"),
            Decimal("319.82"),
        )
        assert services.invoices.issue_missing(3) == []  # once
        command.downgrade(migrate.alembic_config(services.context.database.engine), BEFORE)
    finally:
        services.close()
    assert not tables(db_url) & {"tax_document", "refund", "document_counter"}
    assert query(db_url, "SELECT amount, reference FROM charge") == [("2780.00", "APP 77")]
