"""The benchmarking page in French (issue 21): under ``set_locale("fr_CA")`` its headline,
area tabs, charts' legends, group names, indicator titles and recommendations (the
catalogue's ``recommendations_fr``) are French, as the organization's French report says
them; the English page is unchanged (test_benchmark_page.py)."""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot
from uihelpers import snapshot

from escadesk.ui.benchmark_page import BenchmarkDialog
from escadesk.ui.main_window import MainWindow

WAIT = 60_000


def test_french_benchmark_page_shows_the_catalogue_and_groups_in_french(
    qtbot: QtBot, window: MainWindow, french: None, tmp_path: Path
) -> None:
    dialog = BenchmarkDialog(window.services, window.workshop.id, parent=window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    page = dialog.page
    qtbot.waitUntil(lambda: not page.is_busy, timeout=WAIT)
    if page.install_button.isVisible():  # no reference set yet: install the shipped one
        page.install_shipped_set()
        qtbot.waitUntil(lambda: page.data is not None and not page.is_busy, timeout=WAIT)
    data = page.data
    assert data is not None
    dialog.resize(1260, 680)  # a 1280×720 screen: the longer French advice scrolls
    qtbot.wait(1)
    for card in page.recommendation_cards:  # never squeezed below its wrapped lines
        assert card.height() >= card.heightForWidth(card.width()), card

    assert page.headline.text().startswith("Dans les 25\u00a0% supérieurs (")
    tabs = [page.views.tabText(i) for i in range(page.views.count())]
    assert tabs[:4] == ["Par domaine", "Structure", "Gestion", "Financement"]
    assert "Score global" in page.scores.text() and "grappes" in page.scores.text()
    assert "Groupe d'excellence des grappes" in html.unescape(page.radar_legend.text())

    french = window.services.benchmarking.catalogue().localized("fr_CA")
    advice = {text for i in french.indicators for text in i.recommendations}
    titles = {i.title for i in french.indicators}
    cards = page.recommendation_cards
    assert cards
    for card in cards:
        lines = [label.text() for label in card.findChildren(QLabel)]
        assert lines[0] in titles  # "4.1.5 Révision de la stratégie"
        assert any(line in advice for line in lines[2:]), lines
        assert "answering yes" not in lines[1] and "median" not in lines[1]

    page.show_area("4")
    legend = html.unescape(page.legend.text())
    assert "groupe d'excellence des grappes" in legend and "all clusters" not in legend
    charts = page.bars.charts
    assert charts and all(chart.indicator.title in titles for chart in charts)
    shares = [bar.text for chart in charts for bar in chart.bars[1:] if "(" in bar.text]
    assert shares and all(" sur " in text for text in shares), shares
    snapshot(dialog, tmp_path / "french_benchmark.png")
    dialog.done(0)
