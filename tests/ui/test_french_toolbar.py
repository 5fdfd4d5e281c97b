"""The toolbar in French (issue 21): its buttons carry short texts so that none falls into
the » overflow menu at 1280×720, while the menus keep the full labels; English unchanged."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QToolButton
from pytestqt.qtbot import QtBot
from uihelpers import make_services, open_window, unlock

from escadesk.i18n import set_locale
from escadesk.services.demo import DEMO_PASSPHRASE, seed_demo
from escadesk.ui.main_window import MainWindow

SHORT = {
    "form": ("Registration form received", "Formulaire reçu"),
    "authorization": ("Card authorization received", "Autorisation reçue"),
    "import": ("Import delegate list", "Importer les délégués"),
}


@pytest.fixture(params=["fr_CA", "en_CA"])
def desk(request, qtbot: QtBot, qapp, tmp_path: Path) -> Iterator[tuple[str, MainWindow]]:
    set_locale(request.param)
    services = make_services(tmp_path / "data")
    try:
        seed_demo(services, vault_passphrase=DEMO_PASSPHRASE)
        window = open_window(qtbot, qapp, services)
        unlock(qtbot, window)
        window.resize(1280, 720)
        QApplication.processEvents()
        yield request.param, window
    finally:
        set_locale("en_CA")
        QApplication.processEvents()
        services.close()


def _buttons(window: MainWindow) -> dict[str, QToolButton]:
    by_action = {}
    for action in window.toolbar.actions():
        button = window.toolbar.widgetForAction(action)
        if isinstance(button, QToolButton):
            by_action[id(action)] = button
    return {
        key: by_action[id(action)]
        for key, action in window.actions_by_key.items()
        if id(action) in by_action
    }


def test_french_toolbar_short_texts_fit_1280_and_menus_keep_full_labels(
    desk: tuple[str, MainWindow],
) -> None:
    locale, window = desk
    buttons = _buttons(window)
    for key, (english, french) in SHORT.items():
        shown = french if locale == "fr_CA" else english
        assert buttons[key].text() == shown, key
        assert window.action(key).iconText() == shown
        # The menu item keeps its full label (with its mnemonic and ellipsis).
        assert window.action(key).text().endswith("…")
        assert window.action(key).text().replace("&", "") != shown
    extension = window.toolbar.findChild(QToolButton, "qt_toolbar_ext_button")
    assert extension is None or not extension.isVisible(), "buttons fell into the » menu"
    for key, button in buttons.items():
        assert button.isVisible(), f"{key} is not shown on the toolbar at 1280×720"
    if locale == "fr_CA" and (folder := os.environ.get("ESCADESK_SNAPSHOTS")):
        window.grab().save(str(Path(folder) / "fr_desk2.png"))
