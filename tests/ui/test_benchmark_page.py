"""The benchmarking page through the window: real comparisons of the demo's organizations
against the shipped synthetic reference set, drawn with QtCharts.

What the charts draw is compared with what the service computes (read separately), so a
wrong series, point or bar fails here.
"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QMessageBox
from pytestqt.qtbot import QtBot
from uihelpers import registration_of, snapshot, trigger_for

from escadesk.domain.benchmarking import PeerGroup
from escadesk.ui import workers
from escadesk.ui.benchmark_charts import BAR_GROUPS, SUBJECT_COLOUR, IndicatorChart
from escadesk.ui.benchmark_page import SYNTHETIC_NOTICE, BenchmarkDialog, BenchmarkPage
from escadesk.ui.main_window import MainWindow
from escadesk.ui.survey_dialog import SurveyDialog

WAIT = 20_000
NORTHSHORE = "Northshore Photonics Cluster"
RHINE = "Rhine Valley Health Cluster"


def _open(qtbot: QtBot, window: MainWindow, organization: str = NORTHSHORE) -> BenchmarkDialog:
    dialog = trigger_for(window, organization, window.action("benchmark"))
    assert isinstance(dialog, BenchmarkDialog)
    qtbot.waitExposed(dialog)
    _settle(qtbot, dialog.page)
    return dialog


def _settle(qtbot: QtBot, page: BenchmarkPage) -> None:
    qtbot.waitUntil(lambda: not page.is_busy, timeout=WAIT)


def _pick(qtbot: QtBot, page: BenchmarkPage, organization: str) -> None:
    index = next(
        i
        for i in range(page.organization.count())
        if page.organization.itemText(i).startswith(organization)
    )
    page.organization.setCurrentIndex(index)
    _settle(qtbot, page)


def test_the_radar_draws_the_organization_its_area_peers_and_the_excellence_group(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    dialog = _open(qtbot, window)
    page = dialog.page
    comparison = window.services.benchmarking.comparison(registration_of(window, NORTHSHORE))

    assert page.data is not None and page.data.comparison.subject.name == NORTHSHORE
    assert page.radar.series_names() == [
        "Micro, nano and optical technologies clusters",
        "The cluster excellence group",
        NORTHSHORE,  # drawn last, on top
    ]
    step = 360 / 6
    expected = [
        (index * step, profile.subject * 100)
        for index, profile in enumerate(comparison.area_profiles)
    ]
    points = page.radar.series_points(NORTHSHORE)
    flat = [number for point in points for number in point]
    closing = [360.0, expected[0][1]]  # the polygon is closed
    assert flat == pytest.approx([number for point in expected for number in point] + closing)
    peers = page.radar.series_points("The cluster excellence group")
    assert peers[2][1] == pytest.approx(
        comparison.area_profiles[2].peers[PeerGroup.EXCELLENCE] * 100
    )
    headline = comparison.headline().text
    assert page.headline.text() == headline[:1].upper() + headline[1:]
    assert page.headline.text().startswith("Top 25% of Micro, nano and optical technologies")
    assert page.synthetic.isVisible() and page.synthetic.text() == SYNTHETIC_NOTICE
    assert "1,300 organizations" in page.reference.text()
    assert page.area_table.rowCount() == 7
    assert page.area_table.item(6, 0).text() == "Overall"
    assert page.area_table.item(6, 1).text() == f"{comparison.overall_profile.subject * 100:.0f} %"
    assert "Bronze label awarded Sep 11, 2018" in page.label_status.text()
    assert not page.award_button.isVisible()
    snapshot(dialog, tmp_path / "benchmark_page.png")
    dialog.reject()


def test_the_recommendations_stand_beside_the_charts(qtbot: QtBot, window: MainWindow) -> None:
    dialog = _open(qtbot, window, "Baltic Maritime Innovation Network")
    page = dialog.page
    expected = window.services.benchmarking.recommendations(
        registration_of(window, "Baltic Maritime Innovation Network"), 6
    )
    assert expected  # a young network: there is advice to give

    assert len(page.recommendation_cards) == len(expected)
    first = page.recommendation_cards[0]
    texts = [label.text() for label in first.findChildren(type(page.headline))]
    assert texts[0] == expected[0].indicator.title
    assert expected[0].advice[0] in texts
    for card, item in zip(page.recommendation_cards, expected, strict=True):
        peers = [label.text() for label in card.findChildren(type(page.headline))][1]
        if item.peer_share is not None:  # a yes/no question: how many answer yes, no median
            assert peers.endswith(f" answering yes: {item.peer_share.text}")
            assert "median" not in peers
        else:
            assert f"({item.peer_count:,} {item.peer_label})" in peers
    # the young network's first gap is a yes/no question (the share, as the report says)
    assert expected[0].peer_share is not None
    dialog.reject()


def test_each_area_tab_shows_one_bar_chart_per_indicator(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    dialog = _open(qtbot, window)
    page = dialog.page
    comparison = window.services.benchmarking.comparison(registration_of(window, NORTHSHORE))

    page.show_area("2")

    assert page.stack.currentIndex() == 1
    in_area = [item for item in comparison.indicators if item.indicator.area == "2"]
    assert [chart.indicator.code for chart in page.bars.charts] == [
        item.indicator.code for item in in_area
    ]
    fte = next(chart for chart in page.bars.charts if chart.indicator.code == "2.2.1")
    item = comparison.indicator("2.2.1")
    assert fte.bar_heights() == pytest.approx(
        [
            item.value,
            item.peers[PeerGroup.ALL].summary.median,
            item.peers[PeerGroup.TECHNOLOGY_AREA].summary.median,
            item.peers[PeerGroup.EXCELLENCE].summary.median,
        ]
    )
    assert fte.bars[0].colour == SUBJECT_COLOUR
    snapshot(dialog, tmp_path / "benchmark_bars.png")

    page.show_area("3")  # the budget axis reads "800,000", as the values above it do
    budget = next(chart for chart in page.bars.charts if chart.indicator.code == "3.3")
    assert isinstance(budget, IndicatorChart)
    chart = budget.view.chart()
    assert chart.localizeNumbers()
    assert chart.locale().toString(800000.0, "f", 0) == "800,000"
    assert "EUR" in budget.values.text()

    page.show_area("4")  # yes/no questions: each group's share answering yes, never a median
    strategy = next(chart for chart in page.bars.charts if chart.indicator.code == "4.1.1")
    assert isinstance(strategy, IndicatorChart)
    item = comparison.indicator("4.1.1")
    shares = [item.peers[g].yes_share for g in BAR_GROUPS]
    assert strategy.bar_heights()[1:] == pytest.approx([s.share * 100 for s in shares])
    for share in shares:  # "974 of 1,249 (78 %)", as the report's tables write it
        assert share.text.replace(" ", "&nbsp;") in strategy.values.text()

    page.show_area(None)
    assert page.stack.currentIndex() == 0
    dialog.reject()


def test_picking_another_organization_compares_it(qtbot: QtBot, window: MainWindow) -> None:
    dialog = _open(qtbot, window)
    page = dialog.page

    _pick(qtbot, page, RHINE)

    assert page.data is not None and page.data.comparison.subject.name == RHINE
    assert page.radar.series_names() == [
        "Health and medical science clusters",
        "The cluster excellence group",
        RHINE,
    ]
    dialog.reject()


def test_the_bronze_label_is_awarded_from_the_page(qtbot: QtBot, window: MainWindow) -> None:
    dialog = _open(qtbot, window, RHINE)  # interviewed, eligible, not awarded yet
    page = dialog.page
    assert page.label_status.text().startswith("Eligible for the Bronze label")
    assert page.award_button.isVisible() and page.award_button.isEnabled()

    qtbot.mouseClick(page.award_button, Qt.MouseButton.LeftButton)
    box = page.award_box
    assert isinstance(box, QMessageBox) and box.isVisible()
    box.button(QMessageBox.StandardButton.Yes).click()
    _settle(qtbot, page)

    participants = window.services.benchmarking.participants(window.workshop.id)
    label = next(p.label for p in participants if p.organization == RHINE)
    assert label is not None and label.label == "Bronze"
    assert page.label_status.text().startswith("Bronze label awarded Sep 25, 2018")
    assert not page.award_button.isVisible()
    dialog.reject()


def test_without_a_reference_set_the_page_offers_the_shipped_one(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    benchmarking = window.services.benchmarking
    for reference in benchmarking.reference_sets():
        benchmarking.delete_reference_set(reference.id)
    dialog = _open(qtbot, window)
    page = dialog.page

    assert not page.content.isVisible()
    assert page.empty.isVisible() and "no reference set" in page.empty_text.text()
    assert page.install_button.isVisible()
    assert not dialog.report_button.isEnabled()
    snapshot(dialog, tmp_path / "benchmark_empty.png")

    qtbot.mouseClick(page.install_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.data is not None, timeout=WAIT)

    assert [s.synthetic for s in benchmarking.reference_sets()] == [True]
    assert page.content.isVisible() and page.synthetic.isVisible()
    assert page.radar.series_names()[-1] == NORTHSHORE
    assert dialog.report_button.isEnabled()
    dialog.reject()


def test_the_questionnaire_opens_over_the_page_and_new_answers_count(
    qtbot: QtBot, window: MainWindow
) -> None:
    dialog = _open(qtbot, window)
    page = dialog.page
    before = page.data.comparison.indicator("2.2.1").value if page.data else None

    qtbot.mouseClick(dialog.survey_button, Qt.MouseButton.LeftButton)
    survey = dialog.child
    assert isinstance(survey, SurveyDialog) and survey.isVisible()
    editor = survey.rows["2.2.1"].editor
    assert isinstance(editor, QLineEdit)
    editor.setText("6")
    survey.reject()  # closing saves the edit and compares again
    _settle(qtbot, page)

    assert before == 4.0
    assert page.data is not None and page.data.comparison.indicator("2.2.1").value == 6.0
    dialog.reject()


def test_locking_closes_the_page(qtbot: QtBot, window: MainWindow) -> None:
    dialog = _open(qtbot, window)
    window.lock()
    assert not dialog.isVisible()
    assert not window.unlocked


def test_a_comparison_finishing_after_the_page_closed_is_dropped(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    benchmarking = window.services.benchmarking
    compare = benchmarking.comparison
    reached, released, ended = threading.Event(), threading.Event(), threading.Event()

    def slow(registration_id: int):
        reached.set()
        released.wait(WAIT / 1000)
        try:
            return compare(registration_id)
        finally:
            ended.set()

    monkeypatch.setattr(benchmarking, "comparison", slow)
    window.select_registration(registration_of(window, NORTHSHORE))
    window.action("benchmark").trigger()
    dialog = window.active_dialog
    assert isinstance(dialog, BenchmarkDialog)
    page = dialog.page
    qtbot.waitUntil(reached.is_set, timeout=WAIT)
    assert page.is_busy and page.busy.isVisible()  # the busy bar runs meanwhile

    window.lock()  # closes (and deletes) the dialog while the worker still computes
    released.set()
    assert ended.wait(WAIT / 1000)
    # The late result is delivered to the closed page: no error, nothing drawn.
    qtbot.waitUntil(lambda: not workers._running, timeout=WAIT)

    assert not window.unlocked
