"""The recovery page (issue 15, item 2): data that cannot be opened is explained, its
backups are listed with what they hold, and a restore (confirmed; the damaged file set
aside) opens the data again; another folder and Quit are offered too."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from uihelpers import make_services

from escadesk.app import AppConfig, Services
from escadesk.services.demo import DEMO_PASSPHRASE, seed_demo
from escadesk.ui.main_window import MainWindow
from escadesk.ui.recovery_flow import show_recovery
from escadesk.ui.recovery_page import RecoveryPage
from escadesk.ui.style import apply_style

pytestmark = pytest.mark.usefixtures("qapp")


@pytest.fixture
def damaged_folder(tmp_path: Path) -> Path:
    """The demo with two backups; then its database file loses its first page."""
    folder = tmp_path / "data"
    services = make_services(folder)
    seed_demo(services, vault_passphrase=DEMO_PASSPHRASE)
    services.backups.back_up()
    services.close()
    database = folder / "escadesk.sqlite3"
    with database.open("r+b") as handle:
        handle.write(bytes(4096))
    return folder


def _opening_error(folder: Path) -> Exception:
    try:
        make_services(folder).close()
    except Exception as error:  # what the window's opening job would report
        return error
    raise AssertionError("the damaged data opened")


def _window(qtbot: QtBot, qapp, folder: Path) -> MainWindow:
    apply_style(qapp)
    window = MainWindow(data_dir=folder)
    qtbot.addWidget(window)
    window.resize(1280, 720)
    window.show()
    qtbot.waitExposed(window)
    return window


def _show(
    qtbot: QtBot, qapp, folder: Path, reopened: list[AppConfig]
) -> tuple[MainWindow, RecoveryPage]:
    window = _window(qtbot, qapp, folder)
    page = show_recovery(window, AppConfig.resolve(folder), _opening_error(folder), reopened.append)
    assert page is not None
    return window, page


def test_the_page_explains_and_lists_the_backups(
    qtbot: QtBot, qapp, damaged_folder: Path, tmp_path: Path
) -> None:
    window, page = _show(qtbot, qapp, damaged_folder, [])

    assert window.pages.currentWidget() is page
    assert "its first bytes are all zeros" in page.problem.text()
    assert page.table.rowCount() == len(list((damaged_folder / "backups").glob("*.sqlite3")))
    assert page.table.rowCount() >= 2
    reasons = {page.table.item(row, 1).text() for row in range(page.table.rowCount())}
    assert "backed up by hand" in reasons
    assert page.table.item(0, 3).text() == "1"  # workshops in the newest backup
    assert page.restore_button.isEnabled() and page.restore_button.isVisible()
    for widget in (page.table, page.restore_button, page.other_button, page.quit_button):
        assert widget.accessibleName() or widget.text()  # type: ignore[attr-defined]
    window.grab().save(str(tmp_path / "recovery-page.png"))


def test_restore_sets_the_damaged_file_aside_and_opens_again(
    qtbot: QtBot, qapp, damaged_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QMessageBox

    asked: list[str] = []

    def restore(box: QMessageBox) -> int:
        asked.append(box.text())
        button = box.button(QMessageBox.StandardButton.Yes)
        assert button.text() == "&Restore" and box.defaultButton() is not button
        button.click()
        return QMessageBox.StandardButton.Yes.value

    monkeypatch.setattr(QMessageBox, "exec", restore)
    damaged = (damaged_folder / "escadesk.sqlite3").read_bytes()
    reopened: list[AppConfig] = []
    _, page = _show(qtbot, qapp, damaged_folder, reopened)

    page.restore_button.click()
    qtbot.waitUntil(lambda: bool(reopened), timeout=10000)

    assert "nothing is deleted" in asked[0]
    (aside,) = (damaged_folder / "backups" / "set-aside").glob("*.sqlite3")
    assert aside.read_bytes() == damaged
    services: Services = make_services(damaged_folder)
    try:
        assert [w.code for w in services.workshops.list()] == ["TCI2018-BENCH"]
    finally:
        services.close()


def test_cancelling_the_confirmation_changes_nothing(
    qtbot: QtBot, qapp, damaged_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QMessageBox

    def cancel(box: QMessageBox) -> int:
        box.button(QMessageBox.StandardButton.Cancel).click()
        return QMessageBox.StandardButton.Cancel.value

    monkeypatch.setattr(QMessageBox, "exec", cancel)
    before = (damaged_folder / "escadesk.sqlite3").read_bytes()
    reopened: list[AppConfig] = []
    _, page = _show(qtbot, qapp, damaged_folder, reopened)

    page.restore_button.click()

    assert reopened == [] and (damaged_folder / "escadesk.sqlite3").read_bytes() == before
    assert not (damaged_folder / "backups" / "set-aside").exists()


def test_another_folder_is_opened_instead(
    qtbot: QtBot, qapp, damaged_folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QFileDialog

    other = tmp_path / "other"
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *_a: str(other))
    reopened: list[AppConfig] = []
    _, page = _show(qtbot, qapp, damaged_folder, reopened)

    page.other_button.click()

    assert [config.data_dir for config in reopened] == [other]


def test_a_newer_database_offers_no_restore(qtbot: QtBot, qapp, damaged_folder: Path) -> None:
    from escadesk.storage.migrate import DatabaseTooNewError

    window = _window(qtbot, qapp, damaged_folder)
    page = show_recovery(
        window,
        AppConfig.resolve(damaged_folder),
        DatabaseTooNewError("Written by a newer escadesk."),
        lambda _c: None,
    )
    assert page is not None and not page.restore_button.isVisible()
    assert (
        show_recovery(window, AppConfig.resolve(damaged_folder), RuntimeError("x"), print) is None
    )


def test_no_backup_at_all_says_so(qtbot: QtBot, qapp, tmp_path: Path) -> None:
    folder = tmp_path / "bare"
    folder.mkdir()
    (folder / "escadesk.sqlite3").write_bytes(b"not a database at all" * 10)
    window = _window(qtbot, qapp, folder)
    page = show_recovery(window, AppConfig.resolve(folder), _opening_error(folder), print)
    assert page is not None
    assert page.backups_label.text().startswith("There is no backup in")
    assert not page.restore_button.isVisible()
