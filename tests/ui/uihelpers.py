"""Helpers for the UI tests: services with a test vault, opening and unlocking windows."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from escadesk.app import AppConfig, Services, build_services
from escadesk.services.clock import FixedClock
from escadesk.services.demo import DEMO_PASSPHRASE, DEMO_TODAY
from escadesk.ui.card_dialog import CardAuthorizationDialog
from escadesk.ui.main_window import MainWindow
from escadesk.ui.style import apply_style
from escadesk.ui.vault_pages import UnlockPage
from escadesk.vault.kdf import fast_test_params
from escadesk.vault.keychain import MemoryKeychain


def make_services(folder: Path) -> Services:
    return build_services(
        AppConfig.resolve(folder),
        clock=FixedClock(DEMO_TODAY),
        keychain=MemoryKeychain(),
        kdf_profile=fast_test_params,
    )


def unlock(qtbot: QtBot, window: MainWindow, passphrase: str = DEMO_PASSPHRASE) -> None:
    """Type the passphrase on the unlock page, press Unlock, wait for the desk."""
    page = window.vault_page
    assert isinstance(page, UnlockPage)
    assert window.pages.currentWidget() is page
    qtbot.waitUntil(page.passphrase.isEnabled)
    qtbot.keyClicks(page.passphrase, passphrase)
    qtbot.mouseClick(page.unlock_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.unlocked, timeout=10000)


def open_window(qtbot: QtBot, qapp, services: Services, **options: float) -> MainWindow:
    apply_style(qapp)
    window = MainWindow(services, **options)
    qtbot.addWidget(window)
    window.resize(1400, 860)
    window.show()
    qtbot.waitExposed(window)
    return window


def fill_card_dialog(
    qtbot: QtBot,
    dialog: CardAuthorizationDialog,
    number: str = "4111 1111 1111 1111",
    expiry: str = "12/27",
    code: str = "123",
    cardholder: str = "Sofia Munoz",  # QTest types ASCII only
    address: str = "Av. Providencia 1208, Santiago, Chile",
) -> None:
    qtbot.keyClicks(dialog.cardholder, cardholder)
    qtbot.keyClicks(dialog.card_number, number)
    qtbot.keyClicks(dialog.expiry, expiry)
    qtbot.keyClicks(dialog.code, code)
    qtbot.keyClicks(dialog.billing_address, address)
