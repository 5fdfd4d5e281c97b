"""What a GST/HST invoice and a credit note say, how they are numbered, and the refund rules.

What the Canada Revenue Agency requires on an invoice, for a total of $500 or more (every
fee of the workshop; the list grows with the amount: under $100, $100 to $499.99, $500 or
more), so that a participant registered for GST/HST can claim its input tax credit
(Excise Tax Act s. 169(4) and the Input Tax Credit Information (GST/HST) Regulations,
SOR/91-45, s. 3, https://laws-lois.justice.gc.ca/eng/regulations/SOR-91-45/; GST/HST
Memorandum 8-4, "Documentary Requirements for Claiming Input Tax Credits"; canada.ca,
"Charge and collect the tax – Receipts and invoices",
https://www.canada.ca/en/revenue-agency/services/tax/businesses/topics/gst-hst-businesses/charge-collect-receipts-invoices.html;
the thresholds of $100 and $500 apply since 2021, replacing $30 and $150):

1. the supplier's name or trading name;
2. the supplier's GST/HST registration number (business number and RT account);
3. the invoice date;
4. the total amount paid or payable;
5. the tax: the HST charged shown separately, or a statement that the total includes
   HST, with the rate (the total HST rate, never its federal and provincial parts);
6. the buyer's name or trading name (here the organization);
7. the terms of payment;
8. a description sufficient to identify the supply.

:data:`CRA_ITEMS` names them; :meth:`TaxDocument.cra_items` gives each one's printed
value, so a test (and the PDF) can check that none is missing. A document is refused
(ValidationError naming the Settings field) while the institute's name or GST/HST number
is missing or wrong: an invoice without them is no invoice for the participant's
accountant.

Numbers: ``INV-2018-0001`` for invoices, ``CN-2018-0001`` for credit notes, one
sequence per kind and calendar year of the document's date, never reused. A number is
allocated from a counter row in the same transaction as its document (services), so a
rolled-back transaction takes its number back with it: the sequence has no gaps and no
repeats (at the cost of issuing documents one at a time, which a desk does anyway).

Money: the fee is a tax-included price, split by :func:`escadesk.domain.money.split_tax_included`
(the net amount rounded half up to the cent, the tax the remainder; net + tax = total).
A refund is split the same way, by itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from escadesk.domain.cards import contains_card_number
from escadesk.domain.institute import FIELD_LABELS, InstituteIdentity, tax_number_problem
from escadesk.domain.moments import long_date
from escadesk.domain.money import Money, TaxSplit, format_percent, split_tax_included
from escadesk.domain.text_rules import problem_in_text
from escadesk.domain.validation import FieldProblem, ValidationError
from escadesk.i18n import N_, Translator, _

#: The CRA's items for a total of $500 or more, in the order of the list above.
CRA_ITEMS = (
    "supplier",
    "registration number",
    "date",
    "total",
    "tax",
    "buyer",
    "terms",
    "description",
)
#: Where the director fixes what an invoice lacks (the menu's words: translate where shown).
SETTINGS_PLACE = N_("Settings > Institute")
MAX_REFERENCE = 100
MAX_REASON = 500
#: Four digits, more when a year ever needs them (the number only grows).
SEQUENCE_DIGITS = 4
_NUMBER = re.compile(r"^(INV|CN)-(\d{4})-(\d{4,})$")


class DocumentKind(StrEnum):
    INVOICE = "invoice"
    CREDIT_NOTE = "credit_note"

    @property
    def prefix(self) -> str:
        return "INV" if self is DocumentKind.INVOICE else "CN"

    @property
    def printed(self) -> str:
        """As printed at the top: 'Invoice', 'Credit note'."""
        return "Invoice" if self is DocumentKind.INVOICE else "Credit note"


def series(kind: DocumentKind, year: int) -> str:
    """The counter a number is drawn from: 'INV-2018'."""
    return f"{kind.prefix}-{year:04d}"


def document_number(kind: DocumentKind, year: int, sequence: int) -> str:
    """'INV-2018-0001': the series, then the sequence number (from 1)."""
    if sequence < 1:
        raise ValueError("Document numbers start at 1.")
    return f"{series(kind, year)}-{sequence:0{SEQUENCE_DIGITS}d}"


def parse_number(number: str) -> tuple[DocumentKind, int, int]:
    """'CN-2018-0002' -> (CREDIT_NOTE, 2018, 2); ValueError for anything else."""
    match = _NUMBER.match(number)
    if match is None:
        raise ValueError(f"{number!r} is not an invoice or credit note number.")
    prefix, year, sequence = match.groups()
    kind = DocumentKind.INVOICE if prefix == "INV" else DocumentKind.CREDIT_NOTE
    return kind, int(year), int(sequence)


def supplier_problems(identity: InstituteIdentity) -> list[FieldProblem]:
    """Why the institute cannot issue an invoice yet (empty when it can): each problem
    names the Settings field to fill in."""
    problems: list[FieldProblem] = []
    if not identity.name.strip():
        problems.append(
            FieldProblem(
                "name",
                _("An invoice names its supplier: fill in {field} in {place}.").format(
                    field=_(FIELD_LABELS["name"]), place=_(SETTINGS_PLACE)
                ),
            )
        )
    tax = identity.tax_number.strip()
    if not tax:
        problems.append(
            FieldProblem(
                "tax_number",
                _("An invoice must show the {field}: fill it in {place}.").format(
                    field=_(FIELD_LABELS["tax_number"]), place=_(SETTINGS_PLACE)
                ),
            )
        )
    elif problem := tax_number_problem(tax):
        problems.append(
            FieldProblem(
                "tax_number",
                _("{problem} (fix it in {place}).").format(
                    problem=problem.message, place=_(SETTINGS_PLACE)
                ),
            )
        )
    return problems


def check_supplier(identity: InstituteIdentity) -> InstituteIdentity:
    """The cleaned identity, or ValidationError naming the Settings fields to fill in."""
    problems = supplier_problems(identity)
    if problems:
        raise ValidationError(problems)
    return identity.cleaned()


#: The language of documents nobody asked otherwise of (escadesk.i18n's default).
DEFAULT_LOCALE = "en_CA"
#: The languages a stored document may be in (escadesk.i18n's supported locales).
DOCUMENT_LOCALES = ("en_CA", "fr_CA")


def translator(locale: str) -> Translator:
    return Translator(locale)


# The texts below are stored in the document's snapshot in the buyer's language (its
# organization's, issue 21), so a reprint says what the first print said.


def participation(
    organization: str, workshop_title: str, event_date: date, locale: str = DEFAULT_LOCALE
) -> str:
    """The supply, as the invoice describes it."""
    text = translator(locale).gettext("Participation of {organization} in the {workshop} on {date}")
    return text.format(
        organization=organization, workshop=workshop_title, date=long_date(event_date, locale)
    )


def payment_line(card: str, paid_on: date, reference: str, locale: str = DEFAULT_LOCALE) -> str:
    """'Paid by VISA •••• 1111 on Oct 2, 2018, reference APPROVAL 884213' (a mask only)."""
    text = translator(locale).gettext("Paid by {card} on {date}, reference {reference}")
    return text.format(card=card, date=long_date(paid_on, locale), reference=reference)


def refund_line(card: str, refunded_on: date, reference: str, locale: str = DEFAULT_LOCALE) -> str:
    text = translator(locale).gettext("Refunded to {card} on {date}, reference {reference}")
    return text.format(card=card, date=long_date(refunded_on, locale), reference=reference)


def credit_description(invoice_number: str, description: str, locale: str = DEFAULT_LOCALE) -> str:
    """A credit note's supply: 'Refund on invoice INV-2018-0001: Participation of …'."""
    text = translator(locale).gettext("Refund on invoice {number}: {description}")
    return text.format(number=invoice_number, description=description)


