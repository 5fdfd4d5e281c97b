"""File > Move the vault to another computer… (issue 20): the window explains the two
command-line steps and why the device key is kept in one place."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from escadesk.ui.main_window import MainWindow


def test_the_file_menu_explains_how_the_vault_moves(qtbot: QtBot, window: MainWindow) -> None:
    action = window.action("move_vault")
    assert action.isVisible() and action.isEnabled()
    action.trigger()
    qtbot.waitUntil(lambda: isinstance(window.active_dialog, QMessageBox), timeout=10000)
    box = window.active_dialog
    assert isinstance(box, QMessageBox)
    assert box.windowTitle() == "Moving the vault to another computer"
    text = box.text()
    assert "a copy of the key anywhere else would survive the erasure" in text
    assert "Keep the file safe until it is moved in: it is the key's only copy." in text
    assert "1. On the vault desk: escadesk-cli vault move-out --to FILE" in text
    assert "2. On the new computer, with the same database: escadesk-cli vault move-in FILE" in text
    assert text.endswith(f"This computer: {window.services.vault.desk_name}.")
    box.accept()
