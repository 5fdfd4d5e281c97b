"""The unlock page before the data is open (issue 17): shown from a plain read of the
database (services/first_look.py) while the services open behind it.

Each test runs the application's own start (``ui.application.run``) with an opening that
waits for the test's signal, so the page is caught while the data is still opening:
a passphrase typed then unlocks once the data is open; data that then fails to open
still gets the recovery page; a page that foresaw the vault wrong is replaced.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from escadesk.app import KEYCHAIN_SETTING, AppConfig, Services, build_services
from escadesk.services.clock import FixedClock
from escadesk.services.demo import DEMO_PASSPHRASE, DEMO_TODAY, seed_demo
from escadesk.storage.sqlite_files import connect as sqlite_connect
from escadesk.ui.application import run
from escadesk.ui.main_window import MainWindow
from escadesk.ui.recovery_page import RecoveryPage
from escadesk.ui.vault_pages import SetUpPage, UnlockPage, VaultPage
from escadesk.vault.kdf import fast_test_params
from escadesk.vault.keychain import FileKeychain, MemoryKeychain

POLL_MS = 20


def _window() -> MainWindow | None:
    shown = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]
    return next((w for w in shown if w.isVisible()), None)


@pytest.fixture
def safety_net(qapp: QApplication) -> Iterator[threading.Event]:
    """The opening's go-ahead; a failed check releases it and closes the window instead
    of hanging the suite."""
    release = threading.Event()

    def give_up() -> None:
        release.set()
        window = _window()
        if window is not None:
            window.close()

    timer = QTimer()
    timer.setSingleShot(True)
    timer.timeout.connect(give_up)
    timer.start(60_000)
    yield release
    timer.stop()
    release.set()


def _demo_folder(folder: Path, backed_up: bool = False) -> Path:
    """The demo as ``--demo`` leaves it (vault set up, file keychain, fixed clock)."""
    services = build_services(
        AppConfig.resolve(folder),
        clock=FixedClock(DEMO_TODAY),
        keychain=FileKeychain(folder / "keys"),
        kdf_profile=fast_test_params,
    )
    try:
        services.settings.set(KEYCHAIN_SETTING, "file")
        seed_demo(services, vault_passphrase=DEMO_PASSPHRASE)
        if backed_up:
            services.backups.back_up()
    finally:
        services.close()
    return folder


def _opening(
    release: threading.Event, then: Callable[[Services], None] = lambda _services: None
) -> Callable[[AppConfig], Services]:
    """The window's opening, held back until ``release`` is set."""

    def open_services(config: AppConfig) -> Services:
        release.wait(60)
        services = build_services(config, kdf_profile=fast_test_params, opened_by="window")
        then(services)
        return services

    return open_services


def _when(ready: Callable[[MainWindow], bool], then: Callable[[MainWindow], None]) -> None:
    """Call ``then(window)`` once ``ready(window)``, polling without blocking the loop."""

    def poll() -> None:
        window = _window()
        if window is None or not ready(window):
            QTimer.singleShot(POLL_MS, poll)
            return
        try:
            then(window)
        except BaseException:
            window.close()
            raise

    QTimer.singleShot(0, poll)


def _early(kind: type[VaultPage]) -> Callable[[MainWindow], bool]:
    def shown(window: MainWindow) -> bool:
        page = window.vault_page
        return isinstance(page, kind) and not page.opened

    return shown


def test_a_passphrase_typed_before_the_data_is_open_unlocks_once_it_is(
    tmp_path: Path, safety_net: threading.Event
) -> None:
    folder = _demo_folder(tmp_path / "demo")
    seen: dict[str, object] = {}

    def type_early(window: MainWindow) -> None:
        page = window.vault_page
        assert isinstance(page, UnlockPage)
        seen["current"] = window.pages.currentWidget() is page
        seen["hint"] = not page.demo_hint.isHidden() and DEMO_PASSPHRASE in page.demo_hint.text()
        QTest.keyClicks(page.passphrase, DEMO_PASSPHRASE)
        QTest.keyClick(page.passphrase, Qt.Key.Key_Return)
        seen["waiting"] = (page.busy, page.busy_label.text(), page.passphrase.text())
        seen["still opening"] = not page.opened
        safety_net.set()
        _when(lambda w: w.unlocked, read_desk)

    def read_desk(window: MainWindow) -> None:
        seen["rows"] = window.desk.model.rowCount()
        window.close()

    _when(_early(UnlockPage), type_early)
    assert run(AppConfig.resolve(folder), _opening(safety_net)) == 0
    assert seen == {
        "current": True,
        "hint": True,
        "waiting": (True, "Finishing opening the data…", DEMO_PASSPHRASE),
        "still opening": True,
        "rows": 7,
    }


def _damage_a_page_the_first_look_does_not_read(folder: Path) -> None:
    """The registrations' table loses its root page: the file still reads, its check
    fails."""
    database = folder / "escadesk.sqlite3"
    connection = sqlite_connect(database)
    try:
        (page_size,) = connection.execute("PRAGMA page_size").fetchone()
        (root,) = connection.execute(
            "SELECT rootpage FROM sqlite_master WHERE name = 'registration'"
        ).fetchone()
    finally:
        connection.close()
    with database.open("r+b") as handle:
        handle.seek((root - 1) * page_size)
        handle.write(b"\xff" * page_size)


def test_data_that_fails_to_open_behind_the_unlock_page_gets_the_recovery_page(
    tmp_path: Path, safety_net: threading.Event
) -> None:
    folder = _demo_folder(tmp_path / "demo", backed_up=True)
    _damage_a_page_the_first_look_does_not_read(folder)
    seen: dict[str, object] = {}

    def type_early(window: MainWindow) -> None:
        page = window.vault_page
        assert isinstance(page, UnlockPage)
        QTest.keyClicks(page.passphrase, DEMO_PASSPHRASE)
        QTest.keyClick(page.passphrase, Qt.Key.Key_Return)
        safety_net.set()
        _when(lambda w: w.front_page is not None, read_recovery)

    def read_recovery(window: MainWindow) -> None:
        page = window.front_page
        assert isinstance(page, RecoveryPage)
        seen["current"] = window.pages.currentWidget() is page
        seen["vault page"] = window.vault_page
        seen["problem"] = "damaged" in page.problem.text()
        seen["backups"] = bool(page.backups)
        window.close()

    _when(_early(UnlockPage), type_early)
    assert run(AppConfig.resolve(folder), _opening(safety_net)) == 2
    assert seen == {"current": True, "vault page": None, "problem": True, "backups": True}


def test_a_page_that_foresaw_the_vault_wrong_is_replaced(
    tmp_path: Path, safety_net: threading.Event
) -> None:
    """A new folder gets the set-up page at once; when the opening sets a vault up
    meanwhile (as ``--demo`` seeds one), the unlock page takes its place."""
    folder = tmp_path / "new"
    seen: dict[str, object] = {}

    def set_up(services: Services) -> None:
        services.vault.use_keychain(MemoryKeychain())
        services.vault.set_up(DEMO_PASSPHRASE)
        services.vault.lock()

    def opened(window: MainWindow) -> None:
        seen["title"] = window.windowTitle()
        window.close()

    def release(window: MainWindow) -> None:
        seen["early"] = window.windowTitle()
        safety_net.set()
        _when(lambda w: isinstance(w.vault_page, UnlockPage) and w.vault_page.opened, opened)

    _when(_early(SetUpPage), release)
    assert run(AppConfig.resolve(folder), _opening(safety_net, set_up)) == 0
    assert seen == {"early": "escadesk — set a passphrase", "title": "escadesk — locked"}
