"""The finance workbook read back: amounts are numbers, totals are formulas that add up."""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from exportkit import (
    charge_line,
    column,
    finance_data,
    header,
    odd_fee_line,
    printed_parts,
    read,
)

from escadesk.domain.money import ROUNDING_RULE_TEXT
from escadesk.exports.finance import write_finance
from escadesk.exports.workbook_files import INSTITUTE

MONEY = '#,##0.00 "CAD";-#,##0.00 "CAD"'
MONEY_HEADERS = ("Fee gross (CAD)", "Net (CAD)", "HST (CAD)", "Charged (CAD)")


@pytest.fixture
def finance(tmp_path: Path) -> Path:
    return write_finance(finance_data(), tmp_path / "finance.xlsx")


def _cents(values: list[object]) -> Decimal:
    """Sum of the numbers as written (read back as floats), exactly to the cent."""
    return sum((Decimal(str(v)) for v in values if v is not None), Decimal(0))


def _summary(book: object) -> dict[str, object]:
    sheet = book["Summary"]  # type: ignore[index]
    return {row[0].value: row[1] for row in sheet.iter_rows(min_row=3) if row[0].value}


def test_charges_sheet_headers_and_one_row_per_organization(finance: Path) -> None:
    book = read(finance)
    assert book.sheetnames == ["Summary", "Charges"]
    sheet = book["Charges"]
    assert header(sheet) == [
        "Organization",
        "Billing contact",
        "Billing e-mail",
        "Status",
        "Fee gross (CAD)",
        "Net (CAD)",
        "HST (CAD)",
        "~EUR at 0.662 (2018-06-01)",
        "Card",
        "Authorization",
        "Charged on",
        "Charge reference",
        "Charged (CAD)",
        "Card data erasure",
        "Erased (Toronto time)",
    ]
    assert [c.value for c in column(sheet, "Organization")] == [
        f"Cluster {n:02d}" for n in range(1, 6)
    ]
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == "A1:O6"
    assert sheet.print_title_rows == "$1:$1"
    assert sheet.page_setup.orientation == "landscape"
    money, card_and_charge = printed_parts(sheet)  # 15 columns: two printed parts
    assert money[0] == card_and_charge[0] == "Organization"
    assert money[-1].startswith("~EUR") and card_and_charge[1] == "Card"
    assert card_and_charge[-1].startswith("Erased")
    assert 60 <= sheet.page_setup.scale < 100  # fitted to one page width it was ~50 %


def test_amounts_are_numbers_with_a_cad_format_and_empty_without_a_fee(finance: Path) -> None:
    sheet = read(finance)["Charges"]
    for title in ("Fee gross (CAD)", "Net (CAD)", "HST (CAD)"):
        cells = column(sheet, title)
        assert all(c.data_type == "n" and c.number_format == MONEY for c in cells[:4])
        assert cells[4].value is None  # Cluster 05 has no fee (not confirmed)
    gross = [c.value for c in column(sheet, "Fee gross (CAD)")]
    net = [c.value for c in column(sheet, "Net (CAD)")]
    tax = [c.value for c in column(sheet, "HST (CAD)")]
    assert gross[:4] == [3000] * 4
    assert net[:4] == [2654.87] * 4 and tax[:4] == [345.13] * 4
    approx = column(sheet, "~EUR at 0.662 (2018-06-01)")
    assert approx[0].value == 1990 and approx[0].number_format == '"~"#,##0 "EUR"'
    assert approx[4].value is None


def test_cards_charges_and_erasures(finance: Path) -> None:
    sheet = read(finance)["Charges"]
    assert [c.value for c in column(sheet, "Card")] == ["VISA •••• 1111"] * 5
    charged_on = column(sheet, "Charged on")[0]
    assert charged_on.value == datetime(2018, 10, 2) and charged_on.number_format == "yyyy-mm-dd"
    assert column(sheet, "Charge reference")[0].value == "APPROVAL 880001"
    assert column(sheet, "Charged (CAD)")[0].value == 3000
    assert column(sheet, "Authorization")[0].value == "Recorded; code and scan erased"
    erased = column(sheet, "Erased (Toronto time)")[0]
    assert erased.value == datetime(2018, 10, 2, 10, 0) and erased.is_date
    assert column(sheet, "Card data erasure")[0].value == "Code and scan erased"


