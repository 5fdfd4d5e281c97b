"""File > Back up now, Restore a backup…, Check the database (issue 15, item 3), driven
through the real window: the backup file appears, the check answers, and a restore lets
go of the data, puts the backup in place (the current file kept aside) and opens the
data again behind the unlock page."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from uihelpers import open_window, unlock

from escadesk.app import AppConfig, Services, build_services
from escadesk.domain.registration import RegistrationStatus
from escadesk.services.clock import FixedClock
from escadesk.services.demo import DEMO_PASSPHRASE, DEMO_TODAY, seed_demo
from escadesk.ui import data_care
from escadesk.ui.main_window import MainWindow
from escadesk.ui.recovery_flow import restore_while_open
from escadesk.vault.kdf import fast_test_params
from escadesk.vault.keychain import MemoryKeychain


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def keychain() -> MemoryKeychain:
    return MemoryKeychain()


def _open(folder: Path, keychain: MemoryKeychain) -> Services:
    return build_services(
        AppConfig.resolve(folder),
        clock=FixedClock(DEMO_TODAY),
        keychain=keychain,
        kdf_profile=fast_test_params,
    )


@pytest.fixture
def window(qtbot: QtBot, qapp, folder: Path, keychain: MemoryKeychain) -> MainWindow:
    services = _open(folder, keychain)
    seed_demo(services, vault_passphrase=DEMO_PASSPHRASE)
    window = open_window(qtbot, qapp, services)
    unlock(qtbot, window)
    yield window
    if window._services is not None:
        window._services.close()


def _message(qtbot: QtBot, window: MainWindow) -> str:
    from PySide6.QtWidgets import QMessageBox

    qtbot.waitUntil(lambda: isinstance(window.active_dialog, QMessageBox), timeout=10000)
    box = window.active_dialog
    assert isinstance(box, QMessageBox)
    text = f"{box.windowTitle()}: {box.text()}"
    box.done(0)
    return text


def test_back_up_now_writes_a_backup(qtbot: QtBot, window: MainWindow, folder: Path) -> None:
    before = set((folder / "backups").glob("*.sqlite3"))
    window.action("backup").trigger()
    qtbot.waitUntil(lambda: "Backed up to" in window.statusBar().currentMessage(), timeout=10000)
    (new,) = set((folder / "backups").glob("*.sqlite3")) - before
    assert new.name.endswith("-manual.sqlite3")
    assert str(new) in window.statusBar().currentMessage()


def test_check_the_database_says_intact(qtbot: QtBot, window: MainWindow) -> None:
    window.action("check").trigger()
    assert _message(qtbot, window).startswith("Database intact: SQLite's integrity check")


def test_restore_lets_go_restores_and_opens_again(
    qtbot: QtBot, qapp, window: MainWindow, folder: Path, keychain: MemoryKeychain, tmp_path: Path
) -> None:
    backup_path = window.services.backups.back_up("manual")
    rhine = next(
        r.id
        for r in window.services.registrations.list(window.workshop.id)  # type: ignore[union-attr]
        if r.organization == "Rhine Valley Health Cluster"
    )
    window.services.registrations.withdraw(rhine, "Changed plans")
    dialog = data_care.RestoreDialog(window)
    assert dialog.table.rowCount() >= 2 and dialog.restore_button.isEnabled()
    dialog.grab().save(str(tmp_path / "restore-dialog.png"))
    chosen = next(b for b in dialog.backups if b.path == backup_path)
    reopened: list[Services] = []

    def reopen(config: AppConfig) -> None:
        services = _open(config.data_dir, keychain)
        reopened.append(services)
        window.attach(services)

    restore_while_open(window, AppConfig.resolve(folder), chosen, reopen)
    qtbot.waitUntil(lambda: bool(reopened), timeout=20000)

    assert list((folder / "backups" / "set-aside").glob("*.sqlite3"))
    assert any(p.name.endswith("-before-restore.sqlite3") for p in (folder / "backups").iterdir())
    unlock(qtbot, window)
    rows = {
        r.organization: r.status for r in window.services.registrations.list(window.workshop.id)
    }  # type: ignore[union-attr]
    assert rows["Rhine Valley Health Cluster"] is not RegistrationStatus.WITHDRAWN
    # The withdrawal's erasure stays: Rhine's card is not back, its certificate is.
    assert rhine not in window.services.vault.masked(window.workshop.id)  # type: ignore[union-attr]
    assert any(e.registration_id == rhine for e in window.services.vault.erasures())
