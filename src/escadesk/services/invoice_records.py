"""Issuing invoices and credit notes inside a caller's transaction.

Its own module, below both the charging service and the invoices service, because an
invoice is issued in the charge's own transaction (services/charging.py) and a credit
note in its refund's (services/invoices.py): the number, the snapshot and the audit entry
commit together with what they document, or not at all.

Numbers come from a ``document_counter`` row per series ('INV-2018'), incremented by an
UPDATE in the same transaction: the row is locked until the commit (PostgreSQL; SQLite
holds its one write lock), and a rollback takes the number back, so the sequence has no
gaps and no repeats. The number is also unique in ``tax_document``: should anything ever
hand one out twice, the second document is refused rather than stored.

Nothing here imports reportlab: the PDF is made from the stored snapshot, on demand.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, TypedDict

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from escadesk.domain import invoicing
from escadesk.domain.cards import CardBrand, MaskedCard
from escadesk.domain.invoicing import DocumentKind, TaxDocument
from escadesk.domain.languages import locale_of
from escadesk.domain.money import Money, TaxSplit, split_tax_included
from escadesk.services import audit
from escadesk.services.context import ServiceContext
from escadesk.services.institute import read_identity
from escadesk.services.workshop_mapping import calendar_of
from escadesk.storage import models


def local_today(context: ServiceContext, workshop: models.Workshop) -> date:
    """Today in the workshop's zone: the date an invoice issued now carries."""
    return context.clock.now().astimezone(calendar_of(workshop).zone).date()


def allocate_number(session: Session, kind: DocumentKind, year: int) -> str:
    """The next number of ``kind`` for ``year``, drawn in the caller's transaction."""
    key = invoicing.series(kind, year)
    counter = models.DocumentCounter
    _ensure_counter(session, key)
    session.execute(
        update(counter)
        .where(counter.series == key)
        .values(last_number=counter.last_number + 1)
        .execution_options(synchronize_session=False)
    )
    last = session.scalar(select(counter.last_number).where(counter.series == key))
    assert last is not None
    return invoicing.document_number(kind, year, last)


def _ensure_counter(session: Session, key: str) -> None:
    """The series' counter row, created at 0 unless it exists. INSERT … ON CONFLICT DO
    NOTHING, so two desks opening a year's first invoice at once on PostgreSQL do not
    fail: the second waits for the first's commit, finds the row and counts on from it
    (a plain INSERT would fail the second desk's whole charge on the duplicate key)."""
    insert: Any
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    statement = insert(models.DocumentCounter).values(series=key, last_number=0)
    session.execute(statement.on_conflict_do_nothing(index_elements=["series"]))


def invoice_of(session: Session, charge_id: int) -> models.TaxDocument | None:
    return session.scalar(
        select(models.TaxDocument).where(
            models.TaxDocument.charge_id == charge_id,
            models.TaxDocument.kind == DocumentKind.INVOICE.value,
        )
    )


class _Heading(TypedDict):
    """What every document issued now starts with (named as in TaxDocument)."""

    kind: DocumentKind
    number: str
    issued_on: date
    supplier_name: str
    supplier_address: str
    supplier_email: str
    supplier_tax_number: str


def _heading(
    session: Session, context: ServiceContext, kind: DocumentKind, workshop: models.Workshop
) -> _Heading:
    """The next number of ``kind``, today where the workshop is, and the institute as the
    supplier. ValidationError naming the Settings field when the institute's name or
    GST/HST number is missing or wrong (checked before a number is drawn)."""
    supplier = invoicing.check_supplier(read_identity(session))
    issued_on = local_today(context, workshop)
    return _Heading(
        kind=kind,
        number=allocate_number(session, kind, issued_on.year),
        issued_on=issued_on,
        supplier_name=supplier.name,
        supplier_address=supplier.address,
        supplier_email=supplier.sender_email,
        supplier_tax_number=supplier.tax_number,
    )


