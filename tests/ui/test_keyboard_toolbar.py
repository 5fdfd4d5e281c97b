"""Every toolbar command can be reached from the keyboard (issue 16, item 4): it has a
shortcut, or it is also in a menu where it has a letter of its own. The shortcuts are
pressed for real, and a menu command is reached with Alt+the menu's letter, then its own.
"""

from __future__ import annotations

from accessibility_audit import mnemonic
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtTest import QSignalSpy, QTest
from PySide6.QtWidgets import QApplication, QMenu, QToolBar, QWidgetAction
from pytestqt.qtbot import QtBot
from uihelpers import registration_of

from escadesk.ui.main_window import MainWindow

CATALONIA = "Catalonia Smart Mobility Hub"  # neither form nor card yet: every step is open


def _toolbar_commands(window: MainWindow) -> list[QAction]:
    return [
        action
        for toolbar in window.findChildren(QToolBar)
        for action in toolbar.actions()
        if not action.isSeparator() and not isinstance(action, QWidgetAction)
    ]


def _menu_of(window: MainWindow, action: QAction) -> QAction | None:
    """The menu-bar entry whose menu holds ``action``, if one does."""
    for entry in window.menuBar().actions():
        menu = entry.menu()
        if isinstance(menu, QMenu) and action in menu.actions():
            return entry
    return None


def _close_what_opened(qtbot: QtBot, window: MainWindow) -> None:
    dialog = window.active_dialog
    if dialog is not None:
        dialog.reject()
        qtbot.waitUntil(lambda: window.active_dialog is None)


def test_keyboard_reaches_every_toolbar_command(qtbot: QtBot, window: MainWindow) -> None:
    commands = _toolbar_commands(window)
    assert len(commands) >= 4
    unreachable = []
    for action in commands:
        entry = _menu_of(window, action)
        lettered = entry is not None and mnemonic(entry.text()) and mnemonic(action.text())
        if not action.shortcuts() and not lettered:
            unreachable.append(action.text())
    assert unreachable == [], "toolbar commands without a shortcut or a menu letter"


def test_keyboard_shortcuts_of_the_toolbar_commands_work(qtbot: QtBot, window: MainWindow) -> None:
    window.select_registration(registration_of(window, CATALONIA))
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    pressed = 0
    for action in _toolbar_commands(window):
        if not action.shortcuts() or not action.isEnabled():
            continue
        spy = QSignalSpy(action.triggered)
        key = action.shortcuts()[0][0]
        window.desk.table.setFocus()
        QTest.keyClick(window.desk.table, key.key(), key.keyboardModifiers())
        assert spy.count() == 1, action.text()
        pressed += 1
        _close_what_opened(qtbot, window)
    assert pressed >= 3


def test_keyboard_reaches_a_toolbar_command_through_its_menu(
    qtbot: QtBot, window: MainWindow
) -> None:
    """The toolbar's Export roster has no shortcut: Alt+F, then R, as a keyboard user."""
    action = window.action("export_roster")
    assert action in _toolbar_commands(window) and not action.shortcuts()
    entry = _menu_of(window, action)
    assert entry is not None and mnemonic(entry.text()) == "f"
    assert mnemonic(action.text()) == "r"
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    spy = QSignalSpy(action.triggered)
    window.desk.table.setFocus()
    QTest.keyClick(window.desk.table, Qt.Key.Key_F, Qt.KeyboardModifier.AltModifier)
    menu = entry.menu()
    qtbot.waitUntil(menu.isVisible)
    QTest.keyClick(menu, Qt.Key.Key_R)
    qtbot.waitUntil(lambda: spy.count() == 1)
    dialog = window.active_dialog
    if dialog is not None and getattr(dialog, "file_dialog", None) is not None:
        dialog.file_dialog.reject()
    _close_what_opened(qtbot, window)
