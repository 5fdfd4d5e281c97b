"""A report in its organization's language (issue 21): a French-speaking organization
gets a French report (workbook and PDF), an English-speaking one an English report,
whatever language the window speaks; the audit log stays English (a legal record).
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from report_answers import registration_id, report_demo

from escadesk.app import Services
from escadesk.i18n import current_locale, set_locale
from escadesk.services import audit
from escadesk.services.benchmark_reports import PDF, XLSX
from organization_languages import speak

NORTHSHORE = "Northshore Photonics Cluster"
RHINE = "Rhine Valley Health Cluster"


@pytest.fixture
def demo(tmp_path: Path) -> Iterator[tuple[Services, int]]:
    services, workshop_id = report_demo(tmp_path / "data")
    speak(services, "fr", NORTHSHORE)
    speak(services, "en", RHINE)
    yield services, workshop_id
    services.close()


@pytest.fixture(params=["en_CA", "fr_CA"])
def window_locale(request: pytest.FixtureRequest) -> Iterator[str]:
    """The window's language: it must not decide the report's."""
    before = current_locale()
    set_locale(request.param)
    yield request.param
    set_locale(before)


def _cover(path: Path) -> dict[str, object]:
    sheet = load_workbook(path).worksheets[0]
    return {row[0]: row[1] for row in sheet.iter_rows(values_only=True) if row and row[0]}


def test_french_organization_gets_a_french_report_english_one_an_english_report(
    demo: tuple[Services, int], tmp_path: Path, window_locale: str
) -> None:
    services, workshop_id = demo
    northshore = registration_id(services, workshop_id, NORTHSHORE)
    rhine = registration_id(services, workshop_id, RHINE)

    french = services.benchmarking.write_report(
        northshore, tmp_path / "northshore.xlsx", formats=(XLSX, PDF)
    )
    english = services.benchmarking.write_report(rhine, tmp_path / "rhine.xlsx")

    book = load_workbook(french)
    assert book.sheetnames[:3] == ["Page de garde", "Sommaire", "Recommandations"]
    assert "Indicateurs" in book.sheetnames
    cover = _cover(french)
    assert cover["Organisation"] == NORTHSHORE
    assert cover["Date de l'atelier"] == "4 oct. 2018"
    notice = str(cover["Confidentialité"])
    assert notice.startswith(f"Confidentiel\u00a0: préparé uniquement pour {NORTHSHORE}")
    advice = [
        str(row[-1])
        for row in book["Recommandations"].iter_rows(values_only=True)
        if row and isinstance(row[0], int)
    ]
    french_advice = {
        text
        for indicator in services.benchmarking.catalogue().localized("fr_CA").indicators
        for text in indicator.recommendations
    }
    assert advice and all(line.removeprefix("• ") in french_advice for line in advice)

    pdf = french.with_suffix(".pdf")
    text = " ".join(
        page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf.read_bytes())).pages
    )
    assert f"Sommaire — {NORTHSHORE}" in text and "Summary" not in text

    book = load_workbook(english)
    assert book.sheetnames[:3] == ["Cover", "Summary", "Recommendations"]
    cover = _cover(english)
    assert cover["Organization"] == RHINE
    assert str(cover["Confidentiality"]).startswith(f"Confidential: prepared for {RHINE}")

    with services.context.database.reading() as session:
        summaries = [e.summary for e in audit.recent(session, None, limit=100)]
    assert f"{NORTHSHORE}: benchmarking report written as 'northshore.xlsx'" in summaries