def issue_invoice(
    session: Session, context: ServiceContext, charge: models.Charge
) -> models.TaxDocument:
    """The charge's invoice (issued now, or the one it has). ValidationError naming the
    Settings field when the institute's name or GST/HST number is missing or wrong."""
    existing = invoice_of(session, charge.id)
    if existing is not None:
        return existing
    registration = session.get(models.Registration, charge.registration_id)
    assert registration is not None
    workshop = registration.workshop
    organization = registration.organization.name
    locale = locale_of(registration.organization.language)  # the buyer's language
    document = TaxDocument(
        **_heading(session, context, DocumentKind.INVOICE, workshop),
        buyer=organization,
        description=invoicing.participation(
            organization, workshop.title, workshop.event_date, locale
        ),
        amounts=split_tax_included(Money(charge.amount, charge.currency), workshop.tax_rate),
        tax_name=workshop.tax_name,
        payment=invoicing.payment_line(_card(charge), charge.charged_on, charge.reference, locale),
        terms=invoicing.terms(DocumentKind.INVOICE, locale),
    )
    row = _store(session, context, document, registration, charge, None, locale)
    audit.record_for_registration(
        session,
        context,
        registration,
        "invoice.issue",
        f"Invoice {document.number} issued to {organization}: {document.amounts.gross} "
        f"including {document.amounts.tax} {document.tax_name}",
    )
    return row


def issue_credit_note(
    session: Session,
    context: ServiceContext,
    refund: models.Refund,
    invoice: models.TaxDocument,
    charge: models.Charge,
) -> models.TaxDocument:
    """The refund's credit note, referring to ``invoice`` (ValidationError as above)."""
    registration = session.get(models.Registration, charge.registration_id)
    assert registration is not None
    locale = locale_of(registration.organization.language)  # the buyer's language
    document = TaxDocument(
        **_heading(session, context, DocumentKind.CREDIT_NOTE, registration.workshop),
        buyer=invoice.buyer,
        description=invoicing.credit_description(invoice.number, invoice.description, locale),
        amounts=invoicing.refund_split(Money(refund.amount, refund.currency), invoice.tax_rate),
        tax_name=invoice.tax_name,
        payment=invoicing.refund_line(_card(charge), refund.refunded_on, refund.reference, locale),
        terms=invoicing.terms(DocumentKind.CREDIT_NOTE, locale),
        refers_to=invoice.number,
        reason=refund.reason,
    )
    return _store(session, context, document, registration, charge, refund, locale)


def refunded_total(session: Session, charge: models.Charge) -> Money:
    """What was refunded of ``charge`` so far."""
    amounts = session.scalars(
        select(models.Refund.amount).where(models.Refund.charge_id == charge.id)
    )
    return Money(sum(amounts, Decimal(0)), charge.currency)


def snapshot(row: models.TaxDocument) -> TaxDocument:
    """The stored document as the domain value the PDF lays out."""
    rate = row.tax_rate
    amounts = TaxSplit(
        gross=Money(row.gross, row.currency),
        net=Money(row.net, row.currency),
        tax=Money(row.tax, row.currency),
        rate=rate,
    )
    return TaxDocument(
        kind=DocumentKind(row.kind),
        number=row.number,
        issued_on=row.issued_on,
        supplier_name=row.supplier_name,
        supplier_address=row.supplier_address,
        supplier_email=row.supplier_email,
        supplier_tax_number=row.supplier_tax_number,
        buyer=row.buyer,
        description=row.description,
        amounts=amounts,
        tax_name=row.tax_name,
        payment=row.payment,
        terms=row.terms,
        refers_to=row.refers_to,
        reason=row.reason,
    )


def _card(charge: models.Charge) -> str:
    return str(MaskedCard(CardBrand(charge.brand), charge.last4))


def _store(
    session: Session,
    context: ServiceContext,
    document: TaxDocument,
    registration: models.Registration,
    charge: models.Charge,
    refund: models.Refund | None,
    locale: str,
) -> models.TaxDocument:
    """The document as issued, with the language it was issued in (``locale``'s)."""
    row = models.TaxDocument(
        number=document.number,
        kind=document.kind.value,
        workshop_id=registration.workshop_id,
        registration_id=registration.id,
        charge_id=charge.id,
        refund_id=refund.id if refund is not None else None,
        refers_to=document.refers_to,
        issued_on=document.issued_on,
        supplier_name=document.supplier_name,
        supplier_address=document.supplier_address,
        supplier_email=document.supplier_email,
        supplier_tax_number=document.supplier_tax_number,
        buyer=document.buyer,
        description=document.description,
        currency=document.amounts.gross.currency,
        tax_name=document.tax_name,
        tax_rate=document.amounts.rate,
        gross=document.amounts.gross.amount,
        net=document.amounts.net.amount,
        tax=document.amounts.tax.amount,
        payment=document.payment,
        terms=document.terms,
        reason=document.reason,
        issued_at=context.clock.now(),
        issued_by=context.actor,
        language=locale.partition("_")[0],
    )
    session.add(row)
    session.flush()
    return row
