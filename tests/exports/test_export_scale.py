"""10,000 registrations in one workbook: written in write-only mode, read back whole."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from exportkit import charge_line, finance_data, participant, roster_data
from openpyxl import load_workbook

from escadesk.exports.finance import write_finance
from escadesk.exports.roster import write_roster

COUNT = 10_000


def test_a_roster_of_ten_thousand(tmp_path: Path) -> None:
    people = tuple(participant(n, pitch_number=None) for n in range(1, COUNT + 1))
    data = roster_data(0, people)
    seen: list[int] = []
    path = write_roster(data, tmp_path / "big.xlsx", progress=lambda p, _m: seen.append(p))
    assert len(set(seen)) > 10  # the bar moves while the rows are written
    book = load_workbook(path, read_only=True)
    rows = list(book["Participants"].iter_rows(min_row=2, values_only=True))
    assert len(rows) == COUNT
    assert rows[-1][0] == f"Cluster {COUNT:02d}"
    book.close()


def test_finance_totals_over_ten_thousand_rows(tmp_path: Path) -> None:
    lines = tuple(charge_line(n) for n in range(1, COUNT + 1))
    path = write_finance(finance_data(lines), tmp_path / "big.xlsx")
    book = load_workbook(path, read_only=True)
    summary = {
        row[0]: row[1] for row in book["Summary"].iter_rows(min_row=3, max_col=2, values_only=True)
    }
    assert summary["Total net (CAD)"] == f"=SUM(Charges!F2:F{COUNT + 1})"
    net = [row[5] for row in book["Charges"].iter_rows(min_row=2, values_only=True)]
    assert len(net) == COUNT
    assert sum(Decimal(str(v)) for v in net) == Decimal("2654.87") * COUNT
    book.close()
