"""The desk and the unlock page in French (issue 21), and the column choice kept across a
change of language: it is stored by column key, not by (translated) title."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from pytestqt.qtbot import QtBot
from uihelpers import make_services, open_window, unlock

from escadesk.app import Services
from escadesk.i18n import set_locale
from escadesk.services.demo import DEMO_PASSPHRASE, seed_demo
from escadesk.ui.column_chooser import HIDDEN_COLUMNS_SETTING, LEGACY_HIDDEN_TITLES_SETTING
from escadesk.ui.desk import DeskView
from escadesk.ui.main_window import MainWindow
from escadesk.ui.registrations_model import COLUMNS


@pytest.fixture
def french_locale() -> Iterator[None]:
    set_locale("fr_CA")
    yield
    set_locale("en_CA")


@pytest.fixture
def demo(tmp_path: Path) -> Iterator[Services]:
    services = make_services(tmp_path / "data")
    seed_demo(services, vault_passphrase=DEMO_PASSPHRASE)
    yield services
    services.close()


def _headers(desk: DeskView) -> list[str]:
    model = desk.table.model()
    return [
        model.headerData(n, Qt.Orientation.Horizontal)
        for n in range(len(COLUMNS))
        if not desk.table.isColumnHidden(n)
    ]


def _cell(desk: DeskView, row: int, key: str) -> str:
    column = next(n for n, column in enumerate(COLUMNS) if column.key == key)
    return str(desk.proxy.index(row, column).data())


def test_french_unlock_page_and_desk(
    qtbot: QtBot, qapp, french_locale: None, demo: Services
) -> None:
    window: MainWindow = open_window(qtbot, qapp, demo)
    page = window.vault_page
    assert page is not None
    assert page.title.text() == "escadesk est verrouillé"
    assert window.windowTitle() == "escadesk — verrouillé"
    assert page.unlock_button.text() == "&Déverrouiller"
    if os.environ.get("ESCADESK_GRAB"):
        window.resize(1280, 720)
        qapp.processEvents()
        window.grab().save("/tmp/fr_unlock.png")
    unlock(qtbot, window)
    desk = window.desk
    assert window.windowTitle() == "escadesk — inscriptions aux ateliers"
    assert _headers(desk) == [
        "Organisation",
        "Statut",
        "Formulaire",
        "Autor. carte",
        "Carte",
        "Débit",
        "En retard",
    ]
    statuses = {desk.proxy.index(row, 1).data() for row in range(desk.proxy.rowCount())}
    assert any("Complète" in status for status in statuses), statuses
    assert not any("Complete" in status for status in statuses), statuses
    assert desk.hide_inactive.text() == "&Masquer les retirées"
    assert desk.count_label.text().endswith("inscriptions")
    assert "délégués de la conférence" in window.location.text()
    desk.table.selectRow(0)
    assert "Statut\u00a0:" in desk.detail_checklist.text()
    desk.columns.set_shown("country", True)
    desk.columns.set_shown("technology_area", True)
    countries = {_cell(desk, row, "country") for row in range(desk.proxy.rowCount())}
    areas = {_cell(desk, row, "technology_area") for row in range(desk.proxy.rowCount())}
    assert {"Estonie", "Canada"} <= countries and "Estonia" not in countries, countries
    assert "Technologies maritimes, ressources en eau" in areas, areas  # stored in English
    baltic = next(
        row for row in range(desk.proxy.rowCount()) if _cell(desk, row, "country") == "Estonie"
    )
    desk.table.selectRow(baltic)
    assert "Estonie · Technologies maritimes" in desk.detail_contact.text()
    window.resize(1280, 720)
    qapp.processEvents()
    for label in (desk.detail_name, desk.detail_contact, desk.detail_checklist):
        # Every wrapped line shown (the panel scrolls instead of squeezing a label).
        assert label.height() >= label.heightForWidth(label.width()), label.text()
    assert "\u00a0h\u00a0" in desk.detail_checklist.text()  # "10 h 00" never broken
    if os.environ.get("ESCADESK_GRAB"):
        window.resize(1280, 720)
        qapp.processEvents()
        window.grab().save("/tmp/fr_desk.png")


def test_french_column_choice_survives_the_language_and_reads_old_titles(
    qtbot: QtBot, tmp_path: Path
) -> None:
    """Chosen in English, the same columns are hidden in French (stored by key); a choice
    an older version stored by English title is read once and then stored by key."""
    ini = str(tmp_path / "window.ini")
    english = DeskView()
    qtbot.addWidget(english)
    english.columns.remember_in(QSettings(ini, QSettings.Format.IniFormat))
    english.columns.set_shown("country", True)
    english.columns.set_shown("late", False)
    chosen = english.columns.hidden()
    set_locale("fr_CA")
    try:
        french = DeskView()
        qtbot.addWidget(french)
        french.columns.remember_in(QSettings(ini, QSettings.Format.IniFormat))
        assert french.columns.hidden() == chosen
        assert "Pays" in _headers(french) and "En retard" not in _headers(french)
    finally:
        set_locale("en_CA")

    old = tmp_path / "old.ini"
    settings = QSettings(str(old), QSettings.Format.IniFormat)
    settings.setValue(LEGACY_HIDDEN_TITLES_SETTING, json.dumps(["Late", "Contact", "E-mail"]))
    settings.sync()
    desk = DeskView()
    qtbot.addWidget(desk)
    reread = QSettings(str(old), QSettings.Format.IniFormat)
    desk.columns.remember_in(reread)
    assert desk.columns.hidden() == ["late", "contact", "email"]
    reread.sync()
    again = QSettings(str(old), QSettings.Format.IniFormat)
    assert json.loads(str(again.value(HIDDEN_COLUMNS_SETTING))) == ["late", "contact", "email"]
    assert again.value(LEGACY_HIDDEN_TITLES_SETTING) is None
