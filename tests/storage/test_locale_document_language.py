"""0012_document_language: a database of 0011 gets each invoice's and credit note's
language from its stored terms (English terms stay English even for a buyer who prefers
French now; terms in neither language take the buyer's language); the frozen terms are
the domain's; the column is what reprints read; the downgrade drops it."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from alembic import command
from sqlalchemy import inspect

from escadesk.domain.invoicing import DocumentKind, terms
from escadesk.storage import migrate
from escadesk.storage.database import Database
from escadesk.storage.models import TaxDocument
from escadesk.storage.schema import HEAD
from raw_sql import query

BEFORE = "0011_organization_language"
STAMP = "'2018-10-02 13:00:00.000000'"
FRENCH_INVOICE = "Payé en totalité par carte de crédit\u202f; aucun montant n'est dû."
FRENCH_CREDIT = "Crédité sur la carte utilisée pour le paiement\u202f; aucun montant n'est dû."
ENGLISH_INVOICE = "Paid in full by credit card; nothing is due."


def _document(id_: int, number: str, kind: str, registration: int, charge: int, text: str) -> str:
    return (
        "INSERT INTO tax_document (id, number, kind, workshop_id, registration_id, charge_id, "
        "refund_id, refers_to, issued_on, supplier_name, supplier_address, supplier_email, "
        "supplier_tax_number, buyer, description, currency, tax_name, tax_rate, gross, net, "
        "tax, payment, terms, reason, issued_at, issued_by) VALUES "
        f"({id_}, '{number}', '{kind}', 3, {registration}, {charge}, NULL, '', '2018-10-02', "
        "'Institute', '105 St George St', 'i@example.org', '123456782 RT0001', 'Buyer', "
        "'Workshop fee', 'CAD', 'HST', '0.13', '2780.00', '2460.18', '319.82', 'VISA', "
        f"'{text.replace(chr(39), chr(39) * 2)}', '', {STAMP}, 'dorinda.so')"
    )


#: Two organizations of 0011 (one preferring French), charged, with their documents.
ROWS = [
    "INSERT INTO workshop (id, code, title, venue, timezone, registration_deadline, "
    "event_date, minimum_organizations, maximum_organizations, currency, tax_rate, tax_name, "
    "decided_at, decided_by, decision, decided_participants, created_at, updated_at, "
    "retention_months) VALUES (3, 'TCI2018', 'ESCA Benchmarking', 'Rotman', "
    "'America/Toronto', '2018-10-01', '2018-10-04', 4, 6, 'CAD', '0.13', 'HST', "
    f"{STAMP}, 'dorinda.so', 'proceed', 4, {STAMP}, {STAMP}, 24)",
    "INSERT INTO organization (id, name, country, technology_area, created_at, language) "
    f"VALUES (5, 'Northshore Photonics Cluster', 'Canada', 'Photonics', {STAMP}, 'fr')",
    "INSERT INTO organization (id, name, country, technology_area, created_at, language) "
    f"VALUES (6, 'Bavaria Mobility', 'Germany', 'Mobility', {STAMP}, 'en')",
    *(
        "INSERT INTO contact (id, organization_id, name, title, email, email_normalized, "
        f"phone) VALUES ({org + 10}, {org}, 'Contact', '', 'c{org}@example.org', "
        f"'c{org}@example.org', '')"
        for org in (5, 6)
    ),
    *(
        "INSERT INTO registration (id, workshop_id, organization_id, contact_id, status, "
        "fee_gross, fee_notice_due, created_at, updated_at) VALUES "
        f"({org + 20}, 3, {org}, {org + 10}, 'charged', '2780.00', FALSE, {STAMP}, {STAMP})"
        for org in (5, 6)
    ),
    *(
        "INSERT INTO charge (id, registration_id, cardholder, brand, last4, amount, currency, "
        "charged_on, reference, card_erase_due, recorded_at, recorded_by) VALUES "
        f"({org + 30}, {org + 20}, 'Holder', 'visa', '1111', '2780.00', 'CAD', '2018-10-02', "
        f"'APP {org}', {STAMP}, {STAMP}, 'dorinda.so')"
        for org in (5, 6)
    ),
    _document(41, "INV-2018-0001", "invoice", 25, 35, FRENCH_INVOICE),
    _document(42, "CN-2018-0001", "credit_note", 25, 35, FRENCH_CREDIT),
    # Issued in English before Northshore chose French: it stays English.
    _document(43, "INV-2018-0002", "invoice", 25, 35, ENGLISH_INVOICE),
    # Terms edited by hand: the buyer's language.
    _document(44, "INV-2018-0003", "invoice", 25, 35, "Payé."),
    _document(45, "INV-2018-0004", "invoice", 26, 36, ENGLISH_INVOICE),
]
EXPECTED = [(41, "fr"), (42, "fr"), (43, "en"), (44, "fr"), (45, "en")]


def test_locale_documents_of_0011_get_the_language_of_their_terms(
    db_url: str, backup_dir: Path, moment: datetime, older_database, engine_factory
) -> None:
    older_database(BEFORE, ROWS)
    database = Database.open(db_url, backup_dir, moment)
    try:
        assert migrate.current_revision(database.engine) == HEAD
        assert query(db_url, "SELECT id, language FROM tax_document ORDER BY id") == EXPECTED
        with database.reading() as session:  # what a reprint reads
            from escadesk.services.invoices import printed_locale

            languages = {row.id: printed_locale(row) for row in session.query(TaxDocument).all()}
        assert languages == {41: "fr_CA", 42: "fr_CA", 43: "en_CA", 44: "fr_CA", 45: "en_CA"}
    finally:
        database.close()

    engine = engine_factory(db_url)
    try:
        command.downgrade(migrate.alembic_config(engine), BEFORE)
        columns = {column["name"] for column in inspect(engine).get_columns("tax_document")}
        assert "language" not in columns
        assert query(db_url, "SELECT COUNT(*) FROM tax_document") == [(5,)]
    finally:
        engine.dispose()


def test_locale_the_migration_freezes_the_printed_terms() -> None:
    import importlib.util

    path = migrate.MIGRATIONS_DIR / "versions" / "0012_document_language.py"
    spec = importlib.util.spec_from_file_location("document_language_migration", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    kinds = (DocumentKind.INVOICE, DocumentKind.CREDIT_NOTE)
    assert {terms(kind, "fr_CA") for kind in kinds} == module.FRENCH_TERMS
    assert {terms(kind, "en_CA") for kind in kinds} == module.ENGLISH_TERMS
