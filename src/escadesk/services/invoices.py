"""Invoices and credit notes of a workshop: refunds, listing, PDFs.

An invoice is issued with its charge, in the charge's transaction (services/charging.py,
through services/invoice_records.py). A charge recorded while Settings lacked the GST/HST
number, or by an escadesk older than invoices, has none yet: :meth:`issue_missing`
issues them, dated the day they are issued; the window's invoices dialog and
``escadesk-cli receipts`` call it first, and say which Settings field is missing when it
cannot.

A refund is recorded with its credit note in one transaction, audited; the amount is
checked against what is left of the charge after earlier refunds.

Tax records: invoices, credit notes and refunds hold no personal data beyond the
organization's name, which the personal-data erasure keeps; neither the erasure nor the
retention purge touches them (the CRA asks for six years).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import BinaryIO

from sqlalchemy import select
from sqlalchemy.orm import Session

from escadesk.atomic_files import write_atomically
from escadesk.domain import file_names, invoicing
from escadesk.domain.invoicing import (
    DocumentKind,
    RefundEntry,
    RefundLimits,
    TaxDocument,
)
from escadesk.domain.languages import locale_of
from escadesk.domain.money import Money
from escadesk.domain.validation import FieldProblem, ValidationError
from escadesk.forms.content import PageSize
from escadesk.i18n import _
from escadesk.services import audit
from escadesk.services.context import ServiceContext
from escadesk.services.invoice_records import (
    invoice_of,
    issue_credit_note,
    issue_invoice,
    local_today,
    refunded_total,
    snapshot,
)
from escadesk.services.lookups import load_registration, load_workshop, workshop_charges
from escadesk.services.page_size import document_page
from escadesk.services.settings import SettingsService
from escadesk.storage import models

Progress = Callable[[int, str], None]


@dataclass(frozen=True)
class IssuedDocument:
    """One stored invoice or credit note, and whom it is about."""

    id: int
    registration_id: int
    document: TaxDocument

    @property
    def number(self) -> str:
        return self.document.number

    @property
    def kind(self) -> DocumentKind:
        return self.document.kind


@dataclass(frozen=True)
class Refundable:
    """A charged organization, and what of its charge can still be refunded."""

    registration_id: int
    organization: str
    charged: Money
    refunded: Money
    charged_on: date
    invoice_number: str

    @property
    def remaining(self) -> Money:
        return self.charged - self.refunded


class InvoiceService:
    def __init__(self, context: ServiceContext, settings: SettingsService) -> None:
        self._context = context
        self._settings = settings

    # -- issuing -----------------------------------------------------------------------

    def missing(self, workshop_id: int) -> int:
        """How many charges of the workshop have no invoice yet."""
        with self._context.database.reading() as session:
            return len(_uninvoiced(session, workshop_id))

    def issue_missing(self, workshop_id: int) -> list[str]:
        """Issue the invoice of every charge that has none (older data, or a charge made
        before the GST/HST number was set); their numbers. All or none: ValidationError
        naming the Settings field when the institute cannot issue invoices."""
        with self._context.database.transaction() as session:
            load_workshop(session, workshop_id)
            return [
                issue_invoice(session, self._context, c).number
                for c in _uninvoiced(session, workshop_id)
            ]

    # -- refunds -----------------------------------------------------------------------

    def refundable(self, workshop_id: int) -> list[Refundable]:
        """Each charged organization of the workshop, with what is left to refund."""
        with self._context.database.reading() as session:
            rows = workshop_charges(
                session, workshop_id, models.Organization.name, models.Charge.id
            )
            return [
                Refundable(
                    registration_id=charge.registration_id,
                    organization=name,
                    charged=Money(charge.amount, charge.currency),
                    refunded=refunded_total(session, charge),
                    charged_on=charge.charged_on,
                    invoice_number=getattr(invoice_of(session, charge.id), "number", ""),
                )
                for charge, name in rows
            ]

    def record_refund(
        self,
        registration_id: int,
        amount: Decimal | None,
        refunded_on: date,
        reference: str,
        reason: str,
    ) -> IssuedDocument:
        """Record a refund of the registration's charge and issue its credit note, in one
        transaction with its audit entry (the charge's invoice too, if it had none).
        ValidationError with every problem, each naming its field; nothing stored then."""
        entry = RefundEntry(amount, refunded_on, reference, reason)
        with self._context.database.transaction() as session:
            registration = load_registration(session, registration_id)
            charge = session.scalar(
                select(models.Charge).where(models.Charge.registration_id == registration_id)
            )
            if charge is None:
                raise ValidationError(
                    [
                        FieldProblem(
                            "registration",
                            _(
                                "{organization} has not been charged: there is nothing to refund."
                            ).format(organization=registration.organization.name),
                        )
                    ]
                )
            limits = RefundLimits(
                charged=Money(charge.amount, charge.currency),
                refunded_before=refunded_total(session, charge),
                charged_on=charge.charged_on,
                today=local_today(self._context, registration.workshop),
            )
            problems = invoicing.refund_problems(entry, limits)
            if problems:
                raise ValidationError(problems)
            assert amount is not None
            invoice = issue_invoice(session, self._context, charge)
            refund = models.Refund(
                charge_id=charge.id,
                amount=amount.quantize(Decimal("0.01")),
                currency=charge.currency,
                refunded_on=refunded_on,
                reference=reference.strip(),
                reason=reason.strip(),
                recorded_at=self._context.clock.now(),
                recorded_by=self._context.actor,
            )
            session.add(refund)
            session.flush()
            note = issue_credit_note(session, self._context, refund, invoice, charge)
            audit.record_for_registration(
                session,
                self._context,
                registration,
                "refund.record",
                f"{registration.organization.name}: refunded "
                f"{Money(refund.amount, refund.currency)} on {refunded_on.isoformat()}, "
                f"reference: {refund.reference}; credit note "
                f"{note.number} on invoice {invoice.number}; reason: {refund.reason}",
            )
            return IssuedDocument(note.id, registration_id, snapshot(note))

    # -- reading -----------------------------------------------------------------------

    def documents(self, workshop_id: int) -> list[IssuedDocument]:
        """The workshop's invoices and credit notes, in the order they were issued."""
        with self._context.database.reading() as session:
            load_workshop(session, workshop_id)
            rows = session.scalars(
                select(models.TaxDocument)
                .where(models.TaxDocument.workshop_id == workshop_id)
                .order_by(models.TaxDocument.id)
            )
            return [IssuedDocument(row.id, row.registration_id, snapshot(row)) for row in rows]

    def pdf(self, document_id: int) -> bytes:
        """The document's PDF, laid out from its stored snapshot on the chosen paper."""
        from escadesk.documents.invoice_pdf import invoice_pdf

        with self._context.database.reading() as session:
            row = session.get(models.TaxDocument, document_id)
            if row is None:
                raise LookupError(
                    _("There is no invoice or credit note #{document_id}.").format(
                        document_id=document_id
                    )
                )
            document = snapshot(row)
            locale = printed_locale(row)
        return invoice_pdf(document, document_page(self._settings), locale)

    def file_name(self, document: IssuedDocument) -> str:
        """'<workshop title> <event date> invoice INV-2018-0001 - <organization>.pdf'."""
        with self._context.database.reading() as session:
            registration = load_registration(session, document.registration_id)
            workshop = registration.workshop
            return file_names.file_name(
                workshop.title,
                workshop.event_date,
                f"{document.kind.printed.lower()} {document.number}",
                "pdf",
                about=document.document.buyer,
            )

    def write_pdfs(
        self, workshop_id: int, folder: Path, progress: Progress | None = None
    ) -> list[Path]:
        """Every invoice and credit note of the workshop as a PDF in ``folder`` (created
        if missing), each written whole or not at all, an existing one replaced. Issues
        the missing invoices first (ValidationError when it cannot)."""
        self.issue_missing(workshop_id)
        documents = self.documents(workshop_id)
        folder = Path(folder).expanduser()
        if folder.exists() and not folder.is_dir():
            raise ValidationError(
                [
                    FieldProblem(
                        "folder",
                        _("'{folder}' is a file; choose a folder for the PDFs.").format(
                            folder=folder
                        ),
                    )
                ]
            )
        folder.mkdir(parents=True, exist_ok=True)
        used: set[str] = set()
        written: list[Path] = []
        for done, document in enumerate(documents):
            if progress is not None:
                progress(done * 100 // max(1, len(documents)), document.number)
            data = self.pdf(document.id)
            target = folder / file_names.unique_name(self.file_name(document), used)
            write_atomically(target, _writer(data), prefix=".escadesk-")
            written.append(target)
        if progress is not None:
            progress(100, _("done"))
        if written:
            with self._context.database.transaction() as session:
                audit.record_now(
                    session,
                    self._context,
                    action="invoice.pdf",
                    entity="workshop",
                    entity_id=workshop_id,
                    workshop_id=workshop_id,
                    summary=f"{len(written)} invoice and credit note PDFs written to '{folder}'",
                )
        return written


@dataclass(frozen=True)
class ReceiptInvoice:
    """A charge's invoice as the receipt letter attaches it."""

    number: str
    file_name: str
    pdf: bytes


def receipt_invoice(session: Session, charge_id: int, page: PageSize) -> ReceiptInvoice | None:
    """The invoice of ``charge_id`` as a PDF for the receipt letter, inside the caller's
    session; None while it has none (the invoices dialog or ``receipts`` issues it)."""
    from escadesk.documents.invoice_pdf import invoice_pdf

    row = invoice_of(session, charge_id)
    if row is None:
        return None
    document = snapshot(row)
    locale = printed_locale(row)
    pdf = invoice_pdf(document, page, locale)
    return ReceiptInvoice(row.number, invoice_attachment_name(row.number, locale), pdf)


def invoice_attachment_name(number: str, locale: str) -> str:
    """The invoice attached to a receipt, named in its reader's language: 'Invoice
    INV-2018-0001.pdf' / 'Facture INV-2018-0001.pdf'."""
    from escadesk.i18n import Translator

    # Translators: a file name (no slash, colon, star or question mark): an invoice.
    return Translator(locale).gettext("Invoice {number}.pdf").format(number=number)


def printed_locale(row: models.TaxDocument) -> str:
    """The language a stored invoice or credit note prints in: the one it was issued in
    (its buyer's then, issue 21), stored with it (``tax_document.language``)."""
    return locale_of(row.language)


def _uninvoiced(session: Session, workshop_id: int) -> list[models.Charge]:
    invoiced = select(models.TaxDocument.charge_id).where(
        models.TaxDocument.kind == DocumentKind.INVOICE.value
    )
    return list(
        session.scalars(
            select(models.Charge)
            .join(models.Registration, models.Registration.id == models.Charge.registration_id)
            .where(models.Registration.workshop_id == workshop_id)
            .where(models.Charge.id.not_in(invoiced))
            .order_by(models.Charge.id)
        )
    )


def _writer(data: bytes) -> Callable[[BinaryIO], object]:
    return lambda stream: stream.write(data)
