"""The finance workbook: a Summary whose totals are formulas over the Charges sheet.

openpyxl cannot store a formula's computed value; Excel and LibreOffice compute the
totals when the file is opened. Every amount is a Decimal rounded once (the fee split of
``domain.money``); the totals only add those rounded amounts up.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from escadesk.domain.fees import EXCHANGE_DISCLAIMER
from escadesk.domain.money import format_percent
from escadesk.exports.data import ChargeLine, FinanceData, WorkshopHeading
from escadesk.exports.progress import Cancelled, Monitor, Progress
from escadesk.exports.sheets import Column, FormRow, write_form, write_table
from escadesk.exports.styles import Kind, StyleBook
from escadesk.exports.workbook_files import DocumentInfo, write_workbook

SUMMARY, CHARGES = "Summary", "Charges"
#: Where the Summary's labelled rows start (row 1: heading, row 2: blank).
FORM_FIRST_ROW = 3


@dataclass(frozen=True)
class ChargeColumns:
    """The Charges sheet's columns, and where the summed amounts are."""

    columns: tuple[Column, ...]
    with_rate: bool

    def letter(self, header_start: str) -> str:
        for index, column in enumerate(self.columns, start=1):
            if column.header.startswith(header_start):
                return get_column_letter(index)
        raise KeyError(header_start)


def charge_columns(data: FinanceData) -> ChargeColumns:
    currency, tax = data.currency, data.tax_name
    columns = [
        Column("Organization", cap=30),
        Column("Billing contact", cap=20),
        Column("Billing e-mail", cap=36),
        Column("Status", cap=14),
        Column(f"Fee gross ({currency})", Kind.MONEY),
        Column(f"Net ({currency})", Kind.MONEY),
        Column(f"{tax} ({currency})", Kind.MONEY),
    ]
    if data.rate is not None:
        rate = data.rate
        columns.append(
            Column(f"~{rate.quote} at {rate.rate} ({rate.as_of.isoformat()})", Kind.APPROX)
        )
    columns += [
        Column("Card", cap=20, new_printed_page=True),
        Column("Authorization", cap=22),
        Column("Charged on", Kind.DATE),
        Column("Charge reference", cap=20),
        Column(f"Charged ({currency})", Kind.MONEY),
        Column("Card data erasure", cap=20),
        Column(f"Erased ({data.heading.zone_label})", Kind.DATETIME),
    ]
    return ChargeColumns(tuple(columns), data.rate is not None)


