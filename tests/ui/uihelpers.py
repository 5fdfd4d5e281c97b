"""Helpers for the UI tests: services with a test vault, opening and unlocking windows."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QDialog, QWidget
from pytestqt.qtbot import QtBot

from escadesk.app import AppConfig, Services, build_services
from escadesk.services.clock import FixedClock
from escadesk.services.demo import DEMO_PASSPHRASE, DEMO_TODAY
from escadesk.ui.card_dialog import CardAuthorizationDialog
from escadesk.ui.file_job import FileChooserHost
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


def registration_of(window: MainWindow, organization: str) -> int:
    """The id of ``organization``'s registration in the window's workshop."""
    rows = window.services.registrations.list(window.workshop.id)
    return next(row.id for row in rows if row.organization == organization)


def trigger_for(window: MainWindow, organization: str, action: QAction) -> QDialog | None:
    """Select ``organization`` on the desk, trigger ``action`` (it must be enabled) and
    return the dialog it opened."""
    window.select_registration(registration_of(window, organization))
    assert action.isEnabled()
    action.trigger()
    return window.active_dialog


def snapshot(widget: QWidget, path: Path) -> None:
    """A PNG to look at (layout settles first, as it would on screen)."""
    QApplication.processEvents()
    widget.grab().save(str(path))


def choose_in(dialog: FileChooserHost, target: Path) -> None:
    """Type ``target`` into the dialog's open file chooser and accept it."""
    chooser = dialog.file_dialog
    assert chooser is not None
    chooser.selectFile(str(target))
    chooser.accept()
    assert dialog.file_dialog is None


class RecordingOpener:
    """Stands in for the desktop: records what would have been opened."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, Path]] = []

    def open_file(self, path: Path) -> None:
        self.calls.append(("open", path))

    def show_in_folder(self, path: Path) -> None:
        self.calls.append(("show", path))


class Gate:
    """Wraps a file writer ``write(key, target, progress=, cancelled=)`` so that it pauses at
    the first progress message ``when`` accepts (any, by default) until the test releases it.
    """

    def __init__(
        self,
        write: Callable[..., object],
        when: Callable[[str], bool] = lambda _message: True,
        timeout: float = 60.0,
    ) -> None:
        self._write = write
        self._when = when
        self._timeout = timeout
        self.reached = threading.Event()
        self.released = threading.Event()
        self.ended = threading.Event()
        self.first_message = ""

    def __call__(
        self, key: int, target: Path, progress=None, cancelled=None, **options: object
    ) -> object:
        def gated(percent: int, message: str) -> None:
            if progress is not None:
                progress(percent, message)
            if not self.reached.is_set() and self._when(message):
                self.first_message = message
                self.reached.set()
                self.released.wait(self._timeout)

        try:
            return self._write(key, target, progress=gated, cancelled=cancelled, **options)
        finally:
            self.ended.set()

    def finish(self) -> None:
        """Release the writer and wait for it to end, so no worker outlives its test."""
        self.released.set()
        self.ended.wait(self._timeout)