INVOICE_TERMS = N_("Paid in full by credit card; nothing is due.")
CREDIT_TERMS = N_("Credited to the card used for payment; nothing is due.")


def terms(kind: DocumentKind, locale: str = DEFAULT_LOCALE) -> str:
    """The terms of payment printed on ``kind``, in the buyer's language."""
    english = INVOICE_TERMS if kind is DocumentKind.INVOICE else CREDIT_TERMS
    return translator(locale).gettext(english)


@dataclass(frozen=True)
class TaxDocument:
    """An invoice or a credit note exactly as printed: a snapshot, kept as issued, so a
    reprint years later is the same page whatever Settings say by then."""

    kind: DocumentKind
    number: str
    issued_on: date
    supplier_name: str
    supplier_address: str
    supplier_email: str
    supplier_tax_number: str
    buyer: str
    description: str
    amounts: TaxSplit
    tax_name: str
    #: 'Paid by VISA •••• 1111 on …' (or 'Refunded to …' on a credit note).
    payment: str
    terms: str
    #: A credit note: the invoice it corrects, and why.
    refers_to: str = ""
    reason: str = ""

    def __post_init__(self) -> None:
        if contains_card_number(f"{self.payment} {self.reason} {self.description}"):
            raise ValueError("A tax document never holds a card number.")

    @property
    def title(self) -> str:
        return self.kind.printed

    @property
    def rate_text(self) -> str:
        """'13%'."""
        return format_percent(self.amounts.rate)

    @property
    def tax_label(self) -> str:
        """'HST 13%'."""
        return f"{self.tax_name} {self.rate_text}"

    def includes_statement(self) -> str:
        """'The total includes HST at 13%.'"""
        return f"The total includes {self.tax_name} at {self.rate_text}."

    def cra_items(self) -> dict[str, str]:
        """Each CRA item with what the document prints for it (see the module's list)."""
        return {
            "supplier": self.supplier_name,
            "registration number": self.supplier_tax_number,
            "date": long_date(self.issued_on),
            "total": self.amounts.gross.format(),
            "tax": self.amounts.tax.format(),
            "buyer": self.buyer,
            "terms": self.terms,
            "description": self.description,
        }


