"""The blank credit-card authorization form: the fee table, the rule that the card is
charged only if the workshop proceeds, and the card fields to fill in and sign."""

from __future__ import annotations

from reportlab.platypus import Flowable

from escadesk.domain.fees import EXCHANGE_DISCLAIMER, FeeSchedule
from escadesk.domain.moments import long_date
from escadesk.domain.money import format_percent
from escadesk.forms.content import FormWorkshop, PageSize
from escadesk.forms.fields import CARD_FIELDS, by_name
from escadesk.forms.layout import (
    SMALL,
    FieldRow,
    build,
    content_width,
    field_box,
    gap,
    grid_table,
    heading,
    keep,
    paragraph,
)
from escadesk.forms.sections import closing, document, opening, return_to
from escadesk.forms.stamp import FormKind

KIND = FormKind.CARD_AUTHORIZATION
_FIELDS = by_name(CARD_FIELDS)
#: The rule, in the words of issue 18 and the announcement.
RULE = (
    "Your card is charged only if the workshop proceeds; this authorization is destroyed otherwise."
)


def card_authorization_pdf(workshop: FormWorkshop, page: PageSize = PageSize.A4) -> bytes:
    """The fillable card-authorization form of ``workshop``, laid out for ``page``."""
    story: list[Flowable] = [
        *opening(workshop, KIND, page),
        *_fee_table(workshop, page),
        *_rule(workshop),
        *_fields(workshop),
        *closing(workshop, KIND),
    ]
    return build(document(workshop, KIND, page), story)


def fee_rows(fees: FeeSchedule) -> list[list[str]]:
    """One row per head-count: the schedule's own quotes (net, tax, price, ~foreign)."""
    rows = []
    for quote in fees.quotes():
        row = [
            f"{quote.participants} organizations",
            quote.price.net.format(),
            quote.price.tax.format(),
            quote.price.gross.format(),
        ]
        if fees.rate is not None:
            row.append(quote.approximation_text())
        rows.append(row)
    return rows


def _fee_table(workshop: FormWorkshop, page: PageSize) -> list[Flowable]:
    fees = workshop.fees
    tax = f"{fees.tax_name} ({format_percent(fees.tax_rate)})"
    header = ["Taking part", "Net", tax, f"Price ({fees.tax_name} included)"]
    width = content_width(page)
    widths = [width * share for share in (0.22, 0.19, 0.19, 0.25)]
    if fees.rate is not None:
        header.append(f"Approx. {fees.rate.quote}")
        widths.append(width - sum(widths))
    else:
        widths[-1] = width - sum(widths[:-1])
    notes = [
        f"Price per cluster organization, in {fees.currency}, with {tax} included: the "
        "price is set by the number of organizations that take part."
    ]
    if fees.rate is not None:
        notes.append(f"{fees.rate.quote} amounts at {fees.rate.describe()}. {EXCHANGE_DISCLAIMER}")
    if tax_line := workshop.institute.tax_line(fees.tax_name):
        notes.append(f"{workshop.institute.name}, {tax_line}.")
    table = grid_table(header, fee_rows(fees), widths, right_aligned=range(1, len(header)))
    return [
        keep(
            heading("Fee per cluster organization"),
            table,
            gap(3),
            *(paragraph(note, SMALL) for note in notes),
        )
    ]


def _rule(workshop: FormWorkshop) -> list[Flowable]:
    calendar = workshop.calendar
    deadline = long_date(calendar.registration_deadline)
    return [
        keep(
            heading("When your card is charged"),
            paragraph(RULE, bold_lead="The rule."),
            paragraph(
                f"The workshop proceeds once at least {calendar.minimum_organizations} "
                "cluster organizations have completed the whole registration (the "
                f"registration form and this signed form) by {deadline}. Each is then told "
                "the exact price by e-mail, and the card is charged once, at the price for "
                "the number of organizations taking part. If the workshop does not proceed, "
                f"{workshop.institute.name} destroys this form and the card information, to "
                "ensure confidentiality and security.",
            ),
            paragraph(
                "Please call the financial institution that issued your card to let it know "
                "that an international charge will be made. Sign the form (type your name in "
                "the signature box, or print the form and sign it in ink) and send it to "
                f"{return_to(workshop)}.",
                bold_lead="Before you send it.",
            ),
        )
    ]


def _fields(workshop: FormWorkshop) -> list[Flowable]:
    field = _FIELDS
    return [
        keep(
            heading("Authorization"),
            paragraph(
                f"I authorize {workshop.institute.name} to charge the credit card below with "
                f"the fee per cluster organization for {workshop.title}, at the price above "
                "for the number of organizations that take part, if the workshop proceeds.",
            ),
            gap(4),
            FieldRow([field_box(field["organization"]), field_box(field["cardholder"])]),
            FieldRow(
                [
                    field_box(field["card_number"], 2.2),
                    field_box(field["expiry"], 1),
                    field_box(field["code"], 1),
                ]
            ),
            FieldRow([field_box(field["billing_address"], lines=3)]),
            FieldRow(
                [field_box(field["signature"], 2.2, tall=True), field_box(field["signed_on"], 2)]
            ),
        )
    ]
