"""Invoices and refunds: an invoice with each charge in its transaction, numbers that never
repeat (a failed transaction, a second session), refunds within what was charged with a
credit note, PDFs that carry every CRA item, and no card number anywhere."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from escadesk.app import AppConfig, Services, build_services
from escadesk.domain.institute import InstituteIdentity
from escadesk.domain.invoicing import DocumentKind
from escadesk.domain.validation import ValidationError
from escadesk.services.clock import FixedClock
from escadesk.services.demo import DEMO_PASSPHRASE, DEMO_TODAY, seed_demo
from escadesk.services.invoice_records import allocate_number
from escadesk.storage import models
from escadesk.vault.kdf import fast_test_params
from keychains import WriteFailingKeychain
from organization_languages import speak

TORONTO = ZoneInfo("America/Toronto")
DECISION_DAY = datetime(2018, 10, 2, 9, 0, tzinfo=TORONTO)
NORTHSHORE = "Northshore Photonics Cluster"
BALTIC = "Baltic Maritime Innovation Network"


@pytest.fixture
def data_folder(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def keychain() -> WriteFailingKeychain:
    return WriteFailingKeychain()


def _build(folder: Path, keychain: WriteFailingKeychain, now: datetime) -> Services:
    return build_services(
        AppConfig.resolve(folder),
        clock=FixedClock(now),
        keychain=keychain,
        kdf_profile=fast_test_params,
    )


@pytest.fixture
def services(data_folder: Path, keychain: WriteFailingKeychain) -> Iterator[Services]:
    """The demo, decided on Oct 2, 2018: four organizations confirmed."""
    services = _build(data_folder, keychain, DEMO_TODAY)
    seed_demo(services, vault_passphrase=DEMO_PASSPHRASE)
    speak(services, "en")  # English invoices (French: test_french_letters.py)
    (workshop,) = services.workshops.list()
    ids = {r.organization: r.id for r in services.registrations.list(workshop.id)}
    services.registrations.record_authorization(ids["Andes AgriFood Alliance"])
    clock = services.clock
    assert isinstance(clock, FixedClock)
    clock.set(DECISION_DAY)
    services.decision.confirm(workshop.id, DEMO_PASSPHRASE)
    services.decision.erase_cancelled(workshop.id)
    yield services
    services.close()


def _workshop(services: Services) -> int:
    (workshop,) = services.workshops.list()
    return workshop.id


def _id(services: Services, organization: str) -> int:
    return next(
        r.id
        for r in services.registrations.list(_workshop(services))
        if r.organization == organization
    )


def _pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def _count(services: Services, model: type[models.Base]) -> int:
    with services.context.database.reading() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def test_a_charge_issues_its_invoice_in_the_same_transaction(services: Services) -> None:
    recorded = services.charging.record_charge(
        _id(services, NORTHSHORE), date(2018, 10, 2), "APPROVAL 884213"
    )
    assert recorded.invoice_number == "INV-2018-0001"
    (issued,) = services.invoices.documents(_workshop(services))
    document = issued.document
    assert (document.kind, document.number, document.issued_on) == (
        DocumentKind.INVOICE,
        "INV-2018-0001",
        date(2018, 10, 2),
    )
    assert document.amounts.gross.amount == Decimal("3000.00")
    assert document.amounts.net.amount == Decimal("2654.87")  # 3000 / 1.13, half up
    assert document.amounts.tax.amount == Decimal("345.13")
    assert document.supplier_tax_number == "123456782 RT0001"
    assert document.buyer == NORTHSHORE
    assert document.payment == "Paid by VISA •••• 1111 on Oct 2, 2018, reference APPROVAL 884213"
    with services.context.database.reading() as session:
        actions = list(session.scalars(select(models.AuditEntry.action)))
    assert actions.index("invoice.issue") == actions.index("charge.record") + 1


def test_a_failed_charge_leaves_no_invoice_and_no_number(services: Services) -> None:
    northshore = _id(services, NORTHSHORE)
    with pytest.raises(ValidationError) as refused:
        services.charging.record_charge(northshore, date(2018, 9, 1), "EARLY")
    assert refused.value.for_field("charged_on")
    assert _count(services, models.TaxDocument) == 0
    assert _count(services, models.DocumentCounter) == 0
    services.charging.record_charge(northshore, date(2018, 10, 2), "A1")
    (issued,) = services.invoices.documents(_workshop(services))
    assert issued.number == "INV-2018-0001"  # the refused charge took no number


def test_numbers_never_repeat_after_a_rollback_and_across_sessions(
    services: Services, data_folder: Path, keychain: WriteFailingKeychain
) -> None:
    services.charging.record_charge(_id(services, NORTHSHORE), date(2018, 10, 2), "A1")
    with (
        pytest.raises(RuntimeError),
        services.context.database.transaction() as session,
    ):
        assert allocate_number(session, DocumentKind.INVOICE, 2018) == "INV-2018-0002"
        raise RuntimeError("the rest of the transaction failed")
    services.charging.record_charge(_id(services, BALTIC), date(2018, 10, 2), "B2")
    numbers = [d.number for d in services.invoices.documents(_workshop(services))]
    assert numbers == ["INV-2018-0001", "INV-2018-0002"]  # 0002 was given back, not lost
    services.close()

    again = _build(data_folder, keychain, DECISION_DAY)  # a restart: another session
    try:
        with again.context.database.transaction() as session:
            assert allocate_number(session, DocumentKind.INVOICE, 2018) == "INV-2018-0003"
            assert allocate_number(session, DocumentKind.CREDIT_NOTE, 2018) == "CN-2018-0001"
            assert allocate_number(session, DocumentKind.INVOICE, 2019) == "INV-2019-0001"
    finally:
        again.close()


def test_refunds_within_the_charge_each_with_a_credit_note(services: Services) -> None:
    northshore = _id(services, NORTHSHORE)
    services.charging.record_charge(northshore, date(2018, 10, 2), "A1")
    note = services.invoices.record_refund(
        northshore, Decimal("500.00"), date(2018, 10, 2), "RF-1", "Half-day attendance"
    )
    assert note.kind is DocumentKind.CREDIT_NOTE
    assert (note.number, note.document.refers_to) == ("CN-2018-0001", "INV-2018-0001")
    assert note.document.amounts.net.amount + note.document.amounts.tax.amount == Decimal("500")
    assert note.document.amounts.tax.amount == Decimal("57.52")
    with pytest.raises(ValidationError) as refused:
        services.invoices.record_refund(northshore, Decimal("2500.01"), date(2018, 10, 1), " ", "")
    problems = {p.field: p.message for p in refused.value.problems}
    assert set(problems) == {"amount", "refunded_on", "reference", "reason"}
    assert "at most 2,500.00 CAD" in problems["amount"]
    assert _count(services, models.Refund) == 1
    assert services.invoices.record_refund(
        northshore, Decimal("2500.00"), date(2018, 10, 2), "RF-2", "Cancelled"
    ).number == ("CN-2018-0002")
    (left,) = [r for r in services.invoices.refundable(_workshop(services))]
    assert left.remaining.amount == Decimal("0.00")
    with services.context.database.reading() as session:
        summaries = list(
            session.scalars(
                select(models.AuditEntry.summary).where(models.AuditEntry.action == "refund.record")
            )
        )
    assert len(summaries) == 2 and "CN-2018-0001" in summaries[0]


def test_a_refund_of_an_uncharged_organization_is_refused(services: Services) -> None:
    with pytest.raises(ValidationError) as refused:
        services.invoices.record_refund(
            _id(services, BALTIC), Decimal("10"), date(2018, 10, 2), "R", "why"
        )
    assert refused.value.for_field("registration")


def test_without_a_tax_number_the_charge_stands_and_the_invoice_waits(
    services: Services,
) -> None:
    identity = services.institute.identity()
    services.institute.save(InstituteIdentity(**{**identity.__dict__, "tax_number": ""}))
    recorded = services.charging.record_charge(_id(services, NORTHSHORE), date(2018, 10, 2), "A1")
    assert recorded.invoice_number == ""
    workshop = _workshop(services)
    assert services.invoices.missing(workshop) == 1
    with pytest.raises(ValidationError) as refused:
        services.invoices.issue_missing(workshop)
    assert "Settings > Institute" in refused.value.for_field("tax_number")[0]
    services.institute.save(identity)
    assert services.invoices.issue_missing(workshop) == ["INV-2018-0001"]
    assert services.invoices.missing(workshop) == 0


def test_pdf_holds_every_cra_item_and_a_reprint_ignores_later_settings(
    services: Services, tmp_path: Path
) -> None:
    northshore = _id(services, NORTHSHORE)
    services.charging.record_charge(northshore, date(2018, 10, 2), "APPROVAL 884213")
    services.invoices.record_refund(
        northshore, Decimal("113.00"), date(2018, 10, 2), "RF-1", "Lunch not taken"
    )
    invoice, credit = services.invoices.documents(_workshop(services))
    first = services.invoices.pdf(invoice.id)
    text = _pdf_text(first)
    for item, value in invoice.document.cra_items().items():
        assert " ".join(value.split()) in " ".join(text.split()), item
    for words in ("Invoice", "INV-2018-0001", "2,654.87 CAD", "HST 13%", "345.13 CAD"):
        assert words in text
    assert "The total includes HST at 13%." in text
    assert "1111" in text and "4111111111111111" not in text
    credit_text = _pdf_text(services.invoices.pdf(credit.id))
    for words in ("Credit note", "CN-2018-0001", "INV-2018-0001", "Lunch not taken"):
        assert words in credit_text
    assert "100.00 CAD" in credit_text and "13.00 CAD" in credit_text

    identity = services.institute.identity()
    services.institute.save(
        InstituteIdentity(**{**identity.__dict__, "name": "Another Institute Name"})
    )
    assert services.invoices.pdf(invoice.id) == first  # the snapshot, not today's Settings

    written = services.invoices.write_pdfs(_workshop(services), tmp_path / "out")
    assert [p.name for p in written] == [
        services.invoices.file_name(invoice),
        services.invoices.file_name(credit),
    ]
    assert "invoice INV-2018-0001 - Northshore Photonics Cluster.pdf" in written[0].name
    everything = b"".join(p.read_bytes() for p in tmp_path.rglob("*") if p.is_file())
    assert b"4111111111111111" not in everything


def test_an_invoice_that_fails_takes_its_charge_with_it(
    services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The invoice is stored, then something fails before the commit: neither the charge
    nor its invoice, number or audit entry is kept, and the card is untouched."""
    from escadesk.services import invoice_records

    stored = invoice_records._store

    def store_then_fail(*arguments: object) -> models.TaxDocument:
        stored(*arguments)  # type: ignore[arg-type]
        raise OSError("disk gone")

    monkeypatch.setattr(invoice_records, "_store", store_then_fail)
    northshore = _id(services, NORTHSHORE)
    with pytest.raises(OSError):
        services.charging.record_charge(northshore, date(2018, 10, 2), "A1")
    for model in (models.Charge, models.TaxDocument, models.DocumentCounter):
        assert _count(services, model) == 0, model
    assert northshore in services.vault.masked(_workshop(services))
    monkeypatch.undo()
    assert services.charging.record_charge(northshore, date(2018, 10, 2), "A1").invoice_number == (
        "INV-2018-0001"
    )


def test_the_personal_data_erasure_keeps_the_tax_records(services: Services) -> None:
    """Invoices and credit notes hold the organization's name, a masked card and amounts
    (no person): erasing the organization's personal data leaves them as issued."""
    northshore = _id(services, NORTHSHORE)
    services.charging.record_charge(northshore, date(2018, 10, 2), "A1")  # card erased at once
    services.invoices.record_refund(northshore, Decimal("100"), date(2018, 10, 2), "R", "Why")
    before = [d.document for d in services.invoices.documents(_workshop(services))]
    organization = services.personal_data.organization_of(northshore)
    preview = services.personal_data.preview_erase(organization.organization_id)
    assert preview.allowed, preview.blockers
    services.personal_data.erase(organization.organization_id)
    after = [d.document for d in services.invoices.documents(_workshop(services))]
    assert after == before and len(after) == 2
    assert "Amélie" not in repr(after)  # the cardholder was never on them
