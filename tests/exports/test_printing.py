"""The wide sheets print in the two parts the README states: by calculation (Excel's page
arithmetic over the written widths, breaks and scale) and rendered by LibreOffice.

LibreOffice is rendered only where it is installed with Carlito (Calibri's metric twin,
which .ci/run installs): with another font standing in for Calibri, every text is wider
than the widths written for it and the parts spill onto extra pages.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections import Counter
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
from exportkit import charge_line, finance_data, participant, read, roster_data
from openpyxl.utils import get_column_letter

from escadesk.domain.money import Money, split_tax_included
from escadesk.exports.finance import write_finance
from escadesk.exports.roster import write_roster
from escadesk.exports.sheets import pages_wide
from escadesk.exports.text_width import row_height, text_units, wrapped_lines

README = Path(__file__).resolve().parents[2] / "README.md"
#: What the README says about the two wide tables.
STATED = "the two wide\n  tables print in two parts"
LONG_NAME = "Association for the Advancement of Photonics, Optics and Quantum Technologies 01"


def long_name(number: int) -> str:
    return f"{LONG_NAME[:-2]}{number:02d}"


def workbooks(folder: Path) -> dict[str, Path]:
    """The demo roster and finance workbooks, and ones with 80-character names and large
    amounts."""
    people = tuple(
        participant(
            n,
            organization=long_name(n),
            contact_email=f"head.of.cluster.management{n}@clusters-network.example",
            technology_area="Micro, nano and optical technologies",
            contact_title="Director of International Cooperation",
        )
        for n in range(1, 13)
    )
    big = split_tax_included(Money.of("12345.00", "CAD"), Decimal("0.13"))
    lines = tuple(
        replace(
            charge_line(n, charged=True),
            organization=long_name(n),
            fee=big,
            charged_amount=big.gross.amount,
        )
        for n in range(1, 13)
    )
    return {
        "roster": write_roster(roster_data(6), folder / "roster.xlsx"),
        "roster-long": write_roster(roster_data(0, people), folder / "roster-long.xlsx"),
        "finance": write_finance(finance_data(), folder / "finance.xlsx"),
        "finance-long": write_finance(finance_data(lines), folder / "finance-long.xlsx"),
    }


WIDE = {"roster": "Participants", "finance": "Charges"}


def calculated_pages_wide(path: Path, sheet_name: str) -> int:
    sheet = read(path)[sheet_name]
    widths = [
        sheet.column_dimensions[get_column_letter(i)].width for i in range(1, sheet.max_column + 1)
    ]
    starts = [b.id for b in sheet.col_breaks.brk]
    scale = None if sheet.sheet_properties.pageSetUpPr.fitToPage else sheet.page_setup.scale
    return pages_wide(widths, starts, scale)


def test_the_readme_states_two_parts() -> None:
    assert STATED in README.read_text(encoding="utf-8")


def test_by_calculation_the_wide_sheets_print_in_two_parts(tmp_path: Path) -> None:
    for name, path in workbooks(tmp_path).items():
        assert calculated_pages_wide(path, WIDE[name.split("-")[0]]) == 2, name


def test_long_names_wrap_to_rows_as_tall_as_their_lines(tmp_path: Path) -> None:
    sheet = read(workbooks(tmp_path)["roster-long"])["Participants"]
    width = sheet.column_dimensions["A"].width
    lines = wrapped_lines(long_name(1), width)
    assert lines == 3  # not 4: a line too many printed as a blank gap under each name
    assert sheet["A2"].alignment.wrap_text
    assert sheet.row_dimensions[2].height == row_height(lines)


def test_amounts_have_room_and_stand_off_the_next_column(tmp_path: Path) -> None:
    sheet = read(workbooks(tmp_path)["finance-long"])["Charges"]
    for cell in next(sheet.iter_rows(min_row=2, max_row=2)):
        if "CAD" in cell.number_format:
            width = sheet.column_dimensions[cell.column_letter].width
            assert width >= text_units("12,345.00 CAD") + 2, cell.column_letter
            assert cell.alignment.horizontal == "right" and cell.alignment.indent == 1


def _office() -> str | None:
    office = shutil.which("libreoffice") or shutil.which("soffice")
    if office is None or shutil.which("fc-match") is None:
        return None
    font = subprocess.run(
        ["fc-match", "Calibri"], capture_output=True, text=True, timeout=30, check=False
    ).stdout
    return office if ("Carlito" in font or "Calibri" in font) else None


@pytest.mark.accepted_skip("needs LibreOffice with Carlito or Calibri (.ci/run installs them)")
def test_libreoffice_prints_the_wide_sheets_in_two_parts(tmp_path: Path) -> None:
    office = _office()
    if office is None:
        pytest.skip("LibreOffice, or Carlito/Calibri for it, is not installed")
    home = tmp_path / "office-home"
    home.mkdir()
    written = workbooks(tmp_path)
    subprocess.run(
        [office, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path)]
        + [str(path) for path in written.values()],
        check=True,
        capture_output=True,
        timeout=300,
        env={**os.environ, "HOME": str(home)},
    )
    from pypdf import PdfReader

    for name in written:
        pages = PdfReader(tmp_path / f"{name}.pdf").pages
        # Each page's footer names its sheet ("&A  Page &P of &N  Confidential").
        footers = (
            re.search(r"(\w+) Page \d+ of \d+ Confidential", p.extract_text()) for p in pages
        )
        per_sheet = Counter(m.group(1) if m else "?" for m in footers)
        assert per_sheet[WIDE[name.split("-")[0]]] == 2, (name, per_sheet)
        assert "?" not in per_sheet, (name, per_sheet)
