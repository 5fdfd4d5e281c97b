"""An invoice or a credit note as a one-page PDF, in the house look of the blank forms.

Laid out from the stored snapshot (:class:`escadesk.domain.invoicing.TaxDocument`) alone,
so a reprint is the same page years later. Every item the CRA asks of an invoice of $500
or more is on it (see domain/invoicing.py): the supplier's name and GST/HST registration
number, the date, the buyer, the description, the amount before tax, the HST and the
total (with the statement that the total includes it), the terms. The card appears only
as its mask. No logo: the logo lives in Settings and may change, and a reprint must not.
"""

from __future__ import annotations

from reportlab.platypus import Flowable, Table, TableStyle

from escadesk.domain.institute import InstituteIdentity
from escadesk.domain.invoicing import DocumentKind, TaxDocument
from escadesk.domain.moments import long_date
from escadesk.domain.money import Money, money_text, percent_text, tax_name_text
from escadesk.forms.content import PageSize
from escadesk.forms.layout import (
    ACCENT,
    BODY,
    CELL,
    CELL_BOLD,
    CELL_RIGHT,
    CELL_RIGHT_BOLD,
    RULE,
    SUBTITLE,
    TITLE,
    Document,
    Rule,
    boxed,
    build,
    content_width,
    facts_table,
    gap,
    grid_table,
    heading,
    keep,
    masthead,
    paragraph,
)
from escadesk.i18n import N_, Translator
from escadesk.i18n.locales import DEFAULT_LOCALE

#: The document's printed title.
TITLES = {DocumentKind.INVOICE: N_("Invoice"), DocumentKind.CREDIT_NOTE: N_("Credit note")}
#: Canada's sales taxes under their French names on a French page (stored in English).


class _Words:
    """The page's language: its labels (a Translator), amounts and dates. English keeps
    the app's historical look ("2,654.87 CAD", "13%", "Oct 2, 2018")."""

    def __init__(self, locale: str) -> None:
        self.t = Translator(locale)
        self.locale = self.t.locale
        self.english = self.t.language == "en"

    def money(self, value: Money) -> str:
        return money_text(value, self.locale)

    def tax_name(self, document: TaxDocument) -> str:
        return tax_name_text(document.tax_name, self.locale)

    def rate(self, document: TaxDocument) -> str:
        return percent_text(document.amounts.rate, self.locale)

    def tax_label(self, document: TaxDocument) -> str:
        """'HST 13%' / 'TVH 13 %'."""
        if self.english:
            return document.tax_label
        return f"{self.tax_name(document)} {self.rate(document)}"

    def title(self, document: TaxDocument) -> str:
        return self.t.gettext(TITLES[document.kind])


def invoice_pdf(document: TaxDocument, page: PageSize, locale: str = DEFAULT_LOCALE) -> bytes:
    """The PDF of ``document`` on ``page``, printed in ``locale`` (the language it was
    issued in: its stored texts, the payment line and the terms, are in it already)."""
    words = _Words(locale)
    t = words.t
    width = content_width(page)
    title = words.title(document)
    supplier = InstituteIdentity(
        name=document.supplier_name,
        address=document.supplier_address,
        sender_email=document.supplier_email,
        tax_number=document.supplier_tax_number,
        logo=None,
    )
    titles: list[Flowable] = [
        paragraph(title, TITLE),
        gap(2),
        paragraph(document.number, SUBTITLE),
    ]
    story: list[Flowable] = [masthead(supplier, titles, width), Rule(8, 10)]
    story.append(facts_table(_facts(document, words), width))
    story += [gap(12), _parties(document, width, words), gap(14)]
    story.append(_lines(document, width, words))
    story += [gap(6), _totals(document, words), gap(6)]
    # Translators: under an invoice's totals ("The total includes HST at 13%.").
    includes = t.gettext("The total includes {tax} at {rate}.")
    story.append(
        paragraph(includes.format(tax=words.tax_name(document), rate=words.rate(document)), BODY)
    )
    story += [gap(8), heading(t.gettext("Payment")), paragraph(document.payment)]
    story.append(paragraph(document.terms, bold_lead=t.gettext("Terms of payment:")))
    if document.kind is DocumentKind.CREDIT_NOTE:
        story.append(
            keep(
                heading(t.gettext("Reason")),
                paragraph(document.reason),
            )
        )
    footer = t.gettext("{supplier} · GST/HST registration number {tax_number} · {title} {number}")
    footer = footer.format(
        supplier=document.supplier_name,
        tax_number=document.supplier_tax_number,
        title=title,
        number=document.number,
    )
    return build(
        Document(
            page=page,
            title=f"{title} {document.number}",
            subject=document.description,
            author=document.supplier_name,
            footer=footer,
        ),
        story,
    )