# -- refunds ------------------------------------------------------------------------------


@dataclass(frozen=True)
class RefundEntry:
    """What the director enters for a refund."""

    amount: Decimal | None
    refunded_on: date
    reference: str
    reason: str


@dataclass(frozen=True)
class RefundLimits:
    """What a refund of one charge is checked against."""

    charged: Money
    refunded_before: Money
    charged_on: date
    #: Today, in the workshop's zone: a refund cannot be dated later.
    today: date

    @property
    def refundable(self) -> Money:
        return self.charged - self.refunded_before


def refund_problems(entry: RefundEntry, limits: RefundLimits) -> list[FieldProblem]:
    """Every problem with the refund, in the order of the form; empty when it may be
    recorded."""
    return [
        *_refund_amount_problems(entry.amount, limits),
        *_refund_date_problems(entry.refunded_on, limits),
        *_text_problems("reference", entry.reference, MAX_REFERENCE),
        *_text_problems("reason", entry.reason, MAX_REASON),
    ]


def _refund_amount_problems(amount: Decimal | None, limits: RefundLimits) -> list[FieldProblem]:
    if amount is None:
        return [FieldProblem("amount", _("Give the amount refunded."))]
    if not amount.is_finite() or amount <= 0:
        return [FieldProblem("amount", _("The amount refunded must be greater than zero."))]
    exponent = amount.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -2:
        said = _("Give the amount in cents at most: {amount} is not rounded.")
        return [FieldProblem("amount", said.format(amount=amount))]
    refundable = limits.refundable
    if amount > refundable.amount:
        if limits.refunded_before.amount > 0:
            said = _(
                "{charged} was charged and {refunded} refunded "
                "already: at most {refundable} can still be refunded."
            ).format(charged=limits.charged, refunded=limits.refunded_before, refundable=refundable)
        else:
            said = _("At most the amount charged, {charged}, can be refunded.").format(
                charged=limits.charged
            )
        return [FieldProblem("amount", said)]
    return []


def _refund_date_problems(refunded_on: date, limits: RefundLimits) -> list[FieldProblem]:
    if refunded_on < limits.charged_on:
        return [
            FieldProblem(
                "refunded_on",
                _("A refund cannot be dated before its charge ({date}).").format(
                    date=long_date(limits.charged_on)
                ),
            )
        ]
    if refunded_on > limits.today:
        return [FieldProblem("refunded_on", _("That date is in the future."))]
    return []


#: Whole sentences per field ("the reference", "the reason": gender differs in French).
_REFUND_TEXTS = {
    "reference": (
        N_("The reference"),
        N_("The reference is required."),
        N_("The reference must not hold a card number."),
        N_("Keep the reference to {limit} characters."),
    ),
    "reason": (
        N_("The reason"),
        N_("The reason is required."),
        N_("The reason must not hold a card number."),
        N_("Keep the reason to {limit} characters."),
    ),
}


def _text_problems(field: str, text: str, limit: int) -> list[FieldProblem]:
    label, required, card, too_long = _REFUND_TEXTS[field]
    if refused := problem_in_text(field, text, label=_(label)):
        return [refused]
    clean = text.strip()
    if not clean:
        return [FieldProblem(field, _(required))]
    if contains_card_number(clean):
        return [FieldProblem(field, _(card))]
    if len(clean) > limit:
        return [FieldProblem(field, _(too_long).format(limit=limit))]
    return []


def refund_split(amount: Money, rate: Decimal) -> TaxSplit:
    """A refund of a tax-included price carries back its share of the tax (same rule)."""
    return split_tax_included(amount, rate)