def test_summary_totals_are_sum_formulas_over_the_charges_columns(finance: Path) -> None:
    book = read(finance)
    charges = book["Charges"]
    summary = _summary(book)
    letters = {title: column(charges, title)[0].column_letter for title in MONEY_HEADERS}
    expected = {
        "Total fees, gross (CAD)": "Fee gross (CAD)",
        "Total net (CAD)": "Net (CAD)",
        "Total HST (CAD)": "HST (CAD)",
        "Total charged (CAD)": "Charged (CAD)",
    }
    totals = {"Fee gross (CAD)": "12000.00", "Net (CAD)": "10619.48", "HST (CAD)": "1380.52"}
    totals["Charged (CAD)"] = "3000.00"
    for label, title in expected.items():
        cell = summary[label]
        letter = letters[title]
        assert cell.data_type == "f"
        assert cell.value == f"=SUM(Charges!{letter}2:{letter}6)"
        assert cell.number_format == MONEY
        rows = [c.value for c in column(charges, title)]
        assert _cents(rows) == Decimal(totals[title])
    check = summary["Net + HST - gross (CAD)"]
    gross_row = summary["Total fees, gross (CAD)"].row
    assert check.value == f"=B{gross_row + 1}+B{gross_row + 2}-B{gross_row}"


def test_totals_add_the_rounded_lines_to_the_cent(tmp_path: Path) -> None:
    # Odd prices: each line's net is rounded once; the totals add those rounded amounts.
    lines = (odd_fee_line(1, "2999.99"), odd_fee_line(2, "1234.57"), odd_fee_line(3, "0.05"))
    path = write_finance(finance_data(lines), tmp_path / "odd.xlsx")
    charges = read(path)["Charges"]
    net = _cents([c.value for c in column(charges, "Net (CAD)")])
    tax = _cents([c.value for c in column(charges, "HST (CAD)")])
    gross = _cents([c.value for c in column(charges, "Fee gross (CAD)")])
    assert (gross, net, tax) == (Decimal("4234.61"), Decimal("3747.44"), Decimal("487.17"))
    assert net + tax == gross
    assert [c.value for c in column(charges, "Net (CAD)")] == [2654.86, 1092.54, 0.04]


def test_summary_states_tier_tax_rate_exchange_rate_and_rounding_rule(finance: Path) -> None:
    summary = _summary(read(finance))
    assert summary["Organizations taking part"].value == 4
    assert summary["Fee tier"].value == "4 organizations"
    fee = summary["Fee per organization"]
    assert fee.value == 3000 and fee.number_format == MONEY
    rate = summary["HST rate"]
    assert rate.value == 0.13 and rate.number_format == "0%"
    eur = summary["EUR per CAD"]
    assert eur.value == 0.662
    assert summary["Rate date"].value == datetime(2018, 6, 1)
    rule = summary["Rounding rule"].value
    assert rule.startswith(ROUNDING_RULE_TEXT)
    assert "halves rounded up" in rule and "not rounded again" in rule
    assert summary["Prepared by"].value == INSTITUTE
    assert summary["Generated"].value == datetime(2018, 10, 2, 9, 15)
    assert summary["Decision"].value.startswith("Proceeds")


def test_a_fractional_tax_rate_shows_its_decimals(tmp_path: Path) -> None:
    from dataclasses import replace

    data = replace(finance_data((charge_line(1),)), tax_rate=Decimal("0.14975"))
    summary = _summary(read(write_finance(data, tmp_path / "qc.xlsx")))
    assert summary["HST rate"].number_format == "0.000%"


def test_without_rows_the_totals_still_point_at_the_table(tmp_path: Path) -> None:
    from dataclasses import replace

    data = replace(finance_data(()), tier=None, head_count=0)
    book = read(write_finance(data, tmp_path / "none.xlsx"))
    summary = _summary(book)
    assert re.fullmatch(r"=SUM\(Charges!E2:E2\)", summary["Total fees, gross (CAD)"].value)
    assert summary["Fee tier"].value.startswith("None fixed yet")
    assert book["Charges"].max_row == 1


def test_document_properties(finance: Path) -> None:
    properties = read(finance).properties
    assert properties.title == "ESCA Cluster Benchmarking Workshop (TCI 2018) — finance"
    assert properties.creator == INSTITUTE
    assert properties.created == datetime(2018, 10, 2, 13, 15)
    assert date(2018, 10, 2) == properties.created.date()
