"""The benchmarking report's workbook in French (issue 21): sheet names, headers, page
headers and footers, yes/no answers and peer shares in French, read back with openpyxl;
the English workbook keeps its English names (test_benchmark_report.py checks the rest).
"""

from __future__ import annotations

import re

import pytest
from openpyxl import load_workbook
from openpyxl.workbook.workbook import Workbook

from escadesk.benchmark_resources import load_catalogue
from escadesk.domain.benchmarking import Catalogue
from escadesk.exports.benchmark_report import sheet_names, write_benchmark_report
from escadesk.exports.report_context import ReportContext
from escadesk.i18n.translator import translator
from french_report_context import ORGANIZATION, french_context

FRENCH_SHEETS = [
    "Page de garde",
    "Sommaire",
    "Recommandations",
    "1 Structure",
    "2 Gestion",
    "3 Financement",
    "4 Services",
    "5 Interactions",
    "6 Reconnaissance",
    "Indicateurs",
    "Données des graphiques",
]
SHARE = re.compile(r"^\d[\d\u00a0]* sur \d[\d\u00a0]* \((<1|>99|\d{1,3})\u00a0%\)$")


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_catalogue()


@pytest.fixture(scope="module")
def context(catalogue: Catalogue) -> ReportContext:
    return french_context(catalogue)


@pytest.fixture(scope="module")
def book(context: ReportContext, tmp_path_factory: pytest.TempPathFactory) -> Workbook:
    path = write_benchmark_report(context, tmp_path_factory.mktemp("fr") / "rapport.xlsx")
    return load_workbook(path)


def _row(book: Workbook, sheet: str, first: str) -> list[object]:
    """The values of the first row of ``sheet`` whose first cell is ``first``."""
    for row in book[sheet].iter_rows(values_only=True):
        if row and row[0] == first:
            return list(row)
    raise AssertionError(f"no row {first!r} in {sheet}")


def test_french_report_workbook_sheet_names(book: Workbook, catalogue: Catalogue) -> None:
    assert book.sheetnames == FRENCH_SHEETS
    assert all(len(name) <= 31 for name in book.sheetnames)  # what Excel allows
    french = catalogue.localized("fr_CA")  # the areas' names: the catalogue's French
    assert list(sheet_names(french, translator("fr_CA")).values()) == FRENCH_SHEETS
    english = list(sheet_names(catalogue).values())
    assert english[:3] == ["Cover", "Summary", "Recommendations"]
    assert english[-2:] == ["Indicators", "Chart data"]


def test_french_report_workbook_headers(book: Workbook) -> None:
    assert _row(book, "Recommandations", "#") == [
        "#",
        "Indicateur",
        "Votre valeur",
        "Pair type",
        "Unité",
        "Comparé à",
        "Écart",
        "Votre position (0–100)",
        "Que faire",
    ]
    assert _row(book, "Indicateurs", "Code")[:9] == [
        "Code",
        "Indicateur",
        "Unité",
        "Votre valeur",
        "n",
        "Q1",
        "Médiane",
        "Q3",
        "Position",
    ]
    assert _row(book, "Sommaire", "Domaine")[:3] == [
        "Domaine",
        ORGANIZATION,
        "Toutes les grappes (moyenne)",
    ]
    assert _row(book, "Sommaire", "Global")[0] == "Global"
    assert _row(book, "Page de garde", "Organisation") == ["Organisation", ORGANIZATION]
    assert _row(book, "Page de garde", "Date de l'atelier")[1] == "4 oct. 2018"
    sheet = book["Sommaire"]
    assert sheet.oddHeader.right.text == "Rapport d'analyse comparative"
    assert sheet.oddFooter.center.text == "Page &P de &N"


def test_french_report_workbook_shares_and_yes_no(book: Workbook, context: ReportContext) -> None:
    yes_no = [
        line
        for line in context.recommendations
        if line.peer_share is not None  # a yes/no question among the recommendations
    ]
    assert yes_no
    shares = {row[3] for row in book["Recommandations"].iter_rows(values_only=True) if row}
    texts = [text for text in shares if isinstance(text, str) and " sur " in text]
    assert texts and all(SHARE.match(text) for text in texts), texts
    formats = {cell.number_format for row in book["Indicateurs"].iter_rows() for cell in row}
    assert any(f.startswith('[=1]"oui";[=0]"non"') for f in formats)
    assert not any('"yes"' in f for f in formats)
    # The catalogue's French advice, not its English.
    advice = _row(book, "Recommandations", 1)[-1]
    assert isinstance(advice, str)
    assert advice.removeprefix("• ").split("\n")[0] == context.recommendations[0].advice[0]
    english = load_catalogue().indicator(context.recommendations[0].indicator.code)
    assert english.recommendations[0] not in advice