def write_finance(
    data: FinanceData,
    target: Path,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> Path:
    """Write the finance workbook to ``target`` (atomically); raises ExportCancelled."""
    monitor = Monitor(progress, cancelled)
    heading = data.heading
    layout = charge_columns(data)
    info = DocumentInfo(
        title=f"{heading.title} — finance",
        subject="Workshop fees, charges and card-data erasures",
        created=heading.generated_at,
        author=heading.prepared_by,
    )

    def build(workbook: Workbook) -> None:
        approx = data.rate.quote if data.rate else "EUR"
        styles = StyleBook(workbook, currency=data.currency, approx_currency=approx)
        styles.set_percent_digits(_decimals(data.tax_rate * 100))
        monitor.report(5, "Writing the summary")
        write_form(
            workbook,
            styles,
            SUMMARY,
            f"{heading.title} — finance summary",
            summary_rows(data, layout),
        )
        write_table(
            workbook,
            styles,
            CHARGES,
            layout.columns,
            [charge_row(line, data, heading) for line in data.lines],
            monitor.span(10, 95),
        )

    return write_workbook(target, info, build, monitor)


def charge_row(line: ChargeLine, data: FinanceData, heading: WorkshopHeading) -> tuple[object, ...]:
    fee = line.fee
    row: list[object] = [
        line.organization,
        line.billing_contact,
        line.billing_email,
        line.status,
        fee.gross.amount if fee else None,
        fee.net.amount if fee else None,
        fee.tax.amount if fee else None,
    ]
    if data.rate is not None:
        row.append(line.approximation.amount if line.approximation else None)
    row += [
        str(line.card) if line.card else None,
        line.authorization,
        line.charged_on,
        line.charge_reference or None,
        line.charged_amount,
        line.erasure or None,
        heading.local(line.erased_at),
    ]
    return tuple(row)


def summary_rows(data: FinanceData, layout: ChargeColumns) -> list[FormRow]:
    """The Summary's lines; totals are =SUM formulas over the Charges columns."""
    last = max(2, len(data.lines) + 1)
    sheet = CHARGES  # a plain name: no quotes needed in a reference

    def total(header_start: str) -> str:
        letter = layout.letter(header_start)
        return f"=SUM({sheet}!{letter}2:{letter}{last})"

    currency, tax = data.currency, data.tax_name
    rows = [
        FormRow("Workshop", data.heading.title),
        FormRow("Code", data.heading.code),
        FormRow("Event date", data.heading.event_date, Kind.LONG_DATE),
        FormRow("Decision", data.decision),
        FormRow("Organizations taking part", data.head_count, Kind.INTEGER),
    ]
    if data.tier is not None:
        price = data.tier.price
        rows += [
            FormRow("Fee tier", f"{data.tier.participants} organizations"),
            FormRow(
                "Fee per organization",
                price.gross.amount,
                Kind.MONEY,
                f"{format_percent(price.rate)} {tax} included: net {price.net.format()}, "
                f"{tax} {price.tax.format()}",
            ),
        ]
    else:
        rows.append(FormRow("Fee tier", "None fixed yet (no decision to proceed)."))
    gross_row = FORM_FIRST_ROW + len(rows)
    rows += [
        FormRow(
            f"Total fees, gross ({currency})",
            total("Fee gross"),
            Kind.FORMULA_MONEY,
            f"Sum of 'Fee gross' on the {CHARGES} sheet",
        ),
        FormRow(
            f"Total net ({currency})",
            total("Net"),
            Kind.FORMULA_MONEY,
            f"Sum of 'Net' on the {CHARGES} sheet",
        ),
        FormRow(
            f"Total {tax} ({currency})",
            total(f"{tax} ("),
            Kind.FORMULA_MONEY,
            f"Sum of '{tax}' on the {CHARGES} sheet",
        ),
        FormRow(
            f"Net + {tax} - gross ({currency})",
            f"=B{gross_row + 1}+B{gross_row + 2}-B{gross_row}",
            Kind.FORMULA_MONEY,
            "Always 0.00: every fee is split once, and net plus tax equals the fee.",
        ),
        FormRow(
            f"Total charged ({currency})",
            total("Charged ("),
            Kind.FORMULA_MONEY,
            f"Sum of 'Charged' on the {CHARGES} sheet (card charges recorded so far)",
        ),
        FormRow(f"{tax} rate", data.tax_rate, Kind.PERCENT, "Fees are tax-included prices."),
    ]
    if data.rate is not None:
        rows += [
            FormRow(
                f"{data.rate.quote} per {currency}",
                data.rate.rate,
                Kind.RATE,
                f"{data.rate.describe()}; approximations rounded to "
                f"{data.rate.round_to:,.0f} {data.rate.quote}. {EXCHANGE_DISCLAIMER}",
            ),
            FormRow("Rate date", data.rate.as_of, Kind.DATE),
        ]
    rows += [
        FormRow(
            "Rounding rule",
            f"{data.rounding_rule} Totals add up the rounded amounts of the {CHARGES} "
            "sheet and are not rounded again.",
        ),
        FormRow(
            "Generated",
            data.heading.local(data.heading.generated_at),
            Kind.DATETIME,
            f"Local time of the workshop ({data.heading.timezone})",
        ),
        FormRow("Prepared by", data.heading.prepared_by),
        FormRow(
            "Card data",
            "Cards appear only as brand and last four digits. Card numbers, security codes "
            "and scanned forms never leave the encrypted vault.",
        ),
    ]
    return rows


def _decimals(value: Decimal) -> int:
    """Digits after the point that ``value`` needs (13 -> 0, 14.975 -> 3)."""
    exponent = value.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0
