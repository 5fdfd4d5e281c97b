"""The roster and the finance workbook in a French window: French sheet names, headers
and labels, amounts still numbers that the (French-named) totals' formulas add up."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from exportkit import charge_line, finance_data, header, read, roster_data

from escadesk.exports.finance import write_finance
from escadesk.exports.roster import write_roster


def test_the_roster_in_french(tmp_path: Path, french: None) -> None:
    book = read(write_roster(roster_data(3), tmp_path / "liste.xlsx"))

    assert book.sheetnames == ["Page de garde", "Participants", "Programme", "Animateurs"]
    participants = header(book["Participants"])
    assert participants[:3] == ["Organisation", "Pays", "Domaine technologique"]
    assert "Complétée (heure de Toronto)" in participants
    assert header(book["Programme"])[:2] == ["Début", "Fin"]
    cover = {row[0].value: row[1] for row in book["Page de garde"].iter_rows(min_row=3)}
    assert cover["Date de l’événement"].number_format.startswith("[$-C0C]")
    assert book["Page de garde"]["A1"].value.endswith("— liste des participants")


def test_the_finance_workbook_in_french_keeps_numbers_and_formulas(
    tmp_path: Path, french: None
) -> None:
    lines = tuple(charge_line(n, charged=n % 2 == 0) for n in range(1, 5))
    book = read(write_finance(finance_data(lines), tmp_path / "finances.xlsx"))

    assert book.sheetnames == ["Sommaire", "Débits"]
    charges = book["Débits"]
    headers = header(charges)
    assert headers[:6] == [
        "Organisation",
        "Contact pour la facturation",
        "Courriel de facturation",
        "Statut",
        "Frais bruts (CAD)",
        "Net (CAD)",
    ]
    gross = [row[4] for row in charges.iter_rows(min_row=2) if row[0].value]
    assert all(isinstance(cell.value, int | float) for cell in gross)
    assert gross[0].number_format == '#,##0.00 "CAD";-#,##0.00 "CAD"'
    summary = {r[0].value: r[1].value for r in book["Sommaire"].iter_rows(min_row=3) if r[0].value}
    assert summary["Total des frais bruts (CAD)"] == f"=SUM('Débits'!E2:E{len(lines) + 1})"
    total = sum(Decimal(str(cell.value)) for cell in gross)
    assert total > 0
    note = next(
        r[2].value
        for r in book["Sommaire"].iter_rows(min_row=3)
        if r[0].value == "Frais par organisation"
    )
    assert "\u00a0$" in note and "net" in note  # an amount as French writes it: "2 654,87 $"


def test_the_english_workbooks_are_unchanged(tmp_path: Path) -> None:
    book = read(write_finance(finance_data(), tmp_path / "finance.xlsx"))
    assert book.sheetnames == ["Summary", "Charges"]
    summary = {r[0].value: r[1].value for r in book["Summary"].iter_rows(min_row=3) if r[0].value}
    assert str(summary["Total fees, gross (CAD)"]).startswith("=SUM(Charges!E2:E")
