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


def invoice_pdf(document: TaxDocument, page: PageSize) -> bytes:
    """The PDF of ``document`` on ``page``."""
    width = content_width(page)
    supplier = InstituteIdentity(
        name=document.supplier_name,
        address=document.supplier_address,
        sender_email=document.supplier_email,
        tax_number=document.supplier_tax_number,
        logo=None,
    )
    titles: list[Flowable] = [
        paragraph(document.title, TITLE),
        gap(2),
        paragraph(document.number, SUBTITLE),
    ]
    story: list[Flowable] = [masthead(supplier, titles, width), Rule(8, 10)]
    story.append(facts_table(_facts(document), width))
    story += [gap(12), _parties(document, width), gap(14)]
    story.append(_lines(document, width))
    story += [gap(6), _totals(document), gap(6)]
    story.append(paragraph(document.includes_statement(), BODY))
    story += [gap(8), heading("Payment"), paragraph(document.payment)]
    story.append(paragraph(document.terms, bold_lead="Terms of payment:"))
    if document.kind is DocumentKind.CREDIT_NOTE:
        story.append(
            keep(
                heading("Reason"),
                paragraph(document.reason),
            )
        )
    footer = (
        f"{document.supplier_name} · GST/HST registration number "
        f"{document.supplier_tax_number} · {document.title} {document.number}"
    )
    return build(
        Document(
            page=page,
            title=f"{document.title} {document.number}",
            subject=document.description,
            author=document.supplier_name,
            footer=footer,
        ),
        story,
    )


def _facts(document: TaxDocument) -> list[list[tuple[str, str]]]:
    number_label = (
        "Invoice number" if document.kind is DocumentKind.INVOICE else "Credit note number"
    )
    rows: list[list[tuple[str, str]]] = [
        [(number_label, document.number), ("Date", long_date(document.issued_on))],
        [("GST/HST registration number", document.supplier_tax_number)],
    ]
    if document.refers_to:
        rows.append([("Corrects invoice", document.refers_to)])
    return rows


def _parties(document: TaxDocument, width: float) -> Table:
    """Supplier and buyer side by side, each under its small heading."""
    supplier: list[Flowable] = [
        paragraph("Supplier", CELL_BOLD),
        paragraph(document.supplier_name, CELL),
        *(paragraph(line, CELL) for line in document.supplier_address.splitlines() if line),
        paragraph(f"GST/HST registration number: {document.supplier_tax_number}", CELL),
    ]
    billed = "Billed to" if document.kind is DocumentKind.INVOICE else "Credited to"
    buyer: list[Flowable] = [paragraph(billed, CELL_BOLD), paragraph(document.buyer, CELL)]
    half = (width - 18) / 2
    return boxed([[supplier, "", buyer]], [half, 18, half])


def _lines(document: TaxDocument, width: float) -> Table:
    amounts = document.amounts
    money = 86.0
    header = ["Description", "Amount before tax", document.tax_label, "Total"]
    row = [
        document.description,
        amounts.net.format(),
        amounts.tax.format(),
        amounts.gross.format(),
    ]
    return grid_table(
        header, [row], [width - 3 * money, money, money, money], right_aligned=(1, 2, 3)
    )


def _totals(document: TaxDocument) -> Table:
    """The sums, right-aligned under the amount columns, the total in bold."""
    amounts = document.amounts
    total_label = "Total" if document.kind is DocumentKind.INVOICE else "Total credited"
    rows = [
        ["Amount before tax", amounts.net.format()],
        [document.tax_label, amounts.tax.format()],
        [total_label, amounts.gross.format()],
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
