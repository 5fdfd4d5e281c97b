"""The finance workbook: a Summary whose totals are formulas over the Charges sheet.

openpyxl cannot store a formula's computed value; Excel and LibreOffice compute the
totals when the file is opened. Every amount is a Decimal rounded once (the fee split of
``domain.money``); the totals only add those rounded amounts up.

The institute's own file: in the window's language (sheet names, headers, notes; no
import reads it back). Amounts stay numbers in every language (the formulas add them);
only the texts that quote an amount write it as the language does.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from escadesk.domain.fees import EXCHANGE_DISCLAIMER
from escadesk.domain.money import Money, format_percent
from escadesk.exports.data import ChargeLine, FinanceData, WorkshopHeading
from escadesk.exports.progress import Cancelled, Monitor, Progress
from escadesk.exports.sheets import Column, FormRow, write_form, write_table
from escadesk.exports.styles import Kind, StyleBook
from escadesk.exports.workbook_files import DocumentInfo, write_workbook
from escadesk.i18n import (
    N_,
    _,
    current_locale,
    format_decimal,
    format_money,
    ngettext,
    pgettext,
)

#: The sheets' English names (translated where the workbook is written).
SUMMARY, CHARGES = N_("Summary"), N_("Charges")
#: Where the Summary's labelled rows start (row 1: heading, row 2: blank).
FORM_FIRST_ROW = 3


@dataclass(frozen=True)
class ChargeColumns:
    """The Charges sheet's columns, and where the summed amounts are."""

    columns: tuple[Column, ...]
    with_rate: bool
    #: The summed columns' keys ("gross", "net", "tax", "charged") -> their position
    #: (0-based): found by key, never by their (translated) header.
    summed: dict[str, int]

    def letter(self, key: str) -> str:
        return get_column_letter(self.summed[key] + 1)