def _facts(document: TaxDocument, words: _Words) -> list[list[tuple[str, str]]]:
    t = words.t
    number_label = (
        t.gettext("Invoice number")
        if document.kind is DocumentKind.INVOICE
        else t.gettext("Credit note number")
    )
    issued = long_date(document.issued_on, words.locale)
    rows: list[list[tuple[str, str]]] = [
        [(number_label, document.number), (t.pgettext("document", "Date"), issued)],
        [(t.gettext("GST/HST registration number"), document.supplier_tax_number)],
    ]
    if document.refers_to:
        rows.append([(t.gettext("Corrects invoice"), document.refers_to)])
    return rows


def _parties(document: TaxDocument, width: float, words: _Words) -> Table:
    """Supplier and buyer side by side, each under its small heading."""
    t = words.t
    number = t.gettext("GST/HST registration number: {number}")
    supplier: list[Flowable] = [
        paragraph(t.gettext("Supplier"), CELL_BOLD),
        paragraph(document.supplier_name, CELL),
        *(paragraph(line, CELL) for line in document.supplier_address.splitlines() if line),
        paragraph(number.format(number=document.supplier_tax_number), CELL),
    ]
    billed = (
        t.gettext("Billed to")
        if document.kind is DocumentKind.INVOICE
        else t.gettext("Credited to")
    )
    buyer: list[Flowable] = [paragraph(billed, CELL_BOLD), paragraph(document.buyer, CELL)]
    half = (width - 18) / 2
    return boxed([[supplier, "", buyer]], [half, 18, half])


def _lines(document: TaxDocument, width: float, words: _Words) -> Table:
    t = words.t
    amounts = document.amounts
    money = 86.0
    header = [
        t.gettext("Description"),
        t.gettext("Amount before tax"),
        words.tax_label(document),
        t.pgettext("document", "Total"),
    ]
    row = [
        document.description,
        words.money(amounts.net),
        words.money(amounts.tax),
        words.money(amounts.gross),
    ]
    return grid_table(
        header, [row], [width - 3 * money, money, money, money], right_aligned=(1, 2, 3)
    )


def _totals(document: TaxDocument, words: _Words) -> Table:
    """The sums, right-aligned under the amount columns, the total in bold."""
    t = words.t
    amounts = document.amounts
    total_label = (
        t.pgettext("document", "Total")
        if document.kind is DocumentKind.INVOICE
        else t.gettext("Total credited")
    )
    rows = [
        [t.gettext("Amount before tax"), words.money(amounts.net)],
        [words.tax_label(document), words.money(amounts.tax)],
        [total_label, words.money(amounts.gross)],
    ]
    label_width, value_width = 130.0, 96.0
    data = [
        [
            paragraph(label, CELL_RIGHT_BOLD if number == 2 else CELL_RIGHT),
            paragraph(value, CELL_RIGHT_BOLD if number == 2 else CELL_RIGHT),
        ]
        for number, (label, value) in enumerate(rows)
    ]
    table = Table(data, colWidths=[label_width, value_width], hAlign="RIGHT")
    table.setStyle(
        TableStyle(
            [
                ("LEFTPADDING", (0, 0), (-1, -1), 5),
                ("RIGHTPADDING", (0, 0), (-1, -1), 5),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                ("LINEABOVE", (0, 2), (-1, 2), 0.8, ACCENT),
                ("LINEBELOW", (0, 2), (-1, 2), 0.5, RULE),
            ]
        )
    )
    return table
