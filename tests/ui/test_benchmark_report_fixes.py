"""The report fixes in the window: the comparison page shows a yes/no question's share
answering yes exactly as the report workbook does; an empty peer group has no line, bar,
column or legend entry; and the report command explains a refusal instead of writing.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from pytestqt.qtbot import QtBot
from uihelpers import RecordingOpener, choose_in, registration_of, snapshot, trigger_for

from escadesk.domain.benchmarking import PeerGroup, Unit
from escadesk.services.lookups import load_registration
from escadesk.ui.benchmark_charts import BAR_GROUPS, IndicatorChart
from escadesk.ui.benchmark_page import BenchmarkDialog
from escadesk.ui.main_window import MainWindow
from escadesk.ui.report_export_dialog import TOO_FEW_ANSWERS_HINT, BenchmarkReportDialog
from organization_languages import speak

WAIT = 60_000
NORTHSHORE = "Northshore Photonics Cluster"
RHINE = "Rhine Valley Health Cluster"


def _open(qtbot: QtBot, window: MainWindow, organization: str) -> BenchmarkDialog:
    dialog = trigger_for(window, organization, window.action("benchmark"))
    assert isinstance(dialog, BenchmarkDialog)
    qtbot.waitExposed(dialog)
    qtbot.waitUntil(lambda: not dialog.page.is_busy, timeout=WAIT)
    return dialog


def test_the_page_shows_the_same_share_answering_yes_as_the_report(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    speak(window.services, "en")  # the English window's words in an English report
    benchmarking = window.services.benchmarking
    rid = registration_of(window, NORTHSHORE)
    report = benchmarking.write_report(rid, tmp_path / "northshore.xlsx")
    book = openpyxl.load_workbook(report)
    rows = {row[0]: row for row in book["Indicators"].iter_rows(values_only=True) if row[0]}
    comparison = benchmarking.comparison(rid)
    table = comparison.shown_groups(tuple(PeerGroup))  # the report's column order

    dialog = _open(qtbot, window, NORTHSHORE)
    dialog.page.show_area("4")
    charts = {chart.indicator.code: chart for chart in dialog.page.bars.charts}
    yes_no = [i.indicator.code for i in comparison.indicators if i.indicator.unit is Unit.YES_NO]
    assert len(yes_no) == 6
    for code in yes_no:
        chart = charts[code]
        assert isinstance(chart, IndicatorChart)
        for bar, group in zip(chart.bars[1:], BAR_GROUPS, strict=True):
            in_report = rows[code][5 + 5 * table.index(group)]  # the share over Q1-Q3
            assert bar.text == in_report, (code, group)
            assert bar.text.replace(" ", "&nbsp;") in chart.values.text()
            assert "median" not in bar.name
    snapshot(dialog, tmp_path / "benchmark_yes_no.png")
    dialog.reject()


def _move_away(window: MainWindow, organization: str) -> None:
    """Give ``organization`` a technology area and a country that no cluster of the
    reference set has (as an imported set of a few countries would)."""
    services = window.services
    with services.context.database.transaction() as session:
        registration = load_registration(session, registration_of(window, organization))
        registration.organization.technology_area = "Quantum textiles"
        registration.organization.country = "Atlantis"


def test_an_empty_peer_group_has_no_line_bar_column_or_legend_entry(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    _move_away(window, NORTHSHORE)
    dialog = _open(qtbot, window, NORTHSHORE)
    page = dialog.page
    comparison = page.data.comparison if page.data else None
    assert comparison is not None
    assert comparison.groups[PeerGroup.TECHNOLOGY_AREA].size == 0
    assert comparison.groups[PeerGroup.COUNTRY].size == 0

    assert page.radar.series_names() == ["The cluster excellence group", NORTHSHORE]
    legend = page.radar_legend.text()
    assert "excellence group" in legend and "technology area" not in legend
    assert page.area_table.isColumnHidden(2) and not page.area_table.isColumnHidden(3)
    assert "clusters of the same technology area" not in page.scores.text()
    assert "clusters of the country" not in page.scores.text()

    page.show_area("1")
    for chart in page.bars.charts:
        assert [bar.short_name for bar in chart.bars] == ["You", "All", "Exc."]
        assert len(chart.bar_heights()) == 3
    keys = page.legend.text()
    assert "All: all clusters" in keys and "Area:" not in keys
    snapshot(dialog, tmp_path / "benchmark_empty_groups.png")
    dialog.reject()


def _clear_answers(window: MainWindow, organization: str, keep: int = 0) -> None:
    benchmarking = window.services.benchmarking
    rid = registration_of(window, organization)
    codes = list(benchmarking.catalogue().codes)
    benchmarking.save_answers(rid, dict.fromkeys(codes[keep:], ""))


@pytest.mark.parametrize("entry", ["menu", "page"])
def test_the_report_command_explains_instead_of_writing(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, entry: str
) -> None:
    _clear_answers(window, RHINE, keep=10)
    if entry == "menu":
        dialog = trigger_for(window, RHINE, window.action("benchmark_report"))
    else:
        page_dialog = _open(qtbot, window, RHINE)
        assert page_dialog.report_button.isEnabled()
        page_dialog.report_button.click()
        dialog = page_dialog.child
    assert isinstance(dialog, BenchmarkReportDialog)
    qtbot.waitExposed(dialog)

    assert dialog.file_dialog is None  # no chooser: nothing to choose a file for
    assert dialog.error.isVisible()
    assert dialog.error.text() == (
        f"No report was written: {RHINE} has answered 10 of 36 indicators, none in 3 "
        "Financing of the cluster management, 4 Strategy and services, 5 Contacts and "
        "interaction within the cluster or 6 Achievements and recognition; a report needs "
        "at least 24 (two thirds of the questionnaire) and at least one answer in every "
        f"area. {TOO_FEW_ANSWERS_HINT}"
    )
    assert not dialog.export_button.isVisible()
    snapshot(dialog, tmp_path / f"report_refused_{entry}.png")
    dialog.reject()
    assert list(tmp_path.glob("*.xlsx")) == []


def test_the_batch_names_who_was_skipped(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    _clear_answers(window, RHINE)
    out = tmp_path / "reports"
    out.mkdir()
    window.action("benchmark_reports").trigger()
    dialog = window.active_dialog
    assert isinstance(dialog, BenchmarkReportDialog)
    dialog.opener = RecordingOpener()
    dialog.format_box.setCurrentIndex(dialog.format_box.findData("xlsx"))  # workbooks only
    dialog.choose_button.click()

    choose_in(dialog, out)
    qtbot.waitUntil(lambda: not dialog.is_running, timeout=WAIT)

    assert dialog.status_label.text() == "Done: 2 reports saved."
    assert dialog.files.count() == 2
    assert not any(RHINE in dialog.files.item(i).text() for i in range(2))
    text = dialog.error.text()
    assert text.startswith("Not written: 1 organization answered too little for a report.\n")
    assert f"{RHINE} has answered 0 of 36 indicators; a report needs at least 24" in text
    assert text.endswith(TOO_FEW_ANSWERS_HINT) and dialog.error.isVisible()
    assert len(list(out.iterdir())) == 2
    snapshot(dialog, tmp_path / "reports_skipped.png")
    dialog.reject()