def charge_columns(data: FinanceData) -> ChargeColumns:
    currency, tax = data.currency, data.tax_name
    columns = [
        Column(pgettext("column", "Organization"), cap=30),
        Column(pgettext("column", "Billing contact"), cap=20),
        Column(pgettext("column", "Billing e-mail"), cap=36),
        Column(pgettext("column", "Status"), cap=14),
        Column(_("Fee gross ({currency})").format(currency=currency), Kind.MONEY),
        Column(_("Net ({currency})").format(currency=currency), Kind.MONEY),
        Column(f"{tax} ({currency})", Kind.MONEY),
    ]
    summed = {"gross": 4, "net": 5, "tax": 6}
    if data.rate is not None:
        rate = data.rate
        # Translators: a column header: "~EUR at 0.662 (2018-06-01)", an approximation.
        header = _("~{currency} at {rate} ({date})").format(
            currency=rate.quote, rate=_number(rate.rate), date=rate.as_of.isoformat()
        )
        columns.append(Column(header, Kind.APPROX))
    columns += [
        Column(pgettext("column", "Card"), cap=20, new_printed_page=True),
        Column(pgettext("column", "Authorization"), cap=22),
        Column(pgettext("column", "Charged on"), Kind.DATE),
        Column(pgettext("column", "Charge reference"), cap=20),
        Column(_("Charged ({currency})").format(currency=currency), Kind.MONEY),
        Column(pgettext("column", "Card data erasure"), cap=20),
        Column(_("Erased ({zone})").format(zone=data.heading.zone_label), Kind.DATETIME),
    ]
    summed["charged"] = len(columns) - 3
    return ChargeColumns(tuple(columns), data.rate is not None, summed)


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
        title=_("{title} — finance").format(title=heading.title),
        subject=_("Workshop fees, charges and card-data erasures"),
        created=heading.generated_at,
        author=heading.prepared_by,
    )

    def build(workbook: Workbook) -> None:
        approx = data.rate.quote if data.rate else "EUR"
        styles = StyleBook(workbook, currency=data.currency, approx_currency=approx)
        styles.set_percent_digits(_decimals(data.tax_rate * 100))
        monitor.report(5, _("Writing the summary"))
        write_form(
            workbook,
            styles,
            _(SUMMARY),
            _("{title} — finance summary").format(title=heading.title),
            summary_rows(data, layout),
        )
        write_table(
            workbook,
            styles,
            _(CHARGES),
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
    charges = _(CHARGES)
    sheet = _reference(charges)

    def total(key: str) -> str:
        letter = layout.letter(key)
        return f"=SUM({sheet}!{letter}2:{letter}{last})"

    currency, tax = data.currency, data.tax_name
    rows = [
        FormRow(pgettext("label", "Workshop"), data.heading.title),
        FormRow(pgettext("label", "Code"), data.heading.code),
        FormRow(pgettext("label", "Event date"), data.heading.event_date, Kind.LONG_DATE),
        FormRow(pgettext("label", "Decision"), data.decision),
        FormRow(pgettext("label", "Organizations taking part"), data.head_count, Kind.INTEGER),
    ]
    if data.tier is not None:
        price = data.tier.price
        participants = data.tier.participants
        rows += [
            FormRow(
                pgettext("label", "Fee tier"),
                ngettext("{count} organization", "{count} organizations", participants).format(
                    count=participants
                ),
            ),
            FormRow(
                pgettext("label", "Fee per organization"),
                price.gross.amount,
                Kind.MONEY,
                _("{rate} {tax} included: net {net}, {tax} {amount}").format(
                    rate=_percent(price.rate),
                    tax=tax,
                    net=_money(price.net),
                    amount=_money(price.tax),
                ),
            ),
        ]
    else:
        rows.append(
            FormRow(pgettext("label", "Fee tier"), _("None fixed yet (no decision to proceed)."))
        )
    gross_row = FORM_FIRST_ROW + len(rows)
    headers = layout.columns
    rows += [
        FormRow(
            _("Total fees, gross ({currency})").format(currency=currency),
            total("gross"),
            Kind.FORMULA_MONEY,
            _sum_note(headers[layout.summed["gross"]].header, charges),
        ),
        FormRow(
            _("Total net ({currency})").format(currency=currency),
            total("net"),
            Kind.FORMULA_MONEY,
            _sum_note(headers[layout.summed["net"]].header, charges),
        ),
        FormRow(
            _("Total {tax} ({currency})").format(tax=tax, currency=currency),
            total("tax"),
            Kind.FORMULA_MONEY,
            _sum_note(tax, charges),
        ),
        FormRow(
            _("Net + {tax} - gross ({currency})").format(tax=tax, currency=currency),
            f"=B{gross_row + 1}+B{gross_row + 2}-B{gross_row}",
            Kind.FORMULA_MONEY,
            _("Always 0.00: every fee is split once, and net plus tax equals the fee."),
        ),
        FormRow(
            _("Total charged ({currency})").format(currency=currency),
            total("charged"),
            Kind.FORMULA_MONEY,
            _("Sum of '{column}' on the {sheet} sheet (card charges recorded so far)").format(
                column=_short(headers[layout.summed["charged"]].header), sheet=charges
            ),
        ),
        FormRow(
            _("{tax} rate").format(tax=tax),
            data.tax_rate,
            Kind.PERCENT,
            _("Fees are tax-included prices."),
        ),
    ]
    if data.rate is not None:
        rate = data.rate
        rows += [
            FormRow(
                _("{quote} per {currency}").format(quote=rate.quote, currency=currency),
                rate.rate,
                Kind.RATE,
                _(
                    "1 {base} = {rate} {quote} on {date}; approximations rounded to "
                    "{step} {quote}. {disclaimer}"
                ).format(
                    base=rate.base,
                    rate=_number(rate.rate),
                    quote=rate.quote,
                    date=rate.as_of.isoformat(),
                    step=format_decimal(rate.round_to, pattern="#,##0"),
                    disclaimer=_(EXCHANGE_DISCLAIMER),
                ),
            ),
            FormRow(pgettext("label", "Rate date"), rate.as_of, Kind.DATE),
        ]
    rows += [
        FormRow(
            pgettext("label", "Rounding rule"),
            _(
                "{rule} Totals add up the rounded amounts of the {sheet} sheet and are not "
                "rounded again."
            ).format(rule=_(data.rounding_rule), sheet=charges),
        ),
        FormRow(
            pgettext("label", "Generated"),
            data.heading.local(data.heading.generated_at),
            Kind.DATETIME,
            _("Local time of the workshop ({zone})").format(zone=data.heading.timezone),
        ),
        FormRow(pgettext("label", "Prepared by"), data.heading.prepared_by),
        FormRow(
            pgettext("label", "Card data"),
            _(
                "Cards appear only as brand and last four digits. Card numbers, security "
                "codes and scanned forms never leave the encrypted vault."
            ),
        ),
    ]
    return rows


def _sum_note(header: str, sheet: str) -> str:
    return _("Sum of '{column}' on the {sheet} sheet").format(column=_short(header), sheet=sheet)


def _short(header: str) -> str:
    """'Fee gross (CAD)' -> 'Fee gross': a column named without its currency."""
    return header.rsplit(" (", 1)[0]


def _reference(sheet: str) -> str:
    """A sheet's name as a formula names it: quoted unless plain ASCII ("'Débits'")."""
    if sheet.isascii() and sheet.replace("_", "").isalnum():
        return sheet
    return "'" + sheet.replace("'", "''") + "'"


def _english() -> bool:
    return current_locale().startswith("en")


def _money(amount: Money) -> str:
    """An amount quoted in a note: English keeps the workbook's "2,654.87 CAD"; another
    language writes it as Babel does ("2 654,87 $")."""
    return amount.format() if _english() else format_money(amount.amount, amount.currency)


def _percent(rate: Decimal) -> str:
    """'13%' in English, '13 %' (Babel's) in French; as many decimals as the rate has."""
    if _english():
        return format_percent(rate)
    digits = _decimals(rate * 100)
    return (
        format_decimal(rate * 100, pattern="#,##0" + ("." + "#" * digits if digits else ""))
        + "\u00a0%"
    )


def _number(value: Decimal) -> str:
    """A rate as written in a text: '0.662' in English, '0,662' in French."""
    return str(value) if _english() else format_decimal(value, pattern="0.######")


def _decimals(value: Decimal) -> int:
    """Digits after the point that ``value`` needs (13 -> 0, 14.975 -> 3)."""
    exponent = value.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0
