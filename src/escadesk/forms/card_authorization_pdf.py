"""The blank credit-card authorization form: the fee table, the rule that the card is
charged only if the workshop proceeds, and the card fields to fill in and sign."""

from __future__ import annotations

from reportlab.platypus import Flowable

from escadesk.domain.fees import FeeSchedule
from escadesk.forms.content import FormWorkshop, PageSize
from escadesk.forms.fields import CARD_FIELDS, by_name
from escadesk.forms.language import FormWords
from escadesk.forms.layout import (
    SMALL,
    FieldBox,
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
from escadesk.i18n import N_
from escadesk.i18n.locales import DEFAULT_LOCALE

KIND = FormKind.CARD_AUTHORIZATION
_FIELDS = by_name(CARD_FIELDS)
#: The rule, in the words of issue 18 and the announcement.
RULE = N_(
    "Your card is charged only if the workshop proceeds; this authorization is destroyed otherwise."
)


def card_authorization_pdf(
    workshop: FormWorkshop, page: PageSize = PageSize.A4, locale: str = DEFAULT_LOCALE
) -> bytes:
    """The fillable card-authorization form of ``workshop``, laid out for ``page``, printed
    in ``locale``'s language (its fields' names are the same in every language)."""
    words = FormWords(locale)
    story: list[Flowable] = [
        *opening(workshop, KIND, page, words),
        *_fee_table(workshop, page, words),
        *_rule(workshop, words),
        *_fields(workshop, words),
        *closing(workshop, KIND, words),
    ]
    return build(document(workshop, KIND, page, words), story)


def fee_rows(fees: FeeSchedule, words: FormWords | None = None) -> list[list[str]]:
    """One row per head-count: the schedule's own quotes (net, tax, price, ~foreign)."""
    words = words or FormWords()
    rows = []
    for quote in fees.quotes():
        # Translators: a row of the card form's fee table (always several organizations).
        count = words.t.ngettext(
            "{count} organization", "{count} organizations", quote.participants
        )
        row = [
            count.format(count=quote.participants),
            words.money(quote.price.net),
            words.money(quote.price.tax),
            words.money(quote.price.gross),
        ]
        if fees.rate is not None:
            row.append(words.approximation(quote))
        rows.append(row)
    return rows


def _fee_table(workshop: FormWorkshop, page: PageSize, words: FormWords) -> list[Flowable]:
    t = words.t
    fees = workshop.fees
    tax_name = words.tax_name(fees.tax_name)
    # Translators: the fee table's tax column: "HST (13%)".
    tax = t.gettext("{tax} ({rate})").format(tax=tax_name, rate=words.percent(fees.tax_rate))
    header = [
        # Translators: the fee table's first column: how many organizations take part.
        t.gettext("Taking part"),
        # Translators: the fee table's column of amounts before tax.
        t.pgettext("fee table", "Net"),
        tax,
        t.gettext("Price ({tax} included)").format(tax=tax_name),
    ]
    width = content_width(page)
    widths = [width * share for share in (0.22, 0.19, 0.19, 0.25)]
    if fees.rate is not None:
        # Translators: the fee table's column of rounded amounts in another currency.
        header.append(t.gettext("Approx. {currency}").format(currency=fees.rate.quote))
        widths.append(width - sum(widths))
    else:
        widths[-1] = width - sum(widths[:-1])
    price = t.gettext(
        "Price per cluster organization, in {currency}, with {tax} included: the price is "
        "set by the number of organizations that take part."
    )
    notes = [price.format(currency=fees.currency, tax=tax)]
    if fees.rate is not None:
        notes.append(words.exchange(fees.rate))
    if tax_line := words.tax_line(workshop.institute, fees.tax_name):
        notes.append(f"{workshop.institute.name}, {tax_line}.")
    table = grid_table(header, fee_rows(fees, words), widths, right_aligned=range(1, len(header)))
    return [
        keep(
            heading(t.gettext("Fee per cluster organization")),
            table,
            gap(3),
            *(paragraph(note, SMALL) for note in notes),
        )
    ]


def _rule(workshop: FormWorkshop, words: FormWords) -> list[Flowable]:
    t = words.t
    calendar = workshop.calendar
    proceeds = t.gettext(
        "The workshop proceeds once at least {minimum} cluster organizations have completed "
        "the whole registration (the registration form and this signed form) by {deadline}. "
        "Each is then told the exact price by e-mail, and the card is charged once, at the "
        "price for the number of organizations taking part. If the workshop does not "
        "proceed, {institute} destroys this form and the card information, to ensure "
        "confidentiality and security."
    )
    before = t.gettext(
        "Please call the financial institution that issued your card to let it know that an "
        "international charge will be made. Sign the form (type your name in the signature "
        "box, or print the form and sign it in ink) and send it to {recipient}."
    )
    return [
        keep(
            heading(t.gettext("When your card is charged")),
            paragraph(t.gettext(RULE), bold_lead=t.gettext("The rule.")),
            paragraph(
                proceeds.format(
                    minimum=calendar.minimum_organizations,
                    deadline=words.date(calendar.registration_deadline),
                    institute=workshop.institute.name,
                )
            ),
            paragraph(
                before.format(recipient=return_to(workshop, words)),
                bold_lead=t.gettext("Before you send it."),
            ),
        )
    ]


def _fields(workshop: FormWorkshop, words: FormWords) -> list[Flowable]:
    t = words.t
    field = _FIELDS

    def box(name: str, share: float = 1.0, *, lines: int = 1, tall: bool = False) -> FieldBox:
        return field_box(field[name], share, lines=lines, tall=tall, language=t)

    # Translators: the consent the cardholder signs (legal wording: translate faithfully).
    consent = t.gettext(
        "I authorize {institute} to charge the credit card below with the fee per cluster "
        "organization for {workshop}, at the price above for the number of organizations "
        "that take part, if the workshop proceeds."
    )
    return [
        keep(
            heading(t.gettext("Authorization")),
            paragraph(consent.format(institute=workshop.institute.name, workshop=workshop.title)),
            gap(4),
            FieldRow([box("organization"), box("cardholder")]),
            FieldRow([box("card_number", 2.2), box("expiry", 1), box("code", 1)]),
            FieldRow([box("billing_address", lines=3)]),
            FieldRow([box("signature", 2.2, tall=True), box("signed_on", 2)]),
        )
    ]
